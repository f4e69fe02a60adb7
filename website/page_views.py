"""The views of Wagtail pages' routes, registered by the apps' views modules.

A page model's route (``RoutablePageMixin``) calls ``page_views.call(self, "name", request, …)``
instead of importing its app's views: models never import views. The views module registers
each one with ``@page_views.handles(Model, "name")`` (called ``view(request, page, …)``) and
is imported by its app's ``AppConfig.ready()``."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured

_HANDLERS: dict[tuple[str, str], Callable] = {}


def handles(model, name: str):
    """Register the decorated function as the view ``name`` of pages of ``model``."""

    def decorator(view: Callable) -> Callable:
        _HANDLERS[(model._meta.label, name)] = view
        return view

    return decorator


def call(page, name: str, request, *args, **kwargs):
    """The view ``name`` of ``page``'s model (or of the nearest parent model that has one)."""
    for model in type(page).__mro__:
        meta = getattr(model, "_meta", None)
        view = _HANDLERS.get((meta.label, name)) if meta is not None else None
        if view is not None:
            return view(request, page, *args, **kwargs)
    raise ImproperlyConfigured(
        f"No view {name!r} registered for {page._meta.label}: is its app's views module "
        "imported by its AppConfig.ready()?"
    )
