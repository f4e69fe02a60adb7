"""A small, backend-agnostic corpus for the search tests and the behaviour contract.

``build_world()`` creates content through the apps' own code paths (Wagtail revisions and
publication, ``forum.services``), one person per visibility situation, and returns them in a
``World``. The index is then filled by the caller (``search.indexing.rebuild()`` or the signals).
The Elasticsearch tests reuse it unchanged."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from accounts import roles
from accounts.models import Membership
from forum import services as forum_services
from forum.models import Category, Thread
from taxonomy.models import ActionType, Audience, Barrier, Benefit, Partner
from tests.factories import MembershipFactory, TerritoryFactory, UserFactory

_numbers = itertools.count(1)

TAXONOMY = {
    "audiences": Audience,
    "barriers": Barrier,
    "benefits": Benefit,
    "action_types": ActionType,
    "partners": Partner,
}


def old_user(**kwargs):
    user = UserFactory(**kwargs)
    user.date_joined = timezone.now() - timedelta(days=30)
    user.save(update_fields=["date_joined"])
    return user


def make_sheet(
    territory,
    title,
    summary="Une action d’un territoire.",
    *,
    live=True,
    context="<p>Contexte de l’action.</p>",
    **tags,
):
    from practices.models import PracticeSheetPage, TerritoryFolderPage

    number = next(_numbers)
    folder = TerritoryFolderPage.objects.get(territory=territory)
    sheet = PracticeSheetPage(
        title=title,
        slug=f"fiche-recherche-{number}",
        summary=summary,
        organisation="CCAS",
        context=context,
        actions=[("paragraph", "<p>Ce qui a été fait.</p>")],
        territory=territory,
        live=live,
    )
    folder.add_child(instance=sheet)
    for name, slugs in tags.items():
        getattr(sheet, name).set(TAXONOMY[name].objects.filter(slug__in=slugs))
    revision = sheet.save_revision()
    if live:
        revision.publish()
    else:
        sheet.save()
    return PracticeSheetPage.objects.get(pk=sheet.pk)


def make_event(title, summary, **kwargs):
    from events.models import EventPage
    from events.services import ensure_index
    from website.models import HomePage

    index = ensure_index(HomePage.objects.first())
    start = timezone.now() + timedelta(days=10)
    event = EventPage(
        title=title,
        slug=f"evenement-recherche-{next(_numbers)}",
        summary=summary,
        start=start,
        end=start + timedelta(hours=2),
        online_link="https://visio.example.org/salle",
        **kwargs,
    )
    index.add_child(instance=event)
    event.save_revision().publish()
    return EventPage.objects.get(pk=event.pk)


def make_content_page(title, intro):
    from website.models import ContentPage, HomePage

    home = HomePage.objects.first()
    page = ContentPage(title=title, slug=f"page-recherche-{next(_numbers)}", intro=intro)
    home.add_child(instance=page)
    page.save_revision().publish()
    return ContentPage.objects.get(pk=page.pk)


def category(slug, visibility=Category.Visibility.PUBLIC, territory=None):
    return Category.objects.create(
        name=slug.replace("-", " ").capitalize(),
        slug=slug,
        visibility=visibility,
        territory=territory,
    )


@dataclass
class World:
    territory: object = None
    other_territory: object = None
    people: dict = field(default_factory=dict)
    sheets: dict = field(default_factory=dict)
    threads: dict = field(default_factory=dict)
    events: dict = field(default_factory=dict)
    pages: dict = field(default_factory=dict)
    posts: dict = field(default_factory=dict)
    categories: dict = field(default_factory=dict)


def build_world() -> World:
    world = World()
    fictiville = world.territory = TerritoryFactory(name="Fictiville", slug="fictiville")
    autreville = world.other_territory = TerritoryFactory(name="Autreville", slug="autreville")

    author = old_user(first_name="Alice", last_name="Autrice")
    world.people = {
        "anonymous": None,
        "registered": old_user(first_name="Rita", last_name="Inscrite"),
        "member": MembershipFactory(
            territory=fictiville, user=old_user(first_name="Tina", last_name="Membre")
        ).user,
        "other_member": MembershipFactory(
            territory=autreville, user=old_user(first_name="Oscar", last_name="Autre")
        ).user,
        "referent": MembershipFactory(
            territory=autreville,
            role=Membership.Role.REFERENT,
            user=old_user(first_name="Régis", last_name="Référent"),
        ).user,
        "moderator": old_user(first_name="Mona", last_name="Modo", roles=[roles.MODERATOR]),
        "facilitator": old_user(first_name="Fabien", last_name="Anim", roles=[roles.FACILITATOR]),
    }

    world.sheets["numerique"] = make_sheet(
        fictiville,
        "Accompagnement numérique des seniors",
        "Des ateliers pour accompagner les personnes âgées dans leurs démarches en ligne.",
        audiences=["personnes-agees"],
        barriers=["fracture-numerique"],
    )
    world.sheets["droits"] = make_sheet(
        autreville,
        "Permanences d’accès aux droits en mairie",
        "Un guichet unique pour ouvrir les droits sociaux : RSA et prime d’activité.",
        benefits=["rsa", "prime-activite"],
        barriers=["complexite-administrative"],
    )
    world.sheets["reperage"] = make_sheet(
        fictiville,
        "Repérage des jeunes par le croisement de fichiers",
        "La CAF et la mission locale croisent leurs fichiers pour repérer les jeunes.",
        context="<p>Le numérique aide au croisement des données.</p>",
        audiences=["jeunes"],
        partners=["caf"],
    )
    world.sheets["script"] = make_sheet(
        autreville,
        "Guide des démarches simplifiées",
        "Attention <script>alert('x')</script> aux démarches frauduleuses en ligne.",
    )
    world.sheets["draft"] = make_sheet(
        fictiville,
        "Brouillon secret sur l’hébergement zorgblat",
        "Un hébergement d’urgence zorgblat.",
        live=False,
    )
    unpublished = make_sheet(
        fictiville,
        "Fiche dépubliée sur l’hébergement vraxlune",
        "Hébergement d’urgence vraxlune.",
    )
    unpublished.unpublish()
    world.sheets["unpublished"] = unpublished

    public = world.categories["public"] = category("entraide")
    members = world.categories["members"] = category("entre-membres", Category.Visibility.MEMBERS)
    referents = world.categories["referents"] = category(
        "espace-referents", Category.Visibility.REFERENTS
    )
    team = world.categories["territory"] = category(
        "equipe-fictiville", Category.Visibility.TERRITORY, fictiville
    )
    world.threads["public"] = forum_services.create_thread(
        author,
        public,
        "Comment accompagner les familles vers la prime d’activité ?",
        "Nous cherchons des idées pour les familles monoparentales.",
    )
    forum_services.reply(
        old_user(), world.threads["public"], "Nous faisons des permanences au centre social."
    )
    hidden = forum_services.reply(
        old_user(), world.threads["public"], "Message masqué qui parle de plorkmania."
    )
    hidden.is_hidden = True
    hidden.save(update_fields=["is_hidden"])
    world.posts["hidden"] = hidden
    world.threads["members"] = forum_services.create_thread(
        author,
        members,
        "Échanges entre membres sur l’hébergement",
        "Quelles solutions d’hébergement d’urgence pour les jeunes ?",
    )
    referent_author = world.people["referent"]
    world.threads["referents"] = forum_services.create_thread(
        referent_author,
        referents,
        "Calendrier des bilans annuels des référents",
        "Le bilan annuel conditionne le versement des crédits.",
    )
    world.threads["territory"] = forum_services.create_thread(
        world.people["member"],
        team,
        "Planning des maraudes de Fictiville",
        "Les maraudes du jeudi soir reprennent en janvier.",
    )
    world.events["energie"] = make_event(
        "Webinaire : le non-recours au chèque énergie",
        "Comment les territoires repèrent les ménages éligibles au chèque énergie.",
    )
    world.pages["about"] = make_content_page(
        "À propos de la communauté", "La communauté apprenante des territoires zéro non-recours."
    )
    return world


def thread_ids(world, *names):
    return {world.threads[name].pk for name in names}


__all__ = ["World", "build_world", "Thread"]
