"""The apps register their set-up and demo steps (website.setup_steps): the base app runs them
without knowing the features."""

import pytest

from website import setup_steps


def test_each_app_registers_its_steps_in_order():
    assert [step.name for step in setup_steps.steps("bootstrap")] == [
        "practices",
        "library",
        "events",
        "reports",
    ]
    assert [step.name for step in setup_steps.steps("demo")] == [
        "accounts",
        "website",
        "practices",
        "forum",
        "reports",
        "events",
        "library",
        "kit",
        "conventions",
    ]
    assert [step.name for step in setup_steps.steps("after_demo")] == ["search"]


def test_registering_again_replaces_and_order_then_name_decide(monkeypatch):
    monkeypatch.setattr(setup_steps, "_steps", {kind: {} for kind in setup_steps.KINDS})
    setup_steps.register("demo", "b", lambda: "b", order=5)
    setup_steps.register("demo", "a", lambda: "a", order=5)
    setup_steps.register("demo", "c", lambda: "first", order=1)
    setup_steps.register("demo", "c", lambda: "c", order=9)
    assert [step.run() for step in setup_steps.steps("demo")] == ["a", "b", "c"]
    with pytest.raises(ValueError):
        setup_steps.register("unknown", "x", lambda: None)
