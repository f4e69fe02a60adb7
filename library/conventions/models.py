"""The clause library (*clausier*), the model conventions and the drafts of the builder.

A clause keeps every text it ever had as a ``ClauseVersion``; a draft stores the answers of the
builder as JSON with, for each section, the clause *and the version* chosen: a draft built earlier
keeps producing the same document until its owner updates it to the latest versions."""

import re

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel

from website.text import PlainCharField

VARIABLE_RE = re.compile(r"\{\{\s*([a-z][a-z0-9_]*)\s*\}\}")


def variables_in(text: str) -> list[str]:
    """Names of the ``{{ variables }}`` of a text, in order of first appearance."""
    seen: list[str] = []
    for name in VARIABLE_RE.findall(text or ""):
        if name not in seen:
            seen.append(name)
    return seen


class Section(models.TextChoices):
    """The 14 sections of a data-sharing convention, in their usual order."""

    PARTIES = "parties", _("Parties")
    OBJET = "objet", _("Objet")
    BASE_LEGALE = "base-legale", _("Base légale")
    FINALITES = "finalites", _("Finalités")
    CATEGORIES_DONNEES = "categories-donnees", _("Catégories de données")
    PERSONNES_CONCERNEES = "personnes-concernees", _("Personnes concernées")
    DESTINATAIRES = "destinataires", _("Destinataires")
    DUREE_CONSERVATION = "duree-conservation", _("Durée de conservation")
    SECURITE = "securite", _("Sécurité")
    ANALYSE_IMPACT = "analyse-impact", _("Analyse d’impact")
    DROITS_PERSONNES = "droits-personnes", _("Droits des personnes")
    SOUS_TRAITANCE = "sous-traitance", _("Sous-traitance")
    DUREE_RESILIATION = "duree-resiliation", _("Durée et résiliation")
    RESPONSABILITES = "responsabilites", _("Responsabilités")


SECTION_ORDER = {value: index for index, value in enumerate(Section.values)}


class ClauseQuerySet(models.QuerySet):
    def usable(self):
        """Clauses a new draft may choose: validated by the DGCS or validated territory
        proposals (flagged « proposée »). Pending, refused and withdrawn ones are not."""
        return self.filter(status__in=Clause.USABLE_STATUSES)

    def public(self):
        """Clauses shown in the public library (withdrawn ones stay readable, flagged)."""
        return self.filter(status__in=Clause.PUBLIC_STATUSES)


