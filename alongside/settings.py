"""Settings, all from the environment. Safe defaults are for the demo; production sets them.

DEBUG is off unless ALONGSIDE_DEBUG (set by `alongside demo`) turns it on. The demo secret key
refuses to start with DEBUG off, so a real deployment must provide DJANGO_SECRET_KEY.
"""

from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from alongside.lib.env import env_bool, env_int, env_list, env_str
from alongside.lib.replica import REPLICA, replica_database

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("ALONGSIDE_DATA_DIR", str(BASE_DIR / "data")))

DEBUG = env_bool("ALONGSIDE_DEBUG", False)
DEMO = env_bool("ALONGSIDE_DEMO", False)

_DEMO_SECRET_KEY = "demo-only-insecure-key-never-use-in-production"  # noqa: S105
SECRET_KEY = env_str("DJANGO_SECRET_KEY", _DEMO_SECRET_KEY)
if SECRET_KEY == _DEMO_SECRET_KEY and not DEBUG:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is not set. The built-in demo key only works with ALONGSIDE_DEBUG=1."
    )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Sign in with NHSmail (ADR 0047): always installed, so the tables and migrations are the same
    # everywhere; the provider is configured only when ALONGSIDE_NHSMAIL_CLIENT_ID is set.
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "csp",
    "alongside.accounts",
    "alongside.notifications",
    "alongside.organisations",
    "alongside.vocabularies",
    "alongside.people",
    "alongside.support",
    "alongside.wellbeing",
    "alongside.wards",
    "alongside.visits",
    "alongside.safety",
    "alongside.directory",
    "alongside.workforce",
    "alongside.training",
    "alongside.recruitment",
    "alongside.network",
    "alongside.timetable",
    "alongside.partners",
    "alongside.equity",
    "alongside.transitions",
    "alongside.outcomes",
    "alongside.reports",
    "alongside.records",
    "alongside.exports",
    "alongside.imports",
    "alongside.reminders",
    "alongside.audit",
    "alongside.dashboard",
    "alongside.grid",
    "alongside.recommendations",
    "alongside.national",
    "alongside.home",
    "alongside.demo",
    "alongside.bench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "alongside.accounts.middleware.ActiveMembershipMiddleware",
    "alongside.accounts.middleware.AggregateOnlyMiddleware",
    "alongside.accounts.middleware.RequireMFAMiddleware",
]

ROOT_URLCONF = "alongside.urls"
WSGI_APPLICATION = "alongside.wsgi.application"

TEMPLATES = [
    {
        # Jinja2 first: our own pages, and the allauth pages we restyle with NHS.UK components.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "alongside" / "jinja2"],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "alongside.jinja2.environment",
            "context_processors": ["alongside.accounts.context_processors.accounts"],
        },
    },
    {
        # Django templates only where Django itself needs them (admin, allauth's other pages).
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    },
]

DATA_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'alongside.sqlite3'}"), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while one writer writes; IMMEDIATE avoids lock upgrades.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        # How long a writer waits for another's lock before "database is locked" (sqlite3's default
        # is 5 s): under load a short transaction stretches while it waits for the CPU (make load).
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

# --- Read replica (ADR 0029) ---------------------------------------------------------------
# DATABASE_REPLICA_URL: a PostgreSQL hot standby of DATABASE_URL. The aggregate-only pages read
# from it inside alongside.lib.replica.reading_from_replica(); every other read, every write and
# every migration stays on "default". Unset (the default), there is one database and no router.
# (A local name, not a setting: the URL may hold a password, which the debug page would show.)
_replica_url = env_str("DATABASE_REPLICA_URL")
if _replica_url:
    DATABASES[REPLICA] = replica_database(_replica_url, primary=DATABASES["default"])
    DATABASE_ROUTERS = ["alongside.lib.replica.ReplicaRouter"]
# --- end of read replica --------------------------------------------------------------------

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_ADAPTER = "alongside.accounts.adapters.AccountAdapter"
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
# Password reset: the link goes through the email outbox (alongside/accounts/adapters.py), works
# for an hour, and is sent only to an address that has an account (no email to strangers).
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Alongside: "
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
PASSWORD_RESET_TIMEOUT = 60 * 60
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Alongside"

