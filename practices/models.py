"""Practice sheets (fiches pratiques): Wagtail pages, one folder per territory.

Tree: ``PracticeIndexPage`` (/fiches/) → ``TerritoryFolderPage`` (one per territory, created with
the territory, carrying its team's page permissions) → ``PracticeSheetPage``."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from practices.blocks import ActionsStreamBlock
from website.blocks import RICH_TEXT_FEATURES
from website.chooser_titles import ChooserTitleMixin
from website.text import PlainCharField, PlainTitleMixin

SUMMARY_MAX_LENGTH = 300


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
        from practices import browse

        return browse.sheet_list(request, self)

    @path("export.csv")
    def csv_view(self, request):
        from practices import browse

        return browse.sheet_csv(request, self)

    @path("flux/")
    def feed_view(self, request):
        from practices import browse

        return browse.sheet_feed(request, self)

    @re_path(r"^themes/(?P<family>[-\w]+)/(?P<slug>[-\w]+)/$")
    def theme_view(self, request, family, slug):
        from practices import browse

        return browse.theme(request, self, family, slug)

    @path("themes/")
    def themes_view(self, request):
        from practices import browse

        return browse.theme_index(request, self)


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


class SheetForm(WagtailAdminPageForm):
    """The territory of a sheet is the territory of the folder it is written in; its contacts
    are chosen among that territory's team only."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "contacts" in self.fields:
            from accounts.models import Membership, User

            territory_id = self.instance.territory_id
            parent = getattr(self, "parent_page", None)
            if territory_id is None and parent is not None:
                folder = parent.specific
                territory_id = getattr(folder, "territory_id", None)
            self.fields["contacts"].queryset = User.objects.filter(
                is_active=True,
                memberships__territory_id=territory_id,
                memberships__status=Membership.Status.ACCEPTED,
            ).order_by("last_name", "first_name")

        self._offer_active_terms_only()

    def _offer_active_terms_only(self):
        """Retired vocabulary terms and result indicators (``is_active`` off) are no longer
        offered, except where this sheet already uses them: editing an older sheet keeps its
        choices."""
        from taxonomy.models import Term

        for name, field in self.fields.items():
            model = getattr(getattr(field, "queryset", None), "model", None)
            if model is None or not issubclass(model, Term):
                continue
            initial = self.initial.get(name)
            # A list or queryset of terms (many-to-many) or one term or id.
            values = [initial] if isinstance(initial, str | int | Term) else list(initial or [])
            used = [getattr(value, "pk", value) for value in values if value]
            field.queryset = field.queryset.filter(Q(is_active=True) | Q(pk__in=used))
        results = getattr(self, "formsets", {}).get("results")
        if results is None:
            return

        def offer_active_indicators(form):
            field = form.fields.get("indicator")
            if field is not None:
                current = [form.instance.indicator_id] if form.instance.indicator_id else []
                field.queryset = field.queryset.filter(Q(is_active=True) | Q(pk__in=current))

        class ResultLineForm(results.form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                offer_active_indicators(self)

        for form in results.forms:
            offer_active_indicators(form)
        results.form = ResultLineForm  # the blank form (« Ajouter un résultat »)

    def clean(self):
        cleaned_data = super().clean()
        parent = getattr(self, "parent_page", None)
        if parent is not None and not self.instance.territory_id:
            folder = parent.specific
            if isinstance(folder, TerritoryFolderPage):
                self.instance.territory = folder.territory
        return cleaned_data


class PracticeSheetPage(PlainTitleMixin, ChooserTitleMixin, RoutablePageMixin, Page):
    class ActionStatus(models.TextChoices):
        PROJECT = "en-projet", _("En projet")
        ONGOING = "en-cours", _("En cours")
        DONE = "terminee", _("Terminée")
        GENERALISED = "generalisee", _("Généralisée")

    class Maturity(models.TextChoices):
        IDEA = "idee", _("Idée")
        TESTED = "testee", _("Testée")
        EVALUATED = "evaluee", _("Évaluée")

    class BudgetRange(models.TextChoices):
        NONE = "aucun", _("Sans budget spécifique")
        UNDER_10K = "moins-10k", _("Moins de 10 000 €")
        FROM_10K_TO_50K = "10k-50k", _("De 10 000 à 50 000 €")
        FROM_50K_TO_150K = "50k-150k", _("De 50 000 à 150 000 €")
        OVER_150K = "plus-150k", _("Plus de 150 000 €")

    summary = models.TextField(
        _("chapô"),
        max_length=SUMMARY_MAX_LENGTH,
        help_text=_("En 300 caractères au plus : ce qui a été fait, pour qui, avec quel résultat."),
    )
    territory = models.ForeignKey(
        "accounts.Territory",
        verbose_name=_("territoire"),
        on_delete=models.PROTECT,
        related_name="practice_sheets",
        null=True,
        blank=True,
        help_text=_("Rempli automatiquement : le territoire du dossier de la fiche."),
    )
    organisation = PlainCharField(
        _("structure porteuse"),
        max_length=200,
        help_text=_("Qui porte l’action : collectivité, CCAS, association, caisse…"),
    )
    start_date = models.DateField(
        _("début de l’action"), null=True, blank=True, help_text=_("Date de lancement.")
    )
    end_date = models.DateField(
        _("fin de l’action"), null=True, blank=True, help_text=_("Vide si l’action continue.")
    )
    action_status = models.CharField(
        _("état de l’action"),
        max_length=20,
        choices=ActionStatus.choices,
        default=ActionStatus.ONGOING,
        help_text=_("Où en est l’action aujourd’hui."),
    )
    maturity = models.CharField(
        _("maturité"),
        max_length=20,
        choices=Maturity.choices,
        default=Maturity.TESTED,
        help_text=_(
            "Idée : pas encore essayée ; testée : mise en œuvre ; évaluée : résultats mesurés."
        ),
    )

    audiences = ParentalManyToManyField(
        "taxonomy.Audience",
        verbose_name=_("publics cibles"),
        blank=True,
        related_name="sheets",
        help_text=_("Les personnes que l’action cherche à atteindre."),
    )
    barriers = ParentalManyToManyField(
        "taxonomy.Barrier",
        verbose_name=_("freins traités"),
        blank=True,
        related_name="sheets",
        help_text=_("Les causes du non-recours auxquelles l’action répond."),
    )
    benefits = ParentalManyToManyField(
        "taxonomy.Benefit",
        verbose_name=_("droits et prestations visés"),
        blank=True,
        related_name="sheets",
        help_text=_("Les droits que l’action aide à ouvrir."),
    )
    action_types = ParentalManyToManyField(
        "taxonomy.ActionType",
        verbose_name=_("types d’action"),
        blank=True,
        related_name="sheets",
        help_text=_("La nature de l’action : repérage, aller-vers…"),
    )
    partners = ParentalManyToManyField(
        "taxonomy.Partner",
        verbose_name=_("partenaires"),
        blank=True,
        related_name="sheets",
        help_text=_("Les institutions associées à l’action."),
    )

    context = RichTextField(
        _("contexte et problème"),
        features=RICH_TEXT_FEATURES,
        help_text=_("La situation de départ : quel non-recours, quels constats, quels chiffres."),
    )
    actions = StreamField(
        ActionsStreamBlock(),
        verbose_name=_("ce qui a été fait"),
        help_text=_("Les étapes, les outils, les témoignages, les chiffres clés."),
    )
    staff_fte = models.DecimalField(
        _("moyens humains (ETP)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("En équivalents temps plein, par exemple 1,5."),
    )
    budget_range = models.CharField(
        _("budget"),
        max_length=20,
        choices=BudgetRange.choices,
        blank=True,
        help_text=_("Coût annuel approximatif, hors salaires des agents déjà en poste."),
    )
    duration = models.CharField(
        _("durée de mise en place"),
        max_length=120,
        blank=True,
        help_text=_("Par exemple : 6 mois de préparation, puis 2 jours par mois."),
    )
    tools = models.TextField(
        _("outils utilisés"),
        blank=True,
        help_text=_("Logiciels, simulateurs, supports de communication…"),
    )
    data_sharing = models.BooleanField(
        _("l’action repose sur un partage de données"),
        default=False,
        help_text=_("Croisement de fichiers entre partenaires pour repérer des personnes."),
    )
    data_sharing_partners = ParentalManyToManyField(
        "taxonomy.Partner",
        verbose_name=_("partenaires du partage de données"),
        blank=True,
        related_name="data_sharing_sheets",
        help_text=_("Les institutions dont les fichiers sont croisés ou échangés."),
    )
    data_sharing_details = models.TextField(
        _("modalités du partage de données"),
        blank=True,
        help_text=_("Convention signée, base légale, données échangées, précautions prises."),
    )
    lessons_worked = RichTextField(
        _("ce qui a marché"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("Les conditions de réussite que vous avez observées."),
    )
    lessons_pitfalls = RichTextField(
        _("les pièges à éviter"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("Ce que vous feriez autrement, les difficultés rencontrées."),
    )
    replication = RichTextField(
        _("conditions pour reproduire l’action"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_(
            "Ce qu’il faut à un autre territoire : partenaires, données, compétences, "
            "budget, temps."
        ),
    )
    contacts = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contacts"),
        blank=True,
        related_name="practice_sheets_as_contact",
        help_text=_(
            "Membres de l’équipe du territoire à qui écrire. Leur adresse n’est jamais "
            "affichée : les messages passent par la plateforme."
        ),
    )
    results_not_measured = models.BooleanField(
        _("résultats pas encore mesurés"),
        default=False,
        help_text=_("Cochez si aucun indicateur n’est encore disponible."),
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("context"),
        index.SearchField("actions"),
        index.FilterField("territory"),
        index.FilterField("action_status"),
        index.FilterField("maturity"),
    ]

    base_form_class = SheetForm
    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("organisation"),
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldRowPanel([FieldPanel("action_status"), FieldPanel("maturity")]),
            ],
            heading=_("L’action"),
        ),
        FieldPanel("context"),
        FieldPanel("actions"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("staff_fte"), FieldPanel("budget_range")]),
                FieldPanel("duration"),
                FieldPanel("tools"),
            ],
            heading=_("Moyens nécessaires"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("data_sharing"),
                FieldPanel("data_sharing_partners"),
                FieldPanel("data_sharing_details"),
            ],
            heading=_("Partage de données"),
        ),
        MultiFieldPanel(
            [FieldPanel("lessons_worked"), FieldPanel("lessons_pitfalls")],
            heading=_("Enseignements"),
        ),
        FieldPanel("replication"),
        MultiFieldPanel(
            [FieldPanel("results_not_measured"), InlinePanel("results", label=_("Résultat"))],
            heading=_("Résultats (indicateurs du kit d’évaluation)"),
        ),
        FieldPanel("contacts"),
        InlinePanel("attachments", label=_("Pièce jointe"), heading=_("Pièces jointes")),
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

    parent_page_types = ["practices.TerritoryFolderPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("fiche pratique")
        verbose_name_plural = _("fiches pratiques")

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": _("La fin de l’action ne peut pas précéder son début.")}
            )

    def save(self, *args, **kwargs):
        if not self.territory_id and self.pk is None and self.depth:
            parent = self.get_parent()
            if parent is not None and isinstance(parent.specific, TerritoryFolderPage):
                self.territory_id = parent.specific.territory_id
        return super().save(*args, **kwargs)

    def cache_scopes(self) -> tuple[str, ...]:
        """What the sheet shows besides itself (website.cache_rules): tags, territory, related
        sheets and reuses, indicators, the threads linked to it."""
        return ("practices", "taxonomy", "territories", "kit", f"forum.page:{self.pk}")

    def get_context(self, request, *args, **kwargs):
        from practices import sheet_views

        context = super().get_context(request, *args, **kwargs)
        context.update(sheet_views.sheet_context(request, self))
        return context

    @path("")
    def sheet_view(self, request):
        from website import member_cache

        member_cache.mark_cacheable(request, self)
        return self.render(request)

    @path("je-m-en-inspire/")
    def reuse_view(self, request):
        from practices import sheet_views

        return sheet_views.reuse(request, self)

    @path("contacter/")
    def contact_view(self, request):
        from practices import sheet_views

        return sheet_views.contact(request, self)


