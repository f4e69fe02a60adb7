"""The composer: « Citer » without JavaScript keeps the draft, the quote, similar threads and
mention suggestions only show what the person may read (and only people who may read the space),
pasted files are checked like the forms' files, with French messages, and images need their
text alternative."""

import pytest

from accounts import roles
from forum import permissions
from forum.links import thread_url
from forum.models import Attachment, Category, Post
from forum.tests import utils
from forum.tests.factories import CategoryFactory, ThreadFactory
from forum.tests.pages import content, pdf, png, textarea_value
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]


# --- « Citer » -----------------------------------------------------------------------------------


def test_quote_without_javascript_keeps_the_draft_and_saves_nothing(client, question):
    reply = utils.reply(
        question, UserFactory(first_name="Paul", last_name="Cité", old=True), "Ligne citée"
    )
    client.force_login(UserFactory(old=True))
    response = client.post(
        thread_url(question),
        {"text": "Mon brouillon\nsur deux lignes", "citer": str(reply.pk), "alt_1": "Un plan"},
    )
    html = content(response)
    assert response.status_code == 200
    assert textarea_value(html) == (
        "Mon brouillon\nsur deux lignes\n\n> Paul Cité a écrit :\n>\n> Ligne citée"
    )
    assert textarea_value(html, "alt_1") == "Un plan"
    assert Post.objects.count() == 2  # nothing published
    # An empty box gets the quote alone; a post of another thread quotes nothing.
    html = content(client.post(thread_url(question), {"text": "", "citer": str(reply.pk)}))
    assert textarea_value(html).startswith("> Paul Cité a écrit :")
    other = ThreadFactory(category=question.category, title="Autre", text="Ailleurs")
    other_post = other.posts.get()
    html = content(client.post(thread_url(question), {"text": "Gardé", "citer": other_post.pk}))
    assert textarea_value(html) == "Gardé"


def test_the_quote_button_belongs_to_the_reply_form(client, question):
    client.force_login(UserFactory(old=True))
    html = content(client.get(thread_url(question)))
    first = question.posts.get(is_first=True)
    assert '<form id="formulaire-reponse"' in html
    assert (
        f'type="submit" form="formulaire-reponse" name="citer" value="{first.pk}" data-draft-keep'
        in html
    )


def test_quote_endpoint(client, question, author):
    first = question.posts.get(is_first=True)
    url = f"/forum/message/{first.pk}/citation/"
    assert client.get(url).status_code == 403
    client.force_login(UserFactory(old=True))
    data = client.get(url).json()
    assert data["intro"] == "> Anne Auteure a écrit :\n>\n"
    assert data["quote"] == (
        "> Anne Auteure a écrit :\n>\n> Quelles pistes pour les familles monoparentales ?\n\n"
    )
    private = CategoryFactory(slug="referents", visibility=Category.Visibility.REFERENTS)
    hidden = ThreadFactory(category=private, author=UserFactory(roles=[roles.MODERATOR], old=True))
    assert client.get(f"/forum/message/{hidden.posts.get().pk}/citation/").status_code == 404


# --- « Discussions similaires » ------------------------------------------------------------------


def test_similar_threads_lists_only_readable_threads(client, author):
    people = utils.People()
    moderator = people.moderator
    spaces = {
        "public": CategoryFactory(slug="publique"),
        "members": CategoryFactory(slug="membres", visibility=Category.Visibility.MEMBERS),
        "referents": CategoryFactory(slug="referents", visibility=Category.Visibility.REFERENTS),
        "territory": CategoryFactory(
            slug="equipe",
            visibility=Category.Visibility.TERRITORY,
            territory=people.territory,
        ),
    }
    for name, category in spaces.items():
        ThreadFactory(author=moderator, category=category, title=f"Convention CAF {name}")
    ThreadFactory(author=moderator, category=spaces["public"], title="Rien à voir")

    def titles(user=None):
        client.logout()
        if user:
            client.force_login(user)
        response = client.get("/forum/discussions-similaires/?titre=Une convention avec la CAF")
        assert response["Cache-Control"] == "no-store"
        return sorted(result["title"] for result in response.json()["results"])

    assert titles() == ["Convention CAF public"]
    assert titles(people.member) == ["Convention CAF members", "Convention CAF public"]
    assert titles(people.territory_member) == [
        "Convention CAF members",
        "Convention CAF public",
        "Convention CAF territory",
    ]
    assert titles(people.referent) == [
        "Convention CAF members",
        "Convention CAF public",
        "Convention CAF referents",
    ]
    assert len(titles(moderator)) == 4
    assert client.get("/forum/discussions-similaires/?titre=la").json()["results"] == []


# --- Mentions ------------------------------------------------------------------------------------


