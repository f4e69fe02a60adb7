import pytest
from celery import shared_task

from website.models import TaskFailure

pytestmark = pytest.mark.django_db


@shared_task(name="website.tests.always_fails")
def always_fails(value):
    raise RuntimeError(f"échec volontaire {value}")


def test_a_failed_task_is_recorded_for_administrators():
    # Only the Celery app's own setting, put back after: changing the Django setting as well
    # left the app (configured from it once) without propagation for the tests that followed.
    from config.celery import app

    previous = app.conf.task_eager_propagates
    app.conf.task_eager_propagates = False
    try:
        always_fails.delay(42)
    finally:
        app.conf.task_eager_propagates = previous
    failure = TaskFailure.objects.get()
    assert failure.task_name == "website.tests.always_fails"
    assert "échec volontaire 42" in failure.exception
    assert "42" in failure.arguments
    assert "RuntimeError" in failure.traceback


def test_administrators_see_them_in_the_admin(client):
    from django.contrib.auth.models import Group

    from accounts import roles
    from tests.factories import UserFactory

    TaskFailure.objects.create(task_name="mailer.tasks.send_email", exception="SMTP refusé")
    admin = UserFactory()
    admin.groups.add(Group.objects.get(name=roles.DGCS_ADMIN))
    client.force_login(admin)
    response = client.get("/admin/task_failures/")
    assert response.status_code == 200
    assert "SMTP refusé" in response.content.decode()
    member = UserFactory()
    client.force_login(member)
    assert client.get("/admin/task_failures/").status_code in (302, 403)
