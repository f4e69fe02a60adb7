"""Settings for the test suite (`make test`). DATABASE_URL and CELERY_BROKER_URL may be set
by the Makefile to run the same suite on PostgreSQL and through Redis."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
MEDIA_ROOT = str(BASE_DIR / "test-artifacts" / "media")
PRIVATE_MEDIA_ROOT = str(BASE_DIR / "test-artifacts" / "private-media")
CELERY_TASK_EAGER_PROPAGATES = True
# The tests serve pages with the caches on, as production does (conftest.py empties the cache
# before and after each test); a test about an uncached path turns them off itself.
PAGE_CACHE_SECONDS = 300
FRAGMENT_CACHE_SECONDS = 300
MEMBER_PAGE_CACHE_SECONDS = 300
WHITENOISE_AUTOREFRESH = True
# Rate limits are tested explicitly; keep the suite from tripping over them elsewhere.
ACCOUNT_RATE_LIMITS = {**ACCOUNT_RATE_LIMITS, "login": "1000/m/ip", "signup": "1000/m/ip"}
DEMO_CONTENT_ALLOWED = True
# Tasks run eagerly in tests; the tests marked `redis` switch to the real broker
# (CELERY_BROKER_URL, set by `make test` when Redis answers) and start a worker.
CELERY_TASK_ALWAYS_EAGER = True

import warnings  # noqa: E402

WHITENOISE_USE_FINDERS = True
warnings.filterwarnings("ignore", message="No directory at", module="whitenoise.base")
