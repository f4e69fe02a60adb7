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
    unit = models.CharField(_("unité"), max_length=40)

    class Meta(Term.Meta):
        verbose_name = _("indicateur de résultat")
        verbose_name_plural = _("indicateurs de résultat")


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
