"""The index of the practice sheets (/fiches/) and the folders holding each territory's sheets."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField
from wagtail.models import Page

from website import page_views
from website.blocks import RICH_TEXT_FEATURES


class PracticeIndexPage(RoutablePageMixin, Page):
    """/fiches/: the filterable list, theme pages, CSV export and feed."""

    intro = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["website.HomePage"]
    subpage_types = ["practices.TerritoryFolderPage"]
    max_count = 1

    class Meta:
        verbose_name = _("index des fiches pratiques")

    def cache_scopes(self) -> tuple[str, ...]:
        """What its pages show (website.cache_rules): sheets, their tags and territories, the
        kit's indicators of their results."""
        return ("practices", "taxonomy", "territories", "kit")

    @path("")
    def list_view(self, request):
        return page_views.call(self, "sheet_list", request)

    @path("export.csv")
    def csv_view(self, request):
        return page_views.call(self, "sheet_csv", request)

    @path("flux/")
    def feed_view(self, request):
        return page_views.call(self, "sheet_feed", request)

    @re_path(r"^themes/(?P<family>[-\w]+)/(?P<slug>[-\w]+)/$")
    def theme_view(self, request, family, slug):
        return page_views.call(self, "theme", request, family, slug)

    @path("themes/")
    def themes_view(self, request):
        return page_views.call(self, "theme_index", request)


class TerritoryFolderPage(Page):
    """Holds the sheets of one territory; its team gets page permissions on it."""

    territory = models.OneToOneField(
        "accounts.Territory",
        verbose_name=_("territoire"),
        on_delete=models.PROTECT,
        related_name="practice_folder",
    )

    content_panels = [*Page.content_panels, FieldPanel("territory", read_only=True)]
    parent_page_types = ["practices.PracticeIndexPage"]
    subpage_types = ["practices.PracticeSheetPage"]

    class Meta:
        verbose_name = _("dossier des fiches d’un territoire")
        verbose_name_plural = _("dossiers des fiches des territoires")

    def serve(self, request, *args, **kwargs):
        from django.shortcuts import redirect

        index = self.get_parent()
        return redirect(f"{index.url}?territoire={self.territory.slug}")
