"""``{% saved_search_block query %}``: the « Enregistrer cette recherche » block of /recherche/
(a small form for logged-in people, a log-in link for the others)."""

from django import template
from django.urls import reverse
from django.utils.http import urlencode

from search import saved
from search.models import SavedSearch

register = template.Library()


@register.inclusion_tag("search/saved/_save_block.html", takes_context=True)
def saved_search_block(context, query):
    request = context.get("request")
    user = getattr(request, "user", None)
    query_string = saved.query_string_of(query)
    data = {"show": bool(query_string), "query_string": query_string,
            "request": request, "csrf_token": context.get("csrf_token")}
    if not data["show"]:
        return data
    if user is None or not user.is_authenticated:
        search_url = f"{reverse('search:index')}?{query_string}"
        data["login_url"] = f"{reverse('account_login')}?{urlencode({'next': search_url})}"
        return data
    existing = SavedSearch.objects.filter(user=user, query_string=query_string).first()
    data.update({
        "existing": existing,
        "default_name": saved.default_name(query_string),
        "frequencies": SavedSearch.Frequency.choices,
        "default_frequency": SavedSearch.Frequency.WEEKLY,
    })
    return data
