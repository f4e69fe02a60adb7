"""What the conventions' views share: the page size, the highlighted variables of a clause,
the builder's guard, the lookup of a draft and the navigation between the builder's steps."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.html import escape, format_html, format_html_join

from library.conventions import permissions
from library.conventions.drafts import STEPS, step_is_complete
from library.conventions.models import VARIABLE_RE, ConventionDraft

PAGE_SIZE = 20


def highlight_variables(text: str):
    """The clause's text, escaped, with every ``{{ variable }}`` in a <mark>."""
    parts, last = [], 0
    for match in VARIABLE_RE.finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(format_html('<mark class="czn-variable">{{{{ {} }}}}</mark>', match.group(1)))
        last = match.end()
    parts.append(escape(text[last:]))
    return format_html_join("", "{}", ((part,) for part in parts))


def _builder_guard(request):
    """Anonymous visitors go to the login page; members who may not build get a 403."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    reason = permissions.why_cannot_use_builder(request.user)
    if reason:
        raise PermissionDenied(reason)
    return None


def _get_draft(request, pk) -> ConventionDraft:
    draft = get_object_or_404(
        ConventionDraft.objects.select_related("convention_model", "owner", "shared_territory"),
        pk=pk,
    )
    if not permissions.can_view_draft(request.user, draft):
        raise Http404
    return draft


def _steps_nav(draft, current):
    return [
        {
            "slug": slug,
            "label": label,
            "number": index,
            "current": slug == current,
            "complete": draft is not None and step_is_complete(draft, slug),
            "url": reverse("conventions:draft_step", kwargs={"pk": draft.pk, "step": slug})
            if draft is not None
            else None,
        }
        for index, (slug, label) in enumerate(STEPS, start=1)
    ]
