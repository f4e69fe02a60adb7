"""Settings shared by every environment. Configuration comes from environment variables."""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from .logs import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-change-me")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# A refused form answers with a French page that gives back what was typed (website/views.py).
CSRF_FAILURE_VIEW = "website.views.csrf_failure"

SITE_NAME = "Communauté zéro non-recours"
WAGTAIL_SITE_NAME = SITE_NAME
SITE_ID = 1
# Absolute base of the links put in e-mails and feeds.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL

INSTALLED_APPS = [
    # project apps first so that their templates override the libraries'
    "website",
    "accounts",
    "taxonomy",
    "mailer",
    "practices",
    "forum",
    "events",
    "library",
    "library.kit",
    "library.conventions",
    "search",
    "reports",
    # design system
    "dsfr",
    "widget_tweaks",
    # wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "accounts.apps.UsersAppConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # accounts
    "allauth",
    "allauth.account",
    # django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sites",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
]

MIDDLEWARE = [
    "website.observability.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.AdminAccessMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "website.page_cache.AnonymousPageCacheMiddleware",
    "website.member_cache.MemberPageCacheMiddleware",
    "website.middleware.CachedSiteMiddleware",
    # Inside the page cache, so that a cached page keeps the CSP header (and nonce) it was
    # rendered with.
    "csp.middleware.CSPMiddleware",
    "website.middleware.SecurityHeadersMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, so that it sees the view's exceptions first (after ATOMIC_REQUESTS rolled back).
    "website.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "website.context_processors.site",
                "forum.context_processors.notifications",
            ],
        },
    },
]

# The user menu of cached pages (website.holes) is rendered outside the context processors:
# what the apps add to it, as functions of the request returning plain values.
USER_MENU_CONTEXT = ["forum.context_processors.bell"]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A larger page cache and memory-mapped reads: a search reads thousands of rows (measured
    # at 40,000 documents: the matching rows of a two-word query in 38 ms instead of 68).
    # Concurrent requests (`make run` serves several at once, the admin's autosave posts while
    # someone saves) wait for each other instead of failing with « database is locked »: every
    # transaction takes the write lock when it begins (IMMEDIATE: a read that later writes can
    # no longer deadlock with another), waits up to 20 s for it, and the write-ahead log lets
    # readers outside a transaction go on while one request writes.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options.setdefault(
        "init_command",
        "PRAGMA cache_size = -32000; PRAGMA mmap_size = 268435456; "
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL",
    )
    options.setdefault("transaction_mode", "IMMEDIATE")
    options.setdefault("timeout", 20)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# django-allauth: e-mail is the identifier, verification is mandatory.
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_MAX_EMAIL_ADDRESSES = 2
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_FORMS = {
    "login": "accounts.forms.LoginForm",
    "signup": "accounts.forms.SignupForm",
    "reset_password": "accounts.forms.ResetPasswordForm",
    "reset_password_from_key": "accounts.forms.ResetPasswordKeyForm",
    "change_password": "accounts.forms.ChangePasswordForm",
    "set_password": "accounts.forms.SetPasswordForm",
    "add_email": "accounts.forms.AddEmailForm",
}
ACCOUNT_RATE_LIMITS = {
    # Failures count per account first (one person's typos never lock an office behind one
    # address out); the address's own limit is high, against guessing many accounts.
    "login_failed": "5/5m/key,50/5m/ip",
    "login": "30/m/ip",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
}
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français"))]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("fr", "Français")]
WAGTAIL_CONTENT_LANGUAGES = [("fr", "Français")]

STATIC_URL = "/static/"
STATIC_ROOT = env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env("MEDIA_ROOT", default=str(BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Wagtail: config/settings/wagtail.py (imported below).

# E-mail: console in development, EMAIL_URL (smtp://user:pass@host:587 / smtp+tls://…) elsewhere.
if "EMAIL_URL" in env:
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
    EMAIL_HOST = env("EMAIL_HOST", default="localhost")
    EMAIL_PORT = env.int("EMAIL_PORT", default=25)
    EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
    EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default=f"{SITE_NAME} <ne-pas-repondre@zero-non-recours.example>"
)
SERVER_EMAIL = env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
# Every e-mail, ours and those Wagtail, allauth or Django send, is written to the outbox and sent
# by Celery through the backend configured above (mailer/backends.py): retried, never lost.
MAILER_DELIVERY_BACKEND = EMAIL_BACKEND
EMAIL_BACKEND = "mailer.backends.OutboxBackend"
EMAIL_TIMEOUT = 20

# Celery: Redis broker when configured; otherwise tasks run in-process, eagerly.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=env("REDIS_URL", default=""))
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_BACKEND = None
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A page never waits long on the broker: publishing fails fast, the outbox keeps the work.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 1, "interval_start": 0, "socket_timeout": 2}
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_BEAT_SCHEDULE = {
    "sheet-review-reminders": {  # SHEET_REVIEW_REMINDER_DAYS
        "task": "practices.tasks.remind_waiting_reviews",
        "schedule": crontab(hour=8, minute=0),
    },
    "mailer-retry-pending": {
        "task": "mailer.tasks.send_pending_emails",
        "schedule": 300.0,
    },
    # Forum notifications left un-e-mailed (broker down at commit time): sent within 5 minutes.
    "forum-pending-notifications": {
        "task": "forum.tasks.send_pending_notifications",
        "schedule": 300.0,
    },
    # The daily digest of the people who chose it, at 7:00 (CELERY_TIMEZONE, Europe/Paris).
    "forum-daily-digests": {
        "task": "forum.tasks.send_daily_digests",
        "schedule": crontab(hour=7, minute=0),
    },
    # Moderators: one e-mail of the flags received, at most every FORUM_MODERATION_EMAIL_MINUTES.
    "forum-moderator-emails": {
        "task": "forum.tasks.send_moderator_emails",
        "schedule": 60.0,
    },
    # Event reminders (the day before, one hour before), each sent once.
    "events-reminders": {
        "task": "events.tasks.send_reminders",
        "schedule": 300.0,
    },
    # After an event: its forum thread and the satisfaction survey to the attendees.
    "events-after-events": {
        "task": "events.tasks.after_events",
        "schedule": crontab(minute=20),
    },
    # RGPD: accounts unused for ACCOUNTS_INACTIVE_DAYS are anonymised; the e-mail log is purged.
    "accounts-purge-inactive": {
        "task": "accounts.tasks.purge_inactive_accounts",
        "schedule": crontab(hour=3, minute=30),
    },
    "mailer-purge-log": {
        "task": "mailer.tasks.purge_email_log",
        "schedule": crontab(hour=3, minute=45),
    },
}

