"""Event materials from the library, the bootstrap and the demo."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts import roles
from events.models import EventMaterial
from events.tests.factories import EventFactory
from library.tests.factories import LibraryDocumentFactory
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _event(days):
    start = timezone.now() + timedelta(days=days)
    return EventFactory(
        title=f"Webinaire {days}",
        start=start,
        end=start + timedelta(hours=1),
        summary="Un webinaire.",
        online_link="https://visio.example.org/x",
    )


def test_past_event_shows_its_library_materials_by_access(client):
    event = _event(-3)
    public = LibraryDocumentFactory(title="Support public")
    restricted = LibraryDocumentFactory(title="Support référents", access="referents")
    EventMaterial.objects.create(event=event, document=public, sort_order=0)
    EventMaterial.objects.create(event=event, document=restricted, sort_order=1)
    content = client.get(event.url).content.decode()
    assert "Documents de la bibliothèque" in content
    assert public.current_version.get_download_url() in content
    assert "Support référents" in content
    assert restricted.current_version.get_download_url() not in content
    assert "réservé aux référents" in content
    client.force_login(UserFactory(roles=[roles.FACILITATOR]))
    assert restricted.current_version.get_download_url() in client.get(event.url).content.decode()


def test_future_event_does_not_show_materials(client):
    event = _event(3)
    EventMaterial.objects.create(
        event=event, document=LibraryDocumentFactory(title="Support futur")
    )
    assert "Support futur" not in client.get(event.url).content.decode()


def test_bootstrap_is_idempotent():
    from wagtail.models import Workflow

    from library.models import LibraryIndexPage
    from website.bootstrap import bootstrap_site

    bootstrap_site()
    bootstrap_site()
    assert LibraryIndexPage.objects.count() == 1
    assert Workflow.objects.filter(name="Validation bibliothèque").count() == 1


def test_demo_loads_twice_without_duplicates(client):
    from accounts import demo as accounts_demo
    from events import demo as events_demo
    from library import demo
    from library.models import DocumentVersion, LibraryDocumentPage

    accounts_demo.load()
    events_demo.load()
    first = demo.load()
    counts = (LibraryDocumentPage.objects.count(), DocumentVersion.objects.count())
    assert first["created"] == 13
    assert demo.load() == {"created": 0}
    assert (LibraryDocumentPage.objects.count(), DocumentVersion.objects.count()) == counts
    kinds = set(DocumentVersion.objects.values_list("file_kind", flat=True))
    assert kinds == {"pdf", "docx", "xlsx", "odt", "ods", "csv"}
    assert LibraryDocumentPage.objects.filter(versions__number=2).exists()
    assert (
        LibraryDocumentPage.objects.live()
        .filter(kind__slug="kit-evaluation", origin="official", access="public")
        .exists()
    )
    proposal = LibraryDocumentPage.objects.get(live=False)
    assert proposal.current_workflow_state is not None
    assert set(LibraryDocumentPage.objects.values_list("access", flat=True)) == {
        "public",
        "members",
        "referents",
    }
    # Every demo document's page answers.
    client.force_login(MembershipFactory().user)
    for document in LibraryDocumentPage.objects.live():
        assert client.get(document.url).status_code == 200


def test_admin_forms_render_for_facilitators(client):
    from library.services import get_index

    facilitator = UserFactory(roles=[roles.FACILITATOR])
    client.force_login(facilitator)
    index = get_index()
    response = client.get(f"/admin/pages/add/library/librarydocumentpage/{index.pk}/")
    assert response.status_code == 200
    assert "Classement et accès" in response.content.decode()
    document = LibraryDocumentFactory(title="Dans l’admin")
    response = client.get(f"/admin/pages/{document.pk}/edit/")
    assert response.status_code == 200
    assert f"/admin/bibliotheque/documents/{document.pk}/versions/" in response.content.decode()
    event = _event(-1)
    response = client.get(f"/admin/pages/{event.pk}/edit/")
    assert response.status_code == 200
    assert "Supports (documents de la bibliothèque)" in response.content.decode()


def test_admin_refuses_a_document_without_territory_for_a_territory_origin():
    from django.core.exceptions import ValidationError

    document = LibraryDocumentFactory(title="Sans territoire", with_file=False)
    document.origin = "territory"
    with pytest.raises(ValidationError) as info:
        document.full_clean()
    assert "territory" in info.value.message_dict
    document.origin = "official"
    document.slug = "fichiers"
    with pytest.raises(ValidationError) as info:
        document.full_clean()
    assert "réservée" in info.value.message_dict["slug"][0]


def test_event_materials_follow_the_privacy_of_their_page(client):
    """A library document behind « connexion requise » is neither listed nor linked on a public
    event page to a logged-out visitor; a member sees it and may download it."""
    from wagtail.models import PageViewRestriction

    event = _event(-3)
    members_only = LibraryDocumentFactory(title="Support connexion requise")
    PageViewRestriction.objects.create(
        page=members_only, restriction_type=PageViewRestriction.LOGIN
    )
    EventMaterial.objects.create(event=event, document=members_only, sort_order=0)
    content = client.get(event.url).content.decode()
    assert "Support connexion requise" not in content
    assert members_only.current_version.get_download_url() not in content
    client.force_login(UserFactory())
    content = client.get(event.url).content.decode()
    assert members_only.current_version.get_download_url() in content
