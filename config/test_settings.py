"""Settings for the test suite: the real settings with a throwaway key and fast hashing."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-any-real-deployment")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")

from config.settings import *  # noqa: E402,F403

# Uploads (the municipalities' emblems) go to a directory of this run's own, never into the checkout.
MEDIA_ROOT = __import__("tempfile").mkdtemp(prefix="medborgarloften-test-media-")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
# Serve static files from the finders, as in development: tests do not run collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
LOGGING["loggers"]["axes"] = {"level": "WARNING"}  # noqa: F405
# Issue 13, second factor: off by default, as most tests sign users in with `force_login`; the
# second factor's own tests turn it on (tests/approvals/test_second_factor.py).
SECOND_FACTOR_REQUIRED = False
# Issue 14, public page cache: the real Redis, as in production, under a key prefix of this test
# run's own, since several runs share the server at once (nothing is ever flushed); every test
# starts from a new publication stamp (tests/conftest.py).
CACHES = {
    "default": {
        "BACKEND": "config.redis_cache.RedisCache",
        "LOCATION": os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/3",
        "KEY_PREFIX": f"test-{os.getpid()}-{os.urandom(4).hex()}",
        "TIMEOUT": 600,
    }
}
PUBLIC_CACHE = True
PUBLIC_CACHE_SECONDS = 600
if "django.middleware.http.ConditionalGetMiddleware" in MIDDLEWARE:  # noqa: F405
    MIDDLEWARE.remove("django.middleware.http.ConditionalGetMiddleware")  # noqa: F405
