import pytest
from django.core.exceptions import ImproperlyConfigured

from events.models import EventIndexPage
from website import page_views

pytestmark = pytest.mark.django_db


def test_a_page_route_reaches_the_view_its_app_registered():
    index = EventIndexPage(title="Événements")
    calls = []
    page_views.handles(EventIndexPage, "test-view")(lambda request, page: calls.append(page))
    page_views.call(index, "test-view", "request")
    assert calls == [index]


def test_a_route_without_a_registered_view_says_what_is_missing():
    with pytest.raises(ImproperlyConfigured, match="No view 'missing' registered"):
        page_views.call(EventIndexPage(title="Événements"), "missing", None)
