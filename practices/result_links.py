"""What a sheet's results link to beyond the sheet, contributed by other apps from their
``AppConfig.ready()`` (the sheets know no report): ``register(provider)``, where
``provider(request, sheet, lines)`` returns ``{line.pk: {"url": …, "text": …}}`` for the result
lines it has something to say about. The sheet page shows the first link found for each line."""

from collections.abc import Callable

_providers: list[Callable] = []


def register(provider: Callable) -> None:
    if provider not in _providers:
        _providers.append(provider)


def links_for(request, sheet, lines) -> dict[int, dict]:
    lines = [line for line in lines if line.pk]
    links: dict[int, dict] = {}
    if not lines:
        return links
    for provider in _providers:
        for pk, link in provider(request, sheet, lines).items():
            links.setdefault(pk, link)
    return links
