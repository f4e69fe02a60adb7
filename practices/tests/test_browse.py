"""The list of sheets (/fiches/): filters, counts, sort, pagination; theme pages; CSV; feed."""

import csv
import io
import re
from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts import roles
from accounts.models import Region
from practices.filters import published_sheets
from practices.models import PracticeSheetPage, ResultLine, Reuse, TerritoryFolderPage
from taxonomy.faceted_filter import apply_text_query
from taxonomy.models import ActionType, Audience, Barrier, Benefit, Partner, ResultIndicator
from tests.factories import TerritoryFactory, UserFactory

pytestmark = pytest.mark.django_db


URL = "/fiches/"
_counter = iter(range(1, 1_000_000))

TAXONOMY = {
    "audiences": Audience,
    "barriers": Barrier,
    "benefits": Benefit,
    "action_types": ActionType,
    "partners": Partner,
}


def make_sheet(territory, title=None, *, live=True, published_days_ago=None, results=(), **tags):
    """A sheet in ``territory``'s folder; ``tags`` are lists of slugs per vocabulary
    (``audiences=["jeunes"]``); ``results`` are ``(indicator slug, value)`` pairs."""
    number = next(_counter)
    title = title or f"Fiche {number}"
    folder = TerritoryFolderPage.objects.get(territory=territory)
    extra = {
        key: tags.pop(key)
        for key in ("summary", "action_status", "maturity", "organisation")
        if key in tags
    }
    sheet = PracticeSheetPage(
        title=title,
        slug=f"fiche-{number}",
        summary=extra.pop("summary", "Un minibus passe dans les hameaux."),
        organisation=extra.pop("organisation", "CCAS"),
        context="<p>Contexte</p>",
        actions=[("paragraph", "<p>Ce qui a été fait</p>")],
        territory=territory,
        action_status=extra.pop("action_status", "en-cours"),
        maturity=extra.pop("maturity", "testee"),
        live=live,
    )
    folder.add_child(instance=sheet)
    for name, slugs in tags.items():
        getattr(sheet, name).set(TAXONOMY[name].objects.filter(slug__in=slugs))
    for slug, value in results:
        sheet.results.add(
            ResultLine(indicator=ResultIndicator.objects.get(slug=slug), value=value, period="2024")
        )
    revision = sheet.save_revision()
    if live:
        revision.publish()
        if published_days_ago is not None:
            PracticeSheetPage.objects.filter(pk=sheet.pk).update(
                first_published_at=timezone.now() - timedelta(days=published_days_ago)
            )
    else:
        sheet.save()  # a draft: its tags and results exist in the database too
    return PracticeSheetPage.objects.get(pk=sheet.pk)


@pytest.fixture
def lille():
    return TerritoryFactory(
        name="Fictiville", slug="fictiville", region=Region.objects.get(code="32")
    )


@pytest.fixture
def rennes():
    return TerritoryFactory(
        name="Bourg-Essai", slug="bourg-essai", region=Region.objects.get(code="53")
    )


@pytest.fixture
def sheets(lille, rennes):
    """A small, known corpus, plus a draft tagged with everything."""
    data = {
        "bus": make_sheet(
            lille,
            "Un bus des droits",
            published_days_ago=3,
            audiences=["jeunes", "etudiants"],
            barriers=["fracture-numerique"],
            benefits=["rsa"],
            action_types=["aller-vers"],
            partners=["caf"],
            results=[("droits-ouverts", 120), ("personnes-contactees", 300)],
        ),
        "data": make_sheet(
            lille,
            "Croisement de fichiers CAF",
            published_days_ago=2,
            audiences=["familles-monoparentales"],
            barriers=["absence-partage-donnees"],
            benefits=["prime-activite"],
            action_types=["croisement-donnees"],
            partners=["caf", "departement"],
            maturity="evaluee",
            action_status="terminee",
            summary="Les fichiers de la CAF et du département sont croisés.",
            results=[("droits-ouverts", 30)],
        ),
        "young": make_sheet(
            rennes,
            "Permanence jeunes numérique",
            published_days_ago=1,
            audiences=["jeunes"],
            barriers=["non-demande"],
            benefits=["rsa"],
            action_types=["accompagnement-numerique"],
            partners=["france-travail"],
            summary="Des ateliers pour les démarches en ligne.",
            results=[("droits-ouverts", 5.5)],
        ),
    }
    data["draft"] = make_sheet(
        rennes,
        "Brouillon secret",
        live=False,
        audiences=["jeunes"],
        barriers=["fracture-numerique"],
        benefits=["rsa"],
        action_types=["aller-vers"],
        partners=["caf"],
        results=[("droits-ouverts", 1000)],
    )
    return data


