"""Every way to sign in shares one throttle (per account and per address,
in the database) with a German message, and no answer tells a known
account from an unknown one."""

import re

from django.test import Client

import pytest

from tests import factories

pytestmark = pytest.mark.django_db

FORMS = ["/anmelden/", "/admin/login/", "/django-admin/login/"]


@pytest.fixture(autouse=True)
def _limit(settings):
    settings.AXES_FAILURE_LIMIT = 3


@pytest.fixture
def known(db):
    return factories.UserFactory(username="kim")


def _post_form(client, path, username, password):
    client.get(path)  # the CSRF cookie, as a browser gets it
    return client.post(path, {"username": username, "password": password})


def _token(client, username, password):
    return client.post(
        "/api/v2/auth/token/",
        {"username": username, "password": password},
        content_type="application/json",
    )


def _normalized(response):
    """The page without what differs on every request (CSRF tokens, nonces)."""
    text = response.content.decode()
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)
    text = re.sub(r'value="(kim|niemand)"', "", text)
    text = re.sub(r"\"CSRF_TOKEN\": \"[^\"]+\"", "", text)
    return re.sub(r"(nonce|data-csrf|csrfToken)[^\s>]*", "", text)


@pytest.mark.parametrize("path", FORMS)
def test_login_forms_answer_alike_for_unknown_and_known_accounts(path, known):
    wrong = _post_form(Client(REMOTE_ADDR="10.0.0.1"), path, "kim", "falsch")
    unknown = _post_form(Client(REMOTE_ADDR="10.0.0.2"), path, "niemand", "falsch")
    assert wrong.status_code == unknown.status_code == 200
    assert _normalized(wrong) == _normalized(unknown)


def test_token_endpoint_answers_alike_for_unknown_and_known_accounts(known):
    wrong = _token(Client(REMOTE_ADDR="10.0.0.1"), "kim", "falsch")
    unknown = _token(Client(REMOTE_ADDR="10.0.0.2"), "niemand", "falsch")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()


def test_an_inactive_account_answers_like_an_unknown_one(known):
    known.is_active = False
    known.save()
    inactive = _post_form(Client(REMOTE_ADDR="10.0.0.1"), "/anmelden/", "kim", "pw")
    unknown = _post_form(Client(REMOTE_ADDR="10.0.0.2"), "/anmelden/", "niemand", "pw")
    assert _normalized(inactive) == _normalized(unknown)


@pytest.mark.parametrize("path", FORMS)
def test_lockouts_read_the_same_for_unknown_and_known_accounts(path, known):
    answers = {}
    for number, name in enumerate(["kim", "niemand"]):
        client = Client(REMOTE_ADDR=f"10.0.1.{number}")
        for _ in range(3):
            response = _post_form(client, path, name, "falsch")
        answers[name] = response
    assert answers["kim"].status_code == answers["niemand"].status_code == 429
    assert _normalized(answers["kim"]) == _normalized(answers["niemand"])
    assert "Anmeldeversuche" in answers["kim"].content.decode()


def test_one_account_is_locked_from_every_address_and_every_form(known):
    for number in range(3):
        _post_form(Client(REMOTE_ADDR=f"10.0.2.{number}"), "/anmelden/", "kim", "falsch")
    # Even the right password, from a new address, through another door.
    assert (
        _post_form(Client(REMOTE_ADDR="10.0.2.9"), "/admin/login/", "kim", "pw").status_code == 429
    )
    locked = _token(Client(REMOTE_ADDR="10.0.2.8"), "KIM ", "pw")
    assert locked.status_code == 429
    assert "Anmeldeversuche" in locked.json()["message"]
    assert locked["Retry-After"]


def test_one_address_is_locked_for_every_account(known):
    client = Client(REMOTE_ADDR="10.0.3.1")
    for name in ("a", "b", "c"):
        _post_form(client, "/django-admin/login/", name, "falsch")
    assert _post_form(client, "/anmelden/", "kim", "pw").status_code == 429
    # Another address is not affected.
    assert _post_form(Client(REMOTE_ADDR="10.0.3.2"), "/anmelden/", "kim", "pw").status_code == 302
