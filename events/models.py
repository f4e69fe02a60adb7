"""Events run by facilitators: Wagtail pages, registrations with a waitlist, calendar feeds."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from website import page_views
from website.blocks import BodyStreamBlock
from website.chooser_titles import ChooserTitleMixin
from website.text import PlainTitleMixin


class EventIndexPage(RoutablePageMixin, Page):
    """/evenements/: upcoming events first, past events with their materials, calendar."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["website.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count = 1

    class Meta:
        verbose_name = _("index des événements")

    @path("")
    def list_view(self, request):
        return page_views.call(self, "event_list", request)

    @path("calendrier/")
    def calendar_view(self, request):
        return page_views.call(self, "month_calendar", request)


class EventSeries(models.Model):
    """A recurring series (a monthly webinar): each session is its own event page, with its own
    date, places and registrations, linked to the series (``EventPage.series``)."""

    title = models.CharField(_("titre de la série"), max_length=200)
    summary = models.TextField(
        _("présentation"), blank=True, max_length=500, help_text=_("Facultatif.")
    )

    panels = [FieldPanel("title"), FieldPanel("summary")]

    class Meta:
        verbose_name = _("série d’événements")
        verbose_name_plural = _("séries d’événements")
        ordering = ["title", "pk"]

    def __str__(self):
        return self.title


