import pytest
from django.test import override_settings
from wagtail.models import Page

from accounts import roles
from tests.factories import MembershipFactory, UserFactory
from website import home_sections
from website.models import FeaturedItem, HomePage
from website.tests.factories import ContentPageFactory

pytestmark = pytest.mark.django_db


def test_home_page_in_dsfr_and_french(client):
    response = client.get("/")
    content = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fr"' in content
    assert "fr-header" in content and "Communauté zéro non-recours" in content
    for label in ("Fiches pratiques", "Forum", "Bibliothèque", "Événements"):
        assert f">{label}</a>" in content
    assert 'id="champ-recherche-entete"' in content and 'name="q"' in content
    assert "fr-skiplinks" in content and 'href="#contenu"' in content
    for link in (
        "/plan-du-site/",
        "/accessibilite/",
        "/mentions-legales/",
        "/donnees-personnelles/",
    ):
        assert f'href="{link}"' in content
    assert "Se connecter" in content and "Créer un compte" in content


def test_user_menu_for_a_logged_in_person(client):
    client.force_login(UserFactory())
    content = client.get("/").content.decode()
    assert "Mon compte" in content and "Se déconnecter" in content
    assert "Administration" not in content
    client.force_login(UserFactory(roles=[roles.FACILITATOR]))
    assert "Administration" in client.get("/").content.decode()


def test_footer_pages_exist(client):
    for path, title in [
        ("/accessibilite/", "Déclaration d’accessibilité"),
        ("/mentions-legales/", "Mentions légales"),
        ("/donnees-personnelles/", "Données personnelles"),
        ("/a-propos/", "À propos"),
        ("/plan-du-site/", "Plan du site"),
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert title in response.content.decode()


def test_home_shows_featured_content_and_no_fake_sections(client):
    home = HomePage.objects.get()
    about = Page.objects.get(slug="a-propos")
    FeaturedItem.objects.create(
        home=home, page=about, title="Découvrir le programme", text="Trois priorités"
    )
    content = client.get("/").content.decode()
    assert "Découvrir le programme" in content and 'href="/a-propos/"' in content
    # No practice sheets, discussions nor events app yet: their sections are simply absent.
    assert "Dernières fiches" not in content


def test_home_sections_registered_by_apps_appear(client):
    home_sections.register("test", lambda request: "<section><h2>Section test</h2></section>")
    home_sections.register("vide", lambda request: "")
    try:
        content = client.get("/").content.decode()
        assert "<h2>Section test</h2>" in content
    finally:
        home_sections._registry[:] = [
            entry for entry in home_sections._registry if entry[1] not in ("test", "vide")
        ]


def test_content_page_renders_every_block(client):
    ContentPageFactory(
        title="Le programme",
        slug="le-programme",
        intro="Présentation",
        body=[
            ("heading", {"text": "Trois priorités", "level": "h2"}),
            ("paragraph", "<p>Repérer, coopérer, essaimer.</p>"),
            (
                "quote",
                {
                    "text": "Aller vers les personnes",
                    "author": "Une cheffe de projet",
                    "source": "CCAS",
                },
            ),
            (
                "call_to_action",
                {
                    "title": "Agir",
                    "text": "",
                    "label": "En savoir plus",
                    "page": None,
                    "url": "https://example.org/",
                },
            ),
            ("callout", {"title": "À retenir", "text": "<p>Important</p>", "color": ""}),
            ("accordion", {"items": [{"title": "Question 1", "content": "<p>Réponse 1</p>"}]}),
        ],
    )
    content = client.get("/le-programme/").content.decode()
    assert "<h2>Trois priorités</h2>" in content
    assert "Repérer, coopérer, essaimer." in content
    assert "fr-quote" in content and "Aller vers les personnes" in content
    assert 'href="https://example.org/"' in content and "En savoir plus" in content
    assert "fr-callout" in content and "À retenir" in content
    assert "fr-accordion" in content and "Réponse 1" in content
    assert "fr-breadcrumb" in content


def test_404_is_french_and_designed(client):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "Page non trouvée" in content and "fr-header" in content and "fr-footer" in content


def test_403_is_french_and_designed(client):
    client.force_login(UserFactory())
    response = client.get("/mon-compte/territoires/inconnu/equipe/")
    assert response.status_code == 404
    territory = MembershipFactory().territory
    response = client.get(f"/mon-compte/territoires/{territory.slug}/equipe/")
    assert response.status_code == 403
    content = response.content.decode()
    assert "Accès refusé" in content and "fr-header" in content


def test_500_is_french_and_does_not_need_the_database():
    from django.test import RequestFactory

    from website.views import server_error

    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    content = response.content.decode()
    assert "Erreur inattendue" in content and "fr-header" in content


@override_settings(DEBUG=False)
def test_sections_not_yet_open_say_so(client):
    # Every section is open now: the library is served by its index page, not a placeholder.
    response = client.get("/bibliotheque/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Cette rubrique ouvre prochainement" not in content
    assert "<h1>Bibliothèque</h1>" in content


def test_search_pages(client):
    """/recherche/ is served by the search app (its own tests: search/tests/); the editorial
    pages created at installation are found, accents or not."""
    response = client.get("/recherche/?q=accessibilite")
    content = response.content.decode()
    assert response.status_code == 200
    assert 'href="/accessibilite/"' in content
    assert "Déclaration d’<mark>accessibilité</mark>" in content
    response = client.get("/recherche/?q=zzzzqqq")
    assert "Aucun résultat pour « zzzzqqq »" in response.content.decode()
    assert client.get("/recherche/?q=" + "a" * 1000).status_code == 200
    assert client.get("/recherche/?q=%22%28%29*").status_code == 200


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (None, False),
        (roles.COMMISSIONER, False),
        (roles.MODERATOR, False),
        (roles.FACILITATOR, True),
        (roles.DGCS_ADMIN, True),
    ],
)
def test_admin_access_by_site_wide_role(client, role, allowed):
    """Without a territory team, only facilitators and DGCS admins open the admin."""
    user = UserFactory(roles=[role] if role else [])
    client.force_login(user)
    response = client.get("/admin/")
    if allowed:
        assert response.status_code == 200
    else:
        assert response.status_code == 403
        assert "réservée aux équipes des territoires" in response.content.decode()


