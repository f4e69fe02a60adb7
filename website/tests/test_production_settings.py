"""The production settings, loaded for real in a subprocess (they read the environment at import
time, and refuse to load without their secrets)."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]

# Variables read by the settings: the developer's or CI's own values must not leak into the checks.
SETTINGS_VARIABLES = {
    "DJANGO_SETTINGS_MODULE",
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "SITE_URL",
    "DATABASE_URL",
    "CONN_MAX_AGE",
    "CELERY_BROKER_URL",
    "REDIS_URL",
    "CACHE_URL",
    "ELASTICSEARCH_URL",
    "EMAIL_URL",
    "EMAIL_BACKEND",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "STATIC_ROOT",
    "MEDIA_ROOT",
    "TRUSTED_CLIENT_IP_HEADER",
    "SENTRY_DSN",
    "LOG_FORMAT",
}


def run_manage(*args: str, **env_overrides: str | None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "example.org",
            "DATABASE_URL": "sqlite:////tmp/x.sqlite3",
            "PYTHONIOENCODING": "utf-8",
        }
    )
    for key, value in env_overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return subprocess.run(  # noqa: S603 (fixed arguments, no shell)
        [sys.executable, "manage.py", *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output, output


@pytest.mark.parametrize(
    "secret_key",
    [None, "", "dev-only-insecure-key-change-me"],
    ids=["unset", "empty", "development-default"],
)
def test_refuses_to_start_without_a_secret_key(secret_key):
    result = run_manage("check", SECRET_KEY=secret_key)
    assert result.returncode != 0
    assert "SECRET_KEY doit être défini" in result.stderr


def test_refuses_to_start_without_allowed_hosts():
    result = run_manage("check", ALLOWED_HOSTS=None)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS doit être défini" in result.stderr


def test_sentry_is_optional_and_enabled_by_its_dsn():
    code = "import sentry_sdk; print(sentry_sdk.get_client().is_active())"
    without = run_manage("shell", "-c", code)
    assert without.returncode == 0, without.stderr
    assert without.stdout.strip().splitlines()[-1] == "False"
    with_dsn = run_manage("shell", "-c", code, SENTRY_DSN="https://cle@o0.ingest.sentry.io/1")
    assert with_dsn.returncode == 0, with_dsn.stderr
    assert with_dsn.stdout.strip().splitlines()[-1] == "True"


def test_production_logs_are_json_lines():
    code = "import logging; logging.getLogger('czn').warning('bonjour')"
    result = run_manage("shell", "-c", code)
    assert result.returncode == 0, result.stderr
    import json

    line = [x for x in result.stderr.splitlines() if "bonjour" in x][0]
    payload = json.loads(line)
    assert payload["message"] == "bonjour" and payload["level"] == "WARNING"
    assert payload["request_id"] == "-"


def test_production_boots_with_every_optional_integration_configured():
    """Every integration the production settings know, configured at once (none of them needs
    to answer for the settings to load): a release of one of their libraries that refuses an
    option we pass must fail here, not in production."""
    code = (
        "import sentry_sdk; from django.conf import settings; "
        "print(sentry_sdk.get_client().is_active(), settings.CACHES['default']['BACKEND'], "
        "settings.EMAIL_HOST, bool(settings.ELASTICSEARCH_URL), settings.ADMINS[0][1])"
    )
    result = run_manage(
        "shell",
        "-c",
        code,
        SENTRY_DSN="https://cle@o0.ingest.sentry.io/1",
        SENTRY_ENVIRONMENT="preproduction",
        SENTRY_TRACES_SAMPLE_RATE="0.1",
        DATABASE_URL="postgres://czn:secret@127.0.0.1:5432/czn",
        CELERY_BROKER_URL="redis://127.0.0.1:6379/0",
        ELASTICSEARCH_URL="http://127.0.0.1:9200",
        EMAIL_URL="smtp+tls://user:secret@smtp.example.org:587",
        TRUSTED_CLIENT_IP_HEADER="X-Real-IP",
        PRIVATE_FILES_X_ACCEL_REDIRECT_PREFIX="/prive/",
        ADMINS="exploitation@example.org",
        LOG_FORMAT="json",
    )
    assert result.returncode == 0, result.stderr
    last = result.stdout.strip().splitlines()[-1]
    assert last.startswith("True ") and "smtp.example.org" in last
    assert last.endswith("True exploitation@example.org")
    assert "redis" in last.lower()
    check = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SENTRY_DSN="https://cle@o0.ingest.sentry.io/1",
    )
    assert check.returncode == 0, check.stdout + check.stderr


def test_the_lock_files_pin_what_pyproject_asks_for():
    """requirements.txt and requirements-test.txt pin every dependency of pyproject.toml, each
    version inside its range and with its hashes: `make lock` after changing pyproject.toml,
    or this fails."""
    import tomllib

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]
    for lock, wanted in (
        ("requirements.txt", project["dependencies"]),
        (
            "requirements-test.txt",
            project["dependencies"] + project["optional-dependencies"]["test"],
        ),
    ):
        text = (REPO_ROOT / lock).read_text()
        pins = {}
        for block in text.split("\n"):
            if "==" in block and not block.startswith((" ", "#")):
                name, version = block.split(" ")[0].split("==")
                pins[canonicalize_name(name.split("[")[0])] = version
        assert text.count("--hash=sha256:") >= len(pins)
        for requirement in map(Requirement, wanted):
            name = canonicalize_name(requirement.name)
            assert name in pins, f"{name} is missing from {lock}"
            assert requirement.specifier.contains(pins[name]), f"{name}=={pins[name]} in {lock}"