def get(client, query=""):
    response = client.get(URL + query)
    assert response.status_code == 200
    return response, response.content.decode()


def listed_titles(response):
    return [sheet.title for sheet in response.context["sheets"]]


def option_count(response, param, key):
    for facet in response.context["facets"]:
        if facet.param == param:
            for option in facet.options:
                if option.key == key:
                    return option.count
            return None
    raise AssertionError(param)


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
        make_sheet(lille, f"Fiche numéro {number:02d}", published_days_ago=number)
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


LIST_URLS = [
    URL,
    URL + "?public=jeunes&frein=non-demande&tri=reprises&q=fiche",
    URL + "?territoire=fictiville&region=hauts-de-france&statut=en-cours&page=2",
]


def add_sheets(count, *territories):
    for number in range(count):
        make_sheet(
            territories[number % len(territories)],
            audiences=["jeunes", "etudiants", "personnes-agees", "zones-rurales"],
            barriers=["fracture-numerique", "mobilite"],
            partners=["caf"],
            benefits=["rsa"],
            action_types=["aller-vers"],
            results=[("droits-ouverts", 1)],
        )


@pytest.mark.parametrize("count", [3, 25])
def test_list_query_count_is_bounded(client, lille, rennes, count, django_assert_max_num_queries):
    add_sheets(count, lille, rennes)
    client.force_login(UserFactory(roles=[roles.COMMISSIONER]))
    # The first page of a session also computes the person's rights profile (eight queries,
    # website.member_cache), cached afterwards.
    for url in LIST_URLS:
        with django_assert_max_num_queries(48):
            assert client.get(url).status_code == 200


def test_list_query_count_does_not_grow_with_the_sheets(client, lille, rennes):
    def counts():
        from django.core.cache import cache

        numbers = []
        for url in LIST_URLS:
            cache.clear()  # measure the uncached facet counts
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            numbers.append(len(queries))
        return numbers

    from django.db import connection

    add_sheets(3, lille, rennes)
    client.get(URL)  # warm-up: site root paths, content types
    small = counts()
    add_sheets(22, lille, rennes)
    assert counts() == small


# --- CSV export -----------------------------------------------------------------------------------


@pytest.fixture
def csv_urlconf():
    """/fiches/export.csv is served by the project URLconf (config/urls.py)."""


def read_csv(response):
    raw = response.content.decode("utf-8")
    assert raw.startswith("\ufeff")
    return list(csv.reader(io.StringIO(raw[1:]), delimiter=";"))


@pytest.mark.usefixtures("csv_urlconf")
def test_csv_requires_login(client, sheets):
    response = client.get(URL + "export.csv?public=jeunes")
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/")
    assert "next=/fiches/export.csv%3Fpublic%3Djeunes" in response["Location"]


@pytest.mark.usefixtures("csv_urlconf")
def test_csv_is_refused_to_other_members(client, sheets):
    client.force_login(UserFactory())
    response = client.get(URL + "export.csv")
    assert response.status_code == 403
    assert "réservé aux commissaires" in response.content.decode()
    _response, content = get(client)
    assert "Exporter en CSV" not in content


@pytest.mark.usefixtures("csv_urlconf")
@pytest.mark.parametrize("role", [roles.COMMISSIONER, roles.FACILITATOR, roles.DGCS_ADMIN])
def test_csv_for_the_roles(client, sheets, role):
    client.force_login(UserFactory(roles=[role]))
    _response, content = get(client, "?public=jeunes")
    assert 'href="/fiches/export.csv?public=jeunes"' in content and "Exporter en CSV" in content
    response = client.get(URL + "export.csv?public=jeunes")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0][:14] == [
        "titre",
        "url",
        "territoire",
        "région",
        "structure",
        "état",
        "maturité",
        "publics",
        "freins",
        "droits",
        "types d’action",
        "partenaires",
        "publiée le",
        "reprises",
    ]
    indicators = list(ResultIndicator.objects.order_by("position", "label"))
    assert rows[0][14:] == [f"{i.label} ({i.unit})" for i in indicators]
    assert [row[0] for row in rows[1:]] == ["Permanence jeunes numérique", "Un bus des droits"]


