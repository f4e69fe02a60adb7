"""The moderation link of the forum's pages (« Modération : 3 messages signalés à examiner »),
for the people who moderate (``forum.permissions.can_moderate``), with the count of the Wagtail
menu item (``forum.moderation.open_flagged_posts_count``).

The count changes with no change of the page's scopes (flags change none): it is a hole of the
logged-in pages' cache (``website.member_cache``), rendered for each person at each answer:
``{% hole "forum-moderation" %}{% moderation_notice %}{% endhole %}``."""

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

HOLE = "forum-moderation"


def notice_html(request) -> str:
    """The notice for this person: empty for whoever may not moderate (one COUNT query else)."""
    from forum import permissions
    from forum.moderation import open_flagged_posts_count

    if not permissions.can_moderate(getattr(request, "user", None)):
        return ""
    count = open_flagged_posts_count()
    if count:
        label = ngettext(
            "Modération\u00a0: %(count)s message signalé à examiner",
            "Modération\u00a0: %(count)s messages signalés à examiner",
            count,
        ) % {"count": count}
    else:
        label = _("Modération\u00a0: aucun message signalé à examiner")
    return render_to_string(
        "forum/includes/moderation_notice.html", {"label": label, "count": count}
    )


def register() -> None:
    from website.member_cache import register_hole

    register_hole(HOLE)(lambda request, _arg: notice_html(request))
