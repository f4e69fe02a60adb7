"""The index follows the content: publish, unpublish, delete, move, view restrictions; forum
posts created, edited, hidden, deleted; category visibility; the catch-up of pending updates;
the reindex command."""

import io

import pytest
from django.core.management import call_command

from forum import moderation
from forum import services as forum_services
from forum.models import Category
from forum.tests.factories import CategoryFactory
from search import backends, indexing, visibility
from search.backends.base import SearchQuery
from search.models import PendingIndex, SearchDocument
from search.tests.factories import SearchSheetFactory
from tests.factories import MembershipFactory, TerritoryFactory, UserFactory

pytestmark = pytest.mark.django_db


def titles(text, user=None, **filters):
    query = SearchQuery(text=text, filters=filters, visibility=visibility.keys_for(user))
    return [hit.title for hit in backends.get_database_backend().search(query).hits]


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run the code and the on-commit callbacks (the indexing task, eager in tests)."""

    def run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run


@pytest.fixture
def territory():
    return TerritoryFactory(name="Fictiville", slug="fictiville")


def test_publish_unpublish_delete_a_sheet(committed, territory):
    sheet = committed(
        SearchSheetFactory,
        territory=territory,
        title="Maraudes sociales en hiver",
        audiences=["sans-domicile"],
    )
    assert titles("maraudes") == ["Maraudes sociales en hiver"]
    document = SearchDocument.objects.get(object_id=sheet.pk, type="fiche")
    assert document.facets["public"] == ["sans-domicile"]
    assert document.facets["territoire"] == ["fictiville"]
    assert document.url == sheet.url

    committed(sheet.unpublish)
    assert titles("maraudes") == []
    assert not SearchDocument.objects.filter(object_id=sheet.pk, type="fiche").exists()

    committed(sheet.save_revision().publish)
    assert titles("maraudes") == ["Maraudes sociales en hiver"]
    committed(sheet.delete)
    assert titles("maraudes") == []
    assert not PendingIndex.objects.exists()


def test_a_draft_revision_never_reaches_the_index(committed, territory):
    sheet = committed(SearchSheetFactory, territory=territory, title="Titre publié kwaxor")
    sheet.title = "Titre brouillon confidentiel"
    committed(sheet.save_revision)  # saved as a draft, not published
    assert titles("confidentiel") == []
    assert titles("kwaxor") == ["Titre publié kwaxor"]


def test_draft_sheet_is_not_indexed(committed, territory):
    committed(SearchSheetFactory, territory=territory, title="Brouillon jamais publié", live=False)
    assert titles("brouillon", user=UserFactory(roles=["Animateurs"], old=True)) == []


def test_view_restrictions(committed, territory):
    from wagtail.models import PageViewRestriction

    sheet = committed(
        SearchSheetFactory, territory=territory, title="Fiche protégée par mot de passe"
    )
    committed(
        PageViewRestriction.objects.create,
        page=sheet,
        restriction_type=PageViewRestriction.PASSWORD,
        password="secret",
    )
    assert titles("protégée", user=UserFactory(roles=["Animateurs"], old=True)) == []
    committed(PageViewRestriction.objects.filter(page=sheet).delete)
    assert titles("protégée") == ["Fiche protégée par mot de passe"]


def test_moving_a_page_updates_its_url(committed, territory):
    from practices.models import TerritoryFolderPage

    sheet = committed(SearchSheetFactory, territory=territory, title="Fiche déménagée")
    other = TerritoryFactory(name="Autreville", slug="autreville")
    target = TerritoryFolderPage.objects.get(territory=other)
    committed(sheet.move, target, pos="last-child")
    document = SearchDocument.objects.get(object_id=sheet.pk, type="fiche")
    assert document.url.startswith(target.url)


def test_forum_posts_follow_the_thread(committed):
    author = UserFactory(old=True)
    public = CategoryFactory(slug="entraide")
    thread = committed(
        forum_services.create_thread,
        author,
        public,
        "Question sur la CSS",
        "Premier message sur la complémentaire.",
    )
    assert titles("complémentaire") == ["Question sur la CSS"]
    post = committed(
        forum_services.reply, UserFactory(old=True), thread, "Réponse sur les zalmoxis."
    )
    assert titles("zalmoxis") == ["Question sur la CSS"]
    committed(forum_services.edit_post, post.author, post, "Réponse sur les quorvex.")
    assert titles("zalmoxis") == []
    assert titles("quorvex") == ["Question sur la CSS"]
    moderator = UserFactory(roles=["Modérateurs"], old=True)
    committed(moderation.hide_post, moderator, post, "Hors sujet")
    assert titles("quorvex", user=moderator) == []
    committed(moderation.restore_post, moderator, post, "Finalement utile")
    assert titles("quorvex") == ["Question sur la CSS"]
    committed(forum_services.delete_post, post.author, post)
    assert titles("quorvex") == []
    assert titles("complémentaire") == ["Question sur la CSS"]
    committed(thread.delete)
    assert titles("complémentaire") == []


def test_category_visibility_change_applies_at_once(committed):
    territory = TerritoryFactory(name="Fictiville", slug="fictiville")
    member = MembershipFactory(territory=territory, user=UserFactory(old=True)).user
    outsider = UserFactory(old=True)
    space = CategoryFactory(slug="espace")
    committed(
        forum_services.create_thread,
        UserFactory(old=True),
        space,
        "Organisation des maraudes",
        "Qui vient jeudi ?",
    )
    assert titles("maraudes", user=outsider) == ["Organisation des maraudes"]

    space.visibility = Category.Visibility.TERRITORY
    space.territory = territory
    space.save()  # not even committed yet: the documents already carry the new key
    assert titles("maraudes", user=outsider) == []
    assert titles("maraudes", user=member) == ["Organisation des maraudes"]
    assert titles("maraudes") == []


def test_thread_tags_are_facets(committed):
    from taxonomy.models import Audience

    thread = committed(
        forum_services.create_thread,
        UserFactory(old=True),
        CategoryFactory(slug="entraide"),
        "Les étudiants et la CSS",
        "Texte.",
    )
    committed(thread.audiences.set, Audience.objects.filter(slug="etudiants"))
    assert titles("", public=["etudiants"]) == ["Les étudiants et la CSS"]


def test_pending_updates_survive_a_broker_outage(
    territory, monkeypatch, django_capture_on_commit_callbacks
):
    from search import tasks

    def broken(*args, **kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(tasks.process_pending, "delay", broken)
    with django_capture_on_commit_callbacks(execute=True):
        SearchSheetFactory(territory=territory, title="Fiche pendant la panne")
    assert PendingIndex.objects.exists()
    assert titles("panne") == []
    tasks.process_pending.apply()  # the periodic catch-up
    assert titles("panne") == ["Fiche pendant la panne"]
    assert not PendingIndex.objects.exists()


def test_the_pending_task_goes_on_until_no_full_batch_is_left(
    territory, monkeypatch, django_capture_on_commit_callbacks
):
    from search import tasks

    monkeypatch.setattr(tasks.process_pending, "delay", lambda *args, **kwargs: None)
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(5):
            SearchSheetFactory(territory=territory, title=f"Fiche en attente {number}")
    assert PendingIndex.objects.count() == 5
    monkeypatch.setattr(indexing, "PENDING_LIMIT", 2)  # batches of 2, 2 and 1
    assert tasks.process_pending.apply().get() == 5
    assert not PendingIndex.objects.exists()
    assert len(titles("attente")) == 5


def test_refresh_is_idempotent(committed, territory):
    sheet = committed(
        SearchSheetFactory,
        territory=territory,
        title="Fiche idempotente",
        barriers=["fracture-numerique"],
    )
    first = SearchDocument.objects.get(object_id=sheet.pk, type="fiche")
    indexing.refresh("practices.practicesheetpage", sheet.pk)
    indexing.refresh("practices.practicesheetpage", sheet.pk)
    again = SearchDocument.objects.get(object_id=sheet.pk, type="fiche")
    assert again.pk == first.pk
    assert sorted(again.facet_keys.split()) == sorted(
        [
            f"annee:{sheet.first_published_at.year}",
            "frein:fracture-numerique",
            "frein:non-demande",
            f"region:{territory.region.slug}",
            "territoire:fictiville",
            "type:fiche",
        ]
    )
    assert again.facet_keys.startswith(" ") and again.facet_keys.endswith(" ")
    assert titles("idempotente") == ["Fiche idempotente"]


def test_reindex_command(territory):
    SearchSheetFactory(
        territory=territory, title="Fiche reconstruite"
    )  # callbacks not run: not indexed yet
    SearchDocument.objects.all().delete()
    assert titles("reconstruite") == []
    out = io.StringIO()
    call_command("search_reindex", stdout=out)
    assert "Index de recherche reconstruit" in out.getvalue()
    assert titles("reconstruite") == ["Fiche reconstruite"]
    count = SearchDocument.objects.count()
    call_command("search_reindex", stdout=io.StringIO())
    assert SearchDocument.objects.count() == count
    assert titles("reconstruite") == ["Fiche reconstruite"]


def test_renamed_term_and_territory_refresh_the_documents_that_name_them(committed, territory):
    from taxonomy.models import Audience

    sheet = committed(
        SearchSheetFactory,
        territory=territory,
        title="Fiche des maraudes",
        audiences=["sans-domicile"],
    )
    audience = Audience.objects.get(slug="sans-domicile")

    def rename():
        audience.label = "Personnes à la rue"
        audience.slug = "personnes-a-la-rue"
        audience.save()

    committed(rename)
    document = SearchDocument.objects.get(object_id=sheet.pk, type="fiche")
    assert " public:personnes-a-la-rue " in document.facet_keys
    assert " public:sans-domicile " not in document.facet_keys
    assert "Personnes à la rue" in document.extra
    assert titles("", public=["personnes-a-la-rue"]) == ["Fiche des maraudes"]
    assert not PendingIndex.objects.exists()

    def rename_territory():
        territory.name = "Nouvelleville"
        territory.save()

    committed(rename_territory)
    document.refresh_from_db()
    assert document.territory_name == "Nouvelleville"
    assert titles("nouvelleville") == ["Fiche des maraudes"]
    # A change that names nothing new (description) schedules nothing.
    audience.description = "Sans logement stable."
    committed(audience.save)
    assert not PendingIndex.objects.exists()
