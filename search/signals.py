"""Signals that keep the search index in step with the content (connected in ``ready()``).

Pages (practice sheets, events, library documents, content pages, home page): publish,
unpublish, delete, move, view restriction changes. Forum: thread save/delete and tag changes,
post create/edit/hide/delete, category changes (visibility applied at once to the documents,
in the same transaction; names refreshed by a task). Library: a new approved file version.
Vocabularies and territories: a term, territory or region renamed or deleted refreshes the
documents whose facets name it.
Everything goes through ``search.indexing.schedule`` (one Celery task after commit)."""

from __future__ import annotations

import logging

from django.db.models.signals import m2m_changed, post_delete, post_save

from search import indexing, sources

logger = logging.getLogger(__name__)


def _label(model) -> str:
    return model._meta.label_lower


def _safe(function):
    """Indexing must never make a publication or a forum post fail."""

    def wrapper(*args, **kwargs):
        try:
            function(*args, **kwargs)
        except Exception:
            logger.exception("Search index signal failed")

    wrapper.__name__ = function.__name__
    return wrapper


# --- Pages ----------------------------------------------------------------------------------------


def _page_label(page) -> str | None:
    model = page.specific_class if hasattr(page, "specific_class") else type(page)
    if model is None:
        return None
    label = _label(model)
    return label if sources.source_for_label(label) else None


@_safe
def on_page_changed(sender, instance, **kwargs):
    label = _page_label(instance)
    if label:
        indexing.schedule(label, instance.pk)


@_safe
def on_page_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        on_page_changed(sender, instance)


@_safe
def on_page_deleted(sender, instance, **kwargs):
    label = _page_label(instance)
    if label:
        indexing.remove(label, instance.pk)


