"""« Proposer une fiche »: the first steps of the guided form on the site."""

from decimal import Decimal

import pytest
from django.urls import reverse

from practices.models import PracticeSheetPage, TerritoryFolderPage
from practices.tests.factories import PracticeSheetFactory
from practices.tests.test_workflow import world  # noqa: F401 - fixture
from practices.tests.writing import MINIMAL_ACTION, fresh, latest, post_step, propose, step_url
from taxonomy.models import Barrier, ResultIndicator
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_only_team_members_may_propose(client, world):  # noqa: F811
    url = reverse("practices:propose")
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(UserFactory())
    response = client.get(url)
    assert response.status_code == 403
    assert "Demander à rejoindre un territoire" in response.content.decode()
    client.force_login(world["author"])
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Étape 1 sur 7" in html
    for jargon in ("Slug", "slug", "Balise titre", "menus"):
        assert jargon not in html


def test_a_wrong_first_step_keeps_what_was_typed(client, world):  # noqa: F811
    client.force_login(world["author"])
    response = propose(client, summary="", start_date="2024-05-01", end_date="2024-01-01")
    html = response.content.decode()
    assert response.status_code == 400
    assert 'role="alert"' in html and "Cette étape n’est pas enregistrée" in html
    assert 'href="#id_summary"' in html and "Résumez l’action" in html
    assert "La fin de l’action ne peut pas précéder son début." in html
    assert 'value="Un bus des droits au marché"' in html
    assert not PracticeSheetPage.objects.filter(title=MINIMAL_ACTION["title"]).exists()


def test_the_first_step_creates_a_draft_in_the_team_folder(client, world):  # noqa: F811
    client.force_login(world["author"])
    response = propose(client)
    sheet = PracticeSheetPage.objects.get(title=MINIMAL_ACTION["title"])
    assert response.status_code == 302
    assert response["Location"] == step_url(sheet, "publics-et-freins")
    assert not sheet.live and sheet.territory == world["own"]
    assert sheet.get_parent().specific == TerritoryFolderPage.objects.get(territory=world["own"])
    assert sheet.revisions.count() == 1
    assert sheet.revisions.first().user == world["author"]
    # Starting again with the same title is no error: nobody sees the address.
    assert propose(client, submission_token="").status_code == 302
    slugs = set(PracticeSheetPage.objects.filter(title=sheet.title).values_list("slug", flat=True))
    assert len(slugs) == 2


def test_a_member_of_two_territories_chooses_one(client, world):  # noqa: F811
    from tests.factories import MembershipFactory

    MembershipFactory(user=world["author"], territory=world["other"])
    client.force_login(world["author"])
    response = propose(client)
    assert response.status_code == 400
    assert "Choisissez le territoire de l’action." in response.content.decode()
    propose(client, territory=world["other"].pk)
    assert PracticeSheetPage.objects.get(title=MINIMAL_ACTION["title"]).territory == world["other"]


@pytest.fixture
def draft(client, world):  # noqa: F811
    client.force_login(world["author"])
    propose(client)
    return PracticeSheetPage.objects.get(title=MINIMAL_ACTION["title"])


def test_tags_are_checkboxes_in_the_typology_order(client, draft):
    html = client.get(step_url(draft, "publics-et-freins")).content.decode()
    families = ["Non-connaissance", "Non-demande", "Non-réception", "Non-proposition"]
    positions = [html.index(f"data-family>{family}<") for family in families]
    assert positions == sorted(positions)
    # Each cause comes under its family.
    digital = html.index("Fracture numérique")
    assert positions[1] < digital < positions[2]
    assert 'type="checkbox"' in html and "<select" not in html


def test_chosen_tags_are_saved_and_removable_without_javascript(client, draft):
    digital = Barrier.objects.get(slug="fracture-numerique")
    language = Barrier.objects.get(slug="barriere-linguistique")
    response = post_step(
        client, draft, "publics-et-freins", {"barriers": [digital.pk, language.pk]}
    )
    assert response["Location"] == step_url(draft, "ce-qui-a-ete-fait")
    assert set(latest(draft).barriers.all()) == {digital, language}
    html = client.get(step_url(draft, "publics-et-freins")).content.decode()
    assert f'value="barriers:{digital.pk}"' in html  # the tag's « Retirer » button
    response = post_step(
        client,
        draft,
        "publics-et-freins",
        {"barriers": [digital.pk, language.pk], "retirer_terme": f"barriers:{digital.pk}"},
    )
    assert response["Location"] == step_url(draft, "publics-et-freins")
    assert list(latest(draft).barriers.all()) == [language]


