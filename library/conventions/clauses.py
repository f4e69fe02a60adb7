"""Rules of the clause library: slugs, versions, the forum discussion of a clause, the
proposals of the territories and the facilitators' decisions on them."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from library.conventions.models import Clause, ClauseVersion, ModelSection
from library.conventions.services import ConventionError

logger = logging.getLogger(__name__)

# --- Clauses, versions, discussions --------------------------------------------------------------

RESERVED_SLUGS = {"proposer", "propositions"}


def free_slug(title: str, exclude_pk=None) -> str:
    base = (slugify(title) or "clause")[:180]
    if base in RESERVED_SLUGS:
        base = f"{base}-clause"
    candidate, number = base, 1
    others = Clause.objects.exclude(pk=exclude_pk) if exclude_pk else Clause.objects.all()
    while others.filter(slug=candidate).exists():
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def record_version(clause: Clause, user=None) -> ClauseVersion:
    """Create a version when the clause's text differs from its latest version."""
    latest = clause.versions.order_by("-number").first()
    if latest is not None and latest.text == clause.text:
        return latest
    return ClauseVersion.objects.create(
        clause=clause,
        number=(latest.number + 1) if latest else 1,
        text=clause.text,
        created_by=user if user and user.is_authenticated else None,
    )


@transaction.atomic
def change_clause_text(clause: Clause, text: str, user=None) -> ClauseVersion:
    clause.text = text
    clause.save(update_fields=["text", "updated_at"])
    return record_version(clause, user)


def discussion_category():
    from forum.models import Category

    slug = getattr(settings, "CONVENTIONS_FORUM_CATEGORY", "partage-de-donnees")
    return (
        Category.objects.filter(slug=slug).first()
        or Category.objects.filter(visibility=Category.Visibility.PUBLIC)
        .order_by("position", "name")
        .first()
    )


def ensure_discussion(clause: Clause, user):
    """The forum thread of a published clause, created by ``user`` when it has none yet.

    Returns None (and logs) when no category fits or when ``user`` may not post: the clause
    page then offers « Discuter de cette clause » to the next member who can."""
    from forum import services as forum_services

    if clause.thread_id:
        return clause.thread
    if clause.status not in Clause.PUBLIC_STATUSES:
        return None
    category = discussion_category()
    if category is None or user is None or not user.is_authenticated:
        return None
    url = f"{settings.SITE_URL}{clause.get_absolute_url()}"
    source = _(
        "Discussion de la clause « %(title)s » (section « %(section)s ») du clausier.\n\n"
        "Texte et note explicative : %(url)s\n\nPartagez ici vos questions, vos retours "
        "d’usage et vos propositions d’amélioration."
    ) % {"title": clause.title, "section": clause.get_section_display(), "url": url}
    try:
        with transaction.atomic():
            thread = forum_services.create_thread(
                user,
                category,
                _("Clause : %(title)s") % {"title": clause.title},
                source,
                kind="discussion",
            )
    except forum_services.ForumError as error:
        logger.info("No discussion for clause %s: %s", clause.pk, error)
        return None
    Clause.objects.filter(pk=clause.pk).update(thread=thread)
    clause.thread = thread
    return thread


def after_admin_save(clause: Clause, user, previous_status: str | None = None) -> None:
    """Called by the Wagtail admin after a clause is created or edited. A pending proposal
    whose status is changed there is decided as on the proposals screen: the decision is
    recorded and the person who proposed it gets the same e-mail."""
    record_version(clause, user)
    if clause.slug in RESERVED_SLUGS:
        clause.slug = free_slug(clause.slug, exclude_pk=clause.pk)
        clause.save(update_fields=["slug"])
    if previous_status == Clause.Status.PENDING and clause.status != Clause.Status.PENDING:
        _decided_in_admin(clause, user)
    ensure_discussion(clause, user)


