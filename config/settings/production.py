"""Production: PostgreSQL, Redis, SMTP, hardened HTTP. SECRET_KEY and ALLOWED_HOSTS are required."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = env("SECRET_KEY", default="")
if not SECRET_KEY or SECRET_KEY.startswith("dev-only"):
    raise ImproperlyConfigured("SECRET_KEY doit être défini en production.")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS doit être défini en production.")

STORAGES["staticfiles"] = {
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
}
if env("CACHE_URL", default="") == "" and CELERY_BROKER_URL.startswith("redis"):
    CACHES = {
        "default": {
            "BACKEND": "website.cache.RedisCache",
            "LOCATION": env("REDIS_URL", default=CELERY_BROKER_URL),
        }
    }
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "website.cache.RedisCache"  # one client per pool
if CACHES["default"]["BACKEND"].endswith("RedisCache"):
    # Sessions read through the shared cache: no query per logged-in request. Only with a
    # cache shared by every worker (a logout must end the session in all of them).
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Client address for allauth's rate limits: behind a reverse proxy REMOTE_ADDR is the proxy's,
# so every visitor would share one quota. docker-compose.yml sets X-Real-IP (written by its nginx).
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env("TRUSTED_CLIENT_IP_HEADER", default="") or None
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"

LOGGING["root"]["level"] = env("LOG_LEVEL", default="INFO")
LOG_FORMAT = env("LOG_FORMAT", default="json")
LOGGING["handlers"]["console"]["formatter"] = "json" if LOG_FORMAT == "json" else "text"
# Health probes come from inside the network, over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^sante/"]
ADMINS = [("Exploitation", a) for a in env.list("ADMINS", default=[])]
DEMO_CONTENT_ALLOWED = False

# Optional error tracking: set SENTRY_DSN (and SENTRY_ENVIRONMENT) to send errors to Sentry.
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", default="production"),
        send_default_pii=False,  # no e-mail addresses, no cookies, no user names
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )
