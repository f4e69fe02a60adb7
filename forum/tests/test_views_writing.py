"""The forum pages, writing: new threads, replies, previews, mentions, quotes, and every refusal
with its French message (the text is kept, nothing is saved half-way)."""

import pytest
from allauth.account.models import EmailAddress

from forum.links import thread_url
from forum.models import Post, Thread
from forum.tests import utils
from forum.tests.pages import content, textarea_value
from taxonomy.models import Audience, Barrier
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]


# --- Writing -------------------------------------------------------------------------------------


def test_new_thread_with_tags_and_linked_page(
    client, public, author, django_capture_on_commit_callbacks
):
    from wagtail.models import Page

    page = Page.objects.live().public().filter(depth__gt=2).first()
    audience = Audience.objects.filter(is_active=True).first()
    barrier = Barrier.objects.filter(is_active=True, parent__isnull=False).first()
    client.force_login(author)
    form = content(client.get(f"/forum/entraide/nouvelle/?page={page.pk}"))
    assert page.title in form and f'name="linked_page" value="{page.pk}"' in form
    assert "<legend" in form and "Type de discussion" in form and "Publics" in form
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/forum/entraide/nouvelle/?page={page.pk}",
            {
                "title": "Partage de données avec la CAF",
                "kind": "discussion",
                "text": "Qui a signé une **convention** ?",
                "audiences": [audience.pk],
                "barriers": [barrier.pk],
                "linked_page": page.pk,
            },
            follow=True,
        )
    html = content(response)
    thread = Thread.objects.get(title="Partage de données avec la CAF")
    assert response.redirect_chain[-1][0] == thread_url(thread)
    assert "Votre discussion est publiée." in html
    assert "<strong>convention</strong>" in html
    assert thread.kind == "discussion" and thread.linked_page_id == page.pk
    assert list(thread.audiences.all()) == [audience]
    assert list(thread.barriers.all()) == [barrier]
    assert thread.posts.get().source == "Qui a signé une **convention** ?"
    assert audience.label in html


def test_unverified_account_gets_the_french_message_and_keeps_the_text(client, public, question):
    user = UserFactory(old=True)
    EmailAddress.objects.filter(user=user).update(verified=False)
    client.force_login(user)
    message = "Confirmez votre adresse e-mail pour participer aux discussions."
    assert message in content(client.get("/forum/entraide/nouvelle/"))
    html = content(
        client.post(
            "/forum/entraide/nouvelle/",
            {
                "title": "Mon sujet",
                "kind": "question",
                "text": "Mon texte précieux",
            },
        )
    )
    assert message in html and textarea_value(html) == "Mon texte précieux"
    html = content(client.post(thread_url(question), {"text": "Ma réponse précieuse"}))
    assert message in html and textarea_value(html) == "Ma réponse précieuse"
    assert Thread.objects.count() == 1 and Post.objects.count() == 1


def test_anonymous_cannot_post(client, public, question):
    response = client.get("/forum/entraide/nouvelle/")
    assert response.status_code == 302 and "/compte/login/" in response.url
    response = client.post(thread_url(question), {"text": "Bonjour"})
    assert response.status_code == 302 and "/compte/login/" in response.url
    assert Post.objects.count() == 1


def test_reply(client, question, django_capture_on_commit_callbacks):
    replier = UserFactory(old=True)
    client.force_login(replier)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            thread_url(question), {"text": "Essayez le *porte-à-porte*."}, follow=True
        )
    post = Post.objects.get(author=replier)
    assert response.redirect_chain[-1][0] == thread_url(question, anchor=f"message-{post.pk}")
    html = content(response)
    assert "Votre réponse est publiée." in html
    assert "<em>porte-à-porte</em>" in html
    question.refresh_from_db()
    assert question.posts_count == 2 and question.last_poster == replier


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("   \n  ", "Le message est vide : écrivez quelque chose avant de publier."),
        ("x" * 20001, "Le message est trop long (20001 caractères, 20000 au plus)."),
    ],
)
def test_empty_or_oversized_reply(client, question, text, message):
    client.force_login(UserFactory(old=True))
    response = client.post(thread_url(question), {"text": text})
    html = content(response)
    assert response.status_code == 200
    assert message in html
    assert textarea_value(html) == text.strip("\n") or not text.strip()
    assert Post.objects.count() == 1