# --- Sign in with NHSmail (ADR 0047) ---------------------------------------------------------
# NHS staff sign in with their NHSmail account (Microsoft Entra ID, OpenID Connect). Never a sign-up:
# the adapter links an NHSmail sign-in to the existing account with the same, verified, email.
# ALONGSIDE_NHSMAIL_SERVER_URL is the tenant's issuer, https://login.microsoftonline.com/<tenant>/v2.0.
NHSMAIL_PROVIDER_ID = "nhsmail"
_nhsmail_client_id = env_str("ALONGSIDE_NHSMAIL_CLIENT_ID")
_nhsmail_server_url = env_str("ALONGSIDE_NHSMAIL_SERVER_URL").rstrip("/")
# Entra often leaves out `email_verified`: an address in one of these domains, in a token from the
# configured tenant, counts as verified (unless the token says email_verified false).
NHSMAIL_TRUSTED_DOMAINS = [d.lower() for d in env_list("ALONGSIDE_NHSMAIL_TRUSTED_DOMAINS", ["nhs.net"])]
_NHSMAIL_ORIGINS = ["/".join(_nhsmail_server_url.split("/")[:3])] if _nhsmail_client_id else []
SOCIALACCOUNT_ADAPTER = "alongside.accounts.adapters.SocialAccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # the adapter links by verified email itself
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_LOGIN_ON_GET = False  # the login page's button posts (with its CSRF token)
SOCIALACCOUNT_PROVIDERS: dict[str, dict[str, object]] = {"openid_connect": {"APPS": []}}
if _nhsmail_client_id:
    if not _nhsmail_server_url:
        raise ImproperlyConfigured(
            "ALONGSIDE_NHSMAIL_CLIENT_ID is set but ALONGSIDE_NHSMAIL_SERVER_URL is not."
        )
    SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"] = [
        {
            "provider_id": NHSMAIL_PROVIDER_ID,
            "name": "NHSmail",
            "client_id": _nhsmail_client_id,
            # (Django's debug page hides a key named "secret", however deep.)
            "secret": env_str("ALONGSIDE_NHSMAIL_CLIENT_SECRET"),
            # Everything (email, amr) is read from the ID token, which the token endpoint sends
            # straight to us over TLS; no second call to Microsoft Graph's userinfo.
            "settings": {"server_url": _nhsmail_server_url, "fetch_userinfo": False},
        }
    ]
# --- end of sign in with NHSmail ------------------------------------------------------------

# Login throttling (ADR 0023). allauth keeps its counts in the cache, so the cache is the
# database, which every worker shares (its table is made by accounts' migration 0002).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "alongside_cache",
        # Django's default of 300 entries would let a flood of made-up logins push real counts out.
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
}
# Failed logins: 10 a minute and 100 an hour from one address, and 5 in 5 minutes or 20 an hour
# for one account from one address (the adapter puts her address into allauth's "key").
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,100/h/ip,5/5m/key,20/h/key"}
# Across every address: 50 failed logins in an hour refuse the account's logins until the hour
# has passed (or she resets her password); 5 failed in 15 minutes email her, once for the burst.
LOGIN_THROTTLE = {
    "ACCOUNT_FAILURES": 50,
    "ACCOUNT_SECONDS": 60 * 60,
    "BURST_FAILURES": 5,
    "BURST_SECONDS": 15 * 60,
}

