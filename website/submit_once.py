"""Forms that create something answer a second submission as they answered the first.

A double click on « Publier », a page reloaded after a slow answer or the back button followed by
« Envoyer » post the same form twice: without care, two threads, two replies, two clause
proposals, two e-mails to a sheet's team. Each such form carries a one-time token
(``{% submission_token %}``, website/templatetags/submit_once.py, beside ``{% csrf_token %}``),
a new one every time the form is shown; the view is decorated with ``@submit_once(message)``:

- the first POST bearing a token claims it in the cache (``cache.add``: atomic on Redis and in
  local memory) and runs the view. When the view redirects (the project's post/redirect/get: a
  redirect means « done »), the address it redirected to is kept for ``TOKEN_SECONDS``; any other
  answer (the form shown again with its errors, a refusal, an exception) releases the token, so
  that the person can correct and send again;
- a later POST with the same token does not run the view: it waits (``WAIT_SECONDS`` at most)
  for the first one to finish and redirects to the same address with ``message`` (« Ce message
  avait déjà été envoyé. »). If the first one released the token meanwhile, this one runs.

Tokens are kept per person and per address; anonymous POSTs and POSTs without a valid token (an
old page, a script) run the view as before. When the cache fails, the view runs: the cache is
an optimisation here too, never a reason to refuse what someone wrote.

Cached pages never share a token: ``website.member_cache`` gives each hit fresh tokens and
``website.fragment_cache`` refuses fragments that hold one (render the tag outside fragments).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
import time
import uuid

from django.contrib import messages
from django.core.cache import cache
from django.shortcuts import redirect
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

FIELD_NAME = "submission_token"
TOKEN_RE = re.compile(r"[0-9a-f]{32}")
# How long a token used by a submission that went through is remembered.
TOKEN_SECONDS = 60 * 60
# How long a token is held while its first submission runs (a crashed worker frees it then).
PENDING_SECONDS = 60
# How long a second submission waits for the first one to finish.
WAIT_SECONDS = 5.0
_POLL_SECONDS = 0.1
_PENDING = "pending"
_REDIRECTS = (301, 302, 303, 307, 308)


def new_token() -> str:
    return uuid.uuid4().hex


def default_message() -> str:
    return _("Ce formulaire avait déjà été envoyé : il n’a pas été enregistré une seconde fois.")


def _key(request) -> str | None:
    if request.method != "POST":
        return None
    token = request.POST.get(FIELD_NAME, "")
    if not TOKEN_RE.fullmatch(token):
        return None
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None  # the forms that create something are for logged-in people
    digest = hashlib.sha256(f"{user.pk}|{request.path}|{token}".encode()).hexdigest()[:40]
    return f"submit-once:{digest}"


def _claim(key: str) -> bool | None:
    """True: this request holds the token; False: another one does; None: no cache."""
    try:
        return cache.add(key, _PENDING, PENDING_SECONDS)
    except Exception:  # noqa: BLE001 - the cache is an optimisation, never a dependency
        logger.warning("Submission tokens unavailable", exc_info=True)
        return None


def _settle(key: str, response) -> None:
    location = response.get("Location") if response.status_code in _REDIRECTS else None
    try:
        if location:
            cache.set(key, location, TOKEN_SECONDS)
        else:
            cache.delete(key)
    except Exception:  # noqa: BLE001
        logger.warning("Could not record a submission token", exc_info=True)


def _release(key: str) -> None:
    try:
        cache.delete(key)
    except Exception:  # noqa: BLE001
        logger.warning("Could not release a submission token", exc_info=True)


def _first_answer(key: str) -> tuple[bool, str | None]:
    """Wait for the submission holding ``key``: (True, None) when it let go of the token and
    this request now holds it, (False, address) when it was done, (False, None) on time-out."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        try:
            value = cache.get(key)
            if value is None and cache.add(key, _PENDING, PENDING_SECONDS):
                return True, None
        except Exception:  # noqa: BLE001
            logger.warning("Submission tokens unavailable", exc_info=True)
            return True, None
        if isinstance(value, str) and value != _PENDING:
            return False, value
        if time.monotonic() >= deadline:
            return False, None
        time.sleep(_POLL_SECONDS)


def _run(view, key, request, args, kwargs):
    try:
        response = view(request, *args, **kwargs)
    except BaseException:
        _release(key)
        raise
    _settle(key, response)
    return response


def submit_once(message: str | None = None):
    """Decorate a view whose successful POST redirects: a second POST of the same form (same
    token) redirects where the first one did, with ``message`` (a ``gettext_lazy`` string)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            key = _key(request)
            if key is None:
                return view(request, *args, **kwargs)
            claimed = _claim(key)
            if claimed is None:
                return view(request, *args, **kwargs)
            if not claimed:
                mine, location = _first_answer(key)
                if not mine:
                    return _duplicate(request, location, message)
            return _run(view, key, request, args, kwargs)

        return wrapper

    return decorator


def _duplicate(request, location: str | None, message: str | None):
    if location:
        messages.info(request, str(message) if message else default_message())
        return redirect(location)
    messages.warning(
        request,
        _(
            "Votre premier envoi de ce formulaire est encore en cours de traitement : vérifiez "
            "dans un instant qu’il a bien été enregistré avant de l’envoyer à nouveau."
        ),
    )
    return redirect(request.get_full_path())
