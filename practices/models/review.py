"""The comments of the review of a practice sheet on the site (« Relire la fiche »): one per
section of the sheet (``practices.sections``), or a general one, given with a decision of a
step of the sheet's workflow (a Wagtail ``TaskState``)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from practices.models.sheet import PracticeSheetPage

BODY_MAX_LENGTH = 3000


class ReviewComment(models.Model):
    """What a reviewer wrote about one section of a sheet (``section`` is a slug of
    ``practices.sections.SECTIONS``; empty for the general comment) with a decision."""

    sheet = models.ForeignKey(
        PracticeSheetPage,
        verbose_name=_("fiche"),
        on_delete=models.CASCADE,
        related_name="review_comments",
    )
    task_state = models.ForeignKey(
        "wagtailcore.TaskState",
        verbose_name=_("décision"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    section = models.CharField(_("partie de la fiche"), max_length=50, blank=True)
    body = models.TextField(_("commentaire"), max_length=BODY_MAX_LENGTH)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur ou autrice"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("écrit le"), default=timezone.now)

    class Meta:
        verbose_name = _("commentaire de relecture")
        verbose_name_plural = _("commentaires de relecture")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["task_state", "section"])]

    def __str__(self):
        return f"{self.sheet} — {self.section or '…'}"
