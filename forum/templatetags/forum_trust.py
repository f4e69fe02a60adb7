"""``{% new_account_notice %}``: on the reply and new-thread forms, what an account still at
trust level 0 may not do yet, and until when (``forum.permissions.new_account_limits``).

Rendered for the person who reads the form: the thread and new-thread pages are not kept in the
logged-in pages' cache, and the notice sits outside the form's cached fragment."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from forum import permissions
from website.french import french_datetime

register = template.Library()


@register.simple_tag(takes_context=True)
def new_account_notice(context) -> str:
    request = context.get("request")
    user = getattr(request, "user", None)
    limits = permissions.new_account_limits(user)
    if not limits:
        return ""
    html = render_to_string(
        "forum/includes/new_account_notice.html",
        {**limits, "until_text": french_datetime(limits["until"])},
    )
    return mark_safe(html)  # noqa: S308 - rendered template
