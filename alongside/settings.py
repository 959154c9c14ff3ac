"""Settings, all from the environment. Safe defaults are for the demo; production sets them.

DEBUG is off unless ALONGSIDE_DEBUG (set by `alongside demo`) turns it on. The demo secret key
refuses to start with DEBUG off, so a real deployment must provide DJANGO_SECRET_KEY.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from alongside.lib.env import env_bool, env_int, env_list, env_str

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
    "alongside.accounts",
    "alongside.organisations",
    "alongside.people",
    "alongside.support",
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
    "alongside.audit",
    "alongside.dashboard",
    "alongside.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
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
        "OPTIONS": {"environment": "alongside.jinja2.environment"},
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
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

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
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Alongside"

# Sessions expire after 30 minutes without a request, and when the browser closes.
SESSION_COOKIE_AGE = env_int("ALONGSIDE_SESSION_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

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

# MFA is required for every role unless the demo turns it off (ALONGSIDE_MFA_REQUIRED=0).
MFA_REQUIRED = env_bool("ALONGSIDE_MFA_REQUIRED", not DEMO)

# Service-level defaults a service may change (REFERENCE.md, "configurable").
ALONGSIDE = {
    "NO_CONTACT_DAYS": env_int("ALONGSIDE_NO_CONTACT_DAYS", 14),
    "SUPPRESS_MAX": env_int("ALONGSIDE_SUPPRESS_MAX", 7),
    "ROUND_TO": env_int("ALONGSIDE_ROUND_TO", 5),
    "MAX_CONTACT_MINUTES": 12 * 60,
    "SIGNPOST_FOLLOW_UP_DAYS": env_int("ALONGSIDE_SIGNPOST_FOLLOW_UP_DAYS", 14),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("ALONGSIDE_LOG_LEVEL", "WARNING")},
}
