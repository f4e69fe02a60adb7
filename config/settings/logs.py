"""The logging configuration: one console handler, every line with its request id, as text
for people or as one JSON object per line (production)."""


def logging_config(log_format: str, level: str) -> dict:
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "website.observability.RequestIdFilter"}},
        "formatters": {
            "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
            "json": {"()": "website.observability.JsonFormatter"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["request_id"],
                "formatter": "json" if log_format == "json" else "text",
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django.db.backends": {"level": "WARNING"},
            "celery": {"level": "INFO"},
            # One line per successful task is noise (eager tasks in development, the worker in
            # production); failures are still logged and recorded (website.TaskFailure).
            "celery.app.trace": {"level": "WARNING"},
            "django_tasks": {"level": "WARNING"},
            "wagtail": {"level": "WARNING"},
        },
    }
