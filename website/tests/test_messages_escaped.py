"""Messages shown to people are escaped: a name, a title or any value someone typed never becomes
markup in another person's page. django-dsfr marks alert content safe unless told otherwise
(``DSFR_CONTENT_IS_SAFE``); messages built on purpose with ``format_html`` keep their markup."""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import messages
from django.shortcuts import render
from django.urls import include, path, reverse
from django.utils.html import format_html

from accounts.models import Membership
from forum import services as forum_services
from forum.tests.factories import CategoryFactory
from tests.factories import MembershipFactory, TerritoryFactory, UserFactory

pytestmark = pytest.mark.django_db

HOSTILE = "<h1>COMPTE PIRATÉ</h1>"
ESCAPED = "&lt;h1&gt;COMPTE PIRATÉ&lt;/h1&gt;"


def _messages_page(request):
    for level in (messages.info, messages.success, messages.warning, messages.error):
        level(request, f"Bonjour {HOSTILE}")
    messages.success(request, format_html('<a href="/forum/">{}</a>', HOSTILE))
    return render(request, "base.html")


urlpatterns = [path("messages-test/", _messages_page), path("", include("config.urls"))]


def test_every_level_is_escaped_and_built_markup_is_kept(client, settings):
    settings.ROOT_URLCONF = __name__
    page = client.get("/messages-test/").content.decode()
    assert HOSTILE not in page
    assert page.count(f"Bonjour {ESCAPED}") == 4
    assert f'<a href="/forum/">{ESCAPED}</a>' in page


def test_a_refused_request_does_not_render_the_person_s_name_as_markup(client):
    territory = TerritoryFactory(name="Fictiville")
    referent = MembershipFactory(territory=territory, role=Membership.Role.REFERENT).user
    hostile = UserFactory(first_name="Awa", last_name=HOSTILE)
    pending = MembershipFactory(user=hostile, territory=territory, status=Membership.Status.PENDING)
    client.force_login(referent)
    response = client.post(
        reverse("accounts:decide_membership", args=[pending.pk]),
        {"decision": "refuse", "comment": ""},
        follow=True,
    )
    page = response.content.decode()
    assert "a été refusée" in page
    assert HOSTILE not in page
    assert ESCAPED in page


def test_following_a_thread_does_not_render_its_title_as_markup(client):
    category = CategoryFactory(name="Entraide", slug="entraide")
    author = UserFactory()
    author.date_joined = author.date_joined.replace(year=2020)
    author.save()
    thread = forum_services.create_thread(author, category, HOSTILE, "Bonjour")
    client.force_login(author)
    response = client.post(
        reverse("forum:subscription"), {"thread_id": thread.pk, "level": "watching"}, follow=True
    )
    page = response.content.decode()
    assert "Vous suivez désormais" in page
    assert "<h1>COMPTE" not in page


def test_no_message_is_marked_safe_by_hand():
    """A message is either plain text (escaped when shown) or built with format_html (which
    escapes what it is given). mark_safe on a message would bring the injection back."""
    offenders = []
    for source in Path(settings.BASE_DIR).glob("*/**/*.py"):
        if ".venv" in source.parts or "migrations" in source.parts:
            continue
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "messages"
            ):
                continue
            text = ast.unparse(node)
            if "mark_safe" in text or "SafeString" in text:
                offenders.append(f"{source}:{node.lineno}")
    assert offenders == []
