"""Settings come from the environment; production refuses to start without its secrets."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_check(env_overrides):
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; a
    # production start must not inherit it (Django refuses it in deployment).
    dropped = {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(env_overrides, DJANGO_SETTINGS_MODULE="cms.settings.production")
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "env,missing",
    [
        ({}, "SECRET_KEY, ALLOWED_HOSTS"),
        ({"SECRET_KEY": "x" * 50}, "ALLOWED_HOSTS"),
        ({"ALLOWED_HOSTS": "intranet.stadt.example"}, "SECRET_KEY"),
    ],
)
def test_production_refuses_to_start_without_secrets(env, missing):
    result = run_check(env)
    assert result.returncode != 0
    assert f"which are not set: {missing}." in result.stderr


def test_production_starts_with_its_secrets():
    result = run_check({"SECRET_KEY": "k" * 60, "ALLOWED_HOSTS": "intranet.stadt.example"})
    assert result.returncode == 0, result.stderr


def test_embedded_default_needs_no_variables(settings):
    """Without DATABASE_URL the dev settings use the SQLite file in the project."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["DJANGO_SETTINGS_MODULE"] = "cms.settings.dev"
    code = "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip() == "django.db.backends.sqlite3", result.stderr


def test_embedded_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    """Parallel writers on the embedded default wait for the lock instead of
    failing with „database is locked“: WAL mode, a busy timeout, and
    transactions that take the write lock when they begin."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        DJANGO_SETTINGS_MODULE="cms.settings.embedded",
    )
    code = (
        "from django.db import connection; c = connection.cursor(); "
        "print(c.execute('PRAGMA journal_mode').fetchone()[0], "
        "c.execute('PRAGMA busy_timeout').fetchone()[0], "
        "connection.transaction_mode)"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    journal, timeout, mode = result.stdout.split()
    assert (journal, mode) == ("wal", "IMMEDIATE"), result.stderr
    assert int(timeout) >= 20_000
