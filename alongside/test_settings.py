"""Settings for the test suite and type checker: production settings with a throwaway key.

Tests run with DEBUG off, as production does, so they need a key of their own.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-secret-key-not-for-any-server")
os.environ.setdefault("ALONGSIDE_MFA_REQUIRED", "0")
# The test client and the live server speak plain http (production redirects it to https).
os.environ.setdefault("ALONGSIDE_SSL_REDIRECT", "0")

from alongside.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast hashing in tests only