# Sessions expire after 30 minutes without a request, and when the browser closes.
SESSION_COOKIE_AGE = env_int("ALONGSIDE_SESSION_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# No form we serve posts more than a few KB of text; the API takes at most 64 KB and the
# directory import file (not counted here) at most 5 MB (ADR 0020).
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024

# HTTPS (ADR 0022). Production defaults are on; the demo (DEBUG, plain http on 127.0.0.1) turns
# them off. The load balancer's health check may come over plain http.
SECURE_SSL_REDIRECT = env_bool("ALONGSIDE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("ALONGSIDE_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 60 * 60, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("ALONGSIDE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("ALONGSIDE_HSTS_PRELOAD", True)

# Behind a reverse proxy that ends TLS: how many proxies of ours sit in front (0: none, and the
# X-Forwarded-* headers, which anyone can send, are ignored). With one or more, the proxy's
# X-Forwarded-Proto says whether the request came over HTTPS, and allauth's rate limits take the
# client's address from X-Forwarded-For, counting that many proxies from the right.
TRUSTED_PROXIES = env_int("ALONGSIDE_TRUSTED_PROXIES", 0, minimum=0)
if TRUSTED_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXIES
# Or a header of the proxy's own with the client's address (e.g. X-Real-IP), used instead.
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env_str("ALONGSIDE_CLIENT_IP_HEADER") or None
# Only for a proxy that rewrites Host: ALLOWED_HOSTS then checks X-Forwarded-Host instead.
USE_X_FORWARDED_HOST = env_bool("ALONGSIDE_USE_X_FORWARDED_HOST", False)

# Content-Security-Policy (ADR 0022): scripts only from our own static files, or inline with this
# response's nonce (the NHS.UK template's one line that marks the page as having JavaScript);
# no inline style at all. The NHS.UK font comes from assets.nhs.uk; the authenticator set-up page's
# QR code is a data: image (an image runs no script).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "https://assets.nhs.uk"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        # The NHSmail button posts to us and we redirect to Entra: form-action covers that redirect.
        "form-action": [SELF, *_NHSMAIL_ORIGINS],
        "frame-ancestors": [NONE],
    }
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "alongside" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "alongside@localhost")

# Reminder emails (ADR 0049): every link in them is this address plus the page's path (an email
# has no request to take a host from), and `alongside alerts` makes them from this hour, local time.
ALONGSIDE_SITE_URL = env_str("ALONGSIDE_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
ALONGSIDE_DIGEST_HOUR = env_int("ALONGSIDE_DIGEST_HOUR", 7, minimum=0)

# MFA is required for every role unless the demo turns it off (ALONGSIDE_MFA_REQUIRED=0).
MFA_REQUIRED = env_bool("ALONGSIDE_MFA_REQUIRED", not DEMO)

# Service-level defaults a service may change (docs/domain.md, "What a service may configure").
ALONGSIDE: dict[str, int] = {
    "NO_CONTACT_DAYS": env_int("ALONGSIDE_NO_CONTACT_DAYS", 14),
    "SUPPRESS_MAX": env_int("ALONGSIDE_SUPPRESS_MAX", 7),
    "ROUND_TO": env_int("ALONGSIDE_ROUND_TO", 5),
    "MAX_CONTACT_MINUTES": 12 * 60,
    "SIGNPOST_FOLLOW_UP_DAYS": env_int("ALONGSIDE_SIGNPOST_FOLLOW_UP_DAYS", 14),
    # Days a referral may wait for a peer worker before the reminders call it too long (ADR 0049).
    "REFERRAL_WAIT_DAYS": env_int("ALONGSIDE_REFERRAL_WAIT_DAYS", 14, minimum=1),
    # How long records are kept (alongside/records/retention.py, ADR 0025): the Trust's records
    # manager decides; these defaults are our reading of the NHS Records Management Code of Practice.
    "RETAIN_CARE_RECORD_YEARS": env_int("ALONGSIDE_RETAIN_CARE_RECORD_YEARS", 20),
    "RETAIN_SENT_EMAIL_YEARS": env_int("ALONGSIDE_RETAIN_SENT_EMAIL_YEARS", 2),
}

# The name this deployment gives itself in the national returns it makes (alongside/national/returns.py).
ALONGSIDE_DEPLOYMENT = env_str("ALONGSIDE_DEPLOYMENT", "Alongside")

# The right-hand side of every calendar event's UID (alongside/timetable/feed.py): fixed, never the
# request's host, so a feed reached by a new address does not duplicate her events (ADR 0043). A
# deployment sets its own (its lasting domain), so two deployments' events never share a UID.
CALENDAR_UID_DOMAIN = env_str("ALONGSIDE_CALENDAR_UID_DOMAIN", "alongside.calendar")

# Who is responsible for her data, and whom to ask, as the privacy notice (/privacy/) names them.
PRIVACY_NOTICE = {
    "CONTROLLER": env_str(
        "ALONGSIDE_DATA_CONTROLLER", "the NHS Trust that runs your perinatal mental health service"
    ),
    "CONTACT": env_str("ALONGSIDE_DATA_PROTECTION_CONTACT", "the Trust's Data Protection Officer"),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("ALONGSIDE_LOG_LEVEL", "WARNING")},
}
