"""The forum pages: reading, writing, and every refusal with its French message (the text is
kept, nothing is saved half-way)."""

import html as html_module
import io
import re

import pytest
from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from accounts import roles
from forum import services
from forum.links import thread_url
from forum.models import Attachment, Category, Flag, Post, Reaction, ReadMark, Thread
from forum.tests import utils
from forum.tests.factories import CategoryFactory, ThreadFactory
from taxonomy.models import Audience, Barrier
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def content(response) -> str:
    return response.content.decode()


def textarea_value(html: str, name: str = "text") -> str:
    match = re.search(rf'<textarea name="{name}"[^>]*>(.*?)</textarea>', html, re.S)
    assert match, f"no textarea {name}"
    return html_module.unescape(match.group(1)).strip("\n")


def png(name="photo.png", size=(4, 4)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def pdf(name="compte-rendu.pdf"):
    body = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    return SimpleUploadedFile(name, body, content_type="application/pdf")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def public():
    return CategoryFactory(slug="entraide", visibility=Category.Visibility.PUBLIC, name="Entraide")


@pytest.fixture
def author():
    return UserFactory(first_name="Anne", last_name="Auteure", old=True)


@pytest.fixture
def question(public, author):
    return ThreadFactory(
        author=author,
        category=public,
        title="Comment toucher les familles ?",
        text="Quelles pistes pour les familles monoparentales ?",
    )


# --- Reading -------------------------------------------------------------------------------------


def test_category_list_shows_counts_and_last_activity(client, public, question):
    CategoryFactory(slug="vide", name="Catégorie vide")
    response = client.get("/forum/")
    html = content(response)
    assert response.status_code == 200
    assert "Entraide" in html and "Catégorie vide" in html
    assert "Aucune discussion" in html  # the empty category
    rows = {row.split("</a>")[0].rsplit(">", 1)[-1]: row for row in html.split("<tr>")[2:]}
    assert list(rows) == ["Catégorie vide", "Entraide"]
    assert "<td>1</td>" in rows["Entraide"] and "<time" in rows["Entraide"]
    assert "<td>0</td>" in rows["Catégorie vide"]


def test_category_page_sorts_and_marks_threads(client, public, author):
    old = ThreadFactory(author=author, category=public, title="Ancienne discussion")
    recent = ThreadFactory(author=author, category=public, title="Discussion récente")
    pinned = ThreadFactory(
        author=author, category=public, title="Règles du forum", kind=Thread.Kind.DISCUSSION
    )
    Thread.objects.filter(pk=pinned.pk).update(is_pinned=True, last_post_at=old.last_post_at)
    replier = UserFactory(first_name="Paul", last_name="Répondeur", old=True)
    answer = utils.reply(old, replier, "Voici une piste.")
    services.accept_answer(author, old, answer)

    reader = UserFactory(old=True)
    client.force_login(reader)
    client.get(thread_url(recent))  # read: no « Non lu » mark
    html = content(client.get("/forum/entraide/"))
    titles = re.findall(r'<a class="fr-link[^"]*" href="/forum/discussion/[^"]+">([^<]+)</a>', html)
    assert titles == ["Règles du forum", "Ancienne discussion", "Discussion récente"]
    rows = html.split("<tr>")[2:]
    assert "Résolu" in rows[1] and "par Paul Répondeur" in rows[1] and "<td>1</td>" in rows[1]
    assert "Non lu" in rows[1] and "Non lu" not in rows[2]
    assert "Épinglée" in rows[0]
    assert 'href="/forum/entraide/nouvelle/"' in html and "Nouvelle discussion" in html


def test_anonymous_sees_no_unread_mark_and_a_login_link(client, public, question):
    html = content(client.get("/forum/entraide/"))
    assert "Non lu" not in html
    assert "Se connecter pour lancer une discussion" in html
    thread_html = content(client.get(thread_url(question)))
    assert "Connectez-vous pour répondre" in thread_html
    assert 'name="text"' not in thread_html


def test_thread_page_paginates_posts_and_anchors(client, question):
    posts = utils.bulk_replies(question, 45)
    html = content(client.get(thread_url(question)))
    assert "Quelles pistes pour les familles monoparentales ?" in html
    assert f'id="message-{posts[0].pk}"' in html and f'id="message-{posts[19].pk}"' in html
    assert f'id="message-{posts[20].pk}"' not in html
    page3 = content(client.get(thread_url(question, 3)))
    assert f'id="message-{posts[44].pk}"' in page3
    assert "Quelles pistes" not in page3  # the question is on the first page
    # A permalink leads to the right page.
    response = client.get(f"/forum/message/{posts[30].pk}/")
    assert response.url == thread_url(question, 2, f"message-{posts[30].pk}")
    # An outdated slug redirects to the canonical address.
    response = client.get(f"/forum/discussion/{question.pk}-ancien-titre/?page=2")
    assert response.status_code == 302
    assert response.url == thread_url(question) + "?page=2"


def test_hidden_and_deleted_posts(client, question):
    hidden = utils.reply(question, text="Propos déplacés")
    Post.objects.filter(pk=hidden.pk).update(is_hidden=True, hidden_reason="Injurieux")
    deleted = utils.reply(question, text="Message retiré")
    Post.objects.filter(pk=deleted.pk).update(is_deleted=True)
    client.force_login(UserFactory(old=True))
    html = content(client.get(thread_url(question)))
    assert "Message masqué par la modération" in html and "Propos déplacés" not in html
    assert "Message supprimé" in html and "Message retiré" not in html
    client.force_login(UserFactory(roles=[roles.MODERATOR], old=True))
    html = content(client.get(thread_url(question)))
    assert "Propos déplacés" in html and "Injurieux" in html
    assert "Message retiré" not in html


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


def test_attachments_are_stored_and_shown(client, question):
    client.force_login(UserFactory(old=True))
    response = client.post(
        thread_url(question),
        {"text": "Voici le compte rendu.", "attachments": [png("affiche.png"), pdf()]},
        follow=True,
    )
    html = content(response)
    post = Post.objects.get(source="Voici le compte rendu.")
    image, document = post.attachments.order_by("pk")
    assert (image.name, image.content_type) == ("affiche.png", "image/png")
    assert (document.name, document.content_type) == ("compte-rendu.pdf", "application/pdf")
    assert not image.file.name.endswith("affiche.png")  # stored under a random name
    assert f'src="/forum/piece-jointe/{image.pk}/" alt="affiche.png"' in html
    assert f'href="/forum/piece-jointe/{document.pk}/"' in html and "compte-rendu.pdf" in html
    served = client.get(f"/forum/piece-jointe/{image.pk}/")
    assert served["Content-Type"] == "image/png"
    assert served["X-Content-Type-Options"] == "nosniff"
    served = client.get(f"/forum/piece-jointe/{document.pk}/")
    assert served["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile(
                "faux.png", b"<html><script>alert(1)</script></html>", content_type="image/png"
            ),
            "« faux.png » n’est pas accepté : joignez seulement des images (JPEG, PNG, GIF, "
            "WebP) ou des documents PDF.",
        ),
        (
            SimpleUploadedFile(
                "macro.docx", b"PK\x03\x04 word document", content_type="application/pdf"
            ),
            "« macro.docx » n’est pas accepté",
        ),
    ],
)
def test_forbidden_file_type_saves_nothing(client, question, upload, message):
    client.force_login(UserFactory(old=True))
    response = client.post(
        thread_url(question),
        {"text": "Mon texte avec pièce jointe", "attachments": [png(), upload]},
    )
    html = content(response)
    assert message in html
    assert textarea_value(html) == "Mon texte avec pièce jointe"
    assert "sélectionnez-les à nouveau" in html
    assert Post.objects.count() == 1 and not Attachment.objects.exists()


