"""Local development: `make run`. SQLite, console e-mails, eager tasks."""

from .base import *  # noqa: F403

DEBUG = env.bool("DEBUG", default=True)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
DSFR_USE_INTEGRITY_CHECKSUMS = False
DEMO_CONTENT_ALLOWED = True

import warnings  # noqa: E402

# Static files are served from the apps' folders in development; no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
warnings.filterwarnings("ignore", message="No directory at", module="whitenoise.base")

# Template and code changes show at once in development; production caches anonymous pages.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=0)
MEMBER_PAGE_CACHE_SECONDS = env.int("MEMBER_PAGE_CACHE_SECONDS", default=0)
