"""Sessions end after the idle timeout and the absolute lifetime;
„Überall abmelden“ ends every session and token of the person; API tokens
expire."""

import time
from datetime import timedelta

from django.test import Client
from django.utils import timezone

import pytest
from wagtail.models import APIToken

from accounts import sessions
from accounts.models import UserSession
from workspaces.calendar.models import CalendarToken

from .conftest import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _lifetimes(settings):
    settings.SESSION_IDLE_TIMEOUT = 600
    settings.SESSION_MAX_AGE = 3600


def _shift(client, **seconds_ago):
    session = client.session
    now = time.time()
    for key, ago in seconds_ago.items():
        session[key] = now - ago
    session.save()


def test_a_fresh_session_works_and_is_indexed(client, person):
    sign_in(client, "kim")
    assert client.get("/profil/").status_code == 200
    assert UserSession.objects.filter(user=person, session_key=client.session.session_key).exists()


def test_idle_timeout_ends_the_session(client, person):
    sign_in(client, "kim")
    _shift(client, **{sessions.SEEN_AT: 601, sessions.LOGIN_AT: 700})
    response = client.get("/profil/")
    assert response.status_code == 302 and response["Location"].startswith("/anmelden/")
    assert client.get("/api/v2/me/").status_code == 401


def test_activity_keeps_the_session_alive(client, person):
    sign_in(client, "kim")
    _shift(client, **{sessions.SEEN_AT: 500, sessions.LOGIN_AT: 3000})
    assert client.get("/profil/").status_code == 200
    assert time.time() - client.session[sessions.SEEN_AT] < 5


def test_absolute_lifetime_ends_even_an_active_session(client, person):
    sign_in(client, "kim")
    _shift(client, **{sessions.SEEN_AT: 10, sessions.LOGIN_AT: 3601})
    response = client.get("/profil/")
    assert response.status_code == 302 and response["Location"].startswith("/anmelden/")


def test_sign_out_everywhere_ends_other_sessions_and_every_token(person):
    laptop, phone = Client(), Client()
    sign_in(laptop, "kim")
    sign_in(phone, "kim")
    token = APIToken.create_token(user=person, name="App")[1]
    calendar = CalendarToken.objects.create(user=person)
    assert phone.get("/profil/").status_code == 200

    response = laptop.post("/profil/sicherheit/ueberall-abmelden/")
    assert response.status_code == 200
    assert "Überall abgemeldet" in response.content.decode()
    assert response.context["sessions"] == 2

    assert phone.get("/profil/")["Location"].startswith("/anmelden/")
    assert laptop.get("/profil/")["Location"].startswith("/anmelden/")
    api = Client().get("/api/v2/me/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.status_code == 401
    calendar.refresh_from_db()
    assert calendar.revoked_at is not None
    assert not UserSession.objects.filter(user=person).exists()


def test_sign_out_everywhere_leaves_other_people_signed_in(person, user):
    mine, theirs = Client(), Client()
    sign_in(mine, "kim")
    sign_in(theirs, "erika")
    their_token = APIToken.create_token(user=user, name="App")[1]
    mine.post("/profil/sicherheit/ueberall-abmelden/")
    assert theirs.get("/profil/").status_code == 200
    assert (
        Client().get("/api/v2/me/", HTTP_AUTHORIZATION=f"Bearer {their_token}").status_code == 200
    )


def test_api_tokens_expire(settings, person):
    settings.API_TOKEN_MAX_AGE_DAYS = 30
    instance, token = APIToken.create_token(user=person, name="App")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert Client().get("/api/v2/me/", **auth).status_code == 200
    APIToken.objects.filter(pk=instance.pk).update(created=timezone.now() - timedelta(days=31))
    assert Client().get("/api/v2/me/", **auth).status_code == 401
