"""« Je m’en inspire »: the territories that reuse, adapt or study a practice sheet."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from practices.models.sheet import PracticeSheetPage


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
