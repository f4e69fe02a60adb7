"""Sections of the home page contributed by other apps.

An app that has something to show on the home page (latest practice sheets, active discussions,
next events) registers a callable here in its ``AppConfig.ready``. The callable receives the request
and returns rendered HTML, or an empty string when it has nothing to show: a section without
content is simply absent from the page.

A section must be the same for everyone with the same rights (no name, no CSRF token, no
« registered » state): it is cached (``website.fragment_cache``) per visibility profile and
generation, so a new sheet, post, event or document shows at once.
"""

from collections.abc import Callable

from django.http import HttpRequest
from django.utils.safestring import SafeString

_registry: list[tuple[int, str, Callable[[HttpRequest], str]]] = []


def register(key: str, render: Callable[[HttpRequest], str], order: int = 100) -> None:
    """Register (or replace) the section ``key``."""
    global _registry
    _registry = [entry for entry in _registry if entry[1] != key]
    _registry.append((order, key, render))
    _registry.sort(key=lambda entry: (entry[0], entry[1]))


def render_all(request: HttpRequest) -> list[SafeString]:
    from website import fragment_cache

    profile = None
    if fragment_cache.enabled():
        profile = fragment_cache.visibility_profile(getattr(request, "user", None), request)
        keys = {
            key: fragment_cache.make_key("home-section", [key, profile], request)
            for _order, key, _render in _registry
        }
        stored = fragment_cache.get_many(list(keys.values()))
    rendered, fresh = [], {}
    for _order, key, render in _registry:
        if profile is not None and keys[key] in stored:
            html = stored[keys[key]]
        else:
            html = str(render(request))
            if profile is not None:
                fresh[keys[key]] = html
        if html:
            rendered.append(SafeString(html))
    fragment_cache.set_many(fresh)
    return rendered
