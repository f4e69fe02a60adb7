"""Who may read, post, edit someone else's post and moderate, in each kind of category.

The rules live in forum.permissions; this matrix is their specification. The HTTP checks at the
end make sure the pages apply them: an unreadable category or thread answers 404 (its existence
is not revealed) and is absent from the category list."""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts import roles
from forum import permissions
from forum.models import Category
from forum.tests import utils
from forum.tests.factories import CategoryFactory, ThreadFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "registered",
    "member",
    "territory_member",
    "referent",
    "moderator",
    "facilitator",
]
VISIBILITIES = ["public", "members", "referents", "territory"]

# role: (public, members, referents, territory)
READ = {
    "anonymous": (True, False, False, False),
    "registered": (True, True, False, False),
    "member": (True, True, False, False),  # member of another territory than the category's
    "territory_member": (True, True, False, True),
    "referent": (True, True, True, False),  # référent of another territory
    "moderator": (True, True, True, True),
    "facilitator": (True, True, True, True),
}
# Posting needs a verified e-mail address and read access (every account here is verified).
POST = {
    role: tuple(allowed and role != "anonymous" for allowed in row) for role, row in READ.items()
}
# Editing someone else's post: the moderation team only, wherever it may read.
EDIT_OTHERS = {
    role: tuple(allowed and role in ("moderator", "facilitator") for allowed in row)
    for role, row in READ.items()
}
MODERATE = {role: role in ("moderator", "facilitator") for role in ROLES}


@pytest.fixture
def world():
    people = utils.People()
    categories = {
        "public": CategoryFactory(slug="publique", visibility=Category.Visibility.PUBLIC),
        "members": CategoryFactory(slug="membres", visibility=Category.Visibility.MEMBERS),
        "referents": CategoryFactory(slug="referents", visibility=Category.Visibility.REFERENTS),
        "territory": CategoryFactory(
            slug="equipe-fictiville",
            visibility=Category.Visibility.TERRITORY,
            territory=people.territory,
        ),
    }
    # A post by a third person in each category (a moderator writes it: she may post anywhere).
    author = UserFactory(first_name="Tiers", last_name="Auteur", roles=[roles.MODERATOR], old=True)
    posts = {
        name: ThreadFactory(author=author, category=category, title=f"Sujet {name}").posts.get(
            is_first=True
        )
        for name, category in categories.items()
    }
    return people, categories, posts


def _user(people, role):
    return AnonymousUser() if role == "anonymous" else getattr(people, role)


@pytest.mark.parametrize("role", ROLES)
def test_read_matrix(world, role):
    people, categories, _posts = world
    user = _user(people, role)
    got = tuple(permissions.can_read_category(user, categories[v]) for v in VISIBILITIES)
    assert got == READ[role]
    readable = set(permissions.readable_categories(user).values_list("slug", flat=True))
    expected = {categories[v].slug for v, ok in zip(VISIBILITIES, READ[role], strict=True) if ok}
    assert readable == expected


@pytest.mark.parametrize("role", ROLES)
def test_post_matrix(world, role):
    people, categories, posts = world
    user = _user(people, role)
    got = tuple(permissions.why_cannot_post(user, categories[v]) is None for v in VISIBILITIES)
    assert got == POST[role]
    replies = tuple(
        permissions.why_cannot_reply(user, posts[v].thread) is None for v in VISIBILITIES
    )
    assert replies == POST[role]


@pytest.mark.parametrize("role", ROLES)
def test_edit_someone_elses_post_matrix(world, role):
    people, _categories, posts = world
    user = _user(people, role)
    got = tuple(permissions.can_edit_post(user, posts[v]) for v in VISIBILITIES)
    assert got == EDIT_OTHERS[role]
    deletes = tuple(permissions.can_delete_post(user, posts[v]) for v in VISIBILITIES)
    assert deletes == tuple(MODERATE[role] for _ in VISIBILITIES)


