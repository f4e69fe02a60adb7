"""A step sent after the person's session expired is not lost: what they typed is kept in the
new (anonymous) session, they log in, and the step opens again filled with it, not saved yet,
with a message saying so. Django keeps a session's data when the person logs in. Files cannot
be kept this way: the message asks to choose them again."""

import functools

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import QueryDict
from django.utils.translation import gettext as _

PENDING = "czn-etape-en-attente"
NOT_KEPT = ("csrfmiddlewaretoken", "submission_token")


def login_required_keeping_post(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        if request.method == "POST":
            request.session[PENDING] = {
                "path": request.path,
                "data": {k: request.POST.getlist(k) for k in request.POST if k not in NOT_KEPT},
            }
            messages.info(
                request,
                _("Votre session a expiré : connectez-vous, ce que vous aviez saisi vous attend."),
            )
        return redirect_to_login(request.path)

    return wrapper


def take_kept_post(request) -> QueryDict | None:
    """What was typed before the session expired, for this address (once)."""
    pending = request.session.get(PENDING)
    if not pending or pending.get("path") != request.path:
        return None
    del request.session[PENDING]
    data = QueryDict(mutable=True)
    for key, values in pending["data"].items():
        data.setlist(key, values)
    messages.warning(
        request,
        _(
            "Votre session avait expiré : voici ce que vous aviez saisi, pas encore enregistré. "
            "Vérifiez-le et enregistrez l’étape (les fichiers sont à choisir de nouveau)."
        ),
    )
    return data
