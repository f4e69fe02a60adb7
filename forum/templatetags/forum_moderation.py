"""``{% moderation_notice %}``: the moderation link of the forum's pages
(``forum.moderation_notice``), to put inside ``{% hole "forum-moderation" %}``."""

from django import template
from django.utils.safestring import mark_safe

from forum.moderation_notice import notice_html

register = template.Library()


@register.simple_tag(takes_context=True)
def moderation_notice(context) -> str:
    request = context.get("request")
    return mark_safe(notice_html(request)) if request is not None else ""  # noqa: S308 - rendered template
