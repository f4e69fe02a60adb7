"""The documents attached to a practice sheet."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

from practices.models.sheet import PracticeSheetPage


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
        verbose_name_plural = _("pièces jointes")
