"""A small, backend-agnostic corpus for the search tests and the behaviour contract.

``build_world()`` creates content through the apps' own code paths (Wagtail revisions and
publication, ``forum.services``), one person per visibility situation, and returns them in a
``World``. The index is then filled by the caller (``search.indexing.rebuild()`` or the signals).
The Elasticsearch tests reuse it unchanged. The tests get it from ``search/tests/conftest.py``,
built once per module."""

from __future__ import annotations

from dataclasses import dataclass, field

from accounts import roles
from accounts.models import Membership
from forum import services as forum_services
from forum.models import Category, Thread
from forum.tests.factories import CategoryFactory
from search.tests.factories import SearchContentPageFactory, SearchEventFactory, SearchSheetFactory
from tests.factories import MembershipFactory, TerritoryFactory, UserFactory


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
    world.territory = TerritoryFactory(name="Fictiville", slug="fictiville")
    world.other_territory = TerritoryFactory(name="Autreville", slug="autreville")
    author = UserFactory(old=True, first_name="Alice", last_name="Autrice")
    add_people(world)
    add_sheets(world)
    add_categories(world)
    add_threads(world, author)
    world.events["energie"] = SearchEventFactory(
        title="Webinaire : le non-recours au chèque énergie",
        summary="Comment les territoires repèrent les ménages éligibles au chèque énergie.",
    )
    world.pages["about"] = SearchContentPageFactory(
        title="À propos de la communauté",
        intro="La communauté apprenante des territoires zéro non-recours.",
    )
    return world


def add_people(world):
    """One person per visibility situation (their accounts are older than the forum's
    new-account limits)."""

    def member_of(territory, first_name, last_name, **kwargs):
        user = UserFactory(old=True, first_name=first_name, last_name=last_name)
        return MembershipFactory(territory=territory, user=user, **kwargs).user

    world.people = {
        "anonymous": None,
        "registered": UserFactory(old=True, first_name="Rita", last_name="Inscrite"),
        "member": member_of(world.territory, "Tina", "Membre"),
        "other_member": member_of(world.other_territory, "Oscar", "Autre"),
        "referent": member_of(
            world.other_territory, "Régis", "Référent", role=Membership.Role.REFERENT
        ),
        "moderator": UserFactory(
            old=True, first_name="Mona", last_name="Modo", roles=[roles.MODERATOR]
        ),
        "facilitator": UserFactory(
            old=True, first_name="Fabien", last_name="Anim", roles=[roles.FACILITATOR]
        ),
    }


def add_sheets(world):
    """Four live sheets, a draft and an unpublished sheet."""
    fictiville, autreville = world.territory, world.other_territory
    world.sheets["numerique"] = SearchSheetFactory(
        territory=fictiville,
        title="Accompagnement numérique des seniors",
        summary="Des ateliers pour accompagner les personnes âgées dans leurs démarches en ligne.",
        audiences=["personnes-agees"],
        barriers=["fracture-numerique"],
    )
    world.sheets["droits"] = SearchSheetFactory(
        territory=autreville,
        title="Permanences d’accès aux droits en mairie",
        summary="Un guichet unique pour ouvrir les droits sociaux : RSA et prime d’activité.",
        benefits=["rsa", "prime-activite"],
        barriers=["complexite-administrative"],
    )
    world.sheets["reperage"] = SearchSheetFactory(
        territory=fictiville,
        title="Repérage des jeunes par le croisement de fichiers",
        summary="La CAF et la mission locale croisent leurs fichiers pour repérer les jeunes.",
        context="<p>Le numérique aide au croisement des données.</p>",
        audiences=["jeunes"],
        partners=["caf"],
    )
    world.sheets["script"] = SearchSheetFactory(
        territory=autreville,
        title="Guide des démarches simplifiées",
        summary="Attention <script>alert('x')</script> aux démarches frauduleuses en ligne.",
    )
    world.sheets["draft"] = SearchSheetFactory(
        territory=fictiville,
        title="Brouillon secret sur l’hébergement zorgblat",
        summary="Un hébergement d’urgence zorgblat.",
        live=False,
    )
    unpublished = SearchSheetFactory(
        territory=fictiville,
        title="Fiche dépubliée sur l’hébergement vraxlune",
        summary="Hébergement d’urgence vraxlune.",
    )
    unpublished.unpublish()
    world.sheets["unpublished"] = unpublished


def add_categories(world):
    """One forum category per visibility."""
    world.categories = {
        "public": CategoryFactory(slug="entraide"),
        "members": CategoryFactory(slug="entre-membres", visibility=Category.Visibility.MEMBERS),
        "referents": CategoryFactory(
            slug="espace-referents", visibility=Category.Visibility.REFERENTS
        ),
        "territory": CategoryFactory(
            slug="equipe-fictiville",
            visibility=Category.Visibility.TERRITORY,
            territory=world.territory,
        ),
    }


def add_threads(world, author):
    """A thread per category; the public one has a reply and a hidden reply."""
    categories = world.categories
    world.threads["public"] = forum_services.create_thread(
        author,
        categories["public"],
        "Comment accompagner les familles vers la prime d’activité ?",
        "Nous cherchons des idées pour les familles monoparentales.",
    )
    forum_services.reply(
        UserFactory(old=True),
        world.threads["public"],
        "Nous faisons des permanences au centre social.",
    )
    hidden = forum_services.reply(
        UserFactory(old=True), world.threads["public"], "Message masqué qui parle de plorkmania."
    )
    hidden.is_hidden = True
    hidden.save(update_fields=["is_hidden"])
    world.posts["hidden"] = hidden
    world.threads["members"] = forum_services.create_thread(
        author,
        categories["members"],
        "Échanges entre membres sur l’hébergement",
        "Quelles solutions d’hébergement d’urgence pour les jeunes ?",
    )
    world.threads["referents"] = forum_services.create_thread(
        world.people["referent"],
        categories["referents"],
        "Calendrier des bilans annuels des référents",
        "Le bilan annuel conditionne le versement des crédits.",
    )
    world.threads["territory"] = forum_services.create_thread(
        world.people["member"],
        categories["territory"],
        "Planning des maraudes de Fictiville",
        "Les maraudes du jeudi soir reprennent en janvier.",
    )


def thread_ids(world, *names):
    return {world.threads[name].pk for name in names}


__all__ = ["World", "build_world", "Thread"]
