"""The results of a practice sheet: values of the evaluation kit's indicators, each for a year
or between two dates, with its source or method and a comment."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats
from django.utils.translation import gettext as _now
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

from practices.models.sheet import PracticeSheetPage


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
    year = models.PositiveSmallIntegerField(
        _("année"),
        null=True,
        blank=True,
        help_text=_("L’année civile mesurée, par exemple 2024. Ou bien les dates ci-dessous."),
    )
    period_start = models.DateField(_("du"), null=True, blank=True)
    period_end = models.DateField(_("au"), null=True, blank=True)
    period = models.CharField(
        _("période"),
        max_length=100,
        blank=True,
        help_text=_("Rempli d’après l’année ou les dates ; libre pour les résultats anciens."),
    )
    source = models.CharField(
        _("source ou méthode"),
        max_length=200,
        blank=True,
        help_text=_("D’où vient le chiffre : tableau de suivi, données CAF, évaluation…"),
    )
    comment = models.TextField(
        _("commentaire"),
        max_length=1000,
        blank=True,
        help_text=_("Ce qui aide à lire le chiffre : périmètre, limites, comparaison."),
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
        FieldRowPanel([FieldPanel("year"), FieldPanel("period_start"), FieldPanel("period_end")]),
        FieldRowPanel([FieldPanel("source"), FieldPanel("comment")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("résultat")
        verbose_name_plural = _("résultats")

    @property
    def period_text(self) -> str:
        return period_label(self)

    def clean(self):
        super().clean()
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _now("La fin de la période précède son début.")})
        if bool(self.period_start) != bool(self.period_end):
            field = "period_end" if self.period_start else "period_start"
            raise ValidationError({field: _now("Donnez le début et la fin de la période.")})
        if self.year and self.period_start:
            raise ValidationError({"year": _now("Donnez une année ou des dates, pas les deux.")})
        if not (self.year or self.period_start or (self.period or "").strip()):
            raise ValidationError(
                {"year": _now("Indiquez l’année mesurée, ou les dates de début et de fin.")}
            )

    def save(self, *args, **kwargs):
        label = period_label(self)
        if label:
            self.period = label
        return super().save(*args, **kwargs)


def period_label(line) -> str:
    """« 2024 », « du 1 janvier 2024 au 30 juin 2024 », or the free text of older results."""
    if line.year:
        return str(line.year)
    if line.period_start and line.period_end:
        return _now("du %(start)s au %(end)s") % {
            "start": formats.date_format(line.period_start, "j F Y"),
            "end": formats.date_format(line.period_end, "j F Y"),
        }
    return line.period or ""
