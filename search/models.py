"""The search-document table: one row per indexable object (practice sheet, discussion, library
document, event, content page), whatever the backend. The database backends index this table
(an FTS5 table on SQLite, a stored weighted ``tsvector`` on PostgreSQL, both created by
migrations for their engine only); Elasticsearch mirrors it."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from website.text import PlainCharField


class DocumentType(models.TextChoices):
    SHEET = "fiche", _("Fiche pratique")
    DISCUSSION = "discussion", _("Discussion")
    DOCUMENT = "document", _("Document")
    EVENT = "evenement", _("Événement")
    PAGE = "page", _("Page")


class SearchDocument(models.Model):
    """``visibility`` is one key among « public », « members », « referents »,
    « territory:<id> » and « staff »; a person is granted a set of keys by
    ``search.visibility.keys_for`` and the backends filter on ``visibility IN keys``."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    type = models.CharField(_("type"), max_length=20, choices=DocumentType.choices)
    title = models.CharField(_("titre"), max_length=300)
    extra = models.TextField(
        _("texte pondéré"),
        blank=True,
        help_text=_("Thèmes, territoire, structure : pèsent plus que le texte."),
    )
    text = models.TextField(_("texte"), blank=True)
    url = models.CharField(_("adresse"), max_length=500)
    facets = models.JSONField(
        _("facettes"),
        default=dict,
        blank=True,
        help_text=_("Paramètre → liste de valeurs (identifiants)."),
    )
    territory_slug = models.CharField(max_length=200, blank=True)
    territory_name = models.CharField(max_length=200, blank=True)
    region_slug = models.CharField(max_length=100, blank=True)
    date = models.DateTimeField(_("date"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("année"), null=True, blank=True)
    visibility = models.CharField(_("visibilité"), max_length=60, default="public")
    # The facet values as one string of « param:value » tokens, with a space before and after
    # each (`` type:fiche public:jeunes ``): filters are ``instr``/``strpos`` of one token and
    # facet counts are made from the matching rows' strings (``search.backends.database``).
    facet_keys = models.TextField(default="", blank=True, editable=False)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("document indexé")
        verbose_name_plural = _("documents indexés")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="search_document_object_unique"
            )
        ]
        # No index on ``visibility`` (a handful of values, most rows « public »): PostgreSQL
        # would scan it and read every row's ``search_vector`` instead of using the GIN index.
        indexes = [
            models.Index(fields=["date"], name="search_doc_date"),
        ]

    def __str__(self):
        return f"{self.get_type_display()} : {self.title}"

    def save(self, *args, **kwargs):
        self.facet_keys = facet_keys_for(self.facets)
        if kwargs.get("update_fields") is not None and "facets" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "facet_keys"}
        super().save(*args, **kwargs)


def facet_token(param: str, value) -> str:
    """`` param:value `` without any space inside (values are slugs, types and years)."""
    return f"{param}:{'-'.join(str(value).split())[:200]}"


def facet_keys_for(facets: dict | None) -> str:
    tokens = [
        facet_token(param, value) for param, values in (facets or {}).items() for value in values
    ]
    return f" {' '.join(tokens)} " if tokens else ""


class PendingIndex(models.Model):
    """Objects whose search document must be rebuilt, written in the same transaction as the
    change: a broker outage delays the index, never loses an update (a periodic task catches
    up, see ``search.tasks``)."""

    model_label = models.CharField(max_length=100)
    object_id = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["model_label", "object_id"], name="search_pending_unique"
            )
        ]

    def __str__(self):
        return f"{self.model_label} {self.object_id}"


class SavedSearch(models.Model):
    """A search a logged-in person saved (``search.saved``): its query string (``q`` and the
    facet parameters of /recherche/) and, while active, an e-mail alert listing what was
    published since the last alert (``search.tasks.send_saved_search_alerts``)."""

    class Frequency(models.TextChoices):
        DAILY = "daily", _("Tous les jours")
        WEEKLY = "weekly", _("Toutes les semaines (le lundi)")

    user = models.ForeignKey(
        "accounts.User",
        on_delete=models.CASCADE,
        related_name="saved_searches",
        verbose_name=_("personne"),
    )
    name = PlainCharField(_("nom"), max_length=100)
    query_string = models.CharField(_("recherche"), max_length=2000, blank=True)
    frequency = models.CharField(
        _("fréquence des alertes"),
        max_length=10,
        choices=Frequency.choices,
        default=Frequency.WEEKLY,
    )
    is_active = models.BooleanField(_("alertes actives"), default=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    last_sent_at = models.DateTimeField(_("dernière alerte"), null=True, blank=True)
    # Documents dated in the future (events) already announced: not announced again.
    future_ids = models.JSONField(default=list, blank=True, editable=False)

    class Meta:
        verbose_name = _("recherche enregistrée")
        verbose_name_plural = _("recherches enregistrées")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["is_active", "frequency"], name="search_saved_due"),
        ]

    def __str__(self):
        return self.name
