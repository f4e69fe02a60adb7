"""website.submit_once: a second submission with the same token waits for the first one and is
sent where it led; a refused or failed first submission frees the token; no cache, no refusal."""

import threading
from unittest import mock

import pytest
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.cache import SessionStore
from django.http import HttpResponse
from django.shortcuts import redirect
from django.test import RequestFactory

from tests.factories import UserFactory
from website import fragment_cache, submit_once
from website.templatetags.submit_once import submission_token

pytestmark = pytest.mark.django_db
TOKEN = "b" * 32


def post(user, token=TOKEN):
    request = RequestFactory().post("/formulaire/", {"submission_token": token})
    request.user = user
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def counting_view(answer=lambda: redirect("/cree/1/")):
    calls = []

    @submit_once.submit_once("Déjà envoyé.")
    def view(request):
        calls.append(request)
        return answer()

    return view, calls


def test_the_second_submission_waits_for_the_first_and_follows_it(monkeypatch):
    monkeypatch.setattr(submit_once, "WAIT_SECONDS", 3.0)
    user = UserFactory()
    started, finish = threading.Event(), threading.Event()

    def slow():
        started.set()
        finish.wait(3)
        return redirect("/cree/7/")

    view, calls = counting_view(slow)
    first = threading.Thread(target=view, args=(post(user),))
    first.start()
    started.wait(3)
    threading.Timer(0.3, finish.set).start()
    second = view(post(user))
    first.join()
    assert len(calls) == 1
    assert second.status_code == 302 and second["Location"] == "/cree/7/"


def test_a_refused_or_failed_submission_frees_the_token():
    user = UserFactory()
    view, calls = counting_view(lambda: HttpResponse("le formulaire et ses erreurs"))
    assert view(post(user)).status_code == 200
    assert view(post(user)).status_code == 200
    assert len(calls) == 2

    @submit_once.submit_once()
    def broken(request):
        raise RuntimeError

    with pytest.raises(RuntimeError):
        broken(post(user))
    view, calls = counting_view()
    assert view(post(user)).status_code == 302 and len(calls) == 1


def test_without_a_valid_token_or_a_cache_the_view_runs():
    user = UserFactory()
    view, calls = counting_view()
    view(post(user, token="pas-un-jeton"))
    view(post(user, token="pas-un-jeton"))
    with mock.patch.object(submit_once.cache, "add", side_effect=ConnectionError):
        view(post(user))
        view(post(user))
    assert len(calls) == 4


def test_a_fragment_holding_a_token_is_never_stored():
    html = f"<form>{submission_token()}</form>"
    assert 'name="submission_token"' in html
    assert not fragment_cache.storable(html)
    assert submission_token() != submission_token()
