"""Moderation that people hear about: moderators notified of each flag and e-mailed in batches,
the outcome told to the people who flagged, the reason to the author, a hidden post readable and
editable by its author only, resubmitted on edit and restored by a moderator."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from forum import moderation, moderation_alerts, services, tasks
from forum.links import thread_url
from forum.models import Flag, ModerationLog, Notification
from forum.moderation_reasons import Reason
from forum.tests.factories import CategoryFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    category = CategoryFactory(slug="entraide")
    author = UserFactory(first_name="Awa", last_name="Diallo", old=True)
    replier = UserFactory(first_name="Bruno", last_name="Martin", old=True)
    thread = services.create_thread(author, category, "Une question", "Comment faire ?")
    post = services.reply(replier, thread, "Une réponse discutable, texte unique 4821.")
    moderator = UserFactory(first_name="Mona", roles=[roles.MODERATOR], old=True)
    facilitator = UserFactory(first_name="Fabien", roles=[roles.FACILITATOR], old=True)
    Notification.objects.all().delete()
    return {
        "thread": thread,
        "post": post,
        "author": author,
        "replier": replier,
        "moderator": moderator,
        "facilitator": facilitator,
        "member": UserFactory(first_name="Marc", old=True),
        "other": UserFactory(first_name="Olga", old=True),
    }


def _mails_to(user):
    return [message for message in mail.outbox if message.to == [user.email]]


def test_each_flag_notifies_the_moderators_and_they_get_one_batched_email(
    world, committed, settings
):
    settings.FORUM_MODERATION_EMAIL_MINUTES = 15
    posts = [world["post"]] + [
        services.reply(world["author"], world["thread"], f"Autre message {n}") for n in range(2)
    ]
    Notification.objects.all().delete()
    flaggers = [world["member"], world["other"], world["member"]]
    for flagger, post in zip(flaggers, posts, strict=True):
        committed(services.flag_post, flagger, post, "", Reason.DISRESPECT)
    for person in (world["moderator"], world["facilitator"]):
        rows = Notification.objects.filter(user=person, kind=Notification.Kind.FLAG)
        assert rows.count() == 3
        assert "Propos irrespectueux" in rows.first().message
    # Not e-mailed one by one with the ordinary notifications.
    assert not _mails_to(world["moderator"])

    assert committed(tasks.send_moderator_emails) == 2
    received = _mails_to(world["moderator"])
    assert len(received) == 1
    message = received[0]
    assert "3 messages signalés" in message.subject
    assert message.body.count("Propos irrespectueux") == 3
    html = message.alternatives[0][0]
    assert f"{settings.SITE_URL}/forum/moderation/" in html
    assert f"{settings.SITE_URL}/forum/moderation/" in message.body

    # A new flag soon after: it waits for the next batch.
    committed(services.flag_post, world["member"], posts[1], "Encore", Reason.OTHER)
    assert committed(tasks.send_moderator_emails) == 0
    assert len(_mails_to(world["moderator"])) == 1
    # FORUM_MODERATION_EMAIL_MINUTES later, one e-mail with that flag only.
    Notification.objects.filter(emailed_at__isnull=False).update(
        emailed_at=timezone.now() - timedelta(minutes=16)
    )
    assert committed(tasks.send_moderator_emails) == 2
    second = _mails_to(world["moderator"])[1]
    assert "Un message signalé" in second.subject and "Encore" in second.body


def test_moderators_who_chose_never_are_not_emailed(world, committed):
    user = world["moderator"]
    user.notification_frequency = user.NotificationFrequency.NEVER
    user.save()
    committed(services.flag_post, world["member"], world["post"], "Spam")
    assert Notification.objects.filter(user=user, kind=Notification.Kind.FLAG).exists()
    committed(tasks.send_moderator_emails)
    assert not _mails_to(user)


def _decide(client, world, action, data, django_capture_on_commit_callbacks):
    client.force_login(world["moderator"])
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(
            reverse("forum:moderate_post", args=[world["post"].pk]), {"action": action, **data}
        )


@pytest.mark.parametrize(
    "action, outcome", [("masquer", "message masqué"), ("ecarter", "message laissé en ligne")]
)
def test_the_people_who_flagged_are_told_the_outcome(
    client, world, committed, action, outcome, django_capture_on_commit_callbacks
):
    committed(services.flag_post, world["member"], world["post"], "Hors sujet")
    mail.outbox.clear()
    response = _decide(
        client,
        world,
        action,
        {"reason_code": Reason.ADVERTISING},
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 302
    notification = Notification.objects.get(user=world["member"])
    assert notification.kind == Notification.Kind.MODERATION
    assert f"Votre signalement a été examiné : {outcome}" in notification.message
    received = _mails_to(world["member"])
    assert len(received) == 1
    assert f"Votre signalement a été examiné : {outcome}" in received[0].subject
    assert received[0].alternatives  # an HTML part
    assert Flag.objects.get().status != Flag.Status.OPEN


def test_the_author_gets_the_reason_and_a_link_to_edit(
    client, world, committed, settings, django_capture_on_commit_callbacks
):
    committed(services.flag_post, world["member"], world["post"], "Nom d’une allocataire")
    mail.outbox.clear()
    _decide(
        client,
        world,
        "masquer",
        {"reason_code": Reason.PERSONAL_DATA, "reason": "Le nom de famille est cité."},
        django_capture_on_commit_callbacks,
    )
    post = world["post"]
    post.refresh_from_db()
    assert post.is_hidden
    expected = "Données personnelles d’une personne accompagnée — Le nom de famille est cité."
    assert post.hidden_reason == expected
    notification = Notification.objects.get(user=world["replier"])
    assert expected in notification.message
    received = _mails_to(world["replier"])
    assert len(received) == 1
    edit_url = f"{settings.SITE_URL}/forum/message/{post.pk}/modifier/"
    assert expected in received[0].body and edit_url in received[0].body
    assert edit_url in received[0].alternatives[0][0]
    # Told once: the ordinary notification e-mails do not repeat it.
    committed(tasks.send_pending_notifications, older_than_seconds=0)
    assert len(_mails_to(world["replier"])) == 1


def test_a_canned_reason_is_required_or_a_free_text(client, world):
    client.force_login(world["member"])
    url = reverse("forum:flag", args=[world["post"].pk])
    html = client.get(url).content.decode()
    assert "Données personnelles d’une personne accompagnée" in html
    response = client.post(url, {"reason_code": Reason.OTHER, "reason": ""})
    assert response.status_code == 200
    assert "Précisez le motif" in response.content.decode()
    assert not Flag.objects.exists()
    response = client.post(url, {"reason_code": Reason.WRONG, "reason": "Le barème a changé."})
    assert response.status_code == 302
    flag = Flag.objects.get()
    assert flag.reason_code == Reason.WRONG
    assert flag.reason == "Information erronée — Le barème a changé."


def test_hidden_post_is_readable_and_editable_by_its_author_only(client, world):
    post, thread = world["post"], world["thread"]
    moderation.hide_post(world["moderator"], post, "Propos irrespectueux")
    client.force_login(world["replier"])
    html = client.get(thread_url(thread)).content.decode()
    assert "texte unique 4821" in html
    assert "Ce message est masqué par la modération" in html and "Propos irrespectueux" in html
    assert "Modifiez-le pour le soumettre à nouveau" in html
    assert reverse("forum:edit_post", args=[post.pk]) in html
    assert client.get(reverse("forum:edit_post", args=[post.pk])).status_code == 200
    for someone in (world["member"], world["author"]):
        client.force_login(someone)
        html = client.get(thread_url(thread)).content.decode()
        assert "texte unique 4821" not in html and "Message masqué par la modération" in html
        assert client.get(reverse("forum:edit_post", args=[post.pk])).status_code == 403
    client.logout()
    assert "texte unique 4821" not in client.get(thread_url(thread)).content.decode()


def test_an_edited_hidden_post_goes_back_to_the_queue_and_the_moderator_restores_it(
    client, world, django_capture_on_commit_callbacks
):
    post, thread = world["post"], world["thread"]
    moderation.hide_post(world["moderator"], post, "Propos irrespectueux")
    assert moderation.open_flagged_posts_count() == 0
    Notification.objects.all().delete()
    client.force_login(world["replier"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("forum:edit_post", args=[post.pk]), {"text": "Une réponse reformulée."}
        )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.is_hidden and post.resubmitted_at is not None
    assert ModerationLog.objects.filter(action="resubmit", post=post).exists()
    for person in (world["moderator"], world["facilitator"]):
        notification = Notification.objects.get(user=person)
        assert notification.kind == Notification.Kind.FLAG
        assert "a modifié son message masqué" in notification.message
    assert moderation.open_flagged_posts_count() == 1
    html = client.get(thread_url(thread)).content.decode()
    assert "il attend l’examen de l’équipe de modération" in html

    client.force_login(world["moderator"])
    queue = client.get(reverse("forum:moderation")).content.decode()
    assert "Message masqué modifié par son auteur" in queue and "reformulée" in queue
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("forum:moderate_post", args=[post.pk]),
            {"action": "retablir", "reason": "Merci pour la correction."},
        )
    post.refresh_from_db()
    assert not post.is_hidden and post.resubmitted_at is None
    assert moderation.open_flagged_posts_count() == 0
    told = Notification.objects.get(user=world["replier"])
    assert "de nouveau visible" in told.message and "Merci pour la correction." in told.message
    client.force_login(world["member"])
    assert "reformulée" in client.get(thread_url(thread)).content.decode()


def test_moderators_of_the_alerts_are_the_moderators_and_facilitators(world):
    assert set(moderation_alerts.moderators()) == {world["moderator"], world["facilitator"]}


def test_a_decision_clears_the_alerts_waiting_for_the_next_batch(world, committed):
    committed(services.flag_post, world["member"], world["post"], "Spam")
    committed(moderation.dismiss_flags, world["moderator"], world["post"], "Rien à redire")
    assert not Notification.objects.filter(kind=Notification.Kind.FLAG, read_at__isnull=True)
    assert committed(tasks.send_moderator_emails) == 0
