"""A form of the forum sent twice (double click, reload, back then « Publier ») publishes once:
the second submission, with the same one-time token, is sent where the first one led."""

import re

import pytest

from forum.links import thread_url
from forum.models import Category, Post, Thread
from forum.tests.factories import CategoryFactory, ThreadFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def token(html: str) -> str:
    match = re.search(r'name="submission_token" value="([0-9a-f]{32})"', html)
    assert match, "no submission token in the form"
    return match.group(1)


@pytest.fixture
def public():
    return CategoryFactory(slug="entraide", visibility=Category.Visibility.PUBLIC, name="Entraide")


@pytest.fixture
def question(public):
    return ThreadFactory(category=public, title="Comment toucher les familles ?")


def test_a_new_thread_sent_twice_is_published_once(client, public):
    client.force_login(UserFactory(old=True))
    form = client.get("/forum/entraide/nouvelle/").content.decode()
    data = {
        "title": "Un seul sujet",
        "kind": "question",
        "text": "Mon texte.",
        "submission_token": token(form),
    }
    first = client.post("/forum/entraide/nouvelle/", data)
    second = client.post("/forum/entraide/nouvelle/", data, follow=True)
    thread = Thread.objects.get()
    assert first.status_code == 302 and first.url == thread_url(thread)
    assert second.redirect_chain == [(thread_url(thread), 302)]
    assert "Cette discussion avait déjà été publiée." in second.content.decode()
    assert Post.objects.count() == 1


def test_a_reply_sent_twice_is_published_once(client, question):
    client.force_login(UserFactory(old=True))
    page = client.get(thread_url(question)).content.decode()
    data = {"text": "Essayez le porte-à-porte.", "submission_token": token(page)}
    first = client.post(thread_url(question), data)
    second = client.post(thread_url(question), data, follow=True)
    assert Post.objects.filter(is_first=False).count() == 1
    assert second.redirect_chain == [(first.url, 302)]
    assert "Ce message avait déjà été envoyé." in second.content.decode()
    # The page shown again has a new token: a second, deliberate reply is published.
    new_token = token(second.content.decode())
    assert new_token != data["submission_token"]
    client.post(thread_url(question), {"text": "Et un autre.", "submission_token": new_token})
    assert Post.objects.filter(is_first=False).count() == 2


def test_a_refused_submission_frees_its_token(client, question):
    client.force_login(UserFactory(old=True))
    page_token = token(client.get(thread_url(question)).content.decode())
    response = client.post(thread_url(question), {"text": "  ", "submission_token": page_token})
    assert response.status_code == 200 and not Post.objects.filter(is_first=False).exists()
    # Sent again with the same token (the back button, the text corrected): it is published.
    data = {"text": "Corrigé.", "submission_token": page_token}
    response = client.post(thread_url(question), data)
    assert response.status_code == 302
    assert Post.objects.filter(is_first=False).count() == 1


def test_tokens_are_per_person(client, question):
    data = {"text": "Même jeton, autre personne.", "submission_token": "a" * 32}
    for _ in range(2):
        client.force_login(UserFactory(old=True))
        assert client.post(thread_url(question), data).status_code == 302
    assert Post.objects.filter(is_first=False).count() == 2


def test_a_reply_over_the_size_limit_answers_413_in_french(client, question):
    client.force_login(UserFactory(old=True))
    response = client.post(thread_url(question), {"text": "x" * (10 * 1024 * 1024 + 1)})
    assert response.status_code == 413
    html = response.content.decode()
    assert "Envoi trop volumineux" in html and "10\u00a0Mo" in html
    assert not Post.objects.filter(is_first=False).exists()