def test_oversized_and_too_many_files(client, question, settings):
    client.force_login(UserFactory(old=True))
    settings.FORUM_ATTACHMENT_MAX_BYTES = 50
    html = content(client.post(thread_url(question), {"text": "Texte", "attachments": [png()]}))
    assert "« photo.png » est trop lourd" in html
    settings.FORUM_ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024
    files = [png(f"p{n}.png") for n in range(4)]
    html = content(client.post(thread_url(question), {"text": "Texte", "attachments": files}))
    assert "Joignez au plus 3 fichiers (vous en avez choisi 4)." in html
    assert Post.objects.count() == 1 and not Attachment.objects.exists()


def test_new_accounts_cannot_attach(client, question):
    from tests.factories import UserFactory

    client.force_login(UserFactory())  # joined just now
    html = content(client.post(thread_url(question), {"text": "Texte", "attachments": [png()]}))
    assert "ne peuvent pas encore joindre de fichiers" in html
    assert Post.objects.count() == 1


def test_new_thread_with_a_bad_file_saves_nothing(client, public, author):
    client.force_login(author)
    bad = SimpleUploadedFile("x.gif", b"GIF89a not really", content_type="image/gif")
    html = content(
        client.post(
            "/forum/entraide/nouvelle/",
            {
                "title": "Avec fichier",
                "kind": "question",
                "text": "Texte gardé",
                "attachments": [bad],
            },
        )
    )
    assert "« x.gif » n’est pas accepté" in html and textarea_value(html) == "Texte gardé"
    assert not Thread.objects.exists() and not Attachment.objects.exists()


