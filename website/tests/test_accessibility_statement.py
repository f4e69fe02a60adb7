import pytest

pytestmark = pytest.mark.django_db

SECTIONS = [
    "État de conformité",
    "Résultats des tests",
    "Contenus non accessibles",
    "Établissement de cette déclaration d’accessibilité",
    "Retour d’information et contact",
    "Voies de recours",
]


def test_statement_follows_the_rgaa_model(client):
    response = client.get("/accessibilite/")
    content = response.content.decode()
    assert response.status_code == 200
    positions = [content.find(f">{title}</h2>") for title in SECTIONS]
    assert all(position > 0 for position in positions), positions
    assert positions == sorted(positions)
    assert "<b>non conforme</b>" in content
    assert "Défenseur des droits" in content


def test_the_first_short_statement_is_replaced_unless_edited(client):
    from website.bootstrap import ensure_footer_pages
    from website.models import ContentPage, HomePage

    page = ContentPage.objects.get(slug="accessibilite")
    page.body = [("paragraph", "<p>État de conformité : ce site n’a pas encore fait l’objet…</p>")]
    page.save_revision().publish()
    ensure_footer_pages(HomePage.objects.first())
    page.refresh_from_db()
    assert len(page.body) > 5
    page.body = [("paragraph", "<p>Déclaration rédigée par l’équipe.</p>")]
    page.save_revision().publish()
    ensure_footer_pages(HomePage.objects.first())
    page.refresh_from_db()
    assert len(page.body) == 1
