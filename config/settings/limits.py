"""Limits and file locations of the features, from the environment (imported by base.py)."""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()

# Forum: limits of accounts younger than FORUM_NEW_ACCOUNT_HOURS (no links, no attachments,
# a few posts per hour), attachments.
FORUM_NEW_ACCOUNT_HOURS = env.int("FORUM_NEW_ACCOUNT_HOURS", default=24)
FORUM_NEW_ACCOUNT_POSTS_PER_HOUR = env.int("FORUM_NEW_ACCOUNT_POSTS_PER_HOUR", default=5)
# Every account (moderators excepted): posts per minute, flags per hour.
FORUM_POSTS_PER_MINUTE = env.int("FORUM_POSTS_PER_MINUTE", default=6)
FORUM_FLAGS_PER_HOUR = env.int("FORUM_FLAGS_PER_HOUR", default=10)
FORUM_ATTACHMENT_MAX_BYTES = env.int("FORUM_ATTACHMENT_MAX_BYTES", default=5 * 1024 * 1024)

# Library: files are stored outside MEDIA_ROOT and only served by library.views.download, which
# checks the access rules; behind nginx, set the prefix of an `internal` location pointing at
# PRIVATE_MEDIA_ROOT and the view answers with X-Accel-Redirect instead of streaming the file.
PRIVATE_MEDIA_ROOT = env("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private-media"))
PRIVATE_FILES_X_ACCEL_REDIRECT_PREFIX = env("PRIVATE_FILES_X_ACCEL_REDIRECT_PREFIX", default="")
# Uploaded files (library files and every Wagtail document of the admin, checked by their content
# in website.uploads): the largest accepted, in bytes. LIBRARY_MAX_UPLOAD_SIZE, its former name,
# is still read when UPLOAD_MAX_SIZE is not set.
UPLOAD_MAX_SIZE = env.int(
    "UPLOAD_MAX_SIZE", default=env.int("LIBRARY_MAX_UPLOAD_SIZE", default=20 * 1024 * 1024)
)
# The production proxy's own limit on a request body (nginx `client_max_body_size`, in
# docker-compose.yml): over it, nginx shows Django's French page at /erreurs/trop-volumineux/.
PROXY_MAX_BODY_SIZE = env.int("PROXY_MAX_BODY_SIZE", default=20 * 1024 * 1024)

# A sheet waiting this many days at a step of its workflow (then every as many days) is
# recalled by e-mail to the people who act on it (practices.tasks); 0: no reminder.
SHEET_REVIEW_REMINDER_DAYS = env.int("SHEET_REVIEW_REMINDER_DAYS", default=7)