class ResultLine(Orderable):
    sheet = ParentalKey(PracticeSheetPage, on_delete=models.CASCADE, related_name="results")
    indicator = models.ForeignKey(
        "taxonomy.ResultIndicator",
        verbose_name=_("indicateur"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Un indicateur du kit d’évaluation."),
    )
    value = models.DecimalField(
        _("valeur"),
        max_digits=14,
        decimal_places=2,
        help_text=_("Le chiffre atteint, dans l’unité de l’indicateur."),
    )
    period = models.CharField(
        _("période"),
        max_length=100,
        help_text=_("Par exemple : de janvier à décembre 2024."),
    )
    source = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_("D’où vient le chiffre : tableau de suivi, données CAF, évaluation…"),
    )

    panels = [
        FieldRowPanel(
            [
                FieldPanel(
                    "indicator",
                    help_text=_(
                        "Un indicateur du kit d’évaluation : sa définition, son mode de calcul et "
                        "sa période sont sur /bibliotheque/kit-evaluation/. La fiche renvoie vers "
                        "sa page."
                    ),
                ),
                FieldPanel(
                    "value",
                    help_text=_(
                        "Le chiffre atteint, dans l’unité de l’indicateur (personnes, droits, "
                        "euros, jours, %), compté comme le dit sa définition."
                    ),
                ),
            ]
        ),
        FieldRowPanel([FieldPanel("period"), FieldPanel("source")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("résultat")
        verbose_name_plural = _("résultats")


class SheetAttachment(Orderable):
    sheet = ParentalKey(PracticeSheetPage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("PDF, DOCX, ODT, XLSX, ODS ou CSV."),
    )
    title = models.CharField(
        _("titre affiché"),
        max_length=200,
        blank=True,
        help_text=_("Vide : le titre du document."),
    )

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("pièce jointe")


class Reuse(models.Model):
    """« Je m’en inspire » : a territory reuses or adapts a sheet."""

    class Kind(models.TextChoices):
        REUSE = "reprise", _("Nous la reprenons telle quelle")
        ADAPT = "adaptation", _("Nous l’adaptons")
        CONSIDER = "etude", _("Nous l’étudions")

    sheet = models.ForeignKey(
        PracticeSheetPage,
        verbose_name=_("fiche"),
        on_delete=models.CASCADE,
        related_name="reuses",
    )
    territory = models.ForeignKey(
        "accounts.Territory",
        verbose_name=_("territoire"),
        on_delete=models.CASCADE,
        related_name="reuses",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("déclaré par"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.ADAPT)
    comment = models.TextField(_("commentaire"), blank=True, max_length=2000)
    own_sheet = models.ForeignKey(
        PracticeSheetPage,
        verbose_name=_("notre fiche"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inspired_by",
    )
    created_at = models.DateTimeField(_("déclarée le"), default=timezone.now)

    class Meta:
        verbose_name = _("reprise d’une fiche")
        verbose_name_plural = _("reprises de fiches")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "territory"], name="practices_reuse_unique")
        ]

    def __str__(self):
        return f"{self.territory} ← {self.sheet}"


class ContactMessage(models.Model):
    """A message written to a sheet's contacts through the platform."""

    sheet = models.ForeignKey(
        PracticeSheetPage,
        verbose_name=_("fiche"),
        on_delete=models.CASCADE,
        related_name="contact_messages",
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("expéditeur"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    body = models.TextField(_("message"), max_length=5000)
    created_at = models.DateTimeField(_("envoyé le"), default=timezone.now)

    class Meta:
        verbose_name = _("message aux contacts d’une fiche")
        verbose_name_plural = _("messages aux contacts des fiches")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.sender} → {self.sheet}"


from practices.models_workflow import *  # noqa