def test_attachments_of_restricted_categories_are_not_public(client, author):
    members = CategoryFactory(slug="membres", visibility=Category.Visibility.MEMBERS)
    thread = ThreadFactory(author=author, category=members)
    client.force_login(author)
    client.post(thread_url(thread), {"text": "Photo", "attachments": [png()]})
    attachment = Attachment.objects.get()
    client.logout()
    assert client.get(f"/forum/piece-jointe/{attachment.pk}/").status_code == 404


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


def test_mentions_autocomplete(client):
    UserFactory(first_name="Léa", last_name="Martin", old=True)
    UserFactory(first_name="Léon", last_name="Marchand", old=True)
    inactive = UserFactory(first_name="Léa", last_name="Partie", old=True)
    inactive.is_active = False
    inactive.save()
    for n in range(10):
        UserFactory(first_name="Zoé", last_name=f"Nombre{n}", old=True)
    assert client.get("/forum/mentions/?q=lea").status_code == 403
    client.force_login(UserFactory(first_name="Test", last_name="Lecteur", old=True))
    data = client.get("/forum/mentions/?q=lea").json()["results"]
    assert [person["handle"] for person in data] == ["lea.martin"]
    assert data[0]["name"] == "Léa Martin"
    by_last_name = client.get("/forum/mentions/?q=Mar").json()["results"]
    assert [person["handle"] for person in by_last_name] == ["lea.martin", "leon.marchand"]
    assert len(client.get("/forum/mentions/?q=zoe").json()["results"]) == 8
    assert client.get("/forum/mentions/?q=").json()["results"] == []
    assert client.get("/forum/mentions/?q=lecteur").json()["results"] == []  # not oneself


def test_quote_prefills_the_reply_box(client, question):
    reply = utils.reply(
        question,
        UserFactory(first_name="Paul", last_name="Cité", old=True),
        "Première ligne\nDeuxième ligne",
    )
    client.force_login(UserFactory(old=True))
    html = content(client.get(thread_url(question) + f"?citer={reply.pk}"))
    assert textarea_value(html) == ("> Paul Cité a écrit :\n>\n> Première ligne\n> Deuxième ligne")
    assert f'href="{thread_url(question)}?citer={reply.pk}#repondre"' in html
    assert 'id="repondre"' in html


def test_edit_own_post_and_history_for_moderators_only(client, question, author):
    post = question.posts.get()
    client.force_login(author)
    form = content(client.get(f"/forum/message/{post.pk}/modifier/"))
    assert textarea_value(form) == "Quelles pistes pour les familles monoparentales ?"
    response = client.post(
        f"/forum/message/{post.pk}/modifier/",
        {"text": "Quelles pistes pour les familles ?"},
        follow=True,
    )
    html = content(response)
    assert "Votre modification est enregistrée." in html
    assert "Quelles pistes pour les familles ?" in html and "modifié le" in html
    assert "Historique des modifications" not in html
    client.force_login(UserFactory(roles=[roles.MODERATOR], old=True))
    html = content(client.get(thread_url(question)))
    assert "Historique des modifications (1 version précédente)" in html
    assert "Quelles pistes pour les familles monoparentales ?" in html
    client.force_login(UserFactory(old=True))
    html = content(client.get(thread_url(question)))
    assert "Historique des modifications" not in html
    assert "monoparentales" not in html


def test_edit_with_empty_text_is_refused(client, question, author):
    post = question.posts.get()
    client.force_login(author)
    html = content(client.post(f"/forum/message/{post.pk}/modifier/", {"text": " "}))
    assert "Le message est vide" in html
    post.refresh_from_db()
    assert post.source == "Quelles pistes pour les familles monoparentales ?"