def test_anonymous_visitor_is_sent_to_login_from_admin(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/login/")


def test_referent_reaches_only_the_sheets_of_their_territory_in_the_admin(client):
    from practices.models import TerritoryFolderPage

    referent = MembershipFactory(role="referent").user
    client.force_login(referent)
    folder = TerritoryFolderPage.objects.get(territory=referent.memberships.get().territory)
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{folder.pk}/"
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/users/").status_code != 200
    assert client.get("/admin/snippets/accounts/territory/").status_code != 200
    home = HomePage.objects.get()
    assert client.get(f"/admin/pages/{home.pk}/edit/").status_code != 200


def test_pending_member_does_not_reach_the_admin(client):
    client.force_login(MembershipFactory(status="pending").user)
    assert client.get("/admin/pages/").status_code == 403


def test_facilitator_edits_home_page_in_admin(client):
    client.force_login(UserFactory(roles=[roles.FACILITATOR]))
    home = HomePage.objects.get()
    response = client.get(f"/admin/pages/{home.pk}/edit/")
    assert response.status_code == 200
    response = client.get("/admin/snippets/accounts/territory/")
    assert response.status_code == 200


def test_dgcs_admin_manages_vocabularies_and_users(client):
    client.force_login(UserFactory(roles=[roles.DGCS_ADMIN]))
    assert client.get("/admin/snippets/taxonomy/barrier/").status_code == 200
    assert client.get("/admin/users/").status_code == 200
    assert client.get("/admin/groups/").status_code == 200


def test_outbox_is_visible_read_only_to_dgcs_admins(client):
    client.force_login(UserFactory(roles=[roles.DGCS_ADMIN]))
    assert client.get("/admin/snippets/mailer/outgoingemail/").status_code == 200
    assert client.get("/admin/snippets/mailer/outgoingemail/add/").status_code in (302, 403)
    client.force_login(UserFactory(roles=[roles.FACILITATOR]))
    assert client.get("/admin/snippets/mailer/outgoingemail/").status_code == 302
