"""What one does to a forum post: edit (with its history), delete, react, accept as the answer,
flag."""

import pytest

from accounts import roles
from forum.links import thread_url
from forum.models import Flag, Reaction
from forum.tests import utils
from forum.tests.pages import content, textarea_value
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]


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
