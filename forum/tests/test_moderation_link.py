"""The moderation link of the forum's pages (issue 22): moderators see it with the number of
flagged posts waiting, other people never; a new flag changes the count at once, even when the
page comes from the logged-in pages' cache (the link is a hole of it)."""

import pytest
from django.urls import reverse

from accounts import roles
from forum import services
from forum.links import thread_url
from forum.tests.factories import CategoryFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    category = CategoryFactory(slug="entraide")
    author = UserFactory(first_name="Awa", last_name="Diallo", old=True)
    thread = services.create_thread(author, category, "Une question", "Comment faire ?")
    return {
        "thread": thread,
        "posts": [services.reply(author, thread, f"Réponse {number}") for number in range(3)],
        "member": UserFactory(first_name="Marc", last_name="Membre", old=True),
        "moderator": UserFactory(
            first_name="Mona", last_name="Moderatrice", roles=[roles.MODERATOR], old=True
        ),
    }


def _pages(world):
    return ["/forum/", "/forum/entraide/", thread_url(world["thread"])]


def _link(count):
    return (
        f'href="{reverse("forum:moderation")}">Modération\u00a0: {count} messages signalés '
        "à examiner</a>"
    )


def test_moderators_see_the_link_with_the_count_and_members_do_not(client, world):
    services.flag_post(world["member"], world["posts"][0], "Propos déplacés")
    services.flag_post(world["member"], world["posts"][1], "Publicité")
    client.force_login(world["moderator"])
    for address in _pages(world):
        html = client.get(address).content.decode()
        assert _link(2) in html, address
    client.force_login(world["member"])
    for address in _pages(world):
        html = client.get(address).content.decode()
        assert reverse("forum:moderation") not in html, address
        assert "Modération\u00a0:" not in html, address
    client.logout()
    assert reverse("forum:moderation") not in client.get("/forum/").content.decode()


def test_the_count_follows_the_flags(client, world):
    client.force_login(world["moderator"])
    assert "aucun message signalé à examiner" in client.get("/forum/").content.decode()
    services.flag_post(world["member"], world["posts"][0], "Propos déplacés")
    assert (
        "Modération\u00a0: 1 message signalé à examiner" in client.get("/forum/").content.decode()
    )
    services.flag_post(world["member"], world["posts"][2], "Hors sujet")
    assert _link(2) in client.get(thread_url(world["thread"])).content.decode()


def test_the_link_is_a_hole_of_cached_pages(rf, world):
    """On a page kept by the logged-in pages' cache, the link is rendered for each person."""
    from django.template import Context, Template

    from website import member_cache

    request = rf.get("/forum/")
    request.user = world["moderator"]
    request._member_page_cacheable = True
    template = Template(
        '{% load fragments forum_moderation %}{% hole "forum-moderation" %}'
        "{% moderation_notice %}{% endhole %}"
    )
    html = template.render(Context({"request": request}))
    assert "aucun message signalé" in html and "czn-hole" in html
    services.flag_post(world["member"], world["posts"][0], "Propos déplacés")
    filled = member_cache._patterns()[0]
    name, arg, _old = filled.search(html).groups()
    assert "1 message signalé" in member_cache._HOLES[name](request, arg)
    request.user = world["member"]
    assert member_cache._HOLES[name](request, arg) == ""
