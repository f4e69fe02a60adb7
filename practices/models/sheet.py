"""The practice sheet page: what was done, for whom, with what means and results, tagged with the
shared vocabularies; its routes (the page, « Je m’en inspire », writing to its contacts)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from practices.blocks import ActionsStreamBlock
from practices.models.index import TerritoryFolderPage
from practices.models.sheet_form import SheetForm
from website import page_views
from website.blocks import RICH_TEXT_FEATURES
from website.chooser_titles import ChooserTitleMixin
from website.text import PlainCharField, PlainTitleMixin

SUMMARY_MAX_LENGTH = 300


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
            # Wagtail's promote panels in plain words, without « show in menus » (a sheet is
            # never in a menu).
            ObjectList(
                [
                    MultiFieldPanel(
                        [
                            FieldPanel(
                                "slug",
                                heading=_("Adresse de la page (fin de l’URL)"),
                                help_text=_(
                                    "Les mots qui terminent l’adresse de la fiche, en "
                                    "minuscules et reliés par des tirets, par exemple "
                                    "« un-bus-des-droits ». Proposée d’après le titre ; si vous "
                                    "la changez, l’ancienne adresse mène à la nouvelle."
                                ),
                            ),
                            FieldPanel(
                                "seo_title",
                                heading=_("Titre pour les moteurs de recherche"),
                                help_text=_(
                                    "Le titre cliquable dans les résultats des moteurs de "
                                    "recherche. Vide : le titre de la fiche."
                                ),
                            ),
                            FieldPanel(
                                "search_description",
                                heading=_("Description pour les moteurs de recherche"),
                                help_text=_(
                                    "Le court texte affiché sous ce titre dans les résultats. "
                                    "Vide : le moteur choisit lui-même un extrait de la fiche."
                                ),
                            ),
                        ],
                        heading=_("Pour les moteurs de recherche"),
                    ),
                ],
                heading=_("Référencement"),
            ),
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
        context = super().get_context(request, *args, **kwargs)
        context.update(page_views.call(self, "sheet_context", request))
        return context

    @path("")
    def sheet_view(self, request):
        from website import member_cache

        member_cache.mark_cacheable(request, self)
        return self.render(request)

    @path("je-m-en-inspire/")
    def reuse_view(self, request):
        return page_views.call(self, "reuse", request)

    @path("contacter/")
    def contact_view(self, request):
        return page_views.call(self, "contact", request)
