"""The « Nouveautés de la bibliothèque » section of the home page (public documents only, so
that the cached home page is the same for everyone)."""

from django.template.loader import render_to_string


def latest_documents_section(request) -> str:
    from library.models import LibraryDocumentPage

    documents = list(
        LibraryDocumentPage.objects.live()
        .public()
        .filter(access=LibraryDocumentPage.Access.PUBLIC)
        .select_related("kind", "territory")
        .order_by("-first_published_at", "-pk")[:3]
    )
    if not documents:
        return ""
    return render_to_string(
        "library/includes/home_section.html", {"documents": documents}, request=request
    )