def _decided_in_admin(clause: Clause, user) -> None:
    clause.decided_by = user
    clause.decided_at = timezone.now()
    clause.save(update_fields=["decided_by", "decided_at"])
    accepted = clause.status in Clause.USABLE_STATUSES
    if accepted:
        _add_as_alternative(clause)
    if clause.status not in (*Clause.USABLE_STATUSES, Clause.Status.REFUSED):
        return  # withdrawn at once: nothing to announce
    _mail_decision(clause, accepted, clause.decision_comment)


def _mail_decision(clause: Clause, accepted: bool, comment: str) -> None:
    from mailer.services import send_templated

    if not (clause.proposed_by and clause.proposed_by.is_active):
        return
    template = "accepted" if accepted else "refused"
    send_templated(
        clause.proposed_by.email,
        f"conventions/email/proposal_{template}",
        {
            "clause": clause,
            "comment": comment,
            "clause_url": f"{settings.SITE_URL}{clause.get_absolute_url()}",
        },
    )


# --- Proposals -----------------------------------------------------------------------------------


@transaction.atomic
def propose_clause(user, *, territory, title, section, text, note="", alternative_to=None):
    from library.conventions import permissions

    reason = permissions.why_cannot_propose(user)
    if reason:
        raise ConventionError(reason)
    if territory.pk not in permissions.account_permissions.member_territory_ids(user):
        raise ConventionError(_("Vous ne faites pas partie de l’équipe de ce territoire."))
    clause = Clause.objects.create(
        title=title,
        slug=free_slug(title),
        section=section,
        text=text,
        note=note,
        status=Clause.Status.PENDING,
        territory=territory,
        proposed_by=user,
        alternative_to=alternative_to,
    )
    record_version(clause, user)
    _notify_reviewers(clause)
    return clause


def _notify_reviewers(clause: Clause) -> None:
    from accounts import roles
    from accounts.models import User
    from mailer.services import send_templated

    emails = list(
        User.objects.filter(groups__name=roles.FACILITATOR, is_active=True)
        .values_list("email", flat=True)
        .distinct()
    )
    if emails:
        send_templated(
            emails,
            "conventions/email/proposal_submitted",
            {"clause": clause, "review_url": _absolute("conventions:proposals")},
        )


def _absolute(name, **kwargs) -> str:
    from django.urls import reverse

    return f"{settings.SITE_URL}{reverse(name, kwargs=kwargs or None)}"


@transaction.atomic
def decide_proposal(user, clause: Clause, *, accept: bool, comment: str = "") -> Clause:
    from library.conventions import permissions

    if not permissions.can_review_proposals(user):
        raise ConventionError(_("Seule l’équipe d’animation peut valider une proposition."))
    clause = Clause.objects.select_for_update().get(pk=clause.pk)
    if clause.status != Clause.Status.PENDING:
        raise ConventionError(
            _("Cette proposition a déjà reçu une réponse (%(status)s).")
            % {"status": clause.get_status_display().lower()}
        )
    comment = (comment or "").strip()
    if not accept and not comment:
        raise ConventionError(_("Expliquez le refus : le motif est transmis au territoire."))
    clause.status = Clause.Status.PROPOSED if accept else Clause.Status.REFUSED
    clause.decided_by = user
    clause.decided_at = timezone.now()
    clause.decision_comment = comment
    clause.save()
    if accept:
        _add_as_alternative(clause)
        ensure_discussion(clause, user)
    _mail_decision(clause, accept, comment)
    return clause


def _add_as_alternative(clause: Clause) -> None:
    """A validated alternative joins the sections where the clause it varies is offered."""
    if not clause.alternative_to_id:
        return
    sections = ModelSection.objects.filter(section=clause.section).filter(
        default_clause_id=clause.alternative_to_id
    ) | ModelSection.objects.filter(section=clause.section, alternatives=clause.alternative_to_id)
    for model_section in sections.distinct():
        add_alternative(model_section, clause)


def add_alternative(model_section: ModelSection, clause: Clause) -> None:
    model_section.alternatives.add(clause)
    model_section.alternatives.commit()
