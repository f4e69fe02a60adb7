"""What a person may see, as a set of short keys (« public », a territory, a library access
level…), for the caches: two people with the same keys see the same pages and fragments.

The rules belong to the features: the search app, which filters every result by these keys,
registers its function (``search.visibility.keys_for``) from its ``AppConfig.ready``. Without
one, each person is a profile of their own: nothing is shared between two people by mistake."""

from collections.abc import Callable

_provider: Callable | None = None


def register(keys_for: Callable) -> None:
    global _provider
    _provider = keys_for


def keys_for(user) -> frozenset[str]:
    if _provider is None:
        return frozenset({f"person:{user.pk}"})
    return frozenset(_provider(user))