class EventPage(PlainTitleMixin, ChooserTitleMixin, RoutablePageMixin, Page):
    class Kind(models.TextChoices):
        WEBINAR = "webinaire", _("Webinaire")
        WORKSHOP = "atelier", _("Atelier")
        NATIONAL = "rencontre-nationale", _("Rencontre nationale")
        VISIT = "visite", _("Visite de territoire")

    class Format(models.TextChoices):
        ONSITE = "presentiel", _("Sur place")
        ONLINE = "en-ligne", _("En ligne")
        HYBRID = "hybride", _("Hybride")

    class Audience(models.TextChoices):
        MEMBERS = "membres", _("Ouvert à tous les membres")
        REFERENTS = "referents", _("Réservé aux référents")
        FACILITATORS = "animation", _("Réservé à l’équipe d’animation")

    uid = models.UUIDField(
        _("identifiant de calendrier"), default=uuid.uuid4, editable=False, unique=True
    )
    sequence = models.PositiveIntegerField(
        _("version de calendrier"),
        default=0,
        editable=False,
        help_text=_("Augmente à chaque changement de date, de lieu ou de lien."),
    )
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices, default=Kind.WEBINAR)
    start = models.DateTimeField(_("début"), help_text=_("Heure de Paris."))
    end = models.DateTimeField(_("fin"), help_text=_("Heure de Paris."))
    format = models.CharField(
        _("format"), max_length=20, choices=Format.choices, default=Format.ONLINE
    )
    address = models.TextField(
        _("adresse"), blank=True, help_text=_("Pour un événement sur place ou hybride.")
    )
    online_link = models.URLField(
        _("lien de connexion"),
        blank=True,
        help_text=_("Montré seulement aux personnes inscrites."),
    )
    summary = models.TextField(_("résumé"), max_length=300)
    description = StreamField(BodyStreamBlock(), verbose_name=_("description"), blank=True)
    speakers = models.TextField(
        _("intervenants"), blank=True, help_text=_("Une personne par ligne : nom, fonction.")
    )
    audience = models.CharField(
        _("public"), max_length=20, choices=Audience.choices, default=Audience.MEMBERS
    )
    capacity = models.PositiveIntegerField(
        _("nombre de places"), null=True, blank=True, help_text=_("Vide : sans limite.")
    )
    registration_opens = models.DateTimeField(
        _("ouverture des inscriptions"),
        null=True,
        blank=True,
        help_text=_("Vide : dès la publication."),
    )
    registration_closes = models.DateTimeField(
        _("clôture des inscriptions"),
        null=True,
        blank=True,
        help_text=_("Vide : au début de l’événement."),
    )
    registration_question = models.CharField(
        _("question posée à l’inscription"),
        max_length=200,
        blank=True,
        help_text=_("Par exemple : « Quelle question souhaitez-vous aborder ? »"),
    )
    is_cancelled = models.BooleanField(_("annulé"), default=False)
    replay_url = models.URLField(_("lien du replay"), blank=True)
    report = StreamField(
        BodyStreamBlock(),
        verbose_name=_("compte rendu"),
        blank=True,
        help_text=_("Après l’événement : ce qui s’est dit, les supports."),
    )
    forum_thread = models.ForeignKey(
        "forum.Thread",
        verbose_name=_("discussion du forum"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    series = models.ForeignKey(
        EventSeries,
        verbose_name=_("série"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sessions",
        help_text=_(
            "Facultatif. Pour une séance d’une série (un webinaire mensuel, par exemple) : "
            "chaque séance a sa page, ses places et ses inscriptions."
        ),
    )
    audiences = ParentalManyToManyField("taxonomy.Audience", blank=True, related_name="events")
    barriers = ParentalManyToManyField("taxonomy.Barrier", blank=True, related_name="events")
    action_types = ParentalManyToManyField("taxonomy.ActionType", blank=True, related_name="events")

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("series"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("kind"), FieldPanel("format")]),
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("address"),
                FieldPanel("online_link"),
                FieldPanel("is_cancelled"),
            ],
            heading=_("Quand et où"),
        ),
        FieldPanel("description"),
        FieldPanel("speakers"),
        MultiFieldPanel(
            [
                FieldPanel("audience"),
                FieldPanel("capacity"),
                FieldRowPanel(
                    [FieldPanel("registration_opens"), FieldPanel("registration_closes")]
                ),
                FieldPanel("registration_question"),
            ],
            heading=_("Inscriptions"),
        ),
        MultiFieldPanel(
            [FieldPanel("replay_url"), FieldPanel("report")], heading=_("Après l’événement")
        ),
        InlinePanel(
            "materials",
            label=_("Support"),
            heading=_("Supports (documents de la bibliothèque)"),
            help_text=_(
                "Montrés sur la page une fois l’événement passé, à qui a le droit de "
                "télécharger chaque document."
            ),
        ),
        MultiFieldPanel(
            [FieldPanel("audiences"), FieldPanel("barriers"), FieldPanel("action_types")],
            heading=_("Thèmes"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("description"),
        index.FilterField("start"),
    ]
    parent_page_types = ["events.EventIndexPage"]
    subpage_types: list[str] = []
    # A copy is another event: new calendar identity, no registrations' forum thread.
    exclude_fields_in_copy = ["uid", "sequence", "forum_thread"]

    class Meta:
        verbose_name = _("événement")
        verbose_name_plural = _("événements")

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = _("La fin de l’événement doit être après son début.")
        if self.format in (self.Format.ONSITE, self.Format.HYBRID) and not self.address:
            errors["address"] = _("Indiquez l’adresse d’un événement sur place ou hybride.")
        if self.format in (self.Format.ONLINE, self.Format.HYBRID) and not self.online_link:
            errors["online_link"] = _("Indiquez le lien de connexion d’un événement en ligne.")
        if (
            self.registration_opens
            and self.registration_closes
            and self.registration_closes <= self.registration_opens
        ):
            errors["registration_closes"] = _(
                "La clôture doit suivre l’ouverture des inscriptions."
            )
        if self.pk and self.capacity is not None:
            confirmed = self.registrations.filter(status=Registration.Status.CONFIRMED).count()
            if self.capacity < confirmed:
                errors["capacity"] = _(
                    "%(n)s personnes sont déjà inscrites : la capacité ne peut pas être inférieure."
                ) % {"n": confirmed}
        if errors:
            raise ValidationError(errors)

    @property
    def is_past(self):
        return self.end < timezone.now()

    @path("")
    def event_view(self, request):
        return page_views.call(self, "event_detail", request)

    @path("inscription/")
    def register_view(self, request):
        return page_views.call(self, "register", request)

    @path("annulation/")
    def cancel_view(self, request):
        return page_views.call(self, "cancel", request)

    @path("annulation/retablir/")
    def undo_cancel_view(self, request):
        return page_views.call(self, "undo_cancel", request)


class EventMaterial(Orderable):
    """A document of the library shown as a material of a past event."""

    event = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="materials")
    document = models.ForeignKey(
        "library.LibraryDocumentPage",
        verbose_name=_("document de la bibliothèque"),
        on_delete=models.CASCADE,
        related_name="event_materials",
    )

    panels = [FieldPanel("document")]

    class Meta(Orderable.Meta):
        verbose_name = _("support de l’événement")
        verbose_name_plural = _("supports de l’événement")

    def __str__(self):
        return str(self.document)


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Inscription confirmée")
        WAITLIST = "waitlist", _("En liste d’attente")
        CANCELLED = "cancelled", _("Annulée")

    event = models.ForeignKey(EventPage, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations"
    )
    status = models.CharField(max_length=20, choices=Status.choices)
    answer = models.TextField(_("réponse à la question"), blank=True, max_length=1000)
    attended = models.BooleanField(_("présence"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    reminder_day_sent_at = models.DateTimeField(null=True, blank=True)
    reminder_hour_sent_at = models.DateTimeField(null=True, blank=True)
    survey_sent_at = models.DateTimeField(null=True, blank=True)
    # When the person cancelled: the cancellation may be undone for a while (events.timing).
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="events_registration_once")
        ]
        indexes = [models.Index(fields=["event", "status", "created_at"])]

    def __str__(self):
        return f"{self.user} → {self.event} ({self.status})"


class CalendarToken(models.Model):
    """Secret token of a person's private « mes événements » iCal feed (revocable)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.user}"


class SurveyAnswer(models.Model):
    """Short satisfaction survey sent to attendees after the event."""

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="survey_answer"
    )
    rating = models.PositiveSmallIntegerField(_("note (1 à 5)"))
    comment = models.TextField(_("commentaire"), blank=True, max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.registration} : {self.rating}"
