"""The results of a practice sheet: values of the evaluation kit's indicators."""

from django.db import models
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
