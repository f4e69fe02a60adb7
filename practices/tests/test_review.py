"""« Relire la fiche » on the site (practices:review): who may open it and decide, what changed
since the published version, the decision through Wagtail's workflow (e-mails, publication),
the comments by section, refusals of a second decision."""

# ruff: noqa: F811 - the fixtures of test_workflow are imported, then asked for by name

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import TaskState, WorkflowState

from practices import review
from practices.models import PracticeSheetPage, ResultLine, ReviewComment
from practices.tests.factories import PracticeSheetFactory
from practices.tests.test_workflow import act, submit, world  # noqa: F401 - fixtures
from taxonomy.models import Barrier, ResultIndicator
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"


def url(sheet) -> str:
    return reverse("practices:review", args=[sheet.pk])


def html(response) -> str:
    return response.content.decode()


@pytest.fixture
def waiting(world, submit):
    """A never-published sheet of Aville, sent by its author to the référent's step."""
    sheet = PracticeSheetFactory(
        territory=world["own"], title="Un bus des droits", owner=world["author"], live=False
    )
    submit(sheet, world["author"])
    mail.outbox.clear()
    return PracticeSheetPage.objects.get(pk=sheet.pk)


@pytest.fixture
def decide(client, django_capture_on_commit_callbacks):
    """POST the review form as ``user``: ``decision`` and comments by section slug
    (``general`` for the general one)."""

    def _decide(user, sheet, decision, task_state=None, follow=True, **comments):
        sheet = PracticeSheetPage.objects.get(pk=sheet.pk)
        task_state = task_state or sheet.current_workflow_task_state
        data = {
            "task_state": task_state.pk,
            "revision": sheet.latest_revision_id,
            "decision": decision,
        }
        for slug, text in comments.items():
            slug = "general" if slug == "general" else slug.replace("_", "-")
            data[f"commentaire_{slug}"] = text
        client.force_login(user)
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url(sheet), data, follow=follow)

    return _decide


# --- Who may open it ----------------------------------------------------------------------------


def test_only_the_people_of_the_current_step_may_open_the_review(client, world, waiting, act):
    client.logout()
    response = client.get(url(waiting))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    for person in ("author", "other_referent"):
        client.force_login(world[person])
        assert client.get(url(waiting)).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url(waiting)).status_code == 404
    for person in ("referent", "facilitator"):  # facilitators may stand in for the référent
        client.force_login(world[person])
        response = client.get(url(waiting))
        assert response.status_code == 200
        assert ">Valider</button>" in html(response)

    act(world["referent"], waiting, "approve")  # through Wagtail's admin: the same workflow
    client.force_login(world["referent"])
    assert client.get(url(waiting)).status_code == 404  # the publication step is not theirs
    client.force_login(world["facilitator"])
    page = html(client.get(url(waiting)))
    assert ">Publier</button>" in page
    assert "Publication par l’équipe d’animation" in page


def test_a_sheet_waiting_for_nobody_says_where_it_stands(client, world):
    sheet = PracticeSheetFactory(territory=world["own"], owner=world["author"], live=False)
    client.force_login(world["referent"])
    response = client.get(url(sheet))
    assert response.status_code == 200
    page = html(response)
    assert "Cette fiche n’attend pas de décision" in page
    assert "Brouillon" in page
    assert "<form" not in page.split('id="contenu"', 1)[1]
    for person in ("author", "other_referent"):
        client.force_login(world[person])
        assert client.get(url(sheet)).status_code == 404


def test_the_page_is_accessible_and_complete(client, world, waiting):
    client.force_login(world["referent"])
    page = html(client.get(url(waiting)))
    assert page.count("<h1") == 1
    assert "Nouvelle fiche : tout est nouveau" in page.replace(NBSP, " ")
    for label in ("L’action", "Publics et freins", "Ce qui a été fait", "Résultats"):
        assert f">{label}</h2>" in page
    # One labelled textarea per section, plus the general comment.
    assert page.count("<textarea") == 7
    for slug in ("action", "publics-et-freins", "resultats"):
        assert f'<label for="id_commentaire_{slug}" class="fr-label">' in page
    assert 'for="id_commentaire_general"' in page
    assert "Votre commentaire sur «\u00a0L’action\u00a0» (facultatif)" in page
    assert "(Optionnel)" not in page


