"""``{% new_account_notice %}``: on the reply and new-thread forms, what an account still at
trust level 0 may not do yet, and until when (``forum.permissions.new_account_limits``).

Rendered for the person who reads the form: the thread and new-thread pages are not kept in the
logged-in pages' cache, and the notice sits outside the form's cached fragment."""

from django import template
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe

from forum import permissions

register = template.Library()


def french_datetime(value) -> str:
    """« 9 décembre 2026 à 14 h 30 » (« 1er », « 14 h » on the hour), in local time."""
    local = timezone.localtime(value)
    day = "1er" if local.day == 1 else str(local.day)
    time = f"{local.hour} h" + (f" {local.minute:02d}" if local.minute else "")
    return f"{day} {date_format(local, 'F Y')} à {time}"


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
