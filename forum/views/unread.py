"""« Non lus et nouveautés »: the threads of every readable category with posts the person has
not read, and the recent threads they never opened (``forum.unread``), and « Tout marquer comme
lu ». Personal pages: never cached (``forum.caching``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forum import unread as forum_unread
from forum.links import thread_url

THREADS_PER_PAGE = 30
UNREAD, NEW = "unread", "new"


def _tab(request, tab: str):
    user = request.user
    querysets = {
        UNREAD: forum_unread.unread_threads(user),
        NEW: forum_unread.new_threads(user),
    }
    page_obj = Paginator(querysets[tab], THREADS_PER_PAGE).get_page(request.GET.get("page"))
    other = NEW if tab == UNREAD else UNREAD
    counts = {tab: page_obj.paginator.count, other: querysets[other].count()}
    return render(
        request,
        "forum/unread.html",
        {
            "tab": tab,
            "page_obj": page_obj,
            "threads": [(thread, thread_url(thread)) for thread in page_obj],
            "unread_total": counts[UNREAD],
            "new_total": counts[NEW],
            "new_days": forum_unread.new_threads_days(),
        },
    )


@login_required
def unread(request):
    return _tab(request, UNREAD)


@login_required
def new(request):
    return _tab(request, NEW)


@login_required
@require_POST
def mark_all_read(request):
    if forum_unread.mark_all_read(request.user):
        messages.success(request, _("Toutes les discussions sont marquées comme lues."))
    else:
        messages.info(request, _("Il n’y avait rien de non lu."))
    return redirect("forum:unread")
