"""What gets indexed: one ``Source`` per kind of object. A source knows how to build the search
document of an object (or ``None`` when the object must not be found: draft, unpublished,
restricted by password or groups…), and which objects a full rebuild goes through.

Sources register by model label (``SOURCES``); ``search.indexing`` and the signals use them.
Forum threads are indexed as ONE document each (title, then every visible post), linking to
the thread: results list discussions, not 500 replies of the same one, and a rebuild handles
~10× fewer documents than one per post (see README, « Recherche »)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from django.apps import apps
from django.db.models import Prefetch

from search import text, visibility
from search.models import DocumentType
from search.snippets import strip_sentinels

logger = logging.getLogger(__name__)

MAX_TEXT_CHARS = 200_000
TAXONOMY_FIELDS = {
    # model field → URL parameter
    "audiences": "public",
    "barriers": "frein",
    "benefits": "droit",
    "action_types": "action",
    "partners": "partenaire",
}


@dataclass
class DocumentData:
    """What a source builds; ``search.indexing`` turns it into a ``SearchDocument`` row."""

    type: str
    title: str
    url: str
    text: str = ""
    extra: str = ""
    facets: dict[str, list[str]] = field(default_factory=dict)
    territory: object = None  # accounts.Territory (with its region loaded) or None
    date: datetime | None = None
    visibility: str = visibility.PUBLIC

    def finalised(self) -> dict:
        facets = {param: sorted(set(values)) for param, values in self.facets.items() if values}
        facets["type"] = [self.type]
        territory = self.territory
        if territory is not None:
            facets["territoire"] = [territory.slug]
            facets["region"] = [territory.region.slug]
        if self.date:
            facets["annee"] = [str(self.date.year)]
        return {
            "type": self.type,
            "title": strip_sentinels(text.clean_spaces(self.title))[:300],
            "url": self.url[:500],
            "text": strip_sentinels(text.clean_spaces(self.text))[:MAX_TEXT_CHARS],
            "extra": strip_sentinels(text.clean_spaces(self.extra))[:5000],
            "facets": facets,
            "territory_slug": territory.slug if territory else "",
            "territory_name": territory.name if territory else "",
            "region_slug": territory.region.slug if territory else "",
            "date": self.date,
            "year": self.date.year if self.date else None,
            "visibility": self.visibility,
        }


def _taxonomy(obj, fields=TAXONOMY_FIELDS) -> tuple[dict[str, list[str]], list[str]]:
    """Facet values and labels of the taxonomy terms of ``obj`` (prefetched or not). A barrier
    also counts for its family, as on /fiches/."""
    facets: dict[str, list[str]] = {}
    labels: list[str] = []
    for name, param in fields.items():
        manager = getattr(obj, name, None)
        if manager is None:
            continue
        for term in manager.all():
            facets.setdefault(param, []).append(term.slug)
            labels.append(term.label)
            parent = getattr(term, "parent", None) if name == "barriers" else None
            if parent is not None:
                facets[param].append(parent.slug)
                labels.append(parent.label)
    return facets, labels


def _stream_text(page, field_name: str) -> str:
    value = getattr(page, field_name, None)
    if not value:
        return ""
    try:
        stream_field = page._meta.get_field(field_name)
        pieces = stream_field.get_searchable_content(value)
    except Exception:  # noqa: BLE001 — a block that cannot be read never stops indexing
        logger.warning("Unreadable stream field %s of page %s", field_name, page.pk, exc_info=True)
        return ""
    return " ".join(text.html_to_text(str(piece)) for piece in pieces)


def _page_visibility(page) -> str | None:
    """Key of a live page according to its view restrictions (its own and its ancestors'):
    none → public; « logged-in users » → members; password or groups → not indexed."""
    from wagtail.models import PageViewRestriction

    restrictions = list(page.get_view_restrictions())
    if not restrictions:
        return visibility.PUBLIC
    if all(r.restriction_type == PageViewRestriction.LOGIN for r in restrictions):
        return visibility.MEMBERS
    return None


def _page_url(page) -> str:
    try:
        return page.get_url() or page.url_path
    except Exception:  # noqa: BLE001
        return page.url_path


class Source:
    model_label = ""
    type = ""
    rebuild_chunk = 500

    @property
    def model(self):
        return apps.get_model(self.model_label)

    def is_available(self) -> bool:
        try:
            self.model  # noqa: B018
        except LookupError:
            return False
        return True

    def queryset(self):
        """Objects a rebuild goes through (all candidates, with their relations prefetched)."""
        return self.model.objects.all()

    def get(self, pk):
        return self.queryset().filter(pk=pk).first()

    def build(self, obj) -> DocumentData | None:
        raise NotImplementedError


class PageSource(Source):
    taxonomy_fields: dict[str, str] = {}

    def queryset(self):
        prefetch = list(self.taxonomy_fields)
        if "barriers" in self.taxonomy_fields:
            prefetch.append("barriers__parent")
        return self.model.objects.live().prefetch_related(*prefetch)

    def get(self, pk):
        # Not only live pages: an unpublished page must be found (and then refused by build).
        return self.model.objects.filter(pk=pk).first()

    def build(self, page) -> DocumentData | None:
        if not page.live:
            return None
        key = _page_visibility(page)
        if key is None:
            return None
        return self.build_live(page, key)

    def build_live(self, page, key) -> DocumentData | None:
        raise NotImplementedError


class SheetSource(PageSource):
    model_label = "practices.PracticeSheetPage"
    type = DocumentType.SHEET
    taxonomy_fields = TAXONOMY_FIELDS

    def queryset(self):
        return super().queryset().select_related("territory__region")

    def build_live(self, sheet, key):
        facets, labels = _taxonomy(sheet, self.taxonomy_fields)
        territory = sheet.territory
        body = [
            sheet.summary,
            text.html_to_text(sheet.context),
            _stream_text(sheet, "actions"),
            text.html_to_text(sheet.lessons_worked),
            text.html_to_text(sheet.lessons_pitfalls),
            text.html_to_text(sheet.replication),
            sheet.tools,
            sheet.duration,
            sheet.data_sharing_details,
        ]
        extra = [*labels, sheet.organisation]
        if territory is not None:
            extra += [territory.name, territory.region.name]
        return DocumentData(
            type=self.type,
            title=sheet.title,
            url=_page_url(sheet),
            text=" ".join(body),
            extra=" ".join(extra),
            facets=facets,
            territory=territory,
            date=sheet.first_published_at,
            visibility=key,
        )


class EventSource(PageSource):
    model_label = "events.EventPage"
    type = DocumentType.EVENT
    taxonomy_fields = {"audiences": "public", "barriers": "frein", "action_types": "action"}

    def build_live(self, event, key):
        facets, labels = _taxonomy(event, self.taxonomy_fields)
        body = [
            event.summary,
            _stream_text(event, "description"),
            event.speakers,
            _stream_text(event, "report"),
        ]
        extra = [*labels, event.get_kind_display(), event.get_format_display()]
        return DocumentData(
            type=self.type,
            title=event.title,
            url=_page_url(event),
            text=" ".join(body),
            extra=" ".join(str(part) for part in extra),
            facets=facets,
            date=event.start,
            visibility=key,
        )


class ContentPageSource(PageSource):
    model_label = "website.ContentPage"
    type = DocumentType.PAGE

    def build_live(self, page, key):
        return DocumentData(
            type=self.type,
            title=page.title,
            url=_page_url(page),
            text=f"{page.intro} {_stream_text(page, 'body')}",
            date=page.last_published_at or page.first_published_at,
            visibility=key,
        )


class HomePageSource(PageSource):
    model_label = "website.HomePage"
    type = DocumentType.PAGE

    def build_live(self, page, key):
        return DocumentData(
            type=self.type,
            title=page.title,
            url=_page_url(page),
            text=f"{page.intro_title} {text.html_to_text(page.intro)}",
            date=page.last_published_at or page.first_published_at,
            visibility=key,
        )


class LibraryDocumentSource(PageSource):
    """Library documents: title, summary, kind, and the text extracted from the current file;
    visible to the people who may download the file (``library.permissions``)."""

    model_label = "library.LibraryDocumentPage"
    type = DocumentType.DOCUMENT
    taxonomy_fields = TAXONOMY_FIELDS

    def queryset(self):
        return (
            super()
            .queryset()
            .select_related("territory__region", "kind")
            .prefetch_related("versions")
        )

    def build_live(self, document, key):
        if key != visibility.PUBLIC:  # a page-level restriction on top of the file access
            return None
        facets, labels = _taxonomy(document, self.taxonomy_fields)
        territory = document.territory
        try:
            extracted = document.extracted_text or ""
        except Exception:  # noqa: BLE001
            logger.warning("No extracted text for library document %s", document.pk, exc_info=True)
            extracted = ""
        extra = [*labels, str(document.kind), document.get_origin_display()]
        if territory is not None:
            extra += [territory.name, territory.region.name]
        return DocumentData(
            type=self.type,
            title=document.title,
            url=_page_url(document),
            text=f"{document.summary} {extracted}",
            extra=" ".join(extra),
            facets=facets,
            territory=territory,
            date=document.first_published_at,
            visibility=visibility.library_key(document.access),
        )


class ThreadSource(Source):
    model_label = "forum.Thread"
    type = DocumentType.DISCUSSION
    rebuild_chunk = 200

    def queryset(self):
        from forum.models import Post

        visible_posts = (
            Post.objects.filter(is_hidden=False, is_deleted=False)
            .order_by("-is_first", "created_at", "pk")
            .only("pk", "thread_id", "html", "is_first", "created_at")
        )
        return self.model.objects.select_related("category__territory__region").prefetch_related(
            Prefetch("posts", queryset=visible_posts, to_attr="visible_posts"),
            *TAXONOMY_FIELDS,
            "barriers__parent",
        )

    def build(self, thread) -> DocumentData | None:
        from forum.notifications import thread_url

        category = thread.category
        pieces, length = [], 0
        for post in thread.visible_posts:
            piece = text.html_to_text(post.html)
            pieces.append(piece)
            length += len(piece) + 1
            if length > MAX_TEXT_CHARS:
                break
        facets, labels = _taxonomy(thread)
        territory = category.territory if category.territory_id else None
        extra = [*labels, category.name]
        if territory is not None:
            extra += [territory.name, territory.region.name]
        return DocumentData(
            type=self.type,
            title=thread.title,
            url=thread_url(thread),
            text=" ".join(pieces),
            extra=" ".join(extra),
            facets=facets,
            territory=territory,
            date=thread.last_post_at,
            visibility=visibility.forum_category_key(category),
        )


SOURCES: dict[str, Source] = {
    source.model_label.lower(): source
    for source in (
        SheetSource(),
        ThreadSource(),
        EventSource(),
        LibraryDocumentSource(),
        ContentPageSource(),
        HomePageSource(),
    )
}


def available_sources() -> list[Source]:
    return [source for source in SOURCES.values() if source.is_available()]


def source_for_label(label: str) -> Source | None:
    source = SOURCES.get(label.lower())
    return source if source is not None and source.is_available() else None


def source_for_model(model) -> Source | None:
    return source_for_label(model._meta.label)
