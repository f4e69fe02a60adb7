"""Atom feed of the newly published practice sheets (/fiches/flux/), optionally filtered with the
same parameters as the list page."""

from django.conf import settings
from django.http import HttpResponse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from practices.filters import SheetFilter

FEED_SIZE = 30


def latest_sheets(request):
    sheet_filter = SheetFilter(request.GET)
    return list(
        sheet_filter.queryset()
        .select_related("territory__region")
        .order_by("-first_published_at", "-pk")[:FEED_SIZE]
    )


def sheet_feed(request, index):
    index_url = request.build_absolute_uri(index.get_url(request))
    feed = Atom1Feed(
        title=_("Fiches pratiques — %(site)s") % {"site": settings.SITE_NAME},
        link=index_url,
        description=_("Les dernières fiches pratiques publiées par les territoires."),
        language="fr",
        feed_url=request.build_absolute_uri(),
        feed_guid=request.build_absolute_uri(index.get_url(request) + "flux/"),
    )
    for sheet in latest_sheets(request):
        link = request.build_absolute_uri(sheet.get_url(request))
        categories = []
        author = None
        if sheet.territory_id:
            author = sheet.territory.name
            categories = [sheet.territory.name, sheet.territory.region.name]
        feed.add_item(
            title=sheet.title,
            link=link,
            description=sheet.summary,
            unique_id=link,
            pubdate=sheet.first_published_at,
            updateddate=sheet.last_published_at or sheet.first_published_at,
            author_name=author or sheet.organisation,
            categories=categories,
        )
    response = HttpResponse(content_type=feed.content_type)
    feed.write(response, "utf-8")
    return response