def _spaces(people):
    return {
        "public": CategoryFactory(slug="publique"),
        "members": CategoryFactory(slug="membres", visibility=Category.Visibility.MEMBERS),
        "referents": CategoryFactory(slug="referents", visibility=Category.Visibility.REFERENTS),
        "territory": CategoryFactory(
            slug="equipe",
            visibility=Category.Visibility.TERRITORY,
            territory=people.territory,
        ),
    }


PEOPLE = ["registered", "member", "territory_member", "referent", "moderator", "facilitator"]


def test_readers_follow_the_read_rule():
    people = utils.People()
    superuser = UserFactory(first_name="Sam", last_name="Super", is_superuser=True, old=True)
    for category in _spaces(people).values():
        readers = set(permissions.readers(category))
        for person in [*(getattr(people, name) for name in PEOPLE), superuser]:
            assert (person in readers) == permissions.can_read_category(person, category)


@pytest.mark.parametrize("space", ["public", "members", "referents", "territory"])
def test_mention_suggestions_never_offer_people_who_cannot_read_the_space(client, space):
    people = utils.People()
    category = _spaces(people)[space]
    thread = ThreadFactory(author=people.moderator, category=category, title="Sujet")
    writer = people.facilitator  # may read every space
    client.force_login(writer)
    for query in ("discussion=" + str(thread.pk), "categorie=" + category.slug):
        offered = set()
        for name in PEOPLE:
            person = getattr(people, name)
            response = client.get(f"/forum/mentions/?{query}&q={person.first_name}")
            handles = {result["handle"] for result in response.json()["results"]}
            if person.handle in handles:
                offered.add(name)
        expected = {
            name
            for name in PEOPLE
            if name != "facilitator"
            and permissions.can_read_category(getattr(people, name), category)
        }
        assert offered == expected


def test_mention_suggestions_need_a_readable_space(client):
    people = utils.People()
    referents = _spaces(people)["referents"]
    client.force_login(people.member)
    assert client.get("/forum/mentions/?categorie=referents&q=Mona").status_code == 404
    thread = ThreadFactory(author=people.moderator, category=referents)
    assert client.get(f"/forum/mentions/?discussion={thread.pk}&q=Mona").status_code == 404
    assert client.get("/forum/mentions/?q=Mona").status_code == 404


# --- Pasted and dropped files, text alternatives -------------------------------------------------

CHECK = "/forum/piece-jointe/verifier/"


def test_checking_a_pasted_file(client):
    assert client.post(CHECK, {"file": png()}).status_code == 403
    client.force_login(UserFactory(old=True))
    assert client.post(CHECK, {"file": png("collé.png")}).json() == {
        "ok": True,
        "name": "collé.png",
        "is_image": True,
    }
    assert client.post(CHECK, {"file": pdf()}).json()["is_image"] is False
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("faux.png", b"<html></html>", content_type="image/png")
    response = client.post(CHECK, {"file": fake})
    assert response.status_code == 400
    assert response.json()["errors"] == [
        "« faux.png » n’est pas accepté : joignez seulement des images (JPEG, PNG, GIF, WebP) "
        "ou des documents PDF."
    ]
    assert client.post(CHECK, {}).json()["errors"] == ["Aucun fichier reçu."]
    assert not Attachment.objects.exists()


def test_checking_a_pasted_file_refuses_new_accounts_in_french(client):
    client.force_login(UserFactory())  # joined just now
    response = client.post(CHECK, {"file": png()})
    assert response.status_code == 400
    assert response.json()["errors"] == [
        "Les nouveaux comptes ne peuvent pas encore joindre de fichiers."
    ]


def test_an_image_needs_its_text_alternative(client, question):
    client.force_login(UserFactory(old=True))
    html = content(
        client.post(
            thread_url(question),
            {"text": "Voici le plan", "attachments": [pdf(), png("plan.png")]},
        )
    )
    assert (
        "Décrivez l’image « plan.png » en quelques mots (texte alternatif) : ce texte est lu aux "
        "personnes qui ne voient pas l’image." in html
    )
    assert textarea_value(html) == "Voici le plan"
    assert Post.objects.count() == 1 and not Attachment.objects.exists()
    client.post(
        thread_url(question),
        {
            "text": "Voici le plan",
            "attachments": [pdf(), png("plan.png")],
            "alt_1": "  Plan du quartier\navec la CAF ",
        },
    )
    image = Attachment.objects.get(content_type="image/png")
    assert image.alt_text == "Plan du quartier avec la CAF"
    assert Attachment.objects.get(content_type="application/pdf").alt_text == ""
    html = content(client.get(thread_url(question)))
    assert f'src="/forum/piece-jointe/{image.pk}/" alt="Plan du quartier avec la CAF"' in html