# --- What changed -------------------------------------------------------------------------------


@pytest.fixture
def edited(world, submit):
    """A published sheet, then edited (title, barriers, a result value) and sent for review."""
    sheet = PracticeSheetFactory(
        territory=world["own"],
        title="Un bus des droits",
        owner=world["author"],
        barriers=["non-demande"],
        results=[("droits-ouverts", 120)],
    )
    sheet = PracticeSheetPage.objects.get(pk=sheet.pk)
    sheet.save_revision(user=world["author"]).publish()
    sheet = PracticeSheetPage.objects.get(pk=sheet.pk)
    sheet.title = "Un bus des droits dans les hameaux"
    sheet.barriers = list(Barrier.objects.filter(slug="fracture-numerique"))
    line = sheet.results.get()
    line.value = 150
    sheet.results = [line]
    submit(sheet, world["author"])
    mail.outbox.clear()
    return PracticeSheetPage.objects.get(pk=sheet.pk)


def _section(page, label) -> str:
    return page.split(f">{label}</h2>", 1)[1].split("</section>", 1)[0]


def test_the_changes_are_shown_field_by_field(client, world, edited):
    client.force_login(world["referent"])
    page = html(client.get(url(edited))).replace(NBSP, " ")
    assert "Nouvelle fiche" not in page
    action = _section(page, "L’action")
    changes = action.split("La fiche telle qu’elle sera publiée")[0]
    assert "Titre" in changes
    assert "Avant : <del>Un bus des droits</del>" in changes
    assert "Après : <ins>Un bus des droits dans les hameaux</ins>" in changes
    assert "Structure porteuse" not in changes  # unchanged fields are not listed

    tags = _section(page, "Publics et freins")
    assert "Freins traités" in tags
    assert "Ajouté : <ins>Fracture numérique</ins>" in tags
    assert "Retiré : <del>Non-demande</del>" in tags

    results = _section(page, "Résultats")
    row = results.split('<th scope="row">Modifié</th>', 1)[1].split("</tr>", 1)[0]
    assert "<del>" in row and "120" in row.split("<ins>")[0]
    assert "150" in row.split("<ins>")[1]

    for unchanged in ("Ce qui a été fait", "Pour reproduire", "Pièces jointes et contacts"):
        assert "Aucune modification." in _section(page, unchanged)


def test_result_lines_added_and_removed_are_rows(client, world, submit):
    sheet = PracticeSheetFactory(
        territory=world["own"], owner=world["author"], results=[("droits-ouverts", 10)]
    )
    sheet = PracticeSheetPage.objects.get(pk=sheet.pk)
    sheet.save_revision(user=world["author"]).publish()
    sheet = PracticeSheetPage.objects.get(pk=sheet.pk)
    sheet.results = [
        ResultLine(
            indicator=ResultIndicator.objects.get(slug="personnes-contactees"), value=7, year=2025
        )
    ]
    submit(sheet, world["author"])
    client.force_login(world["referent"])
    results = _section(html(client.get(url(sheet))), "Résultats")
    added = results.split('<th scope="row">Ajouté</th>', 1)[1].split("</tr>", 1)[0]
    removed = results.split('<th scope="row">Retiré</th>', 1)[1].split("</tr>", 1)[0]
    assert "7" in added and "2025" in added
    assert "10" in removed and "<del>" in removed


def test_text_changes_are_marked_with_words_not_colour_only():
    pieces = review.review_diff.text_pieces("Un minibus passe.", "Un bus passe souvent.")
    assert ("removed", "minibus") in pieces
    assert ("added", "bus") in pieces
    assert ("added", " souvent") in pieces
    assert "".join(text for op, text in pieces if op != "removed") == "Un bus passe souvent."


