"""Fixtures for the end-to-end tests in headless Chromium (Playwright, sync API).

The browser drives pytest-django's ``live_server`` (Django runs in a thread of the test
process). Every test gets a fresh browser context; on failure a full-page screenshot is saved
under ``test-artifacts/``.
"""

import json
import os
import re
import threading
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO_ROOT / "test-artifacts"
AXE_PATH = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item, so that fixtures can tell whether the test failed."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


# What the test database held once set up — the data migrations' rows: Wagtail's root page, the
# regions… —, serialized by Django because the browser tests ask for a serialized rollback; and
# the blocker that lets the teardown hook below write it back.
_SNAPSHOT: dict = {}


def _has_wagtail_root() -> bool:
    from wagtail.models import Page

    return Page.objects.filter(depth=1).exists()


@pytest.fixture(scope="session")
def database_snapshot(django_db_setup, django_db_blocker):
    """Session-scoped, hence set up before the first browser test's database fixtures."""
    from django.contrib.contenttypes.models import ContentType
    from django.core import serializers
    from django.core.management import call_command
    from django.db import connections

    _SNAPSHOT["blocker"] = django_db_blocker
    _SNAPSHOT["contents"] = {
        connection.alias: connection._test_serialized_contents
        for connection in connections.all()
        if getattr(connection, "_test_serialized_contents", None)
    }
    with django_db_blocker.unblock():
        if _SNAPSHOT["contents"] and not _has_wagtail_root():
            # Another transactional test (mailer's) emptied the database, and its flush created
            # the content types again under new ids: the serialized rollback would collide with
            # them, and the content-type cache would still map the new ids. Start from an empty
            # database with the original content types (ids included) and a fresh cache.
            for alias, contents in _SNAPSHOT["contents"].items():
                call_command(
                    "flush",
                    database=alias,
                    interactive=False,
                    inhibit_post_migrate=True,
                    reset_sequences=False,  # the restored rows keep ids the sequences passed
                    verbosity=0,
                )
                content_types = [
                    row
                    for row in json.loads(contents)
                    if row["model"] == "contenttypes.contenttype"
                ]
                for obj in serializers.deserialize("json", json.dumps(content_types), using=alias):
                    obj.save(using=alias)
            ContentType.objects.clear_cache()
    return _SNAPSHOT["contents"]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test ends by emptying the database, Wagtail's root page and the regions
    included. The next browser test restores them itself (serialized rollback); otherwise (end
    of the session, another kind of test next) put them back now, so that the following tests
    — and the next ``--reuse-db`` session, whose set-up needs the root page — find an installed
    site. Done here, after every fixture's teardown, hence after pytest-django's flush."""
    yield
    if "django_db_serialized_rollback" not in item.fixturenames or not _SNAPSHOT.get("contents"):
        return
    if nextitem is None:
        # End of the session: pytest-django may already have destroyed the test database,
        # and the connection would then point at the real one. Nothing to restore.
        return
    if "django_db_serialized_rollback" in nextitem.fixturenames:
        return
    from django.contrib.contenttypes.models import ContentType
    from django.db import connections

    with _SNAPSHOT["blocker"].unblock():
        for alias, contents in _SNAPSHOT["contents"].items():
            connections[alias].creation.deserialize_db_from_string(contents)
    ContentType.objects.clear_cache()


# Package scope rather than session scope: Chromium is still launched once for all the browser
# tests, and Playwright's event loop (with the DJANGO_ALLOW_ASYNC_UNSAFE it requires) stops with
# the last of them instead of leaking into the rest of the suite (``manage.py check --deploy``
# run by website/tests fails when it inherits that variable).
@pytest.fixture(scope="package")
def playwright_instance(database_snapshot):
    """Playwright's sync API keeps an asyncio loop running in this thread. Django refuses ORM
    calls while a loop runs, unless DJANGO_ALLOW_ASYNC_UNSAFE is set; and its thread-critical
    ``connections`` are then kept per context, not per thread: the test code gets new
    connection objects, which lack the contents serialized at set-up (needed by the serialized
    rollback). Hand them over."""
    from django.db import connections
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        from playwright.sync_api import expect

        # Assertions wait as long as actions (5 s by default): on a loaded 2-core machine, a
        # form submission through Wagtail's workflow once took longer than 5 s.
        expect.set_options(timeout=15_000)
        with sync_playwright() as playwright:
            for alias, contents in database_snapshot.items():
                connections[alias]._test_serialized_contents = contents
            yield playwright
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="package")
def browser(playwright_instance):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium is not installed at {CHROMIUM}")
    browser = playwright_instance.chromium.launch(
        executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
    )
    yield browser
    browser.close()


@pytest.fixture
def page(request, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    context.set_default_timeout(15_000)
    page = context.new_page()
    # Content Security Policy violations (a blocked inline script or style, a script from
    # elsewhere) show as console errors: collected here, they fail the test below.
    csp_violations = []
    page.on(
        "console",
        lambda message: (
            csp_violations.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.passed and csp_violations:
        context.close()
        pytest.fail("Content Security Policy violations:\n" + "\n".join(csp_violations[:10]))
    if report is not None and report.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)
        try:
            page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        except Exception as exc:  # never hide the test's own failure
            print(f"Screenshot failed: {exc}")
    context.close()


@pytest.fixture
def celery_pools_reset():
    """E-mails are sent by a Celery task, eagerly here, which still takes a producer from the
    app's pools. mailer/tests/test_celery_broker.py closes those pools when it switches brokers
    and leaves the app's producer pool pointing at the closed connection pool: every later
    ``delay()`` then fails (« Acquire on closed pool ») and the e-mails stay pending. Start the
    browser tests with fresh pools, as Celery does after a fork."""
    from kombu import pools

    from config.celery import app

    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


class _OneRequestAtATime:
    """WSGI application wrapper that serves one request at a time, body included.

    On SQLite the test database lives in memory, and Django hands the live server the test
    thread's one connection: every request thread then shares it. Two requests at once — the
    Wagtail editor autosaves a new page while the browser loads another URL — interleave their
    transactions on that connection (« no such savepoint »), and one of them fails."""

    def __init__(self, application):
        self.application = application
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        with self.lock:
            result = self.application(environ, start_response)
            try:
                return list(result)
            finally:
                if hasattr(result, "close"):
                    result.close()


@pytest.fixture
def site(
    transactional_db,
    django_db_serialized_rollback,
    database_snapshot,
    bootstrapped,
    celery_pools_reset,
    live_server,
):
    """The running site, as installed (home page, groups, regions). Transactional, because the
    live server's thread must see what the test writes; the serialized rollback restores the
    data migrations' rows (regions, Wagtail's root page) the previous test's flush removed."""
    from django.db import connection

    httpd = live_server.thread.httpd
    shared_connection = connection.vendor == "sqlite" and connection.is_in_memory_db()
    if shared_connection and not isinstance(httpd.get_app(), _OneRequestAtATime):
        httpd.set_app(_OneRequestAtATime(httpd.get_app()))
    return live_server


def assert_accessible(page, context: str = "") -> None:
    """Run axe-core (WCAG 2.0/2.1 A and AA) on the current page; fail on serious or critical
    violations, naming the rule, its help text and where it fails."""
    page.wait_for_load_state("load")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, which the page's Content Security Policy
        # does not govern (an injected inline <script> would be blocked, rightly).
        page.evaluate(AXE_PATH.read_text(encoding="utf-8") + "\n;void 0")
    results = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: tags})",
        AXE_TAGS,
    )
    blocking = [v for v in results["violations"] if v.get("impact") in BLOCKING_IMPACTS]
    for violation in results["violations"]:
        if violation not in blocking:  # shown with -s, or with the output of a failed test
            print(f"axe ({context or page.url}): [{violation['impact']}] {violation['id']}")
    if blocking:
        lines = [
            f"{len(blocking)} serious/critical accessibility violation(s) on {context or page.url}:"
        ]
        for violation in blocking:
            targets = [json.dumps(node["target"]) for node in violation["nodes"][:3]]
            lines.append(
                f"- [{violation['impact']}] {violation['id']}: {violation['help']} "
                f"({len(violation['nodes'])} node(s); first: {', '.join(targets)})"
            )
        pytest.fail("\n".join(lines), pytrace=False)
