"""What the apps add to the site's set-up and to its demo, registered from their
``AppConfig.ready`` (the base app knows no feature: it runs what is registered).

- ``bootstrap``: after ``website.bootstrap`` has made the home page, groups and legal pages,
  each app makes its own sections (the sheets' index and territory folders, the library…):
  ``run(home)``, idempotent. Run by ``bootstrap_site`` (``manage.py bootstrap_site``, every
  deployment's ``migrate`` step, and the tests' database set-up).
- ``demo``: ``manage.py load_demo``'s content, in one transaction: ``run()`` returns the part of
  the closing sentence that says what was loaded (« 44 nouvelles fiches »), or ``""``.
- ``after_demo``: what runs once the demo is committed (the search index rebuilt at once), also
  returning its part of the sentence.

Steps run by increasing ``order``, then name; registering a name again replaces the step."""

from collections.abc import Callable
from dataclasses import dataclass

KINDS = ("bootstrap", "demo", "after_demo")


@dataclass(frozen=True)
class Step:
    order: int
    name: str
    run: Callable


_steps: dict[str, dict[str, Step]] = {kind: {} for kind in KINDS}


def register(kind: str, name: str, run: Callable, order: int = 100) -> None:
    if kind not in KINDS:
        raise ValueError(f"Unknown set-up step kind {kind!r}: one of {KINDS}")
    _steps[kind][name] = Step(order, name, run)


def steps(kind: str) -> list[Step]:
    return sorted(_steps[kind].values(), key=lambda step: (step.order, step.name))
