"""Pages of the saved searches, under /recherche/enregistrees/: list, new (from the search
page), edit (name, frequency, pause), pause/resume, delete, and the unsubscribe link of the
alert e-mails (no login: a signed token). A person only ever sees and changes their own."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from search import saved
from search.models import SavedSearch
from search.saved_forms import CreateSavedSearchForm, EditSavedSearchForm

PER_PAGE = 20


def _own(request, pk) -> SavedSearch:
    return get_object_or_404(SavedSearch, pk=pk, user=request.user)


@login_required
def saved_list(request):
    queryset = SavedSearch.objects.filter(user=request.user)
    page = Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
    items = [
        {"saved": item, "summary": saved.summary(item.query_string), "url": saved.search_url(item)}
        for item in page
    ]
    return render(request, "search/saved/list.html", {"page_obj": page, "items": items})


@login_required
@require_http_methods(["GET", "POST"])
def saved_create(request):
    if request.method == "POST":
        form = CreateSavedSearchForm(request.POST, user=request.user)
        if form.is_valid():
            item = form.save()
            messages.success(
                request, _("La recherche « %(name)s » est enregistrée.") % {"name": item.name}
            )
            return redirect("search:saved_list")
    else:
        query_string = saved.canonical_query_string(request.GET, request.user)
        form = CreateSavedSearchForm(
            user=request.user,
            initial={
                "query_string": query_string,
                "name": saved.default_name(query_string) if query_string else "",
                "frequency": SavedSearch.Frequency.WEEKLY,
            },
        )
    query_string = form["query_string"].value() or ""
    return render(
        request,
        "search/saved/form.html",
        {
            "form": form,
            "creating": True,
            "summary": saved.summary(
                saved.canonical_query_string(QueryDict(query_string), request.user)
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def saved_edit(request, pk):
    item = _own(request, pk)
    form = EditSavedSearchForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request, _("La recherche « %(name)s » est modifiée.") % {"name": item.name}
        )
        return redirect("search:saved_list")
    return render(
        request,
        "search/saved/form.html",
        {
            "form": form,
            "creating": False,
            "saved": item,
            "summary": saved.summary(item.query_string),
            "url": saved.search_url(item),
        },
    )


@login_required
@require_POST
def saved_toggle(request, pk):
    item = _own(request, pk)
    item.is_active = not item.is_active
    item.save(update_fields=["is_active"])
    if item.is_active:
        messages.success(
            request, _("Les alertes de « %(name)s » reprennent.") % {"name": item.name}
        )
    else:
        messages.success(
            request, _("Les alertes de « %(name)s » sont suspendues.") % {"name": item.name}
        )
    return redirect("search:saved_list")


@login_required
@require_http_methods(["GET", "POST"])
def saved_delete(request, pk):
    item = _own(request, pk)
    if request.method == "POST":
        name = item.name
        item.delete()
        messages.success(request, _("La recherche « %(name)s » est supprimée.") % {"name": name})
        return redirect("search:saved_list")
    return render(
        request,
        "search/saved/delete.html",
        {"saved": item, "summary": saved.summary(item.query_string)},
    )


@require_http_methods(["GET", "POST"])
def saved_unsubscribe(request, token):
    """From the alert e-mail, without logging in: GET asks for confirmation, POST pauses the
    alerts of that saved search (it stays in the list)."""
    item = saved.saved_from_token(token)
    if item is None:
        return render(request, "search/saved/unsubscribe.html", {"invalid": True}, status=400)
    if request.method == "POST":
        SavedSearch.objects.filter(pk=item.pk).update(is_active=False)
        return render(request, "search/saved/unsubscribe.html", {"saved": item, "done": True})
    return render(request, "search/saved/unsubscribe.html", {"saved": item})
