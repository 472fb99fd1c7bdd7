"""Passkeys: the ceremony endpoints answer with options for a signed-in
person and are closed to anonymous requests and, for enrolment, to a
session from outside without a factor."""

from django.test import Client

import pytest

from .conftest import OUTSIDE, sign_in

pytestmark = pytest.mark.django_db


def test_registration_options_for_a_signed_in_person_inside(client, person):
    sign_in(client, "kim")
    response = client.post("/webauthn/registration/begin/", content_type="application/json")
    assert response.status_code == 200
    options = response.json()
    assert options["rp"]["id"] == "testserver"
    assert options["user"]["name"] == "kim"
    assert options["challenge"]


def test_ceremonies_are_closed_to_anonymous_requests(client, db):
    for path in ("/webauthn/registration/begin/", "/webauthn/authentication/begin/"):
        response = client.post(path, content_type="application/json")
        assert response.status_code == 302
        assert response["Location"].startswith("/anmelden/")


def test_outside_without_factor_cannot_enrol_a_passkey(person):
    outside = Client(REMOTE_ADDR=OUTSIDE)
    sign_in(outside, "kim")
    response = outside.post("/webauthn/registration/begin/", content_type="application/json")
    assert response.status_code == 403
    assert "außerhalb" in response.json()["detail"]


def test_a_person_with_a_factor_must_confirm_before_adding_a_passkey(client, person_with_app):
    sign_in(client, "kim")
    response = client.post("/webauthn/registration/begin/", content_type="application/json")
    assert response.status_code == 403


def test_authentication_options_for_a_signed_in_person(client, person):
    sign_in(client, "kim")
    response = client.post("/webauthn/authentication/begin/", content_type="application/json")
    assert response.status_code == 200
    assert response.json()["challenge"]


def test_a_completion_without_a_ceremony_is_refused(client, person):
    sign_in(client, "kim")
    response = client.post(
        "/webauthn/registration/complete/", "{}", content_type="application/json"
    )
    assert 400 <= response.status_code < 500
