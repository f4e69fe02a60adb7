"""The list of sheets (/fiches/): listing, filters, counts, sort, pagination, text query."""

import re

import pytest
from django.utils import timezone

from practices.filters import published_sheets
from practices.models import Reuse
from practices.tests.browse import days_ago, get, listed_titles, option_count
from practices.tests.factories import PracticeSheetFactory
from taxonomy.faceted_filter import apply_text_query
from tests.factories import TerritoryFactory

pytestmark = pytest.mark.django_db


# --- Listing and filters --------------------------------------------------------------------------


def test_list_shows_published_sheets_newest_first_and_never_drafts(client, sheets):
    response, content = get(client)
    assert listed_titles(response) == [
        "Permanence jeunes numérique",
        "Croisement de fichiers CAF",
        "Un bus des droits",
    ]
    assert "<h1>Fiches pratiques</h1>" in content
    assert re.search(r'<p role="status"[^>]*>\s*3 fiches\s*</p>', content)
    assert "Brouillon secret" not in content
    assert 'rel="alternate" type="application/atom+xml"' in content
    assert "Exporter en CSV" not in content  # anonymous


def test_card_content(client, sheets):
    _response, content = get(client, "?q=bus")
    assert "Un bus des droits" in content and sheets["bus"].url in content
    assert "Fictiville" in content and "En cours" in content and "Testée" in content
    assert "Jeunes (16-25 ans)" in content and "Étudiants" in content
    assert timezone.localtime(sheets["bus"].first_published_at).strftime("%Y") in content
    months = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ]
    assert any(f" {month} " in content for month in months)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?public=jeunes", {"bus", "young"}),
        ("?public=etudiants", {"bus"}),
        ("?frein=fracture-numerique", {"bus"}),
        ("?droit=prime-activite", {"data"}),
        ("?action=aller-vers", {"bus"}),
        ("?partenaire=departement", {"data"}),
        ("?territoire=bourg-essai", {"young"}),
        ("?region=hauts-de-france", {"bus", "data"}),
        ("?statut=terminee", {"data"}),
        ("?maturite=evaluee", {"data"}),
        ("?maturite=testee", {"bus", "young"}),
        ("?q=BUS", {"bus"}),
        ("?q=ateliers+ligne", {"young"}),  # the summary; every word
        ("?q=ateliers+bus", set()),
    ],
)
def test_each_filter(client, sheets, query, expected):
    response, _content = get(client, query)
    assert set(listed_titles(response)) == {sheets[key].title for key in expected}


def test_region_slug_of_fixture_is_the_one_used(lille):
    assert lille.region.slug == "hauts-de-france"


def test_or_within_a_facet_and_across_facets(client, sheets):
    response, _ = get(client, "?public=etudiants&public=familles-monoparentales")
    assert set(listed_titles(response)) == {sheets["bus"].title, sheets["data"].title}
    response, _ = get(client, "?public=jeunes&partenaire=caf")
    assert listed_titles(response) == [sheets["bus"].title]
    response, _ = get(
        client,
        "?public=jeunes&public=familles-monoparentales&territoire=fictiville&maturite=evaluee",
    )
    assert listed_titles(response) == [sheets["data"].title]


def test_barrier_family_matches_its_children(client, sheets):
    response, _ = get(client, "?frein=non-demande")
    # fracture-numerique is a child of non-demande; "young" is tagged with the family itself.
    assert set(listed_titles(response)) == {sheets["bus"].title, sheets["young"].title}
    response, _ = get(client, "?frein=non-proposition")
    assert listed_titles(response) == [sheets["data"].title]


def test_counts_are_faceted_and_exclude_drafts(client, sheets):
    response, content = get(client)
    assert option_count(response, "public", "jeunes") == 2  # the draft is not counted
    assert option_count(response, "public", "etudiants") == 1
    assert option_count(response, "frein", "non-demande") == 2  # family: itself + children
    assert option_count(response, "frein", "fracture-numerique") == 1
    assert option_count(response, "partenaire", "caf") == 2
    assert option_count(response, "territoire", "fictiville") == 2
    assert option_count(response, "region", "hauts-de-france") == 2
    assert option_count(response, "statut", "en-cours") == 2
    assert option_count(response, "maturite", "evaluee") == 1
    assert option_count(response, "public", "personnes-agees") is None  # 0 and not selected
    assert "Jeunes (16-25 ans) (2)" in content
    # Within a facet, counts ignore the facet's own selection; other facets narrow them.
    response, _ = get(client, "?public=etudiants&territoire=fictiville")
    assert option_count(response, "public", "jeunes") == 1
    assert option_count(response, "public", "familles-monoparentales") == 1
    assert option_count(response, "territoire", "fictiville") == 1
    assert option_count(response, "territoire", "bourg-essai") is None
    # A selected term with no sheet stays visible, with 0.
    response, content = get(client, "?public=personnes-agees")
    assert option_count(response, "public", "personnes-agees") == 0
    assert "Personnes âgées (0)" in content


