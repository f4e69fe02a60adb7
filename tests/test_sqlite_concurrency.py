"""SQLite, as `make run` serves it: concurrent requests wait for each other instead of failing
with « database is locked » (a 503). The test database is copied to a file, served by a
threaded server in another process, and four people log in at the same instant, three times."""

import http.cookiejar
import os
import re
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from tests.factories import UserFactory

REPO_ROOT = Path(__file__).resolve().parents[1]
PEOPLE = 4
ROUNDS = 3

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "sqlite", reason="SQLite's locking: PostgreSQL needs no such care"
    ),
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _copy_database(target: Path) -> None:
    connection.ensure_connection()
    with sqlite3.connect(target) as copy:
        connection.connection.backup(copy)


@pytest.fixture
def server(tmp_path):
    emails = [f"connexion{n}@example.org" for n in range(PEOPLE)]
    for email in emails:
        UserFactory(email=email, password="mot de passe solide 42")  # noqa: S106
    database = tmp_path / "demo.sqlite3"
    _copy_database(database)
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"sqlite:///{database}",
        "CELERY_BROKER_URL": "",
    }
    process = subprocess.Popen(  # noqa: S603 (fixed arguments, no shell)
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--worker-class",
            "gthread",
            "--threads",
            str(PEOPLE),
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/compte/login/", timeout=5).close()  # noqa: S310
            break
        except OSError:
            if process.poll() is not None:
                break
            time.sleep(0.3)
    try:
        yield base, emails
    finally:
        process.terminate()
        output = process.communicate(timeout=20)[0].decode(errors="replace")
        print(output)


def _login(base: str, email: str, barrier: threading.Barrier) -> int:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/compte/login/", timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token,
            "login": email,
            "password": "mot de passe solide 42",
        }
    ).encode()
    request = urllib.request.Request(  # noqa: S310 (http to the loopback)
        f"{base}/compte/login/", data=data, headers={"Referer": f"{base}/compte/login/"}
    )
    barrier.wait(timeout=30)
    try:
        opener.open(request, timeout=60).read()
    except urllib.error.HTTPError as error:
        return error.code
    return 200 if any(cookie.name == "sessionid" for cookie in jar) else 0


def test_four_people_log_in_at_once_on_sqlite(server):
    base, emails = server
    for _ in range(ROUNDS):
        barrier = threading.Barrier(PEOPLE)
        results = [None] * PEOPLE

        def run(index, email, barrier=barrier, results=results):
            results[index] = _login(base, email, barrier)

        threads = [threading.Thread(target=run, args=pair) for pair in enumerate(emails)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert results == [200] * PEOPLE