@pytest.mark.usefixtures("csv_urlconf")
def test_csv_content(client, sheets, rennes):
    Reuse.objects.create(sheet=sheets["bus"], territory=rennes)
    client.force_login(UserFactory(roles=[roles.COMMISSIONER]))
    rows = read_csv(client.get(URL + "export.csv?tri=titre"))
    header = rows[0]
    by_title = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert set(by_title) == {
        "Un bus des droits",
        "Croisement de fichiers CAF",
        "Permanence jeunes numérique",
    }  # never the draft
    bus = by_title["Un bus des droits"]
    assert bus["url"] == "http://testserver" + sheets["bus"].url
    assert bus["territoire"] == "Fictiville" and bus["région"] == "Hauts-de-France"
    assert bus["structure"] == "CCAS" and bus["état"] == "En cours"
    assert bus["maturité"] == "Testée"
    assert bus["publics"] == "Jeunes (16-25 ans) | Étudiants"
    assert bus["freins"] == "Non-demande › Fracture numérique"
    assert bus["droits"] == "Revenu de solidarité active (RSA)"
    assert bus["partenaires"] == "Caisse d'allocations familiales (CAF)"
    assert bus["publiée le"] == timezone.localtime(sheets["bus"].first_published_at).strftime(
        "%d/%m/%Y"
    )
    assert bus["reprises"] == "1"
    assert bus["Droits ouverts (droits)"] == "120"
    assert bus["Personnes contactées (personnes)"] == "300"
    assert bus["Personnes repérées (personnes)"] == ""
    assert by_title["Permanence jeunes numérique"]["Droits ouverts (droits)"] == "5,5"


@pytest.mark.usefixtures("csv_urlconf")
def test_csv_neutralises_formulas(client, lille):
    make_sheet(lille, '=HYPERLINK("http://exemple.org")')
    client.force_login(UserFactory(roles=[roles.COMMISSIONER]))
    rows = read_csv(client.get(URL + "export.csv"))
    assert rows[1][0].startswith("'=")


@pytest.mark.usefixtures("csv_urlconf")
@pytest.mark.parametrize("count", [3, 25])
def test_csv_query_count_is_constant(client, lille, count, django_assert_max_num_queries):
    for _number in range(count):
        make_sheet(
            lille, audiences=["jeunes"], barriers=["mobilite"], results=[("droits-ouverts", 2)]
        )
    client.force_login(UserFactory(roles=[roles.COMMISSIONER]))
    with django_assert_max_num_queries(25):  # one more than with the caches off (measured)
        response = client.get(URL + "export.csv?frein=non-demande")
    assert len(read_csv(response)) == count + 1


# --- Feed -----------------------------------------------------------------------------------------

ATOM = "{http://www.w3.org/2005/Atom}"


def parse_feed(response):
    assert response.status_code == 200
    return ElementTree.fromstring(response.content)  # noqa: S314 (our own output)


