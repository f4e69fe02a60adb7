"""What a person may see, as a set of short keys (« public », a territory, a library access
level…), for the caches: two people with the same keys see the same pages and fragments.

The rules belong to the features: the search app, which filters every result by these keys,
registers its function (``search.visibility.keys_for``) from its ``AppConfig.ready``. Without
one, everybody has the same (empty) set: nothing personal may then be cached per profile."""

from collections.abc import Callable

_provider: Callable | None = None


def register(keys_for: Callable) -> None:
    global _provider
    _provider = keys_for


def keys_for(user) -> frozenset[str]:
    return frozenset(_provider(user)) if _provider is not None else frozenset()