def test_delete_own_post(client, question):
    replier = UserFactory(old=True)
    reply = utils.reply(question, replier, "Je retire ce que j’ai dit.")
    other = UserFactory(old=True)
    client.force_login(other)
    assert client.post(f"/forum/message/{reply.pk}/supprimer/").status_code == 403
    client.force_login(replier)
    confirm = content(client.get(f"/forum/message/{reply.pk}/supprimer/"))
    assert "Voulez-vous vraiment supprimer votre message ?" in confirm
    reply.refresh_from_db()
    assert not reply.is_deleted
    html = content(client.post(f"/forum/message/{reply.pk}/supprimer/", follow=True))
    assert "Le message est supprimé." in html and "Message supprimé" in html
    assert "Je retire ce que j’ai dit." not in html
    reply.refresh_from_db()
    assert reply.is_deleted


def test_reactions_toggle(client, question):
    post = question.posts.get()
    reader = UserFactory(old=True)
    client.force_login(reader)
    url = f"/forum/message/{post.pk}/reagir/"
    assert client.get(url).status_code == 405
    html = content(client.post(url, {"kind": "merci"}, follow=True))
    assert "Votre réaction « Merci » est enregistrée." in html
    assert 'value="merci" aria-pressed="true">Merci (1)</button>' in html
    client.post(url, {"kind": "utile"})
    assert list(Reaction.objects.values_list("kind", flat=True)) == ["utile"]
    html = content(client.post(url, {"kind": "utile"}, follow=True))
    assert "Votre réaction est retirée." in html and not Reaction.objects.exists()
    html = content(client.post(url, {"kind": "bravo"}, follow=True))
    assert "Réaction inconnue." in html
    client.force_login(question.author)
    html = content(client.post(url, {"kind": "merci"}, follow=True))
    assert "Vous ne pouvez pas réagir à ce message." in html
    assert not Reaction.objects.exists()


def test_accept_answer_marks_solved_and_shows_it_after_the_question(client, question, author):
    first = utils.reply(question, text="Première réponse, moins utile.")
    best = utils.reply(question, text="La meilleure réponse.")
    client.force_login(UserFactory(old=True))
    assert client.post(f"/forum/message/{best.pk}/accepter/").status_code == 403
    client.force_login(author)
    html = content(client.post(f"/forum/message/{best.pk}/accepter/", follow=True))
    assert "la discussion est résolue" in html
    assert "Résolu" in html and "Réponse acceptée" in html
    question_at = html.index("Quelles pistes pour les familles monoparentales ?")
    assert (
        question_at
        < html.index("La meilleure réponse.")
        < html.index("Première réponse, moins utile.")
    )
    assert "Résolu" in content(client.get("/forum/entraide/"))
    question.refresh_from_db()
    assert question.accepted_post == best
    html = content(client.post(f"/forum/message/{first.pk}/accepter/", follow=True))
    question.refresh_from_db()
    assert question.accepted_post == first
    client.post(f"/forum/message/{first.pk}/accepter/", {"action": "retirer"})
    question.refresh_from_db()
    assert question.accepted_post is None


def test_facilitator_may_accept_an_answer(client, question):
    answer = utils.reply(question, text="Réponse.")
    client.force_login(UserFactory(roles=[roles.FACILITATOR], old=True))
    client.post(f"/forum/message/{answer.pk}/accepter/")
    question.refresh_from_db()
    assert question.accepted_post == answer


def test_flag_own_post_is_refused_and_keeps_the_reason(client, question, author):
    post = question.posts.get()
    client.force_login(author)
    url = f"/forum/message/{post.pk}/signaler/"
    assert "Vous ne pouvez pas signaler votre propre message." in content(client.get(url))
    html = content(client.post(url, {"reason": "Je me signale"}))
    assert "Vous ne pouvez pas signaler votre propre message." in html
    assert textarea_value(html, "reason") == "Je me signale"
    assert not Flag.objects.exists()