def test_feed_of_latest_published_sheets(client, sheets):
    response = client.get(URL + "flux/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = parse_feed(response)
    entries = root.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == [
        "Permanence jeunes numérique",
        "Croisement de fichiers CAF",
        "Un bus des droits",
    ]
    bus = entries[2]
    assert bus.find(f"{ATOM}link").get("href") == "http://testserver" + sheets["bus"].url
    assert bus.find(f"{ATOM}summary").text == "Un minibus passe dans les hameaux."
    assert bus.find(f"{ATOM}author/{ATOM}name").text == "Fictiville"
    assert {c.get("term") for c in bus.findall(f"{ATOM}category")} >= {"Fictiville"}
    assert bus.find(f"{ATOM}published") is not None
    assert b"Brouillon secret" not in response.content


def test_feed_is_limited_to_30_and_accepts_filters(client, lille):
    for number in range(32):
        make_sheet(lille, f"Fiche {number}", published_days_ago=number)
    root = parse_feed(client.get(URL + "flux/"))
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 30 and entries[0].find(f"{ATOM}title").text == "Fiche 0"
    root = parse_feed(client.get(URL + "flux/?public=jeunes"))
    assert root.findall(f"{ATOM}entry") == []


# --- Theme pages ----------------------------------------------------------------------------------


def test_theme_index_lists_families_and_audiences(client, sheets):
    response = client.get(URL + "themes/")
    assert response.status_code == 200
    content = response.content.decode()
    assert 'href="/fiches/themes/non-recours/non-demande/"' in content
    assert 'href="/fiches/themes/non-recours/fracture-numerique/"' in content
    assert 'href="/fiches/themes/public/jeunes/"' in content
    assert "Non-demande</a> (2 fiches)" in content


def test_theme_page_of_a_barrier_family(client, sheets):
    response = client.get(URL + "themes/non-recours/non-demande/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "<h1>Non-demande</h1>" in content
    assert set(listed_titles(response)) == {sheets["bus"].title, sheets["young"].title}
    assert "Brouillon secret" not in content
    assert [t.name for t in response.context["territories"]] == ["Bourg-Essai", "Fictiville"]
    assert "Bourg-Essai</a> (Bretagne)" in content
    sums = {row["indicator"].slug: row["total"] for row in response.context["sums"]}
    assert sums["droits-ouverts"] == pytest.approx(125.5)  # never the draft's 1000
    assert sums["personnes-contactees"] == 300
    assert sums["personnes-reperees"] is None
    assert '<div class="fr-table"><table>' in content and "<caption>" in content
    assert "125,5" in content


def test_theme_page_of_a_barrier_and_of_an_audience(client, sheets):
    response = client.get(URL + "themes/non-recours/fracture-numerique/")
    assert listed_titles(response) == [sheets["bus"].title]
    assert "Fracture numérique" in response.content.decode()
    response = client.get(URL + "themes/public/jeunes/")
    assert set(listed_titles(response)) == {sheets["bus"].title, sheets["young"].title}
    sums = {row["indicator"].slug: row["total"] for row in response.context["sums"]}
    assert sums["droits-ouverts"] == pytest.approx(125.5)


@pytest.mark.parametrize(
    "path",
    [
        "themes/non-recours/inconnu/",
        "themes/public/inconnu/",
        "themes/autre/jeunes/",
        "themes/public/fracture-numerique/",
    ],
)
def test_unknown_theme_is_404(client, sheets, path):
    assert client.get(URL + path).status_code == 404


@pytest.mark.parametrize("count", [3, 25])
def test_theme_query_count_is_constant(client, lille, count, django_assert_max_num_queries):
    for _number in range(count):
        make_sheet(
            lille, audiences=["jeunes"], barriers=["mobilite"], results=[("droits-ouverts", 2)]
        )
    with django_assert_max_num_queries(20):
        response = client.get(URL + "themes/non-recours/non-demande/")
    assert response.context["page_obj"].paginator.count == count


def test_territory_folder_leads_to_the_filtered_list(client, sheets, lille):
    folder = TerritoryFolderPage.objects.get(territory=lille)
    response = client.get(folder.url, follow=True)
    assert response.redirect_chain[-1][0] == "/fiches/?territoire=fictiville"
    assert set(listed_titles(response)) == {sheets["bus"].title, sheets["data"].title}


def test_facet_counts_are_cached_and_invalidated_on_publish(client, lille, rennes):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    add_sheets(3, lille, rennes)
    first = client.get(URL)
    with CaptureQueriesContext(connection) as cached:
        second = client.get(URL)
    assert "(3)" in first.content.decode() and "(3)" in second.content.decode()
    add_sheets(1, lille)
    with CaptureQueriesContext(connection) as after_publish:
        third = client.get(URL)
    assert len(after_publish) > len(cached)  # counts computed again
    assert "Jeunes (16-25 ans) (4)" in " ".join(third.content.decode().split())


def test_theme_page_never_adds_up_rates_or_averages(client, lille):
    make_sheet(lille, audiences=["jeunes"], results=[("taux-droits-ouverts", 40)])
    make_sheet(lille, audiences=["jeunes"], results=[("taux-droits-ouverts", 60)])
    response = client.get(URL + "themes/public/jeunes/")
    content = response.content.decode()
    assert "non additionnable" in content
    assert ">100<" not in content
    assert 'href="/bibliotheque/kit-evaluation/indicateurs/taux-droits-ouverts/"' in content
