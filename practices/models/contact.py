"""The messages written to a practice sheet's contacts through the platform."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from practices.models.sheet import PracticeSheetPage


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
