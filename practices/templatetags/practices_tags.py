from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def propose_sheet_url(context):
    """Where « Proposer une fiche » leads for the current person, or None."""
    from practices.permissions import propose_url
    from website import fragment_cache

    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return propose_url(user)
    # Two queries on every list page: cached per person until their rights change.
    return fragment_cache.cached_value(
        "propose-sheet-url", [user.pk], lambda: propose_url(user), request, ("accounts",)
    )
