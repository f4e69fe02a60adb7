"""Celery application. Tasks run eagerly (in-process) when no broker is configured."""

import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.task_failure.connect
def record_task_failure(
    sender=None, task_id=None, exception=None, args=None, kwargs=None, einfo=None, **extra
):
    """Keep a trace of every failed task for the administrators (Wagtail admin → « Tâches en
    échec »). Never raises: recording a failure must not hide the failure itself."""
    import logging

    try:
        from website.models import TaskFailure

        TaskFailure.objects.create(
            task_name=getattr(sender, "name", str(sender))[:200],
            task_id=str(task_id or "")[:100],
            arguments=repr({"args": args, "kwargs": kwargs})[:5000],
            exception=repr(exception)[:5000],
            traceback=str(einfo or "")[:20000],
        )
    except Exception:  # noqa: BLE001
        logging.getLogger(__name__).exception("Could not record the failure of %s", sender)
