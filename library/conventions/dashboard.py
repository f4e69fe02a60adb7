"""The « Mes projets de convention » section of « Mon compte » (accounts.dashboard_sections).

« Mon compte » has a bounded query budget (accounts/tests/test_memberships.py): this section
costs one query (the latest drafts, owned or shared with one of the person's teams) besides the
person's team ids and roles, which the page needs anyway (cached on the user), plus one count
for the facilitators who review proposals. The person's own clause proposals are listed
on /bibliotheque/conventions/mes-projets/."""

from django.template.loader import render_to_string

from library.conventions import permissions
from library.conventions.models import Clause

SHOWN = 5


def conventions_section(request) -> str:
    user = request.user
    drafts = list(
        permissions.drafts_of(user)
        .select_related("convention_model", "owner", "shared_territory")
        .order_by("-updated_at")[: SHOWN + 1]
    )
    pending_reviews = (
        Clause.objects.filter(status=Clause.Status.PENDING).count()
        if permissions.can_review_proposals(user)
        else 0
    )
    return render_to_string(
        "conventions/dashboard_section.html",
        {
            "drafts": drafts[:SHOWN],
            "more": len(drafts) > SHOWN,
            "pending_reviews": pending_reviews,
            "user": user,
        },
        request=request,
    )