def test_flag_someone_elses_post(client, question):
    post = question.posts.get()
    client.force_login(UserFactory(old=True))
    url = f"/forum/message/{post.pk}/signaler/"
    html = content(client.post(url, {"reason": ""}))
    assert "Indiquez pourquoi vous signalez ce message." in html
    html = content(client.post(url, {"reason": "Données personnelles"}, follow=True))
    assert "votre signalement est transmis à l’équipe de modération" in html
    assert Flag.objects.get().reason == "Données personnelles"
    html = content(client.post(url, {"reason": "Encore"}))
    assert "Vous avez déjà signalé ce message" in html
    assert Flag.objects.count() == 1


def test_unread_posts_and_jump_link(client, question):
    reader = UserFactory(old=True)
    older = utils.bulk_replies(question, 25)
    client.force_login(reader)
    html = content(client.get(thread_url(question)))
    assert "Aller au premier message non lu" not in html  # first visit: nothing to jump to
    assert "Nouveau</span>" not in html
    client.get(thread_url(question, 2))  # read to the end
    assert ReadMark.objects.get(user=reader).last_read_at == older[-1].created_at
    assert "Non lu" not in content(client.get("/forum/entraide/"))

    first_new = utils.reply(question, text="Nouvelle réponse 1")
    utils.reply(question, text="Nouvelle réponse 2")
    assert "Non lu" in content(client.get("/forum/entraide/"))
    html = content(client.get(thread_url(question)))
    jump = thread_url(question, 2, f"message-{first_new.pk}")
    assert f'href="{jump}"' in html and "Aller au premier message non lu" in html
    page2 = content(client.get(thread_url(question, 2)))
    assert page2.count("Nouveau</span>") == 2
    assert "Non lu" not in content(client.get("/forum/entraide/"))
    assert "Aller au premier message non lu" not in content(client.get(thread_url(question)))


# --- Query counts --------------------------------------------------------------------------------


def _count(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def _fill_category(category, count):
    for n in range(count):
        thread = ThreadFactory(author=UserFactory(old=True), category=category, title=f"Sujet {n}")
        if n % 3 == 0:
            answer = utils.reply(thread, UserFactory(old=True), "Réponse")
            services.accept_answer(thread.author, thread, answer)


@pytest.mark.parametrize("as_role", ["anonymous", "member", "moderator"])
def test_category_page_runs_a_constant_number_of_queries(
    client, django_assert_max_num_queries, as_role
):
    small = CategoryFactory(slug="petite")
    large = CategoryFactory(slug="grande")
    _fill_category(small, 5)
    _fill_category(large, 40)
    if as_role != "anonymous":
        user = UserFactory(roles=[roles.MODERATOR] if as_role == "moderator" else [], old=True)
        client.force_login(user)
        client.get(thread_url(large.threads.first()))  # a read mark exists
    bound = _count(client, "/forum/petite/")
    with django_assert_max_num_queries(bound):
        client.get("/forum/grande/")
    with django_assert_max_num_queries(bound):
        client.get("/forum/grande/?page=2")


def _fill_thread(thread, count):
    authors = [UserFactory(old=True) for _ in range(min(count, 25))]
    posts = utils.bulk_replies(thread, count, authors)
    for index, post in enumerate(posts):
        if index % 4 == 0:
            Reaction.objects.create(
                post=post, user=authors[(index + 1) % len(authors)], kind="merci"
            )
        if index % 5 == 0:
            Attachment.objects.create(
                post=post,
                file="forum/x.png",
                name=f"image{index}.png",
                content_type="image/png",
                size=10,
            )
        if index % 6 == 0:
            post.revisions.create(source="ancienne version", edited_by=post.author)
    services.accept_answer(thread.author, thread, posts[3])


@pytest.mark.parametrize("as_role", ["anonymous", "member", "moderator"])
def test_thread_page_runs_a_constant_number_of_queries(
    client, public, django_assert_max_num_queries, as_role
):
    short = ThreadFactory(category=public, title="Courte")
    long = ThreadFactory(category=public, title="Longue")
    _fill_thread(short, 10)
    _fill_thread(long, 120)
    if as_role != "anonymous":
        user = UserFactory(roles=[roles.MODERATOR] if as_role == "moderator" else [], old=True)
        client.force_login(user)
        client.get(thread_url(short))
        client.get(thread_url(long))
        utils.reply(short, text="Nouveau")
        utils.reply(long, text="Nouveau")
    bound = _count(client, thread_url(short))
    with django_assert_max_num_queries(bound):
        client.get(thread_url(long))
    with django_assert_max_num_queries(bound):
        client.get(thread_url(long, 4))