@pytest.mark.parametrize("role", ROLES)
def test_moderate_matrix(world, role):
    people, _categories, _posts = world
    user = _user(people, role)
    assert permissions.can_moderate(user) is MODERATE[role]
    assert permissions.is_moderator(user) is MODERATE[role]


def test_unverified_account_cannot_post():
    from allauth.account.models import EmailAddress

    user = UserFactory(old=True)
    EmailAddress.objects.filter(user=user).update(verified=False)
    public = CategoryFactory(slug="entraide")
    assert permissions.why_cannot_post(user, public) == (
        "Confirmez votre adresse e-mail pour participer aux discussions."
    )


def test_own_post_rules():
    author = UserFactory(old=True)
    post = ThreadFactory(author=author).posts.get(is_first=True)
    assert permissions.can_edit_post(author, post)
    assert permissions.can_delete_post(author, post)
    assert not permissions.can_react(author, post)
    assert permissions.why_cannot_flag(author, post) == (
        "Vous ne pouvez pas signaler votre propre message."
    )
    post.thread.is_locked = True
    assert not permissions.can_edit_post(author, post)
    assert permissions.can_accept_answer(author, post.thread)
    assert not permissions.can_accept_answer(UserFactory(old=True), post.thread)


def test_locked_thread_refuses_replies_except_to_moderators():
    people = utils.People()
    thread = ThreadFactory(category=CategoryFactory(slug="entraide"))
    thread.is_locked = True
    thread.save()
    assert "verrouillée" in permissions.why_cannot_reply(people.member, thread)
    assert permissions.why_cannot_reply(people.moderator, thread) is None


# --- HTTP ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "visibility"),
    [
        # A logged-out visitor is asked to log in to a members' category (test_login_invitation).
        ("anonymous", "referents"),
        ("anonymous", "territory"),
        ("registered", "referents"),
        ("member", "territory"),
        ("referent", "territory"),
        ("territory_member", "referents"),
    ],
)
def test_unreadable_category_and_thread_answer_404_and_are_not_listed(
    client, world, role, visibility
):
    people, categories, posts = world
    if role != "anonymous":
        client.force_login(getattr(people, role))
    category = categories[visibility]
    post = posts[visibility]
    assert client.get(f"/forum/{category.slug}/").status_code == 404
    assert client.get(f"/forum/{category.slug}/nouvelle/").status_code in (302, 404)
    assert client.get(f"/forum/discussion/{post.thread_id}/").status_code == 404
    assert client.get(f"/forum/message/{post.pk}/").status_code == 404
    index = client.get("/forum/").content.decode()
    assert f"/forum/{category.slug}/" not in index
    assert category.name not in index
    assert f"/forum/{categories['public'].slug}/" in index


@pytest.mark.parametrize(
    ("role", "visibility"),
    [
        ("anonymous", "public"),
        ("registered", "members"),
        ("referent", "referents"),
        ("territory_member", "territory"),
        ("moderator", "territory"),
        ("facilitator", "referents"),
    ],
)
def test_readable_category_and_thread_open(client, world, role, visibility):
    people, categories, posts = world
    if role != "anonymous":
        client.force_login(getattr(people, role))
    category = categories[visibility]
    thread = posts[visibility].thread
    assert client.get(f"/forum/{category.slug}/").status_code == 200
    assert client.get(f"/forum/discussion/{thread.pk}/", follow=True).status_code == 200
    assert f"/forum/{category.slug}/" in client.get("/forum/").content.decode()


def test_actions_on_a_readable_post_that_one_may_not_do_answer_403(client, world):
    people, _categories, posts = world
    client.force_login(people.member)
    post = posts["public"]
    assert client.get(f"/forum/message/{post.pk}/modifier/").status_code == 403
    assert client.get(f"/forum/message/{post.pk}/supprimer/").status_code == 403
    assert client.post(f"/forum/message/{post.pk}/accepter/").status_code == 403