def test_the_filter_box_works_without_javascript(client, draft):
    language = Barrier.objects.get(slug="barriere-linguistique")
    post_step(client, draft, "publics-et-freins", {"barriers": [language.pk]})
    revisions = fresh(draft).revisions.count()
    response = post_step(
        client,
        draft,
        "publics-et-freins",
        {"barriers": [language.pk], "filtre": "numerique", "filtrer": "1"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert fresh(draft).revisions.count() == revisions  # filtering saves nothing
    for slug, hidden in (
        ("fracture-numerique", False),
        ("delais", True),
        ("barriere-linguistique", False),
    ):
        pk = Barrier.objects.get(slug=slug).pk
        block = html.split(f'id="id_barriers_{pk}"', 1)[0].rsplit(
            '<div class="fr-fieldset__element"', 1
        )[1]
        assert (" hidden" in block) is hidden, slug


def test_what_was_done_is_simple_text_kept_as_rich_text(client, draft):
    response = post_step(
        client,
        draft,
        "ce-qui-a-ete-fait",
        {
            "context": "Beaucoup de **non-recours** au RSA.\n\n- hameaux isolés\n- peu de bus",
            "done": "Un bus passe.<script>x()</script>",
        },
    )
    assert response.status_code == 302
    sheet = latest(draft)
    assert (
        sheet.context
        == "<p>Beaucoup de <b>non-recours</b> au RSA.</p>\n<ul>\n<li>hameaux isolés</li>\n"
        "<li>peu de bus</li>\n</ul>"
    )
    assert [block.block_type for block in sheet.actions] == ["paragraph"]
    assert "script" not in sheet.actions[0].value.source
    html = client.get(step_url(draft, "ce-qui-a-ete-fait")).content.decode()
    assert "- hameaux isolés" in html


def test_blocks_set_up_in_the_admin_are_kept(client, world):  # noqa: F811
    sheet = PracticeSheetFactory(
        territory=world["own"],
        live=False,
        actions=[
            ("paragraph", "<p>Avant</p>"),
            ("testimony", {"text": "Merci", "author": "Une habitante", "source": ""}),
        ],
    )
    client.force_login(world["author"])
    html = client.get(step_url(sheet, "ce-qui-a-ete-fait")).content.decode()
    assert "ils sont conservés" in html
    post_step(client, sheet, "ce-qui-a-ete-fait", {"context": "Contexte", "done": "Après"})
    blocks = list(latest(sheet).actions)
    assert [block.block_type for block in blocks] == ["paragraph", "testimony"]
    assert "Après" in blocks[0].value.source


def test_french_decimals_in_the_means(client, draft):
    response = post_step(client, draft, "pour-reproduire", {"staff_fte": "0,5", "budget_range": ""})
    assert response.status_code == 302
    assert latest(draft).staff_fte == Decimal("0.5")
    response = post_step(client, draft, "pour-reproduire", {"staff_fte": "un demi"})
    assert response.status_code == 400
    assert "Écrivez un nombre, par exemple 0,5 ou 1,5." in response.content.decode()
    assert 'value="un demi"' in response.content.decode()


def _line(indicator, **data):
    return {
        "resultats-TOTAL_FORMS": "1",
        "resultats-INITIAL_FORMS": "0",
        "resultats-0-indicator": indicator.pk,
        **{f"resultats-0-{key}": value for key, value in data.items()},
    }


def test_results_with_a_year_or_dates_and_french_decimals(client, draft):
    rate = ResultIndicator.objects.filter(value_kind="taux").first()
    count = ResultIndicator.objects.filter(value_kind="effectif").first()
    response = post_step(
        client, draft, "resultats", _line(rate, value="12,5", year="2024", comment="Sur 80 foyers")
    )
    assert response.status_code == 302
    line = latest(draft).results.get()
    assert (line.value, line.year, line.period, line.comment) == (
        Decimal("12.5"),
        2024,
        "2024",
        "Sur 80 foyers",
    )
    for data, message in [
        (_line(rate, value="120", year="2024"), "Un taux est un pourcentage entre 0 et 100."),
        (_line(count, value="2,5", year="2024"), "un nombre entier"),
        (_line(count, value="3"), "Indiquez l’année mesurée"),
        (
            _line(count, value="3", period_start="2024-01-01"),
            "Donnez le début et la fin de la période.",
        ),
        (
            _line(
                count, value="3", year="2024", period_start="2024-01-01", period_end="2024-06-30"
            ),
            "pas les deux",
        ),
    ]:
        response = post_step(client, draft, "resultats", data)
        assert response.status_code == 400, message
        assert message in response.content.decode()
    post_step(
        client,
        draft,
        "resultats",
        _line(count, value="30", period_start="2024-01-01", period_end="2024-06-30"),
    )
    assert latest(draft).results.get().period == "du 1 janvier 2024 au 30 juin 2024"


def test_adding_a_result_row_saves_and_loses_nothing(client, draft):
    count = ResultIndicator.objects.filter(value_kind="effectif").first()
    revisions = fresh(draft).revisions.count()
    response = post_step(
        client, draft, "resultats", {**_line(count, value="30", year="2024"), "ajouter": "1"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="resultats-1-indicator"' in html and 'value="30"' in html
    assert fresh(draft).revisions.count() == revisions
