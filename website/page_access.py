"""Who may see a page, and so the files that it carries: the ONE gate of every download.

Feature apps register the rules of their page kinds here in their ``AppConfig.ready``
(``register``); this base module knows Wagtail's page privacy and nothing of the features.

A page may be seen by a request when

- it is live and the request passes every Wagtail view restriction of the page and of its
  ancestors (« connexion requise », groups, password), exactly as Wagtail's own page serving
  decides; or
- the page kind's ``insiders`` rule says this person may see it anyway: a draft for its
  authors, team and staff (``library.permissions.can_view_draft``,
  ``practices.permissions.can_view_sheet``…).

Files follow their page:

- a library file: its document's page may be seen, and the library's access level lets the
  person in (``library.permissions.can_fetch_file``);
- a Wagtail document (/documents/…, any page's attachment or link): served to people who may
  manage it in the admin (change permission on its collection), and otherwise only when at least
  one page that uses it (Wagtail's reference index) may be seen. A document used by no page is
  therefore served to its managers only.

Not found = forbidden: a file that the person may not fetch answers exactly like a missing one,
a plain 404 from the site's one handler (``website.views.page_not_found``), whose page invites
logged-out people to log in and come back to the same address. The answer depends only on the
address asked and on who asks, never on whether the file exists, so asking for files tells
nobody what exists; a logged-out member following a shared link still learns to log in.

Lists (the site map) show the pages that Wagtail says are live and public, minus those that the
page kind's ``listed`` rule leaves out for this person (``listed_pages``), as the features' own
lists and search do."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet


@dataclass(frozen=True)
class PageRule:
    # (user, specific page) -> bool: may see this page even when not live or restricted.
    insiders: Callable | None = None
    # (user) -> queryset of the pages of this kind that lists show this person.
    listed: Callable | None = None


_rules: dict[type, PageRule] = {}


def register(model: type, *, insiders: Callable | None = None, listed: Callable | None = None):
    """Register (or replace) the rules of a page model."""
    _rules[model] = PageRule(insiders=insiders, listed=listed)


def _rule_for(model) -> PageRule | None:
    for klass in getattr(model, "__mro__", ()):
        if klass in _rules:
            return _rules[klass]
    return None


def passes_view_restrictions(request, page) -> bool:
    """Wagtail's privacy of the page and of its ancestors (login, groups, password)."""
    return all(restriction.accept_request(request) for restriction in page.get_view_restrictions())


def may_see_page(request, page) -> bool:
    """May this request see ``page`` (live and not restricted for it, or an insider)?"""
    if page.live and passes_view_restrictions(request, page):
        return True
    rule = _rule_for(page.specific_class)
    if rule is None or rule.insiders is None:
        return False
    return bool(rule.insiders(request.user, page.specific))


def listed_pages(pages: QuerySet, user) -> QuerySet:
    """``pages`` less those that a page kind's own lists would hide from this person."""
    for model, rule in _rules.items():
        if rule.listed is not None:
            hidden = model.objects.exclude(pk__in=rule.listed(user).values("pk"))
            pages = pages.exclude(pk__in=hidden.values("pk"))
    return pages


# --- Wagtail documents ---------------------------------------------------------------------------


def can_manage_document(user, document) -> bool:
    """Change permission on the document (its collection, or its owner's add permission)."""
    from wagtail.permissions import policy_registry

    if not (user and user.is_authenticated and user.is_active):
        return False
    policy = policy_registry.get_by_type(type(document))
    return policy.user_has_permission_for_instance(user, "change", document)


def pages_using(document) -> QuerySet:
    """The pages whose content refers to ``document`` (attachment, chooser block, rich text)."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page, ReferenceIndex

    page_ids = (
        ReferenceIndex.get_references_to(document)
        .filter(base_content_type=ContentType.objects.get_for_model(Page))
        .values_list("object_id", flat=True)
    )
    ids = [int(pk) for pk in page_ids if str(pk).isdigit()]
    return Page.objects.filter(pk__in=ids).order_by("-live", "path")


def may_fetch_document(request, document) -> bool:
    if can_manage_document(request.user, document):
        return True
    return any(may_see_page(request, page) for page in pages_using(document))
