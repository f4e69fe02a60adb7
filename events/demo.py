"""Demo events: three past ones (with replay and report), four upcoming ones, one of them full
with a waitlist, one reserved for référents, and a monthly series of two sessions to come.
Idempotent: events are keyed by slug, the series by title."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from accounts.models import User
from events.models import EventIndexPage, EventPage, EventSeries, Registration
from events.services import ensure_index

# slug, title, kind, days from today, start hour, hours, format, audience, capacity, summary
EVENTS = [
    (
        "demo-webinaire-prime-activite",
        "Webinaire : repérer les non-recourants à la prime d’activité",
        EventPage.Kind.WEBINAR,
        -60,
        14,
        2,
        EventPage.Format.ONLINE,
        EventPage.Audience.MEMBERS,
        None,
        "Deux territoires présentent leur croisement de fichiers CAF–CCAS (démo).",
    ),
    (
        "demo-atelier-aller-vers",
        "Atelier : construire une tournée d’aller-vers",
        EventPage.Kind.WORKSHOP,
        -35,
        9,
        3,
        EventPage.Format.ONSITE,
        EventPage.Audience.MEMBERS,
        20,
        "Un atelier pratique pour préparer une tournée dans les hameaux (démo).",
    ),
    (
        "demo-rencontre-nationale-2024",
        "Rencontre nationale des territoires zéro non-recours",
        EventPage.Kind.NATIONAL,
        -15,
        9,
        8,
        EventPage.Format.HYBRID,
        EventPage.Audience.MEMBERS,
        150,
        "La journée annuelle de la communauté : bilans, tables rondes, ateliers (démo).",
    ),
    (
        "demo-webinaire-cheque-energie",
        "Webinaire : le chèque énergie avec les bailleurs",
        EventPage.Kind.WEBINAR,
        10,
        11,
        1,
        EventPage.Format.ONLINE,
        EventPage.Audience.MEMBERS,
        3,
        "Retour d’expérience d’une campagne menée avec les bailleurs sociaux (démo).",
    ),
    (
        "demo-atelier-referents",
        "Atelier des référents : suivre les indicateurs",
        EventPage.Kind.WORKSHOP,
        21,
        14,
        2,
        EventPage.Format.ONLINE,
        EventPage.Audience.REFERENTS,
        30,
        "Un temps d’échange réservé aux référents des territoires (démo).",
    ),
    (
        "demo-visite-fictiville",
        "Visite de territoire : le bus des droits de Fictiville",
        EventPage.Kind.VISIT,
        35,
        10,
        4,
        EventPage.Format.ONSITE,
        EventPage.Audience.MEMBERS,
        15,
        "Une matinée à bord du bus des droits, suivie d’un échange avec l’équipe (démo).",
    ),
    (
        "demo-webinaire-pair-aidance",
        "Webinaire : la pair-aidance en pratique",
        EventPage.Kind.WEBINAR,
        50,
        14,
        2,
        EventPage.Format.HYBRID,
        EventPage.Audience.MEMBERS,
        None,
        "Des pairs-aidants et leurs employeurs racontent (démo).",
    ),
]

SERIES_TITLE = "Les mardis de l’accès aux droits (démo)"
SERIES_SESSIONS = [
    (
        "demo-mardis-acces-droits-1",
        "Les mardis de l’accès aux droits : la complémentaire santé",
        21,
    ),
    ("demo-mardis-acces-droits-2", "Les mardis de l’accès aux droits : l’ASPA", 49),
]
FULL_EVENT = "demo-webinaire-cheque-energie"
# The full event: three confirmed, two on the waitlist (demo accounts of accounts.demo.PEOPLE).
FULL_CONFIRMED = ["equipe@example.org", "referent@example.org", "commissaire@example.org"]
FULL_WAITLIST = ["moderateur@example.org", "admin@example.org"]


def load() -> dict:
    from website.models import HomePage

    index = EventIndexPage.objects.first() or ensure_index(HomePage.objects.first())
    events, created = _load_events(index)
    created += _load_series(index)
    _register_for_full_event(events[FULL_EVENT])
    return {"created": created, "events": len(events)}


def _load_events(index) -> tuple[dict[str, EventPage], int]:
    """The demo events by slug, those missing published under ``index``; and how many are new."""
    today = timezone.localdate()
    tz = timezone.get_current_timezone()
    created = 0
    events = {}
    for slug, title, kind, days, hour, hours, fmt, audience, capacity, summary in EVENTS:
        event = EventPage.objects.filter(slug=slug).first()
        if event is None:
            start = datetime.combine(today + timedelta(days=days), time(hour), tzinfo=tz)
            past = days < 0
            event = EventPage(
                title=title,
                slug=slug,
                kind=kind,
                start=start,
                end=start + timedelta(hours=hours),
                format=fmt,
                address="Salle du conseil, 1 place de la Mairie, 59999 Fictiville"
                if fmt != EventPage.Format.ONLINE
                else "",
                online_link="https://visio.example.org/czn-demo"
                if fmt != EventPage.Format.ONSITE
                else "",
                summary=summary,
                description=[("paragraph", f"<p>{summary}</p><p>Programme détaillé à venir.</p>")],
                speakers="Camille Exemple, cheffe de projet (démo)\nAlex Démo, animateur",
                audience=audience,
                capacity=capacity,
                registration_question="Quelle question souhaitez-vous aborder ?"
                if not past
                else "",
                replay_url="https://video.example.org/czn-demo-replay" if past else "",
                report=[("paragraph", "<p>Compte rendu : les échanges et les supports (démo).</p>")]
                if past
                else [],
            )
            index.add_child(instance=event)
            event.save_revision().publish()
            created += 1
        events[slug] = event
    return events, created


def _load_series(index) -> int:
    """The monthly series and its sessions (one hour online, 50 places each); how many new."""
    series = EventSeries.objects.get_or_create(
        title=SERIES_TITLE,
        defaults={"summary": "Un webinaire par mois sur un droit souvent non demandé (démo)."},
    )[0]
    tz = timezone.get_current_timezone()
    created = 0
    for slug, title, days in SERIES_SESSIONS:
        if EventPage.objects.filter(slug=slug).exists():
            continue
        start = datetime.combine(timezone.localdate() + timedelta(days=days), time(11), tzinfo=tz)
        event = EventPage(
            title=title,
            slug=slug,
            kind=EventPage.Kind.WEBINAR,
            start=start,
            end=start + timedelta(hours=1),
            format=EventPage.Format.ONLINE,
            online_link="https://visio.example.org/czn-demo-mardis",
            summary="Une séance de la série mensuelle : un droit, deux territoires (démo).",
            capacity=50,
            series=series,
        )
        index.add_child(instance=event)
        event.save_revision().publish()
        created += 1
    return created


def _register_for_full_event(full: EventPage) -> None:
    """``FULL_CONFIRMED`` confirmed then ``FULL_WAITLIST`` waiting, in that order (demo accounts
    that do not exist are skipped)."""
    people = {
        user.email: user for user in User.objects.filter(email__in=FULL_CONFIRMED + FULL_WAITLIST)
    }
    base = timezone.now() - timedelta(days=3)
    for position, email in enumerate(FULL_CONFIRMED + FULL_WAITLIST):
        user = people.get(email)
        if user is None:
            continue
        Registration.objects.get_or_create(
            event=full,
            user=user,
            defaults={
                "status": Registration.Status.CONFIRMED
                if email in FULL_CONFIRMED
                else Registration.Status.WAITLIST,
                "created_at": base + timedelta(hours=position),
            },
        )
