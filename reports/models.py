"""Indicator reports (« bilans »): for a territory and a year, one value per indicator of the
evaluation kit (per quarter too where the indicator asks for it), drafted by the territory's
team, validated by its référent, then locked. A correction is a new version of the same report,
with its reason; the versions it replaces stay, marked « remplacée », so the history is kept.

Only one version of a territory's year is open (draft, sent, or sent back) at a time, and only
one is validated: readers see the validated one until its correction is validated in turn."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

YEAR = _("année")


class ReportingCampaign(models.Model):
    """The yearly collection: which year is reported, and by when the report must be validated
    (« en retard » after that date)."""

    year = models.PositiveSmallIntegerField(YEAR, unique=True)
    due_on = models.DateField(
        _("à valider au plus tard le"),
        help_text=_("Passé cette date, un bilan non validé est signalé en retard."),
    )
    is_open = models.BooleanField(
        _("ouverte"), default=True, help_text=_("Les équipes peuvent saisir les bilans de l’année.")
    )

    class Meta:
        verbose_name = _("campagne de bilans")
        verbose_name_plural = _("campagnes de bilans")
        ordering = ["-year"]

    def __str__(self):
        return str(_("Bilans %(year)s") % {"year": self.year})


class Report(models.Model):
    class Status(models.TextChoices):
        DRAFT = "brouillon", _("Brouillon")
        SUBMITTED = "envoye", _("En attente de validation")
        CHANGES_REQUESTED = "a-reprendre", _("À reprendre")
        VALIDATED = "valide", _("Validé")
        SUPERSEDED = "remplace", _("Remplacé par une correction")

    OPEN_STATUSES = (Status.DRAFT, Status.SUBMITTED, Status.CHANGES_REQUESTED)
    EDITABLE_STATUSES = (Status.DRAFT, Status.CHANGES_REQUESTED)

    territory = models.ForeignKey(
        "accounts.Territory",
        verbose_name=_("territoire"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    year = models.PositiveSmallIntegerField(YEAR)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrige la version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    correction_reason = models.TextField(_("raison de la correction"), blank=True)
    status = models.CharField(
        _("statut"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    scaled_back = models.BooleanField(
        _("ambitions revues à la baisse"),
        default=False,
        help_text=_("Le territoire a réduit ses objectifs ou son périmètre cette année."),
    )
    scaled_back_reason = models.TextField(_("pourquoi"), blank=True, max_length=2000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    submitted_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("validé par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    validated_at = models.DateTimeField(_("validé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("bilan")
        verbose_name_plural = _("bilans")
        ordering = ["territory__name", "-year", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "year", "version"], name="reports_report_version_unique"
            ),
            models.UniqueConstraint(
                fields=["territory", "year"],
                condition=Q(status__in=["brouillon", "envoye", "a-reprendre"]),
                name="reports_report_one_open",
            ),
            models.UniqueConstraint(
                fields=["territory", "year"],
                condition=Q(status="valide"),
                name="reports_report_one_validated",
            ),
        ]
        indexes = [models.Index(fields=["year", "status"])]

    def __str__(self):
        label = _("Bilan %(year)s — %(territory)s") % {
            "year": self.year,
            "territory": self.territory.name,
        }
        if self.version > 1:
            label += f" (v{self.version})"
        return str(label)

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE_STATUSES

    @property
    def is_validated(self) -> bool:
        return self.status == self.Status.VALIDATED


class ReportValue(models.Model):
    """One figure of a report: an indicator for the whole year (``quarter`` 0) or one quarter."""

    QUARTERS = ((0, _("Année entière")), (1, "T1"), (2, "T2"), (3, "T3"), (4, "T4"))

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(
        "taxonomy.ResultIndicator",
        verbose_name=_("indicateur"),
        on_delete=models.PROTECT,
        related_name="report_values",
    )
    quarter = models.PositiveSmallIntegerField(_("période"), choices=QUARTERS, default=0)
    value = models.DecimalField(_("valeur"), max_digits=14, decimal_places=2)
    unit = models.CharField(
        _("unité"),
        max_length=40,
        help_text=_("L’unité de l’indicateur quand la valeur a été saisie."),
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    method = models.TextField(_("méthode"), blank=True, max_length=2000)
    comment = models.TextField(_("commentaire"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("valeur d’un bilan")
        verbose_name_plural = _("valeurs des bilans")
        ordering = ["indicator__position", "indicator__label", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "indicator", "quarter"], name="reports_value_unique"
            ),
        ]

    def __str__(self):
        return f"{self.indicator} {self.get_quarter_display()} : {self.value}"


class ReportEvent(models.Model):
    """The history of a report: who did what, when, with what comment."""

    class Kind(models.TextChoices):
        CREATED = "creation", _("Bilan commencé")
        EDITED = "saisie", _("Valeurs saisies")
        IMPORTED = "import", _("Modèle de collecte importé")
        SUBMITTED = "envoi", _("Envoyé pour validation")
        CHANGES_REQUESTED = "demande", _("Modifications demandées")
        VALIDATED = "validation", _("Validé")
        CORRECTION = "correction", _("Correction ouverte")
        SUPERSEDED = "remplacement", _("Remplacé par la version corrigée")
        REMINDER = "relance", _("Relance envoyée")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("étape"), max_length=20, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("par"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("le"), auto_now_add=True)
    comment = models.TextField(_("commentaire"), blank=True)

    class Meta:
        verbose_name = _("étape d’un bilan")
        verbose_name_plural = _("historique des bilans")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.report} — {self.get_kind_display()}"


class ReportReminder(models.Model):
    """A reminder sent to a territory's team and référents about a year's report."""

    territory = models.ForeignKey(
        "accounts.Territory", on_delete=models.CASCADE, related_name="report_reminders"
    )
    year = models.PositiveSmallIntegerField(YEAR)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(_("envoyée le"), auto_now_add=True)
    recipients = models.PositiveSmallIntegerField(_("destinataires"), default=0)

    class Meta:
        verbose_name = _("relance d’un bilan")
        verbose_name_plural = _("relances des bilans")
        ordering = ["-sent_at"]
        indexes = [models.Index(fields=["year", "territory"])]

    def __str__(self):
        return f"{self.territory} — {self.year} — {self.sent_at:%d/%m/%Y}"


class ReportImport(models.Model):
    """A filled collection template, read but not imported yet: its accepted lines and the
    row-by-row report wait here until the person confirms (or cancels). Nothing reaches the
    report before that, and then every accepted line is saved in one transaction."""

    class Status(models.TextChoices):
        PENDING = "en-attente", _("À confirmer")
        CONFIRMED = "confirme", _("Importé")
        CANCELLED = "annule", _("Abandonné")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="imports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("déposé le"), auto_now_add=True)
    file_name = models.CharField(_("fichier"), max_length=255)
    rows = models.JSONField(_("lignes acceptées"), default=list)
    problems = models.JSONField(_("compte rendu"), default=list)
    status = models.CharField(
        _("statut"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    decided_at = models.DateTimeField(_("confirmé ou abandonné le"), null=True, blank=True)

    class Meta:
        verbose_name = _("import d’un modèle de collecte")
        verbose_name_plural = _("imports des modèles de collecte")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.report} — {self.file_name}"
