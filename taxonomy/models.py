"""Shared vocabularies used to tag practice sheets, documents, discussions and events.

They are data: loaded from ``data/taxonomy.yaml`` by a data migration, then edited by
administrators in the Wagtail admin (menu « Vocabulaires »). Slugs are stable keys used in URLs
(``/fiches/?frein=fracture-numerique``); labels may change freely."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Term(models.Model):
    slug = models.SlugField(
        _("identifiant"),
        max_length=80,
        unique=True,
        help_text=_("Clé stable utilisée dans les adresses ; évitez de la modifier."),
    )
    label = models.CharField(_("libellé"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    is_active = models.BooleanField(
        _("actif"), default=True, help_text=_("Un terme inactif n’est plus proposé.")
    )

    class Meta:
        abstract = True
        ordering = ["position", "label"]

    def __str__(self):
        return self.label


class Audience(Term):
    class Meta(Term.Meta):
        verbose_name = _("public cible")
        verbose_name_plural = _("publics cibles")


class Barrier(Term):
    """A cause of non-take-up, in two levels: the Odenore families and their causes."""

    parent = models.ForeignKey(
        "self",
        verbose_name=_("famille"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        limit_choices_to={"parent__isnull": True},
        help_text=_("Vide pour une famille (non-connaissance, non-demande…)."),
    )

    class Meta(Term.Meta):
        verbose_name = _("frein")
        verbose_name_plural = _("freins (causes du non-recours)")

    def __str__(self):
        if self.parent_id:
            return f"{self.parent.label} › {self.label}"
        return self.label

    def clean(self):
        if self.parent_id:
            if self.parent_id == self.pk:
                raise ValidationError({"parent": _("Un frein ne peut pas être sa propre famille.")})
            if self.parent.parent_id:
                raise ValidationError(
                    {"parent": _("Les freins n’ont que deux niveaux : choisissez une famille.")}
                )
            if self.pk and self.children.exists():
                raise ValidationError(
                    {"parent": _("Cette famille a des freins : elle ne peut pas être rattachée.")}
                )


class Benefit(Term):
    class Meta(Term.Meta):
        verbose_name = _("droit ou prestation")
        verbose_name_plural = _("droits et prestations")


class ActionType(Term):
    class Meta(Term.Meta):
        verbose_name = _("type d’action")
        verbose_name_plural = _("types d’action")


class Partner(Term):
    class Meta(Term.Meta):
        verbose_name = _("partenaire")
        verbose_name_plural = _("partenaires")


class DocumentKind(Term):
    class Meta(Term.Meta):
        verbose_name = _("type de document")
        verbose_name_plural = _("types de document")


class ResultIndicator(Term):
    """An indicator of the evaluation kit: practice sheets report their results with it, and the
    kit's data-collection template has one column per active indicator. Its definition (what is
    counted, how, from which source, over which period) is shown at
    /bibliotheque/kit-evaluation/indicateurs/<slug>/."""

    class Family(models.TextChoices):
        OUTREACH = "reperage", _("Repérage et prise de contact")
        ACCESS = "acces-aux-droits", _("Accompagnement et accès aux droits")
        PARTNERSHIP = "partenariats", _("Professionnels et partenariats")

    class ValueKind(models.TextChoices):
        COUNT = "effectif", _("Effectif (nombre entier)")
        AMOUNT = "montant", _("Montant (nombre décimal)")
        AVERAGE = "moyenne", _("Moyenne (nombre décimal)")
        RATE = "taux", _("Taux (pourcentage entre 0 et 100)")

    # Values of several sheets or territories may be added up only for these kinds.
    ADDITIVE_KINDS = (ValueKind.COUNT, ValueKind.AMOUNT)
    # The fields a complete definition needs (an active indicator must have them all).
    DEFINITION_FIELDS = ("definition", "counting_method", "data_source", "period")

    unit = models.CharField(
        _("unité"), max_length=40, help_text=_("Au pluriel : personnes, droits, euros, jours, %.")
    )
    family = models.CharField(
        _("famille"),
        max_length=30,
        choices=Family.choices,
        default=Family.ACCESS,
        help_text=_("Regroupe les indicateurs sur la page du kit d’évaluation."),
    )
    value_kind = models.CharField(
        _("type de valeur"),
        max_length=20,
        choices=ValueKind.choices,
        default=ValueKind.COUNT,
        help_text=_(
            "Décide des valeurs acceptées par le modèle de collecte et si les valeurs de "
            "plusieurs fiches peuvent s’additionner (effectifs et montants seulement)."
        ),
    )
    definition = models.TextField(
        _("définition"),
        blank=True,
        help_text=_("Ce que l’indicateur mesure, en une ou deux phrases."),
    )
    counting_method = models.TextField(
        _("mode de calcul"),
        blank=True,
        help_text=_("Comment compter : ce qui est inclus ou exclu, dédoublonnage, formule."),
    )
    data_source = models.TextField(
        _("source des données"),
        blank=True,
        help_text=_("Où trouver les chiffres : outil de suivi, données des partenaires…"),
    )
    period = models.CharField(
        _("période de référence"),
        max_length=200,
        blank=True,
        help_text=_("Par exemple : année civile (du 1er janvier au 31 décembre)."),
    )
    quarterly = models.BooleanField(
        _("suivi trimestriel"),
        default=False,
        help_text=_("Les bilans donnent aussi une valeur par trimestre (T1 à T4)."),
    )
    per_inhabitants = models.BooleanField(
        _("comparable pour 1 000 habitants"),
        default=False,
        help_text=_("La comparaison des territoires peut ramener la valeur à leur population."),
    )
    rate_of = models.ForeignKey(
        "self",
        verbose_name=_("taux : rapporté à l’indicateur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Si renseigné, la comparaison peut montrer la valeur en pourcentage de cet "
            "indicateur (droits ouverts pour 100 personnes accompagnées…)."
        ),
    )
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta(Term.Meta):
        verbose_name = _("indicateur de résultat")
        verbose_name_plural = _("indicateurs de résultat")

    @property
    def is_additive(self) -> bool:
        return self.value_kind in self.ADDITIVE_KINDS

    def clean(self):
        super().clean()
        if self.is_active:
            message = _("Obligatoire pour un indicateur actif, qui figure dans le kit.")
            missing = {
                name: message
                for name in self.DEFINITION_FIELDS
                if not (getattr(self, name) or "").strip()
            }
            if missing:
                raise ValidationError(missing)


# YAML section → model, in loading order.
VOCABULARIES = {
    "audiences": Audience,
    "barriers": Barrier,
    "benefits": Benefit,
    "action_types": ActionType,
    "partners": Partner,
    "document_kinds": DocumentKind,
    "result_indicators": ResultIndicator,
}
