"""Limits and file locations of the features, from the environment (imported by base.py)."""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()

# Forum trust levels (forum.permissions.trust_level), as in Discourse: 0 « nouveau », 1
# « basique », 2 « membre », 3 « habitué ». Level 0 (no links, no attachments,
# FORUM_NEW_ACCOUNT_POSTS_PER_HOUR posts per hour) lasts FORUM_NEW_ACCOUNT_HOURS after joining
# and until FORUM_TRUST_BASIC_THREADS_READ threads were read; each next level needs its days
# since joining, posts written and threads read. Moderators and facilitators bypass them.
FORUM_NEW_ACCOUNT_HOURS = env.int("FORUM_NEW_ACCOUNT_HOURS", default=24)
FORUM_NEW_ACCOUNT_POSTS_PER_HOUR = env.int("FORUM_NEW_ACCOUNT_POSTS_PER_HOUR", default=5)
FORUM_TRUST_BASIC_THREADS_READ = env.int("FORUM_TRUST_BASIC_THREADS_READ", default=0)
FORUM_TRUST_MEMBER_DAYS = env.int("FORUM_TRUST_MEMBER_DAYS", default=15)
FORUM_TRUST_MEMBER_POSTS = env.int("FORUM_TRUST_MEMBER_POSTS", default=3)
FORUM_TRUST_MEMBER_THREADS_READ = env.int("FORUM_TRUST_MEMBER_THREADS_READ", default=5)
FORUM_TRUST_REGULAR_DAYS = env.int("FORUM_TRUST_REGULAR_DAYS", default=60)
FORUM_TRUST_REGULAR_POSTS = env.int("FORUM_TRUST_REGULAR_POSTS", default=20)
FORUM_TRUST_REGULAR_THREADS_READ = env.int("FORUM_TRUST_REGULAR_THREADS_READ", default=20)
# Moderators get one e-mail listing the flags received since the previous one, at most every
# FORUM_MODERATION_EMAIL_MINUTES (forum.moderation_alerts, checked every minute by beat).
FORUM_MODERATION_EMAIL_MINUTES = env.int("FORUM_MODERATION_EMAIL_MINUTES", default=15)
# Every account (moderators excepted): posts per minute, flags per hour.
FORUM_POSTS_PER_MINUTE = env.int("FORUM_POSTS_PER_MINUTE", default=6)
# (« habitué » accounts, trust level 3, may flag twice as many.)
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