def schedule_subtree(page) -> None:
    """The page and its descendants (their URL or restrictions changed)."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    rows = Page.objects.filter(path__startswith=page.path).values_list("pk", "content_type_id")
    for pk, content_type_id in rows:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is not None and sources.source_for_label(_label(model)):
            indexing.schedule(_label(model), pk)


@_safe
def on_page_moved(sender, instance, **kwargs):
    schedule_subtree(instance)


@_safe
def on_view_restriction_changed(sender, instance, **kwargs):
    page = getattr(instance, "page", None)
    if page is not None:
        schedule_subtree(page)


# --- Forum ----------------------------------------------------------------------------------------


@_safe
def on_thread_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        indexing.schedule("forum.thread", instance.pk)


@_safe
def on_thread_deleted(sender, instance, **kwargs):
    indexing.remove("forum.thread", instance.pk)


@_safe
def on_post_changed(sender, instance, raw=False, **kwargs):
    if not raw and instance.thread_id:
        from forum.models import Thread

        if Thread.objects.filter(pk=instance.thread_id).exists():
            indexing.schedule("forum.thread", instance.thread_id)


@_safe
def on_thread_tags_changed(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        from forum.models import Thread

        if isinstance(instance, Thread):
            indexing.schedule("forum.thread", instance.pk)


@_safe
def on_category_saved(sender, instance, raw=False, created=False, **kwargs):
    if raw or created:
        return
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction

    from forum.models import Thread
    from search import tasks, visibility
    from search.backends.database import bump_version
    from search.models import SearchDocument

    # At once, in the same transaction: nobody outside the new audience finds these threads.
    SearchDocument.objects.filter(
        content_type=ContentType.objects.get_for_model(Thread),
        object_id__in=Thread.objects.filter(category=instance).values("pk"),
    ).update(visibility=visibility.forum_category_key(instance))
    bump_version()
    indexing.invalidate_cached_pages()
    category_id = instance.pk

    def enqueue():
        try:
            tasks.refresh_category_threads.delay(category_id)
        except Exception:
            logger.warning(
                "Broker unreachable: category %s threads not refreshed", category_id, exc_info=True
            )

    transaction.on_commit(enqueue)


# --- Library --------------------------------------------------------------------------------------


@_safe
def on_document_version_saved(sender, instance, raw=False, **kwargs):
    if not raw and getattr(instance, "document_id", None):
        indexing.schedule("library.librarydocumentpage", instance.document_id)


# --- Vocabularies and territories ---------------------------------------------------------------

# Model label → facet parameter of the documents that name its rows.
NAMED_FACETS = {
    "taxonomy.audience": "public",
    "taxonomy.barrier": "frein",
    "taxonomy.benefit": "droit",
    "taxonomy.actiontype": "action",
    "taxonomy.partner": "partenaire",
    "accounts.territory": "territoire",
    "accounts.region": "region",
}


def _display_name(instance) -> str:
    return getattr(instance, "label", None) or getattr(instance, "name", "")


@_safe
def on_named_pre_save(sender, instance, raw=False, **kwargs):
    """Remember the slug and name before the change (``post_save`` compares)."""
    if raw or instance.pk is None:
        return
    name_field = "label" if hasattr(instance, "label") else "name"
    instance._search_previous = (
        sender.objects.filter(pk=instance.pk).values_list("slug", name_field).first()
    )


def _refresh_named(sender, slug: str) -> None:
    from search.models import SearchDocument, facet_token

    param = NAMED_FACETS[_label(sender)]
    documents = SearchDocument.objects.filter(facet_keys__contains=f" {facet_token(param, slug)} ")
    indexing.schedule_documents(documents)


@_safe
def on_named_saved(sender, instance, raw=False, created=False, **kwargs):
    """A renamed term or territory (label, name or slug): the documents that name it are built
    again (their facet values and weighted text hold the slug and the name)."""
    previous = getattr(instance, "_search_previous", None)
    if raw or created or previous is None:
        return
    old_slug, old_name = previous
    if old_slug != instance.slug or old_name != _display_name(instance):
        _refresh_named(sender, old_slug)


@_safe
def on_named_deleted(sender, instance, **kwargs):
    _refresh_named(sender, instance.slug)


def connect() -> None:
    from django.apps import apps
    from wagtail.models import Page, PageViewRestriction
    from wagtail.signals import page_published, page_unpublished, post_page_move

    page_models = [
        source.model for source in sources.available_sources() if issubclass(source.model, Page)
    ]
    for model in page_models:
        uid = _label(model)
        page_published.connect(on_page_changed, sender=model, dispatch_uid=f"search_pub_{uid}")
        page_unpublished.connect(on_page_changed, sender=model, dispatch_uid=f"search_unpub_{uid}")
        post_delete.connect(on_page_deleted, sender=model, dispatch_uid=f"search_del_{uid}")
        # Pages created live without a publication (``add_child(instance=…)`` with live=True,
        # bootstrap and demo content), and revisions saved: the document is rebuilt from the
        # live row, so a draft never reaches the index.
        post_save.connect(on_page_saved, sender=model, dispatch_uid=f"search_save_{uid}")
    post_page_move.connect(on_page_moved, dispatch_uid="search_page_move")
    post_save.connect(
        on_view_restriction_changed,
        sender=PageViewRestriction,
        dispatch_uid="search_restriction_save",
    )
    post_delete.connect(
        on_view_restriction_changed,
        sender=PageViewRestriction,
        dispatch_uid="search_restriction_delete",
    )

    from forum.models import Category, Post, Thread

    post_save.connect(on_thread_saved, sender=Thread, dispatch_uid="search_thread_save")
    post_delete.connect(on_thread_deleted, sender=Thread, dispatch_uid="search_thread_delete")
    post_save.connect(on_post_changed, sender=Post, dispatch_uid="search_post_save")
    post_delete.connect(on_post_changed, sender=Post, dispatch_uid="search_post_delete")
    for field_name in sources.TAXONOMY_FIELDS:
        through = getattr(Thread, field_name).through
        m2m_changed.connect(
            on_thread_tags_changed, sender=through, dispatch_uid=f"search_thread_{field_name}"
        )
    post_save.connect(on_category_saved, sender=Category, dispatch_uid="search_category_save")

    from django.db.models.signals import pre_save

    for label in NAMED_FACETS:
        model = apps.get_model(label)
        pre_save.connect(on_named_pre_save, sender=model, dispatch_uid=f"search_pre_{label}")
        post_save.connect(on_named_saved, sender=model, dispatch_uid=f"search_named_{label}")
        post_delete.connect(on_named_deleted, sender=model, dispatch_uid=f"search_del_{label}")

    try:
        version_model = apps.get_model("library", "DocumentVersion")
    except LookupError:
        version_model = None
    if version_model is not None:
        post_save.connect(
            on_document_version_saved, sender=version_model, dispatch_uid="search_library_version"
        )
