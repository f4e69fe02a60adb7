"""Sections of the home page contributed by other apps.

An app that has something to show on the home page (latest practice sheets, active discussions,
next events) registers a callable here in its ``AppConfig.ready``. The callable receives the request
and returns rendered HTML, or an empty string when it has nothing to show: a section without
content is simply absent from the page.

A section must be the same for everyone with the same rights (no name, no CSRF token, no
« registered » state): it is cached (``website.fragment_cache``) per visibility profile until
one of the ``scopes`` it registers changes (``website.cache_rules``: a new sheet, post, event or
document), so the home page depends on those only.
"""

from collections.abc import Callable

from django.http import HttpRequest
from django.utils.safestring import SafeString

_registry: list[tuple[int, str, Callable[[HttpRequest], str], tuple[str, ...]]] = []


def register(
    key: str, render: Callable[[HttpRequest], str], order: int = 100, scopes=("all",)
) -> None:
    """Register (or replace) the section ``key``; ``scopes``: what it shows depends on."""
    global _registry
    _registry = [entry for entry in _registry if entry[1] != key]
    _registry.append((order, key, render, tuple(scopes)))
    _registry.sort(key=lambda entry: (entry[0], entry[1]))


def render_all(request: HttpRequest) -> list[SafeString]:
    from website import cache_rules, fragment_cache

    keys, stored = {}, {}
    if fragment_cache.enabled():
        profile = fragment_cache.visibility_profile(getattr(request, "user", None), request)
        keys = {
            entry[1]: fragment_cache.make_key("home-section", [entry[1], profile])
            for entry in _registry
        }
        stored = fragment_cache.get_many(list(keys.values()), request)
    rendered = []
    for _order, key, render, scopes in _registry:
        cache_rules.depends_on(request, *scopes)
        if key in keys and keys[key] in stored:
            html = stored[keys[key]]
        else:
            html = str(render(request))
            if key in keys:
                fragment_cache.store(keys[key], html, request, scopes)
        if html:
            rendered.append(SafeString(html))
    return rendered
