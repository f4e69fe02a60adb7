"""``{% saved_search_block query %}``: the « Enregistrer cette recherche » block of /recherche/
(a small form for logged-in people, a log-in link for the others)."""

from django import template
from django.urls import reverse
from django.utils.http import urlencode

from search import saved
from search.models import SavedSearch

register = template.Library()


@register.simple_tag
def saved_search_query_string(query) -> str:
    """The normalised query string a saved search would keep for ``query`` ("" for none)."""
    return saved.query_string_of(query)


@register.inclusion_tag("search/saved/_save_block.html", takes_context=True)
def saved_search_block(context, query):
    request = context.get("request")
    return save_block_context(request, saved.query_string_of(query), context.get("csrf_token"))


def save_block_context(request, query_string: str, csrf_token) -> dict:
    """What the block shows for this person and query string (also a hole of the cached
    search page: ``search.apps``)."""
    user = getattr(request, "user", None)
    data = {
        "show": bool(query_string),
        "query_string": query_string,
        "request": request,
        "csrf_token": csrf_token,
    }
    if not data["show"]:
        return data
    if user is None or not user.is_authenticated:
        search_url = f"{reverse('search:index')}?{query_string}"
        data["login_url"] = f"{reverse('account_login')}?{urlencode({'next': search_url})}"
        return data
    existing = SavedSearch.objects.filter(user=user, query_string=query_string).first()
    data.update(
        {
            "existing": existing,
            "default_name": saved.default_name(query_string),
            "frequencies": SavedSearch.Frequency.choices,
            "default_frequency": SavedSearch.Frequency.WEEKLY,
        }
    )
    return data
