"""« Mes fiches » in « Mon compte »: the team's sheets and their state."""

import pytest
from django.test.utils import CaptureQueriesContext

from practices.models import PracticeSheetPage
from practices.tests.factories import PracticeSheetFactory
from practices.tests.test_workflow import act, submit, world  # noqa: F401, F811 - fixtures

pytestmark = pytest.mark.django_db


def _section(client, user) -> str:
    client.force_login(user)
    response = client.get("/mon-compte/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_team_sees_each_sheet_with_its_state(client, world, submit, act):  # noqa: F811
    own, author = world["own"], world["author"]
    PracticeSheetFactory(territory=own, title="Brouillon du bus", owner=author, live=False)
    in_review = PracticeSheetFactory(
        territory=own, title="Permanence en validation", owner=author, live=False
    )
    submit(in_review, author)
    to_fix = PracticeSheetFactory(
        territory=own, title="Atelier à reprendre", owner=author, live=False
    )
    submit(to_fix, author)
    act(world["referent"], to_fix, "reject", comment="Ajoutez les chiffres de 2024.")
    PracticeSheetFactory(territory=own, title="Fiche en ligne")
    withdrawn = PracticeSheetFactory(territory=own, title="Fiche retirée")
    PracticeSheetPage.objects.get(pk=withdrawn.pk).unpublish()
    PracticeSheetFactory(territory=world["other"], title="Fiche d’un autre territoire")

    html = _section(client, author)
    assert "Mes fiches" in html
    for title, state in [
        ("Brouillon du bus", "Brouillon"),
        ("Permanence en validation", "En validation"),
        ("Atelier à reprendre", "À modifier"),
        ("Fiche en ligne", "Publiée"),
        ("Fiche retirée", "Dépubliée"),
    ]:
        row = html.split(title, 1)[1].split("</tr>", 1)[0]
        assert state in row, title
    assert "Ajoutez les chiffres de 2024." in html
    assert "Fiche d’un autre territoire" not in html
    assert "Proposer une fiche" in html


def test_people_outside_any_team_have_no_such_section(client, world):  # noqa: F811
    assert "Mes fiches" not in _section(client, world["facilitator"])


def test_the_section_costs_the_same_queries_for_few_or_many_sheets(client, world):  # noqa: F811
    from django.db import connection

    from practices.dashboard import team_sheets_section

    def count(request_user):
        request_user = type(request_user).objects.get(pk=request_user.pk)  # nothing memoised
        request = type("Request", (), {"user": request_user})()
        with CaptureQueriesContext(connection) as queries:
            team_sheets_section(request)
        return len(queries)

    PracticeSheetFactory(
        territory=world["own"], title="Une première fiche", owner=world["author"], live=False
    )
    few = count(world["author"])
    for number in range(8):
        PracticeSheetFactory(
            territory=world["own"], title=f"Fiche {number}", owner=world["author"], live=False
        )
    assert count(world["author"]) == few