def test_queries_do_not_grow_with_the_sheet(client, world, submit, django_assert_max_num_queries):
    indicators = list(ResultIndicator.objects.all()[:8])
    small = PracticeSheetFactory(
        territory=world["own"],
        owner=world["author"],
        barriers=["non-demande"],
        results=[("droits-ouverts", 1)],
    )
    big = PracticeSheetFactory(
        territory=world["own"],
        owner=world["author"],
        barriers=list(Barrier.objects.values_list("slug", flat=True)[:8]),
        results=[(indicator.slug, n) for n, indicator in enumerate(indicators, 1)],
    )
    for sheet in (small, big):
        sheet = PracticeSheetPage.objects.get(pk=sheet.pk)
        sheet.save_revision(user=world["author"]).publish()
        sheet = PracticeSheetPage.objects.get(pk=sheet.pk)
        lines = list(sheet.results.all())
        for line in lines:
            line.value += 1
        sheet.results = lines
        submit(sheet, world["author"])
    client.force_login(world["referent"])
    client.get(url(small))  # warm the caches of the content types and the session
    counts = []
    for sheet in (small, big):
        with django_assert_max_num_queries(35) as queries:
            assert client.get(url(sheet)).status_code == 200
        counts.append(len(queries))
    # 1 result line and 1 barrier, or 8 of each (changed since the published version): the same.
    assert counts[0] == counts[1]


# --- The decision -------------------------------------------------------------------------------


def test_the_referent_approves_and_the_facilitators_are_asked(client, world, waiting, decide):
    response = decide(world["referent"], waiting, "approve", resultats="Chiffres à jour.")
    assert response.redirect_chain[-1][0] == reverse("accounts:dashboard")
    assert "Fiche envoyée à l’équipe d’animation" in html(response)
    sheet = PracticeSheetPage.objects.get(pk=waiting.pk)
    assert sheet.current_workflow_task.name == "Publication par l’équipe d’animation"
    assert not sheet.live
    assert [message.to for message in mail.outbox] == [[world["facilitator"].email]]
    assert f"/fiches/relecture/{sheet.pk}/" in mail.outbox[0].body
    approved = TaskState.objects.get(status=TaskState.STATUS_APPROVED)
    assert approved.finished_by == world["referent"]
    assert approved.comment == f"Résultats{NBSP}: Chiffres à jour."
    assert ReviewComment.objects.get().section == "resultats"
    assert review.open_comments(sheet) == {}  # not a request for changes


def test_changes_requested_with_comments_by_section(client, world, waiting, decide, submit):
    response = decide(
        world["referent"],
        waiting,
        "reject",
        action="Le titre est trop vague.",
        resultats="Ajoutez les chiffres de 2024.",
        general="Merci pour cette fiche.",
    )
    assert "Modifications demandées à l’équipe" in html(response)
    state = WorkflowState.objects.get(object_id=str(waiting.pk))
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    rejected = state.current_task_state
    assert rejected.comment == (
        f"Merci pour cette fiche.\n\nL’action{NBSP}: Le titre est trop vague.\n\n"
        f"Résultats{NBSP}: Ajoutez les chiffres de 2024."
    )
    assert [message.to for message in mail.outbox] == [[world["author"].email]]
    assert "Le titre est trop vague." in mail.outbox[0].body

    comments = review.open_comments(waiting)
    assert list(comments) == ["", "action", "resultats"]
    assert [c.body for c in comments["action"]] == ["Le titre est trop vague."]
    assert comments["resultats"][0].author == world["referent"]
    assert comments["resultats"][0].task_state_id == rejected.pk

    state.resume(user=world["author"])  # the team sends it again
    assert review.open_comments(waiting) == {}


def test_changes_requested_in_the_admin_are_open_comments_too(world, waiting, act):
    act(world["referent"], waiting, "reject", comment="Précisez le public.")
    comments = review.open_comments(waiting)
    assert list(comments) == [""]
    assert comments[""][0].body == "Précisez le public."
    assert comments[""][0].author == world["referent"]


