"""Moderation: who reaches the queue, each decision logged and told to the author with its
reason, the automatic hiding after several flags, the Wagtail admin entries."""

import json

import pytest
from django.core import mail
from django.urls import reverse

from accounts import roles
from forum import moderation, services
from forum.models import Category, Flag, ModerationLog, Notification, Thread
from forum.services import ForumError
from forum.tests.factories import CategoryFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    category = CategoryFactory(slug="entraide")
    author = UserFactory(first_name="Awa", last_name="Diallo", old=True)
    replier = UserFactory(first_name="Bruno", last_name="Martin", old=True)
    thread = services.create_thread(author, category, "Une question", "Comment faire ?")
    post = services.reply(replier, thread, "Une réponse discutable.")
    Notification.objects.all().delete()
    return {
        "category": category,
        "other_category": CategoryFactory(slug="evaluation"),
        "author": author,
        "replier": replier,
        "thread": thread,
        "post": post,
        "member": UserFactory(first_name="Marc", last_name="Membre", old=True),
        "moderator": UserFactory(
            first_name="Mona", last_name="Moderatrice", roles=[roles.MODERATOR], old=True
        ),
        "facilitator": UserFactory(
            first_name="Fabien", last_name="Animateur", roles=[roles.FACILITATOR], old=True
        ),
        "admin": UserFactory(
            first_name="Ada", last_name="Admin", roles=[roles.DGCS_ADMIN], old=True
        ),
    }


def flaggers(count):
    return [
        UserFactory(first_name=f"Personne{number}", last_name="Signale", old=True)
        for number in range(count)
    ]


def test_queue_and_log_are_for_moderators(client, world):
    for name in ("moderation", "moderation_log"):
        url = reverse(f"forum:{name}")
        client.logout()
        response = client.get(url)
        assert response.status_code == 302 and "/compte/" in response["Location"]
        client.force_login(world["member"])
        response = client.get(url)
        assert response.status_code == 403
        for who in ("moderator", "facilitator", "admin"):
            client.force_login(world[who])
            assert client.get(url).status_code == 200, (name, who)
    client.force_login(world["member"])
    thread_url = reverse("forum:moderate_thread", args=[world["thread"].pk])
    post_url = reverse("forum:moderate_post", args=[world["post"].pk])
    assert client.get(thread_url).status_code == 403
    assert (
        client.post(thread_url, {"action": "verrouiller", "verrou-reason": "x"}).status_code == 403
    )
    assert client.post(post_url, {"action": "masquer", "reason": "x"}).status_code == 403
    world["post"].refresh_from_db()
    assert not world["post"].is_hidden
    assert not Thread.objects.get(pk=world["thread"].pk).is_locked
    assert not ModerationLog.objects.exists()


