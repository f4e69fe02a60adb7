"""The Atom feed of the latest published sheets (/fiches/flux/)."""

from xml.etree import ElementTree

import pytest

from practices.tests.browse import URL, days_ago
from practices.tests.factories import PracticeSheetFactory

pytestmark = pytest.mark.django_db


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
        PracticeSheetFactory(
            territory=lille, title=f"Fiche {number}", first_published_at=days_ago(number)
        )
    root = parse_feed(client.get(URL + "flux/"))
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 30 and entries[0].find(f"{ATOM}title").text == "Fiche 0"
    root = parse_feed(client.get(URL + "flux/?public=jeunes"))
    assert root.findall(f"{ATOM}entry") == []
