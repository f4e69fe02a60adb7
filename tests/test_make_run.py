"""`PORT=8802 make run`: the site, its e-mail links and the admin's links all use port 8802 (the
address a SITE_URL set by hand still wins)."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def _manage_lines(port: str) -> list[str]:
    printed = subprocess.run(
        ["make", "-n", "run", f"PORT={port}"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    return [line for line in printed.splitlines() if "manage.py" in line]


def _site_url_of(line: str, environ: dict) -> str:
    """What SITE_URL the command of ``line`` would run with."""
    command = re.sub(r"\S*python manage\.py .*$", "printenv SITE_URL", line)
    return subprocess.run(
        ["bash", "-c", command], env=environ, capture_output=True, text=True, check=True
    ).stdout.strip()


def test_make_run_gives_the_port_to_the_site_url():
    lines = _manage_lines("8802")
    assert [re.search(r"manage\.py (\w+)", line).group(1) for line in lines] == [
        "migrate",
        "load_demo",
        "runserver",
    ]
    environ = {key: value for key, value in os.environ.items() if key != "SITE_URL"}
    assert {_site_url_of(line, environ) for line in lines} == {"http://127.0.0.1:8802"}
    assert "127.0.0.1:8802" in lines[-1]
    chosen = {**environ, "SITE_URL": "https://zero-non-recours.example"}
    assert _site_url_of(lines[-1], chosen) == "https://zero-non-recours.example"