def test_functions_refuse_non_moderators_and_empty_reasons(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        moderation.hide_post(world["member"], world["post"], "Motif")
    with pytest.raises(ForumError, match="motif"):
        moderation.lock_thread(world["moderator"], world["thread"], "   ")
    assert not ModerationLog.objects.exists()


def test_auto_hide_after_three_flags_is_in_the_queue(client, world):
    post = world["post"]
    for number, flagger in enumerate(flaggers(3)):
        services.flag_post(flagger, post, f"Motif numéro {number}")
    post.refresh_from_db()
    assert post.is_hidden
    assert ModerationLog.objects.filter(action="auto_hide", post=post).exists()
    client.force_login(world["moderator"])
    content = client.get(reverse("forum:moderation")).content.decode()
    assert "1 message signalé" in content and "3 signalements" in content
    for number in range(3):
        assert f"Motif numéro {number}" in content
    assert "Rétablir le message" in content and "Confirmer le masquage" in content
    assert moderation.open_flagged_posts_count() == 1


def _post(client, url, data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(url, data)


@pytest.mark.parametrize(
    "action, target, field, expected",
    [
        ("masquer", "post", "reason", "hide"),
        ("ecarter", "post", "reason", "dismiss_flags"),
        ("retablir", "post", "reason", "restore"),
        ("verrouiller", "thread", "verrou-reason", "lock"),
        ("epingler", "thread", "epingle-reason", "pin"),
        ("deplacer", "thread", "deplacer-reason", "move"),
        ("renommer", "thread", "renommer-reason", "rename"),
    ],
)
def test_each_action_is_logged_and_told_to_the_author(
    client, world, action, target, field, expected, django_capture_on_commit_callbacks
):
    post, thread = world["post"], world["thread"]
    for flagger in flaggers(3 if action == "retablir" else 1):
        services.flag_post(flagger, post, "Propos déplacés")
    if action == "retablir":  # hidden automatically by the three flags
        post.refresh_from_db()
        assert post.is_hidden
        ModerationLog.objects.all().delete()
    client.force_login(world["moderator"])
    reason = "Motif précis de la décision"
    data = {"action": action, field: reason, "next": reverse("forum:moderation")}
    if action == "deplacer":
        data["deplacer-category"] = world["other_category"].pk
    if action == "renommer":
        data["renommer-title"] = "Un titre plus clair"
    url = reverse(f"forum:moderate_{target}", args=[post.pk if target == "post" else thread.pk])
    response = _post(client, url, data, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response["Location"] == reverse("forum:moderation")
    entry = ModerationLog.objects.get()
    assert entry.action == expected and entry.moderator == world["moderator"]
    assert reason in entry.reason
    assert entry.thread_id == thread.pk
    post.refresh_from_db()
    thread.refresh_from_db()
    concerned = world["replier"] if target == "post" else world["author"]
    notification = Notification.objects.get(user=concerned)
    assert notification.kind == Notification.Kind.MODERATION
    assert reason in notification.message and notification.actor == world["moderator"]
    to_concerned = [message for message in mail.outbox if message.to == [concerned.email]]
    assert len(to_concerned) == 1 and reason in to_concerned[0].body
    if action == "ecarter":
        # The author gets the reason « transmis à l’auteur », the post stays as it is.
        assert not post.is_hidden
        assert Flag.objects.get().status == Flag.Status.DISMISSED
        return
    if action == "masquer":
        assert post.is_hidden and post.hidden_reason == reason
        assert Flag.objects.get().status == Flag.Status.UPHELD
    elif action == "retablir":
        assert not post.is_hidden and post.hidden_reason == ""
        assert set(Flag.objects.values_list("status", flat=True)) == {Flag.Status.DISMISSED}
    elif action == "verrouiller":
        assert thread.is_locked and "verrouillée" in notification.message
        # The author can no longer reply.
        with pytest.raises(ForumError):
            services.reply(world["author"], thread, "Encore un mot")
    elif action == "epingler":
        assert thread.is_pinned
    elif action == "deplacer":
        assert thread.category == world["other_category"]
        assert "Evaluation" in notification.message and "de « Entraide »" in entry.reason
    elif action == "renommer":
        assert thread.title == "Un titre plus clair"
        assert "« Une question » a été renommée « Un titre plus clair »" in notification.message


def test_unlock_and_unpin(client, world):
    thread = world["thread"]
    moderation.lock_thread(world["moderator"], thread, "Fil clos")
    moderation.pin_thread(world["moderator"], thread, "Important")
    client.force_login(world["facilitator"])
    url = reverse("forum:moderate_thread", args=[thread.pk])
    content = client.get(url).content.decode()
    assert "Déverrouiller la discussion" in content and "Désépingler la discussion" in content
    client.post(url, {"action": "deverrouiller", "verrou-reason": "On rouvre"})
    client.post(url, {"action": "desepingler", "epingle-reason": "Plus d’actualité"})
    thread.refresh_from_db()
    assert not thread.is_locked and not thread.is_pinned
    assert list(ModerationLog.objects.order_by("pk").values_list("action", flat=True)) == [
        "lock",
        "pin",
        "unlock",
        "unpin",
    ]
    assert Notification.objects.filter(user=world["author"], kind="moderation").count() == 4


def test_a_reason_is_required(client, world):
    client.force_login(world["moderator"])
    post_url = reverse("forum:moderate_post", args=[world["post"].pk])
    response = client.post(post_url, {"action": "masquer", "reason": " "}, follow=True)
    assert "Indiquez le motif de votre décision" in response.content.decode()
    thread_url = reverse("forum:moderate_thread", args=[world["thread"].pk])
    response = client.post(
        thread_url,
        {"action": "renommer", "renommer-title": "Autre titre", "renommer-reason": ""},
        follow=True,
    )
    assert "Indiquez le motif de votre décision" in response.content.decode()
    world["post"].refresh_from_db()
    world["thread"].refresh_from_db()
    assert not world["post"].is_hidden and world["thread"].title == "Une question"
    assert not ModerationLog.objects.exists() and not Notification.objects.exists()


def test_log_page_lists_the_decisions(client, world):
    moderation.hide_post(world["moderator"], world["post"], "Propos injurieux")
    moderation.rename_thread(world["facilitator"], world["thread"], "Titre clarifié", "Clarté")
    client.force_login(world["moderator"])
    content = client.get(reverse("forum:moderation_log")).content.decode()
    assert "Message masqué" in content and "Propos injurieux" in content
    assert "Discussion renommée" in content and "Clarté" in content
    content = client.get(reverse("forum:moderation_log") + "?action=hide").content.decode()
    assert "Propos injurieux" in content and "Clarté" not in content


def test_post_page_of_the_moderators(client, world):
    services.flag_post(world["member"], world["post"], "Hors sujet")
    client.force_login(world["moderator"])
    content = client.get(reverse("forum:moderate_post", args=[world["post"].pk])).content.decode()
    assert "Hors sujet" in content and "Masquer le message" in content
    assert "Écarter les signalements" in content


# --- Wagtail admin -------------------------------------------------------------------------------


def _in_sidebar(label):
    """The admin sidebar is JSON: non-ASCII characters are escaped."""
    return json.dumps(label)[1:-1]


def test_admin_menu_item_for_facilitators_and_dgcs(client, world):
    services.flag_post(world["member"], world["post"], "Hors sujet")
    for who in ("facilitator", "admin"):
        client.force_login(world[who])
        content = client.get(reverse("wagtailadmin_home")).content.decode()
        assert _in_sidebar("Modération du forum (1)") in content, who
        assert '"url": "/forum/moderation/"' in content
        assert _in_sidebar("Catégories du forum") in content
    # Territory teams open the admin but do not moderate: no item.
    from accounts.models import Membership
    from tests.factories import MembershipFactory

    team = MembershipFactory(user=UserFactory(), status=Membership.Status.ACCEPTED).user
    client.force_login(team)
    content = client.get(reverse("wagtailadmin_home")).content.decode()
    assert _in_sidebar("Modération du forum") not in content
    assert _in_sidebar("Catégories du forum") not in content


def test_categories_are_managed_in_the_admin(client, world):
    client.force_login(world["facilitator"])
    list_url = reverse("wagtailsnippets_forum_category:list")
    content = client.get(list_url).content.decode()
    assert "Entraide" in content
    add_url = reverse("wagtailsnippets_forum_category:add")
    response = client.post(
        add_url,
        {
            "name": "Logement",
            "slug": "logement",
            "description": "Aides au logement",
            "visibility": Category.Visibility.MEMBERS,
            "territory": "",
            "position": 3,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Category.objects.get(slug="logement").visibility == Category.Visibility.MEMBERS
    # Moderators have no admin access at all.
    client.force_login(world["moderator"])
    assert client.get(list_url).status_code == 403