def test_requesting_changes_needs_a_comment_and_keeps_what_was_typed(world, waiting, decide):
    response = decide(world["referent"], waiting, "reject", follow=False)
    assert response.status_code == 200
    page = html(response)
    assert 'role="alert"' in page and 'tabindex="-1"' in page
    assert 'href="#id_commentaire_general"' in page
    assert "Écrivez au moins un commentaire" in page
    assert TaskState.objects.get().status == TaskState.STATUS_IN_PROGRESS
    assert mail.outbox == []

    too_long = "x" * 3001
    response = decide(
        world["referent"], waiting, "reject", follow=False, action=too_long, general="À garder"
    )
    page = html(response)
    assert 'href="#id_commentaire_action"' in page
    assert "Votre commentaire est trop long" in page
    assert "À garder</textarea>" in page
    assert too_long in page
    assert ReviewComment.objects.count() == 0


def test_the_facilitators_publish_at_the_last_step(client, world, waiting, decide):
    decide(world["referent"], waiting, "approve")
    mail.outbox.clear()
    response = decide(world["facilitator"], waiting, "approve")
    assert "Fiche publiée" in html(response)
    sheet = PracticeSheetPage.objects.get(pk=waiting.pk)
    assert sheet.live
    assert sheet.live_revision_id == sheet.latest_revision_id
    assert sheet.live_revision.approved_go_live_at is None
    assert sheet.current_workflow_state is None
    assert [message.to for message in mail.outbox] == [[world["author"].email]]
    client.logout()
    assert client.get(sheet.url).status_code == 200
    # The review now says there is nothing to decide.
    client.force_login(world["facilitator"])
    assert "Cette fiche n’attend pas de décision" in html(client.get(url(sheet)))


def test_a_second_decision_on_the_same_step_is_refused(world, waiting, decide):
    task_state = waiting.current_workflow_task_state
    decide(world["referent"], waiting, "approve", task_state=task_state)
    mail.outbox.clear()
    # The same form sent again (double click, back button), or by the facilitator meanwhile.
    for person in ("referent", "facilitator"):
        response = decide(world[person], waiting, "reject", task_state=task_state, general="Non")
        page = html(response)
        assert response.redirect_chain[-1][0] == reverse("accounts:dashboard")
        assert "Une décision a déjà été prise sur cette fiche à cette étape." in page
    assert mail.outbox == []
    assert ReviewComment.objects.count() == 0
    states = TaskState.objects.order_by("pk")
    assert [state.status for state in states] == ["approved", "in_progress"]


def test_decide_refuses_a_step_that_moved_on(world, waiting):
    task_state = waiting.current_workflow_task_state
    review.decide(waiting, world["referent"], task_state.pk, review.APPROVE, {})
    with pytest.raises(review.AlreadyDecided):
        review.decide(waiting, world["facilitator"], task_state.pk, review.APPROVE, {})


def test_a_sheet_changed_since_it_was_shown_is_shown_again(world, waiting, decide, client):
    shown = waiting.latest_revision_id
    waiting.save_revision(user=world["referent"])  # edited in the admin meanwhile
    client.force_login(world["referent"])
    data = {
        "task_state": waiting.current_workflow_task_state.pk,
        "revision": shown,
        "decision": "approve",
        "commentaire_general": "Bien.",
    }
    response = client.post(url(waiting), data)
    assert response.status_code == 200
    assert "La fiche a été modifiée depuis que vous l’avez ouverte" in html(response)
    assert "Bien.</textarea>" in html(response)
    assert TaskState.objects.get().status == TaskState.STATUS_IN_PROGRESS


def test_the_desk_and_the_emails_lead_to_the_review(client, world, submit):
    sheet = PracticeSheetFactory(territory=world["own"], owner=world["author"], live=False)
    submit(sheet, world["author"])
    assert f"/fiches/relecture/{sheet.pk}/" in mail.outbox[0].body
    assert f"/fiches/relecture/{sheet.pk}/" in mail.outbox[0].alternatives[0][0]
    client.force_login(world["referent"])
    assert f'href="/fiches/relecture/{sheet.pk}/"' in html(client.get("/mon-compte/"))
