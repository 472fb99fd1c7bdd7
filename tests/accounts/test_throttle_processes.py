"""The throttle holds across processes: two gunicorn servers on the same
database (each with its own in-memory cache) count the same failures."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from django.db import connection

import pytest
import requests

from tests import factories

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url():
    params = connection.settings_dict
    return (
        f"postgres://{params['USER']}:{params['PASSWORD']}@{params['HOST']}:{params['PORT']}"
        f"/{params['NAME']}"
    )


@pytest.fixture
def two_servers():
    if connection.vendor != "postgresql":
        pytest.fail("This test needs the PostgreSQL test database (make test starts it).")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "DATABASE_URL": _database_url(),
        "LOGIN_FAILURE_LIMIT": "3",
    }
    servers = []
    for _ in range(2):
        port = _free_port()
        process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "cms.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--no-control-socket",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        servers.append((process, f"http://127.0.0.1:{port}"))
    try:
        for process, base in servers:
            deadline = time.monotonic() + 120
            while True:
                try:
                    requests.get(f"{base}/anmelden/", timeout=30)
                    break
                except requests.RequestException:
                    if process.poll() is not None or time.monotonic() > deadline:
                        pytest.fail(f"gunicorn at {base} did not start")
                    time.sleep(0.3)
        yield [base for _process, base in servers]
    finally:
        for process, _base in servers:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _token(base, password):
    return requests.post(
        f"{base}/api/v2/auth/token/",
        json={"username": "kim", "password": password},
        timeout=30,
    )


def _site_login(base, password):
    session = requests.Session()
    session.get(f"{base}/anmelden/", timeout=30)
    return session.post(
        f"{base}/anmelden/",
        data={
            "username": "kim",
            "password": password,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        headers={"Referer": f"{base}/anmelden/"},
        allow_redirects=False,
        timeout=30,
    )


def test_failures_in_one_process_lock_the_account_in_the_other(two_servers):
    factories.UserFactory(username="kim")
    first, second = two_servers
    assert _token(first, "falsch").status_code == 401
    assert _site_login(second, "falsch").status_code == 200  # the form again
    # The third failure, back on the first process, reaches the limit.
    assert _token(first, "falsch").status_code == 429
    # The second process refuses even the right password, on both doors.
    assert _token(second, "pw").status_code == 429
    locked = _site_login(second, "pw")
    assert locked.status_code == 429
    assert "Anmeldeversuche" in locked.text
