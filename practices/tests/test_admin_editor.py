"""The sheet's page editor in the admin: each rich-text editor (Draftail) is named for screen
readers by its label (``website.rich_text``), and the « Référencement » tab speaks plainly."""

import html as html_lib
import json
import re

import pytest
from django.urls import reverse

from accounts import roles
from practices.tests.factories import PracticeSheetFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RICH_TEXT_FIELDS = {
    "context": "Contexte et problème",
    "lessons_worked": "Ce qui a marché",
    "lessons_pitfalls": "Les pièges à éviter",
    "replication": "Conditions pour reproduire l’action",
}


@pytest.fixture
def editor_html(client):
    sheet = PracticeSheetFactory(live=False)
    client.force_login(UserFactory(roles=[roles.FACILITATOR]))
    response = client.get(reverse("wagtailadmin_pages:edit", args=[sheet.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _text(fragment: str) -> str:
    return re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", "", fragment))).strip()


def _element_text(page: str, element_id: str) -> str:
    match = re.search(rf'<(\w+)[^>]*\bid="{re.escape(element_id)}"[^>]*>(.*?)</\1>', page, re.S)
    assert match, f"no element #{element_id}"
    return _text(match.group(2))


def _draftail_options(page: str, field: str) -> dict:
    tag = re.search(rf'<input[^>]*\bid="id_{field}"[^>]*>', page, re.S)
    assert tag, f"no input for {field}"
    value = re.search(r'data-w-init-detail-value="([^"]*)"', tag.group(0))
    return json.loads(html_lib.unescape(value.group(1)))


@pytest.mark.parametrize("field", RICH_TEXT_FIELDS)
def test_rich_text_fields_are_labelled_by_their_label(editor_html, field):
    from practices.models import PracticeSheetPage

    options = _draftail_options(editor_html, field)
    # Draftail gives these to its contenteditable as aria-labelledby / aria-describedby.
    assert options["ariaLabelledBy"] == f"id_{field}-label"
    assert (
        _element_text(editor_html, options["ariaLabelledBy"]).rstrip("*")
        == (RICH_TEXT_FIELDS[field])
    )
    help_text = str(PracticeSheetPage._meta.get_field(field).help_text)
    described_by = options["ariaDescribedBy"].split()
    assert any(_element_text(editor_html, ref) == help_text for ref in described_by)


def test_rich_text_blocks_of_the_stream_are_named_by_their_label(editor_html):
    """The blocks are drawn in the browser from their definitions (telepath JSON in the page):
    the paragraph block's editor carries its label as aria-label."""
    definitions = html_lib.unescape(editor_html)
    assert re.search(r'"ariaLabel":\s*"Paragraphe"', definitions)


def test_the_promote_tab_speaks_plainly_and_has_no_menu_option(editor_html):
    from practices.models import PracticeSheetPage

    labels = {
        "slug": "Adresse de la page (fin de l’URL)",
        "seo_title": "Titre pour les moteurs de recherche",
        "search_description": "Description pour les moteurs de recherche",
    }
    for field, label in labels.items():
        assert _element_text(editor_html, f"id_{field}-label").rstrip("*") == label
    assert "« un-bus-des-droits »" in html_lib.unescape(editor_html)
    assert "Vide : le titre de la fiche." in html_lib.unescape(editor_html)
    # Wagtail's English-flavoured wording is gone, and so is « show in menus ».
    for wagtail_label in ("balise titre", "méta-description", "Pour les menus du site"):
        assert wagtail_label.lower() not in editor_html.lower()
    assert 'name="show_in_menus"' not in editor_html
    form_fields = PracticeSheetPage.get_edit_handler().get_form_class().base_fields
    assert "show_in_menus" not in form_fields
    assert {"slug", "seo_title", "search_description"} <= set(form_fields)
