"""The « Discussions actives » section of the home page."""

from django.template.loader import render_to_string


def active_threads_section(request) -> str:
    from forum import permissions
    from forum.models import Thread

    threads = list(
        Thread.objects.filter(category__in=permissions.readable_categories(request.user))
        .select_related("category", "last_poster")
        .order_by("-last_post_at")[:5]
    )
    if not threads:
        return ""
    return render_to_string("forum/includes/home_section.html", {"threads": threads}, request)
