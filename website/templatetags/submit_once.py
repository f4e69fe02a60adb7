"""``{% submission_token %}``: the one-time token of a form that creates something
(website/submit_once.py). Put it beside ``{% csrf_token %}``, outside any ``{% fragment %}``."""

from django import template
from django.utils.html import format_html

from website.submit_once import FIELD_NAME, new_token

register = template.Library()


@register.simple_tag
def submission_token():
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD_NAME, new_token())
