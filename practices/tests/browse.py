"""Helpers of the list of sheets' tests (test_browse*.py): reading /fiches/ and its facets."""

from datetime import timedelta

from django.utils import timezone

from practices.tests.factories import PracticeSheetFactory

URL = "/fiches/"

LIST_URLS = [
    URL,
    URL + "?public=jeunes&frein=non-demande&tri=reprises&q=fiche",
    URL + "?territoire=fictiville&region=hauts-de-france&statut=en-cours&page=2",
]


def days_ago(days):
    return timezone.now() - timedelta(days=days)


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


def add_sheets(count, *territories):
    for number in range(count):
        PracticeSheetFactory(
            territory=territories[number % len(territories)],
            audiences=["jeunes", "etudiants", "personnes-agees", "zones-rurales"],
            barriers=["fracture-numerique", "mobilite"],
            partners=["caf"],
            benefits=["rsa"],
            action_types=["aller-vers"],
            results=[("droits-ouverts", 1)],
        )
