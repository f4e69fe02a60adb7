"""A shared link to a members-only thread or category (issue 22): a logged-out visitor is sent to
the login page, back to the link after, with a message saying why; whatever a logged-in member
could not read still answers 404, to everyone."""

from urllib.parse import quote

import pytest
from django.urls import reverse

from forum.links import thread_url
from forum.models import Category
from forum.tests import utils
from forum.tests.factories import CategoryFactory, ThreadFactory

pytestmark = pytest.mark.django_db

THREAD_MESSAGE = (
    "Cette discussion est réservée aux membres de la communauté\u00a0: connectez-vous pour la lire."
)
CATEGORY_MESSAGE = (
    "Cette catégorie est réservée aux membres de la communauté\u00a0: connectez-vous pour la lire."
)


@pytest.fixture
def people():
    return utils.People()


@pytest.fixture
def threads(people):
    categories = {
        "members": CategoryFactory(slug="membres", visibility=Category.Visibility.MEMBERS),
        "referents": CategoryFactory(slug="referents", visibility=Category.Visibility.REFERENTS),
        "territory": CategoryFactory(
            slug="equipe-fictiville",
            visibility=Category.Visibility.TERRITORY,
            territory=people.territory,
        ),
    }
    return {
        name: ThreadFactory(author=people.moderator, category=category, title=f"Sujet {name}")
        for name, category in categories.items()
    }


def _assert_login_redirect(response, address):
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={quote(address, safe='/')}"


def test_members_thread_asks_a_logged_out_visitor_to_log_in(client, threads):
    thread = threads["members"]
    address = thread_url(thread)
    response = client.get(address)
    _assert_login_redirect(response, address)
    login_page = client.get(response["Location"])
    assert login_page.status_code == 200
    assert THREAD_MESSAGE in login_page.content.decode()
    # The short address and a post's address do the same, back to what was asked.
    short = f"/forum/discussion/{thread.pk}/"
    _assert_login_redirect(client.get(short), short)
    post = thread.posts.get(is_first=True)
    _assert_login_redirect(client.get(f"/forum/message/{post.pk}/"), f"/forum/message/{post.pk}/")


def test_members_category_asks_a_logged_out_visitor_to_log_in(client, threads):
    category = threads["members"].category
    response = client.get(f"/forum/{category.slug}/")
    _assert_login_redirect(response, f"/forum/{category.slug}/")
    assert CATEGORY_MESSAGE in client.get(response["Location"]).content.decode()


def test_after_logging_in_the_member_reads_the_thread(client, people, threads):
    thread = threads["members"]
    client.force_login(people.registered)
    response = client.get(thread_url(thread))
    assert response.status_code == 200
    assert thread.title in response.content.decode()


@pytest.mark.parametrize("visibility", ["referents", "territory"])
def test_what_a_member_could_not_read_stays_hidden_from_logged_out_visitors(
    client, threads, visibility
):
    thread = threads[visibility]
    assert client.get(thread_url(thread)).status_code == 404
    assert client.get(f"/forum/discussion/{thread.pk}/").status_code == 404
    assert client.get(f"/forum/{thread.category.slug}/").status_code == 404


def test_logged_in_people_who_may_not_read_still_get_404(client, people, threads):
    client.force_login(people.member)
    thread = threads["territory"]
    assert client.get(thread_url(thread)).status_code == 404
    assert client.get(f"/forum/{thread.category.slug}/").status_code == 404


def test_a_missing_thread_answers_404_to_everyone(client, people):
    assert client.get("/forum/discussion/999999/").status_code == 404
    assert client.get("/forum/discussion/999999-sujet/").status_code == 404
    assert client.get("/forum/categorie-inconnue/").status_code == 404
    client.force_login(people.registered)
    assert client.get("/forum/discussion/999999/").status_code == 404