# RGPD retention (days; 0 disables the purge).
ACCOUNTS_INACTIVE_DAYS = env.int("ACCOUNTS_INACTIVE_DAYS", default=3 * 365)
MAILER_LOG_RETENTION_DAYS = env.int("MAILER_LOG_RETENTION_DAYS", default=180)

ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", default="")

# Site search (search/): the class used when ELASTICSEARCH_URL is set (the database backend
# answers otherwise, and whenever Elasticsearch fails); results per page of /recherche/.
SEARCH_ELASTICSEARCH_BACKEND = env(
    "SEARCH_ELASTICSEARCH_BACKEND", default="search.backends.elasticsearch.ElasticsearchBackend"
)
SEARCH_RESULTS_PER_PAGE = env.int("SEARCH_RESULTS_PER_PAGE", default=20)
# PostgreSQL: connections writing the new table of a full rebuild at once
# (search.backends.table_swap); one per core of the database server is what pays.
SEARCH_REBUILD_WORKERS = env.int("SEARCH_REBUILD_WORKERS", default=2)
# Suggestions as you type: requests per minute and per person (or address).
SEARCH_SUGGESTIONS_RATE = env("SEARCH_SUGGESTIONS_RATE", default="120/m")
# Index updates left pending (broker down at commit time) are caught up every 5 minutes.
CELERY_BEAT_SCHEDULE["search-pending-index"] = {
    "task": "search.tasks.process_pending",
    "schedule": 300.0,
}
# Saved-search alerts (search.saved): daily ones every day, weekly ones on Monday, at 7:30.
CELERY_BEAT_SCHEDULE["search-saved-alerts-daily"] = {
    "task": "search.tasks.send_saved_search_alerts",
    "schedule": crontab(hour=7, minute=30),
    "kwargs": {"frequency": "daily"},
}
CELERY_BEAT_SCHEDULE["search-saved-alerts-weekly"] = {
    "task": "search.tasks.send_saved_search_alerts",
    "schedule": crontab(hour=7, minute=30, day_of_week="mon"),
    "kwargs": {"frequency": "weekly"},
}

from .limits import *  # noqa: E402 - forum limits, library files, the proxy's body size

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "czn",
    }
}
if env("CACHE_URL", default=""):
    CACHES["default"] = env.cache("CACHE_URL")

from .headers import *  # noqa: E402 - CSP, Referrer-Policy, COOP, Permissions-Policy
from .wagtail import *  # noqa: E402 - the admin, documents and images, rich text

# Anonymous pages are cached whole (website/page_cache.py) for this many seconds; 0 disables.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)
# Fragments of logged-in pages (website/fragment_cache.py), same generation; 0 disables.
FRAGMENT_CACHE_SECONDS = env.int("FRAGMENT_CACHE_SECONDS", default=300)
# Logged-in pages cached whole per rights profile, personal parts rendered per request
# (website/member_cache.py); needs the fragment cache; 0 disables.
MEMBER_PAGE_CACHE_SECONDS = env.int("MEMBER_PAGE_CACHE_SECONDS", default=300)

# Events: the connection link shows on the event page from this many minutes before the start
# until the end; a cancelled registration can be restored for this many minutes; without
# attendance marked, the satisfaction survey goes to everyone registered this many hours after
# the end (events/rules.py).
EVENTS_JOIN_LINK_MINUTES_BEFORE = env.int("EVENTS_JOIN_LINK_MINUTES_BEFORE", default=15)
EVENTS_CANCEL_UNDO_MINUTES = env.int("EVENTS_CANCEL_UNDO_MINUTES", default=10)
EVENTS_SURVEY_DELAY_HOURS = env.int("EVENTS_SURVEY_DELAY_HOURS", default=24)

SESSION_ENGINE = "django.contrib.sessions.backends.db"
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
FORM_RENDERER = "django.forms.renderers.DjangoTemplates"

DSFR_USE_INTEGRITY_CHECKSUMS = True
# django-dsfr marks the content of its alerts (our messages) as safe unless told not to: a name
# or a title someone typed would then become markup in another person's page. Messages that need
# markup are built with format_html, which keeps them safe and escapes what they include.
DSFR_CONTENT_IS_SAFE = False
DSFR_MARK_OPTIONAL_FIELDS = True

# LOG_FORMAT=json writes one JSON object per line (the production default); "text" is for people.
LOG_FORMAT = env("LOG_FORMAT", default="text")
LOGGING = logging_config(LOG_FORMAT, env("LOG_LEVEL", default="INFO"))
