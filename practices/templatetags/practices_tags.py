from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def propose_sheet_url(context):
    """Where « Proposer une fiche » leads for the current person, or None."""
    from practices.permissions import propose_url

    request = context.get("request")
    return propose_url(getattr(request, "user", None))