def test_empty_new_thread_keeps_the_title(client, public, author):
    client.force_login(author)
    html = content(
        client.post(
            "/forum/entraide/nouvelle/",
            {
                "title": "Titre gardé",
                "kind": "question",
                "text": "",
            },
        )
    )
    assert "Le message est vide : écrivez quelque chose avant de publier." in html
    assert 'value="Titre gardé"' in html
    assert not Thread.objects.exists()


def test_locked_thread_refuses_replies(client, question):
    Thread.objects.filter(pk=question.pk).update(is_locked=True)
    client.force_login(UserFactory(old=True))
    html = content(client.get(thread_url(question)))
    assert "Cette discussion est verrouillée : on ne peut plus y répondre." in html
    assert 'name="text"' not in html
    html = content(client.post(thread_url(question), {"text": "Je réponds quand même"}))
    assert "Cette discussion est verrouillée : on ne peut plus y répondre." in html
    assert textarea_value(html) == "Je réponds quand même"
    assert Post.objects.count() == 1


def test_preview_without_javascript_keeps_the_text_and_saves_nothing(client, public, question):
    client.force_login(UserFactory(old=True))
    html = content(
        client.post(
            thread_url(question),
            {
                "text": "Un **essai** <script>alert(1)</script>",
                "apercu": "1",
            },
        )
    )
    assert "Aperçu de votre message" in html and "<strong>essai</strong>" in html
    assert "<script>alert(1)" not in html
    assert textarea_value(html) == "Un **essai** <script>alert(1)</script>"
    assert html.index("Aperçu de votre message") < html.index('<textarea name="text"')
    html = content(
        client.post(
            "/forum/entraide/nouvelle/",
            {
                "title": "",
                "kind": "question",
                "text": "## Intertitre",
                "apercu": "1",
            },
        )
    )
    assert "<h3>Intertitre</h3>" in html and textarea_value(html) == "## Intertitre"
    assert "Donnez un titre" not in html  # no validation errors on a preview
    assert Post.objects.count() == 1 and Thread.objects.count() == 1


def test_preview_endpoint(client):
    response = client.post("/forum/apercu/", {"text": "*a*"})
    assert response.status_code == 403
    client.force_login(UserFactory(old=True))
    response = client.post("/forum/apercu/", {"text": "*a* <img src=x onerror=alert(1)>"})
    assert response.status_code == 200
    assert content(response).strip() == "<p><em>a</em> </p>"
    assert client.get("/forum/apercu/").status_code == 405
    assert client.post("/forum/apercu/", {"text": "x" * 20001}).status_code == 400


MENTIONS = "/forum/mentions/?categorie=entraide&q="


def test_mentions_autocomplete(client, public):
    UserFactory(first_name="Léa", last_name="Martin", old=True)
    UserFactory(first_name="Léon", last_name="Marchand", old=True)
    inactive = UserFactory(first_name="Léa", last_name="Partie", old=True)
    inactive.is_active = False
    inactive.save()
    for n in range(10):
        UserFactory(first_name="Zoé", last_name=f"Nombre{n}", old=True)
    assert client.get(MENTIONS + "lea").status_code == 403
    client.force_login(UserFactory(first_name="Test", last_name="Lecteur", old=True))
    data = client.get(MENTIONS + "lea").json()["results"]
    assert [person["handle"] for person in data] == ["lea.martin"]
    assert data[0]["name"] == "Léa Martin"
    by_last_name = client.get(MENTIONS + "Mar").json()["results"]
    assert [person["handle"] for person in by_last_name] == ["lea.martin", "leon.marchand"]
    assert len(client.get(MENTIONS + "zoe").json()["results"]) == 8
    assert client.get(MENTIONS + "").json()["results"] == []
    assert client.get(MENTIONS + "lecteur").json()["results"] == []  # not oneself


def test_quote_prefills_the_reply_box(client, question):
    reply = utils.reply(
        question,
        UserFactory(first_name="Paul", last_name="Cité", old=True),
        "Première ligne\nDeuxième ligne",
    )
    client.force_login(UserFactory(old=True))
    html = content(client.get(thread_url(question) + f"?citer={reply.pk}"))
    assert textarea_value(html) == ("> Paul Cité a écrit :\n>\n> Première ligne\n> Deuxième ligne")
    assert f'form="formulaire-reponse" name="citer" value="{reply.pk}"' in html
    assert 'id="repondre"' in html
