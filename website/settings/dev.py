"""Local development: `make run`. SQLite, console e-mails, eager tasks."""

from .base import *  # noqa: F403

DEBUG = env.bool("DEBUG", default=True)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
DSFR_USE_INTEGRITY_CHECKSUMS = False
DEMO_CONTENT_ALLOWED = True
