"""The library documents (bibliothèque): Wagtail pages, and their file versions.

Tree: ``LibraryIndexPage`` (/bibliotheque/, created by ``library.bootstrap``) →
``LibraryDocumentPage`` (one per document). A document's files are ``DocumentVersion`` rows
(a plain foreign key, not a page field: a file is stored once, outside the page revisions, in a
private storage) — the current version is the latest approved one; older ones stay downloadable
and are marked « version remplacée »."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from library.storage import get_private_storage, version_upload_to
from website import page_views
from website.blocks import RICH_TEXT_FEATURES
from website.chooser_titles import ChooserTitleMixin
from website.text import PlainTitleMixin

SUMMARY_MAX_LENGTH = 600

# Paths served under /bibliotheque/ by plain views or other apps: no document may take them.
RESERVED_SLUGS = {"fichiers", "proposer", "kit-evaluation", "clauses", "conventions"}


class LibraryIndexPage(RoutablePageMixin, Page):
    """/bibliotheque/: the filterable list of documents, and the proposal form."""

    intro = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["website.HomePage"]
    subpage_types = ["library.LibraryDocumentPage"]
    max_count = 1

    class Meta:
        verbose_name = _("index de la bibliothèque")

    @path("")
    def list_view(self, request):
        return page_views.call(self, "document_list", request)

    @path("proposer/")
    def propose_view(self, request):
        return page_views.call(self, "propose", request)


class LibraryDocumentPage(PlainTitleMixin, ChooserTitleMixin, RoutablePageMixin, Page):
    class Origin(models.TextChoices):
        OFFICIAL = "official", _("Document officiel (DGCS)")
        TERRITORY = "territory", _("Contribution d’un territoire")

    class Access(models.TextChoices):
        PUBLIC = "public", _("Public")
        MEMBERS = "members", _("Réservé aux membres")
        REFERENTS = "referents", _("Réservé aux référents")

    summary = models.TextField(
        _("résumé"),
        max_length=SUMMARY_MAX_LENGTH,
        help_text=_("Ce que contient le document et à quoi il sert, en quelques phrases."),
    )
    kind = models.ForeignKey(
        "taxonomy.DocumentKind",
        verbose_name=_("type de document"),
        on_delete=models.PROTECT,
        related_name="library_documents",
    )
    origin = models.CharField(
        _("origine"), max_length=20, choices=Origin.choices, default=Origin.OFFICIAL
    )
    territory = models.ForeignKey(
        "accounts.Territory",
        verbose_name=_("territoire"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="library_documents",
        help_text=_("Obligatoire pour la contribution d’un territoire."),
    )
    access = models.CharField(
        _("accès au fichier"),
        max_length=20,
        choices=Access.choices,
        default=Access.PUBLIC,
        help_text=_(
            "Public : tout le monde ; membres : personnes connectées membres d’un territoire ou "
            "ayant un rôle ; référents : référents des territoires et équipe d’animation."
        ),
    )
    audiences = ParentalManyToManyField(
        "taxonomy.Audience",
        verbose_name=_("publics cibles"),
        blank=True,
        related_name="library_documents",
    )
    barriers = ParentalManyToManyField(
        "taxonomy.Barrier",
        verbose_name=_("freins traités"),
        blank=True,
        related_name="library_documents",
    )
    benefits = ParentalManyToManyField(
        "taxonomy.Benefit",
        verbose_name=_("droits et prestations"),
        blank=True,
        related_name="library_documents",
    )
    action_types = ParentalManyToManyField(
        "taxonomy.ActionType",
        verbose_name=_("types d’action"),
        blank=True,
        related_name="library_documents",
    )
    partners = ParentalManyToManyField(
        "taxonomy.Partner",
        verbose_name=_("partenaires"),
        blank=True,
        related_name="library_documents",
    )
    download_count = models.PositiveIntegerField(_("téléchargements"), default=0, editable=False)

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.FilterField("origin"),
        index.FilterField("access"),
        index.FilterField("kind"),
    ]

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldPanel("origin"),
                FieldPanel("territory"),
                FieldPanel("access"),
            ],
            heading=_("Classement et accès"),
        ),
        HelpPanel(
            content=str(
                _(
                    "Les fichiers (et leurs versions successives) se déposent avec le bouton "
                    "« Versions du fichier » de la page, une fois la page enregistrée."
                )
            ),
            heading=_("Fichiers"),
        ),
    ]
    tag_panels = [
        FieldPanel("audiences"),
        FieldPanel("barriers"),
        FieldPanel("benefits"),
        FieldPanel("action_types"),
        FieldPanel("partners"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Contenu")),
            ObjectList(tag_panels, heading=_("Thèmes")),
            ObjectList(Page.promote_panels, heading=_("Référencement")),
        ]
    )

    parent_page_types = ["library.LibraryIndexPage"]
    subpage_types: list[str] = []
    exclude_fields_in_copy = ["download_count"]

    class Meta:
        verbose_name = _("document de la bibliothèque")
        verbose_name_plural = _("documents de la bibliothèque")

    def clean(self):
        super().clean()
        errors = {}
        if self.origin == self.Origin.TERRITORY and not self.territory_id:
            errors["territory"] = _(
                "Indiquez le territoire qui a produit ce document (contribution d’un territoire)."
            )
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = _(
                "L’adresse « %(slug)s » est réservée par la bibliothèque : choisissez-en une autre."
            ) % {"slug": self.slug}
        if errors:
            raise ValidationError(errors)

    def with_content_json(self, content):
        """Publishing a revision must not bring back an old download count."""
        obj = super().with_content_json(content)
        obj.download_count = self.download_count
        return obj

    @cached_property
    def current_version(self):
        """The latest approved version (``None`` before the first file)."""
        prefetched = getattr(self, "_prefetched_objects_cache", {}).get("versions")
        if prefetched is not None:
            approved = [v for v in prefetched if v.status == DocumentVersion.Status.APPROVED]
            return max(approved, key=lambda v: v.number, default=None)
        return (
            self.versions.filter(status=DocumentVersion.Status.APPROVED).order_by("-number").first()
        )

    @property
    def extracted_text(self) -> str:
        """The text of the current file (for the search index)."""
        version = self.current_version
        return version.extracted_text if version else ""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(page_views.call(self, "document_context", request))
        return context

    @path("")
    def document_view(self, request):
        from website import member_cache

        member_cache.mark_cacheable(request, self)
        return self.render(request)

    @path("nouvelle-version/")
    def add_version_view(self, request):
        return page_views.call(self, "add_version", request)


class DocumentVersion(models.Model):
    class Status(models.TextChoices):
        APPROVED = "approved", _("Publiée")
        PENDING = "pending", _("En attente de validation")

    document = models.ForeignKey(
        LibraryDocumentPage,
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="versions",
    )
    number = models.PositiveIntegerField(_("numéro"))
    label = models.CharField(
        _("nom de la version"),
        max_length=100,
        blank=True,
        help_text=_("Par exemple « v2 — mise à jour de mars 2025 ». Vide : « Version n »."),
    )
    published_on = models.DateField(
        _("date du document"), help_text=_("La date de cette version du document.")
    )
    file = models.FileField(
        _("fichier"), storage=get_private_storage, upload_to=version_upload_to, max_length=300
    )
    original_filename = models.CharField(_("nom du fichier"), max_length=255)
    file_kind = models.CharField(_("format"), max_length=10)
    size = models.PositiveBigIntegerField(_("taille (octets)"))
    sha256 = models.CharField(_("empreinte SHA-256"), max_length=64)
    content_type = models.CharField(_("type MIME"), max_length=120)
    extracted_text = models.TextField(_("texte extrait"), blank=True)
    notes = models.TextField(
        _("notes de version"),
        blank=True,
        help_text=_("Ce qui a changé depuis la version précédente."),
    )
    status = models.CharField(
        _("état"), max_length=20, choices=Status.choices, default=Status.APPROVED
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("déposée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="library_versions",
    )
    created_at = models.DateTimeField(_("déposée le"), auto_now_add=True)
    download_count = models.PositiveIntegerField(_("téléchargements"), default=0)

    class Meta:
        verbose_name = _("version d’un document")
        verbose_name_plural = _("versions des documents")
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="library_version_number_unique"
            ),
            models.UniqueConstraint(
                fields=["document", "sha256"], name="library_version_file_unique"
            ),
        ]

    def __str__(self):
        return f"{self.document.title} — {self.display_label}"

    @property
    def display_label(self) -> str:
        return self.label or str(_("Version %(number)s") % {"number": self.number})

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    @property
    def download_name(self) -> str:
        from website.uploads import safe_filename

        return safe_filename(self.original_filename, default=f"document-{self.pk}")

    def get_download_url(self) -> str:
        from django.urls import reverse

        return reverse("library:download", args=[self.pk, self.download_name])

    @property
    def kind_label(self) -> str:
        from website.uploads import kind_label

        return kind_label(self.file_kind)
