"""Editorial pages: the home page and generic content pages."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from website import home_sections, member_cache
from website.blocks import RICH_TEXT_FEATURES, BodyStreamBlock
from website.chooser_titles import ChooserTitleMixin


class HomePage(ChooserTitleMixin, Page):
    """The site's root page: an introduction, featured content, and live sections."""

    intro_title = models.CharField(
        _("titre d’accroche"),
        max_length=200,
        blank=True,
        help_text=_("Grand titre affiché en haut de la page d’accueil."),
    )
    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("Présentation de la communauté en quelques phrases."),
    )
    featured_title = models.CharField(
        _("titre de la sélection"),
        max_length=120,
        default="À la une",
        help_text=_("Titre de la rubrique des contenus mis en avant."),
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("intro_title"), FieldPanel("intro")], heading=_("Introduction")
        ),
        MultiFieldPanel(
            [FieldPanel("featured_title"), InlinePanel("featured_items", label=_("Contenu"))],
            heading=_("Mis en avant par l’équipe d’animation"),
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("page d’accueil")
        verbose_name_plural = _("pages d’accueil")

    def cache_scopes(self) -> tuple[str, ...]:
        """The page tree; each home section adds its own (website.home_sections)."""
        return ("pages",)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["featured"] = [
            item
            for item in self.featured_items.select_related("page")
            if item.page is None or item.page.live
        ]
        context["home_sections"] = home_sections.render_all(request)
        member_cache.mark_cacheable(request, self)
        return context


class FeaturedItem(Orderable):
    home = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_items")
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Une fiche, un document, un événement ou toute page du site."),
    )
    title = models.CharField(
        _("titre affiché"),
        max_length=200,
        blank=True,
        help_text=_("Laisser vide pour reprendre le titre de la page."),
    )
    text = models.TextField(_("texte d’accompagnement"), max_length=300, blank=True)
    url = models.URLField(
        _("ou adresse externe"), blank=True, help_text=_("Si aucune page n’est choisie.")
    )

    panels = [FieldPanel("page"), FieldPanel("url"), FieldPanel("title"), FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = _("contenu mis en avant")

    def clean(self):
        from django.core.exceptions import ValidationError

        if not self.page and not self.url:
            raise ValidationError(_("Choisissez une page ou indiquez une adresse."))
        if self.url and not self.title:
            raise ValidationError({"title": _("Un titre est nécessaire pour une adresse externe.")})

    @property
    def display_title(self):
        return self.title or (self.page.title if self.page else "")

    @property
    def link(self):
        return self.page.url if self.page else self.url


class ContentPage(ChooserTitleMixin, Page):
    """A generic editorial page: « À propos », legal pages, presentation of the programme."""

    intro = models.TextField(
        _("chapô"), blank=True, max_length=600, help_text=_("Court texte d’introduction.")
    )
    body = StreamField(BodyStreamBlock(), verbose_name=_("contenu"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    parent_page_types = ["website.HomePage", "website.ContentPage"]

    class Meta:
        verbose_name = _("page de contenu")
        verbose_name_plural = _("pages de contenu")


class TaskFailure(models.Model):
    """A background (Celery) task that failed for good or raised: recorded by the worker
    (config/celery.py) so that administrators see it in the admin (« Tâches en échec »)."""

    task_name = models.CharField(_("tâche"), max_length=200)
    task_id = models.CharField(_("identifiant"), max_length=100, blank=True)
    arguments = models.TextField(_("arguments"), blank=True)
    exception = models.TextField(_("erreur"))
    traceback = models.TextField(_("trace"), blank=True)
    created_at = models.DateTimeField(_("survenue le"), auto_now_add=True)
    resolved = models.BooleanField(_("traitée"), default=False)

    class Meta:
        verbose_name = _("tâche en échec")
        verbose_name_plural = _("tâches en échec")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.task_name} — {self.created_at:%d/%m/%Y %H:%M}"
