import pytest
from django.core import mail

from accounts.models import Membership
from forum.tests.factories import CategoryFactory
from practices.models import ContactMessage, PracticeSheetPage, Reuse
from practices.services import CONTACT_DAILY_LIMIT
from practices.tests.factories import PracticeSheetFactory, ResultLineFactory
from tests.factories import MembershipFactory, TerritoryFactory, UserFactory

pytestmark = pytest.mark.django_db


def make_sheet(territory, title="Un bus des droits", live=True, **extra):
    """A sheet of ``territory`` (the cache tests of website/tests import it)."""
    return PracticeSheetFactory(territory=territory, title=title, live=live, **extra)


@pytest.fixture
def territory():
    return TerritoryFactory(name="Fictiville")


@pytest.fixture
def sheet(territory):
    sheet = PracticeSheetFactory(
        territory=territory,
        title="Un bus des droits",
        audiences=["jeunes"],
        barriers=["fracture-numerique"],
    )
    ResultLineFactory(
        sheet=sheet,
        indicator_slug="droits-ouverts",
        value=120,
        period="2024",
        source="Suivi",
    )
    return sheet


def test_sheet_page_shows_everything(client, sheet):
    content = client.get(sheet.url).content.decode()
    assert "<h1>Un bus des droits</h1>" in content
    assert "Contexte et problème" in content and "Ce qui a été fait" in content
    assert "Droits ouverts" in content and "120 droits" in content
    assert "Jeunes (16-25 ans)" in content and "Fracture numérique" in content
    assert "Fictiville" in content
    assert 'media="print"' in content
    assert "Connectez-vous" in content  # anonymous: no forms


def test_not_measured_yet(client, territory):
    sheet = PracticeSheetFactory(
        territory=territory, title="Sans mesure", results_not_measured=True
    )
    assert "Les résultats ne sont pas encore mesurés." in client.get(sheet.url).content.decode()


def test_end_date_before_start_is_refused_in_french(territory):
    from datetime import date

    from django.core.exceptions import ValidationError

    sheet = PracticeSheetPage(start_date=date(2024, 5, 1), end_date=date(2024, 1, 1))
    with pytest.raises(ValidationError, match="ne peut pas précéder"):
        sheet.clean()


def test_related_sheets_share_themes(client, sheet, territory):
    PracticeSheetFactory(
        territory=TerritoryFactory(),
        title="Une autre approche numérique",
        barriers=["fracture-numerique"],
    )
    unrelated = PracticeSheetFactory(territory=TerritoryFactory(), title="Rien à voir")
    PracticeSheetFactory(
        territory=territory,
        title="Brouillon proche",
        live=False,
        barriers=["fracture-numerique"],
    )
    content = client.get(sheet.url).content.decode()
    assert "Une autre approche numérique" in content
    assert unrelated.title not in content
    assert "Brouillon proche" not in content


def test_draft_is_not_served_to_the_public(client, territory):
    draft = PracticeSheetFactory(territory=territory, title="Brouillon", live=False)
    assert client.get(draft.url or f"/fiches/{territory.slug}/{draft.slug}/").status_code == 404


def test_reuse_by_another_territory(client, sheet, django_capture_on_commit_callbacks):
    contact = MembershipFactory(territory=sheet.territory).user
    sheet.contacts.set([contact])
    sheet.save()
    member = MembershipFactory(territory=TerritoryFactory(name="Bourg-Essai"))
    client.force_login(member.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            sheet.url + "je-m-en-inspire/",
            {"territory": member.territory.pk, "kind": "adaptation", "comment": "On adapte."},
            follow=True,
        )
    content = response.content.decode()
    assert "La reprise par Bourg-Essai est enregistrée" in content
    assert "Territoires qui s’en inspirent (1)" in content and "On adapte." in content
    reuse = Reuse.objects.get()
    assert (reuse.territory, reuse.kind) == (member.territory, "adaptation")
    assert [m.to for m in mail.outbox] == [[contact.email]]
    assert "Bourg-Essai s’inspire de votre fiche" in mail.outbox[0].subject
    # Declaring again updates, without a second e-mail.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            sheet.url + "je-m-en-inspire/", {"territory": member.territory.pk, "kind": "reprise"}
        )
    assert Reuse.objects.get().kind == "reprise" and len(mail.outbox) == 1


def test_reuse_refused_for_own_territory_and_outsiders(client, sheet):
    own = MembershipFactory(territory=sheet.territory).user
    client.force_login(own)
    response = client.post(
        sheet.url + "je-m-en-inspire/",
        {"territory": sheet.territory.pk, "kind": "reprise"},
        follow=True,
    )
    assert "Seuls les membres d’une équipe d’un autre territoire" in response.content.decode()
    client.force_login(UserFactory())
    client.post(
        sheet.url + "je-m-en-inspire/", {"territory": sheet.territory.pk, "kind": "reprise"}
    )
    assert not Reuse.objects.exists()


def test_reuse_of_someone_elses_territory_is_refused(client, sheet):
    member = MembershipFactory(territory=TerritoryFactory())
    stranger_territory = TerritoryFactory()
    client.force_login(member.user)
    response = client.post(
        sheet.url + "je-m-en-inspire/",
        {"territory": stranger_territory.pk, "kind": "reprise", "comment": "Gardé"},
    )
    content = response.content.decode()
    assert "Choisissez un de vos territoires." in content and "Gardé" in content
    assert not Reuse.objects.exists()


