"""The behaviour contract of the site search: queries over ``search.tests.world`` and what must
come back, for whom. Backend-agnostic: it only calls ``backend.search`` / ``backend.suggest``
through ``SearchQuery``; ``test_contract.py`` runs it on the database backend of the current
connection (SQLite or PostgreSQL), the Elasticsearch tests on Elasticsearch.

Titles identify the documents (they are unique in the world)."""

from __future__ import annotations

from dataclasses import dataclass, field

NUMERIQUE = "Accompagnement numérique des seniors"
DROITS = "Permanences d’accès aux droits en mairie"
REPERAGE = "Repérage des jeunes par le croisement de fichiers"
SCRIPT = "Guide des démarches simplifiées"
DRAFT = "Brouillon secret sur l’hébergement zorgblat"
UNPUBLISHED = "Fiche dépubliée sur l’hébergement vraxlune"
THREAD_PUBLIC = "Comment accompagner les familles vers la prime d’activité ?"
THREAD_MEMBERS = "Échanges entre membres sur l’hébergement"
THREAD_REFERENTS = "Calendrier des bilans annuels des référents"
THREAD_TERRITORY = "Planning des maraudes de Fictiville"
EVENT = "Webinaire : le non-recours au chèque énergie"
ABOUT = "À propos de la communauté"


@dataclass
class Case:
    name: str
    query: str
    user: str = "anonymous"
    first: list[str] = field(default_factory=list)  # the first hits, in this order
    contains: list[str] = field(default_factory=list)
    excludes: list[str] = field(default_factory=list)
    total: int | None = None
    filters: dict[str, list[str]] = field(default_factory=dict)


CASES = [
    # French normalisation
    Case("accents ignored", "numerique", first=[NUMERIQUE], contains=[REPERAGE]),
    Case("case and accents", "NUMÉRIQUE", first=[NUMERIQUE]),
    Case("plural", "droit", first=[DROITS]),
    Case("inflections", "accompagnement", contains=[NUMERIQUE, THREAD_PUBLIC]),
    Case("accent-less event", "energie", first=[EVENT]),
    Case("elision", "l'activité", contains=[DROITS, THREAD_PUBLIC]),
    # Ranking: title matches first
    Case("title first", "numérique", first=[NUMERIQUE, REPERAGE], total=2),
    # Phrases and exclusion
    Case("phrase", '"croisement de fichiers"', first=[REPERAGE], total=1),
    Case("phrase in the wrong order", '"fichiers croisement"', total=0),
    Case("exclusion", "jeunes -caf", excludes=[REPERAGE]),
    Case("exclusion keeps the others", "numérique -seniors", first=[REPERAGE], total=1),
    # Multi-word: all words first, then most of them
    Case("all words first", "accompagnement seniors", first=[NUMERIQUE], contains=[THREAD_PUBLIC]),
    Case("one word missing still finds", "accompagnement xylophone", contains=[NUMERIQUE]),
    # Permissions: drafts, unpublished, hidden posts never
    Case("draft never", "zorgblat", user="facilitator", total=0),
    Case("unpublished never", "vraxlune", user="facilitator", total=0),
    Case("hidden post never", "plorkmania", user="moderator", total=0),
    Case("members thread hidden from anonymous", "hébergement", excludes=[THREAD_MEMBERS]),
    Case(
        "members thread for members",
        "hébergement",
        user="registered",
        contains=[THREAD_MEMBERS],
        excludes=[DRAFT, UNPUBLISHED],
    ),
    Case("referents thread hidden from anonymous", "bilans", total=0),
    Case("referents thread hidden from members", "bilans", user="member", total=0),
    Case("referents thread for referents", "bilans", user="referent", first=[THREAD_REFERENTS]),
    Case("referents thread for moderators", "bilans", user="moderator", first=[THREAD_REFERENTS]),
    Case("territory thread for its team", "maraudes", user="member", first=[THREAD_TERRITORY]),
    Case(
        "territory thread hidden from another territory", "maraudes", user="other_member", total=0
    ),
    Case("territory thread for moderators", "maraudes", user="moderator", first=[THREAD_TERRITORY]),
    # Facets
    Case(
        "type filter",
        "accompagnement",
        filters={"type": ["discussion"]},
        first=[THREAD_PUBLIC],
        total=1,
    ),
    Case("taxonomy filter", "", filters={"public": ["jeunes"]}, first=[REPERAGE], total=1),
    Case(
        "barrier family matches its barriers",
        "",
        filters={"frein": ["non-demande"]},
        contains=[NUMERIQUE, DROITS],
        total=2,
    ),
    Case(
        "territory filter",
        "",
        filters={"territoire": ["fictiville"]},
        contains=[NUMERIQUE, REPERAGE],
        excludes=[DROITS, THREAD_TERRITORY],
    ),
    # Bad input: a normal (empty or full) answer, never an error
    Case("syntax characters", '"*" NEAR( AND : - ) OR', total=None),
    Case("sql", "'; DROP TABLE search_searchdocument; --", total=None),
    Case("long query", "accompagnement " * 80, contains=[NUMERIQUE]),
    Case("unbalanced quote", '"croisement de fichiers', first=[REPERAGE]),
]

# Suggestions as you type: (prefix, user, titles that must be there, titles that must not)
SUGGESTIONS = [
    ("accomp", "anonymous", [NUMERIQUE, THREAD_PUBLIC], []),
    ("numeri", "anonymous", [NUMERIQUE], []),
    ("marau", "member", [THREAD_TERRITORY], []),
    ("marau", "other_member", [], [THREAD_TERRITORY]),
    ("bila", "anonymous", [], [THREAD_REFERENTS]),
    ("zorg", "facilitator", [], [DRAFT]),
]


def run_case(backend, case: Case, world) -> None:
    from search import visibility
    from search.backends.base import SearchQuery

    user = world.people[case.user]
    query = SearchQuery(
        text=case.query, filters=case.filters, per_page=50, visibility=visibility.keys_for(user)
    )
    results = backend.search(query)
    titles = [hit.title for hit in results.hits]
    assert titles[: len(case.first)] == case.first, (case.name, titles)
    for title in case.contains:
        assert title in titles, (case.name, title, titles)
    for title in case.excludes:
        assert title not in titles, (case.name, title, titles)
    if case.total is not None:
        assert results.total == case.total, (case.name, results.total, titles)
    assert results.total >= len(titles)
    for hit in results.hits:
        assert "<script" not in hit.snippet and "<script" not in hit.title_html


def run_suggestion(backend, prefix, user_name, present, absent, world) -> None:
    from search import visibility

    user = world.people[user_name]
    titles = [hit.title for hit in backend.suggest(prefix, visibility.keys_for(user))]
    for title in present:
        assert title in titles, (prefix, user_name, title, titles)
    for title in absent:
        assert title not in titles, (prefix, user_name, title, titles)
