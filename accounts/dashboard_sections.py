"""Sections of « Mon compte » contributed by other apps.

Same contract as :mod:`website.home_sections`: an app registers, in its ``AppConfig.ready``, a
callable that receives the request (its user is logged in) and returns rendered HTML, or an empty
string when it has nothing to show for this user.
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


def unregister(key: str) -> None:
    global _registry
    _registry = [entry for entry in _registry if entry[1] != key]


def render_all(request: HttpRequest) -> list[SafeString]:
    rendered = []
    for _order, _key, render in _registry:
        html = render(request)
        if html:
            rendered.append(SafeString(html))
    return rendered