def test_contact_goes_through_the_platform(client, sheet, django_capture_on_commit_callbacks):
    contact = MembershipFactory(territory=sheet.territory).user
    sheet.contacts.set([contact])
    sheet.save()
    sender = UserFactory(email="curieuse@example.org")
    client.force_login(sender)
    page = client.get(sheet.url).content.decode()
    assert contact.email not in page  # never shown
    body = "Bonjour, comment avez-vous convaincu la CAF de partager ses fichiers ?"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(sheet.url + "contacter/", {"body": body}, follow=True)
    assert "Votre message a été transmis" in response.content.decode()
    assert ContactMessage.objects.get().body == body
    (message,) = mail.outbox
    assert message.to == [contact.email]
    assert message.extra_headers.get("Reply-To") == "curieuse@example.org"
    assert body in message.body


def test_contact_falls_back_to_referents(client, sheet, django_capture_on_commit_callbacks):
    referent = MembershipFactory(territory=sheet.territory, role=Membership.Role.REFERENT).user
    client.force_login(UserFactory())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(sheet.url + "contacter/", {"body": "Une question assez longue ici."})
    assert mail.outbox[0].to == [referent.email]


def test_contact_errors_keep_the_text(client, sheet):
    client.force_login(UserFactory())
    response = client.post(sheet.url + "contacter/", {"body": "Trop court"})
    content = response.content.decode()
    assert "Votre message est trop court" in content and "Trop court" in content
    assert not ContactMessage.objects.exists()


def test_contact_is_limited_per_day(client, sheet):
    MembershipFactory(territory=sheet.territory, role=Membership.Role.REFERENT)
    sender = UserFactory()
    for _ in range(CONTACT_DAILY_LIMIT):
        ContactMessage.objects.create(sheet=sheet, sender=sender, body="x")
    client.force_login(sender)
    response = client.post(sheet.url + "contacter/", {"body": "Encore une question longue."})
    assert "beaucoup de messages aujourd’hui" in response.content.decode()
    assert "Encore une question longue." in response.content.decode()


def test_anonymous_actions_go_to_login(client, sheet):
    response = client.post(sheet.url + "contacter/", {"body": "x" * 30})
    assert response.status_code == 302 and "/compte/login/" in response["Location"]


def test_sheet_page_queries_are_constant(client, sheet, django_assert_max_num_queries):
    client.force_login(MembershipFactory(territory=TerritoryFactory()).user)
    for n in range(6):
        other = PracticeSheetFactory(
            territory=TerritoryFactory(), title=f"Voisine {n}", barriers=["fracture-numerique"]
        )
        Reuse.objects.create(sheet=sheet, territory=other.territory)
    # The first page of a session also computes the person's rights profile (eight queries,
    # website.member_cache), cached afterwards.
    with django_assert_max_num_queries(56):
        response = client.get(sheet.url)
    assert response.status_code == 200


def test_demo_sheets(django_capture_on_commit_callbacks):
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
    total = PracticeSheetPage.objects.count()
    call_command("load_demo", verbosity=0)
    assert PracticeSheetPage.objects.count() == total >= 40
    live = PracticeSheetPage.objects.live()
    assert live.count() < total  # some drafts / awaiting validation
    assert live.values("territory").distinct().count() >= 12


def test_home_shows_latest_published_sheets_only(client, territory):
    PracticeSheetFactory(territory=territory, title="Fiche publiée récente")
    PracticeSheetFactory(territory=territory, title="Fiche en brouillon", live=False)
    content = client.get("/").content.decode()
    assert "Dernières fiches pratiques" in content
    assert "Fiche publiée récente" in content and "Fiche en brouillon" not in content


def test_home_has_no_sheet_section_without_sheets(client):
    assert "Dernières fiches pratiques" not in client.get("/").content.decode()


def test_propose_button_leads_members_to_the_guided_form(client, territory):
    member = MembershipFactory(territory=territory).user
    client.force_login(member)
    url = "/fiches/proposer/"
    assert url in client.get("/fiches/").content.decode()
    assert url in client.get("/mon-compte/").content.decode()
    assert client.get(url).status_code == 200
    client.force_login(UserFactory())
    content = client.get("/fiches/").content.decode()
    assert "/mon-compte/territoires/rejoindre/" in content and url not in content


def test_sheet_shows_its_readable_linked_discussions(client, sheet):
    from forum.models import Thread

    public = CategoryFactory(name="Public", slug="public", visibility="public")
    private = CategoryFactory(name="Réservée", slug="reservee", visibility="referents")
    Thread.objects.create(category=public, title="Comment reprendre ce bus ?", linked_page=sheet)
    Thread.objects.create(category=private, title="Sujet entre référents", linked_page=sheet)
    content = client.get(sheet.url).content.decode()
    assert "Discussions liées (1)" in content
    assert "Comment reprendre ce bus ?" in content and "Sujet entre référents" not in content


def test_a_contact_message_sent_twice_is_mailed_once(
    client, sheet, settings, django_capture_on_commit_callbacks
):
    import re

    settings.MEMBER_PAGE_CACHE_SECONDS = settings.FRAGMENT_CACHE_SECONDS = 300
    sheet.contacts.set([MembershipFactory(territory=sheet.territory).user])
    sheet.save()
    client.force_login(UserFactory())
    tokens = [
        re.search(r'name="submission_token" value="([0-9a-f]{32})"', page).group(1)
        for page in (client.get(sheet.url).content.decode() for _ in range(2))
    ]
    assert tokens[0] != tokens[1]  # a page served from the cache gets a token of its own
    data = {"body": "Bonjour, comment avez-vous convaincu la CAF ?", "submission_token": tokens[0]}
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(sheet.url + "contacter/", data)
        second = client.post(sheet.url + "contacter/", data, follow=True)
    assert first["Location"] == sheet.url
    assert second.redirect_chain == [(sheet.url, 302)]
    assert "Ce message avait déjà été envoyé à l’équipe." in second.content.decode()
    assert ContactMessage.objects.count() == 1 and len(mail.outbox) == 1