def test_barrier_facet_lists_families_with_their_children(client, sheets):
    response, content = get(client)
    barriers = next(f for f in response.context["facets"] if f.param == "frein")
    assert [(o.key, o.level) for o in barriers.options] == [
        ("non-demande", 0),
        ("fracture-numerique", 1),
        ("non-proposition", 0),
        ("absence-partage-donnees", 1),
    ]
    assert '<legend class="fr-fieldset__legend' in content and "Freins" in content
    assert (
        'type="checkbox" name="frein" id="filtre-frein-non-demande" value="non-demande"' in content
    )


def test_form_is_a_plain_get_form_keeping_the_selection(client, sheets):
    _response, content = get(client, "?public=jeunes&q=bus&tri=titre")
    assert 'method="get"' in content
    assert 'value="jeunes" checked' in content
    assert 'name="q" value="bus"' in content
    assert ">Filtrer</button>" in content and "Réinitialiser" in content
    assert '<input type="hidden" name="tri" value="titre">' in content
    # Active filters as dismissible tags linking to the search without them.
    assert (
        'class="fr-tag fr-tag--sm fr-tag--dismiss" href="/fiches/?q=bus&amp;tri=titre"' in content
    )
    assert 'href="/fiches/?public=jeunes&amp;tri=titre"' in content


def test_unknown_values_are_ignored_with_a_notice(client, sheets):
    response, content = get(
        client, "?public=inconnu&frein=fracture-numerique&statut=%3Cb%3E&tri=hasard&page=abc"
    )
    assert listed_titles(response) == [sheets["bus"].title]
    assert "Le filtre « inconnu » n’existe pas : il a été ignoré." in content
    assert "Le filtre « &lt;b&gt; » n’existe pas : il a été ignoré." in content
    assert "Le tri « hasard » n’existe pas : il a été ignoré." in content
    assert "fr-alert--info" in content
    assert "<b>" not in content.split("<main", 1)[1]
    # The remove links are clean: the unknown values are dropped.
    assert response.context["active_filters"][0].remove_query == ""


def test_sort(client, sheets, lille, rennes):
    Reuse.objects.create(sheet=sheets["data"], territory=rennes)
    Reuse.objects.create(sheet=sheets["data"], territory=TerritoryFactory())
    Reuse.objects.create(sheet=sheets["bus"], territory=rennes)
    response, content = get(client, "?tri=reprises")
    assert listed_titles(response) == [
        "Croisement de fichiers CAF",
        "Un bus des droits",
        "Permanence jeunes numérique",
    ]
    assert '<option value="reprises" selected>' in content
    response, _ = get(client, "?tri=titre")
    assert listed_titles(response) == [
        "Croisement de fichiers CAF",
        "Permanence jeunes numérique",
        "Un bus des droits",
    ]
    response, content = get(client, "?tri=nimportequoi")
    assert listed_titles(response)[0] == "Permanence jeunes numérique"
    assert "Le tri « nimportequoi » n’existe pas" in content


def test_pagination_and_page_past_the_end(client, lille):
    for number in range(23):
        PracticeSheetFactory(
            territory=lille, title=f"Fiche numéro {number:02d}", first_published_at=days_ago(number)
        )
    response, content = get(client)
    assert len(response.context["sheets"]) == 20
    assert "fr-pagination" in content and "23 fiches" in content
    response, _ = get(client, "?page=999")
    assert response.context["page_obj"].number == 2
    assert listed_titles(response) == ["Fiche numéro 20", "Fiche numéro 21", "Fiche numéro 22"]
    response, _ = get(client, "?page=deux")
    assert response.context["page_obj"].number == 1


def test_empty_state_offers_to_remove_each_filter(client, sheets):
    response, content = get(client, "?public=etudiants&maturite=evaluee")
    assert listed_titles(response) == []
    assert "Aucune fiche ne correspond à ces filtres." in content
    assert '<a href="/fiches/?maturite=evaluee">Retirer « Étudiants »</a>' in content
    assert '<a href="/fiches/?public=etudiants">Retirer « Évaluée »</a>' in content
    assert re.search(r"<p role=\"status\"[^>]*>Aucune fiche</p>", content)


def test_apply_text_query_is_case_insensitive_and_words_are_anded(sheets):
    found = apply_text_query(published_sheets(), "  croisement   caf ")
    assert list(found) == [sheets["data"]]
    assert apply_text_query(published_sheets(), "").count() == 3