class Clause(models.Model):
    class Status(models.TextChoices):
        VALIDATED = "validee", _("Validée par la DGCS")
        PROPOSED = "proposee", _("Proposée par un territoire")
        WITHDRAWN = "retiree", _("Retirée")
        PENDING = "en-attente", _("Proposition en attente de validation")
        REFUSED = "refusee", _("Proposition refusée")

    USABLE_STATUSES = (Status.VALIDATED, Status.PROPOSED)
    PUBLIC_STATUSES = (Status.VALIDATED, Status.PROPOSED, Status.WITHDRAWN)

    title = PlainCharField(_("titre"), max_length=200)
    slug = models.SlugField(_("identifiant d’URL"), max_length=200, unique=True)
    section = models.CharField(_("section"), max_length=30, choices=Section.choices)
    text = models.TextField(
        _("texte"),
        help_text=_(
            "Les variables s’écrivent entre doubles accolades : {{ partenaire_1 }}, "
            "{{ duree_conservation }}… Chaque modification du texte crée une nouvelle version."
        ),
    )
    note = models.TextField(
        _("note explicative"),
        blank=True,
        help_text=_("Quand utiliser cette clause, références juridiques, points d’attention."),
    )
    status = models.CharField(
        _("statut"), max_length=20, choices=Status.choices, default=Status.VALIDATED
    )
    is_demo = models.BooleanField(
        _("texte fictif de démonstration"),
        default=False,
        help_text=_("Les documents produits avec ce texte portent un avertissement."),
    )
    territory = models.ForeignKey(
        "accounts.Territory",
        verbose_name=_("territoire qui propose"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposed_clauses",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposed_clauses",
    )
    alternative_to = models.ForeignKey(
        "self",
        verbose_name=_("alternative à"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposed_alternatives",
        help_text=_("Pour une proposition : la clause dont elle est une variante."),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("décision prise par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("date de la décision"), null=True, blank=True)
    decision_comment = models.TextField(_("commentaire de la décision"), blank=True)
    thread = models.ForeignKey(
        "forum.Thread",
        verbose_name=_("discussion du forum"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = ClauseQuerySet.as_manager()

    class Meta:
        verbose_name = _("clause")
        verbose_name_plural = _("clauses")
        ordering = ["section", "title"]
        indexes = [models.Index(fields=["status", "section"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("conventions:clause_detail", kwargs={"slug": self.slug})

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if self.status == self.Status.REFUSED and not (self.decision_comment or "").strip():
            raise ValidationError(
                {"decision_comment": _("Expliquez le refus : le motif est transmis au territoire.")}
            )

    @property
    def is_usable(self) -> bool:
        return self.status in self.USABLE_STATUSES

    @property
    def is_proposed(self) -> bool:
        return self.status == self.Status.PROPOSED

    @property
    def is_withdrawn(self) -> bool:
        return self.status == self.Status.WITHDRAWN

    @property
    def variables(self) -> list[str]:
        return variables_in(self.text)

    def latest_version(self):
        return self.versions.order_by("-number").first()

    @property
    def section_position(self) -> int:
        return SECTION_ORDER.get(self.section, 99)


class ClauseVersion(models.Model):
    """One text a clause had. Created by ``clauses.record_version`` at every change of text."""

    clause = models.ForeignKey(
        Clause, verbose_name=_("clause"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("texte"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur·rice"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("date"), default=timezone.now)

    class Meta:
        verbose_name = _("version de clause")
        verbose_name_plural = _("versions des clauses")
        ordering = ["clause", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["clause", "number"], name="conventions_version_unique")
        ]

    def __str__(self):
        return f"{self.clause} — v{self.number}"


class ConventionModel(ClusterableModel):
    """A model convention: an ordered set of sections, each with a default clause and
    alternatives."""

    title = PlainCharField(_("titre"), max_length=200)
    slug = models.SlugField(_("identifiant d’URL"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    is_published = models.BooleanField(
        _("publié"), default=True, help_text=_("Un modèle non publié n’est pas proposé.")
    )
    is_demo = models.BooleanField(_("modèle fictif de démonstration"), default=False)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)

    class Meta:
        verbose_name = _("modèle de convention")
        verbose_name_plural = _("modèles de convention")
        ordering = ["title"]

    def __str__(self):
        return self.title


class ModelSection(ClusterableModel):
    """Clusterable so that its ``alternatives`` (a ParentalManyToManyField) are saved with the
    model's inline panel in the Wagtail admin. Outside the admin, use ``clauses.add_alternative``.
    """

    convention_model = ParentalKey(
        ConventionModel,
        verbose_name=_("modèle"),
        on_delete=models.CASCADE,
        related_name="sections",
    )
    section = models.CharField(_("section"), max_length=30, choices=Section.choices)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    default_clause = models.ForeignKey(
        Clause,
        verbose_name=_("clause par défaut"),
        on_delete=models.PROTECT,
        related_name="default_in_sections",
    )
    alternatives = ParentalManyToManyField(
        Clause, verbose_name=_("alternatives"), blank=True, related_name="alternative_in_sections"
    )

    class Meta:
        verbose_name = _("section du modèle")
        verbose_name_plural = _("sections du modèle")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["convention_model", "section"], name="conventions_model_section_unique"
            )
        ]

    def __str__(self):
        return f"{self.convention_model} — {self.get_section_display()}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.default_clause_id and self.default_clause.section != self.section:
            raise ValidationError(
                {
                    "default_clause": _("Choisissez une clause de la section « %(s)s ».")
                    % {"s": self.get_section_display()}
                }
            )


class ConventionDraft(models.Model):
    """A convention being built. ``answers`` holds every step's answers (see services)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur·rice"),
        on_delete=models.CASCADE,
        related_name="convention_drafts",
    )
    convention_model = models.ForeignKey(
        ConventionModel,
        verbose_name=_("modèle"),
        on_delete=models.PROTECT,
        related_name="drafts",
    )
    title = PlainCharField(_("titre"), max_length=200)
    answers = models.JSONField(_("réponses"), default=dict, blank=True)
    shared_territory = models.ForeignKey(
        "accounts.Territory",
        verbose_name=_("partagé avec l’équipe de"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="convention_drafts",
    )
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    updated_at = models.DateTimeField(_("modifié le"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("projet de convention")
        verbose_name_plural = _("projets de convention")
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["owner", "-updated_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("conventions:draft_summary", kwargs={"pk": self.pk})
