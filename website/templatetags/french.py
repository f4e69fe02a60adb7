"""``{% load french %}``: the filters of :mod:`website.french` for templates.

{{ event.start|fr_date }}          7 décembre 2026 / 1er octobre 2026
{{ event.start|fr_date:"jour" }}   mardi 1er octobre 2026
{{ event.start|fr_time }}          14 h 30
{{ post.created_at|fr_datetime }}  7 décembre 2026 à 14 h 30
{{ value|fr_number }}              1 200,5
{{ author.first_name|de }}         d’Alex / de Bruno
"""

from django import template

from website import french

register = template.Library()


@register.filter
def fr_date(value, options=""):
    options = options or ""
    return french.french_date(value, weekday="jour" in options, year="sans-année" not in options)


@register.filter
def fr_time(value):
    return french.french_time(value)


@register.filter
def fr_datetime(value, options=""):
    options = options or ""
    return french.french_datetime(
        value, weekday="jour" in options, year="sans-année" not in options
    )


@register.filter
def fr_number(value):
    return french.french_number(value)


@register.filter(name="de")
def of(value):
    return french.of(str(value or ""))
