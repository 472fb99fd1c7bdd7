"""The second factor: required from outside and for the admin of
publishers, enrolled and verified with real TOTP codes, recovery codes
single-use, an SSO factor honoured."""

from django.test import Client

import pytest
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests import factories

from .conftest import INSIDE, OUTSIDE, current_code, sign_in

pytestmark = pytest.mark.django_db


def test_outside_without_factor_is_refused_the_admin_and_asked_on_the_site(
    outside_client, superuser, home_page
):
    superuser.set_password("pw")
    superuser.save()
    assert sign_in(outside_client, "chefin").status_code == 302
    admin = outside_client.get("/admin/")
    assert admin.status_code == 302
    assert admin["Location"].startswith("/profil/sicherheit/bestaetigen/?next=%2Fadmin%2F")
    site = outside_client.get("/")
    assert site.status_code == 302
    assert site["Location"].startswith("/profil/sicherheit/bestaetigen/")
    # Without any factor, from outside, nobody may enrol one with the password alone.
    asked = outside_client.get(site["Location"])
    assert asked.status_code == 403
    assert "Verwaltungsnetz" in asked.content.decode()
    assert outside_client.get("/profil/sicherheit/app/").status_code == 403
    assert not TOTPDevice.objects.filter(user=superuser).exists()


def test_outside_api_with_session_and_no_factor_answers_403_json(outside_client, person):
    sign_in(outside_client, "kim")
    response = outside_client.get("/api/v2/me/")
    assert response.status_code == 403
    assert "zweiter Faktor" in response.json()["message"]


def test_inside_passes_without_factor(client, person, home_page):
    assert sign_in(client, "kim").status_code == 302
    assert client.get("/profil/").status_code == 200
    assert client.get("/api/v2/me/").status_code == 200


def test_outside_with_factor_passes_after_a_real_totp_code(outside_client, person_with_app):
    sign_in(outside_client, "kim")
    assert outside_client.get("/profil/").status_code == 302
    wrong = outside_client.post(
        "/profil/sicherheit/bestaetigen/", {"code": "000000", "next": "/profil/"}
    )
    assert wrong.status_code == 400
    assert "falsch" in wrong.content.decode()
    device = person_with_app.totpdevice_set.get()
    device.throttle_reset()  # the wrong try above delays the next one
    right = outside_client.post(
        "/profil/sicherheit/bestaetigen/", {"code": current_code(device), "next": "/profil/"}
    )
    assert right.status_code == 302 and right["Location"] == "/profil/"
    assert outside_client.get("/profil/").status_code == 200
    assert outside_client.session["intranet_mfa"] == "otp"


def test_an_sso_second_factor_counts(outside_client, person):
    outside_client.force_login(person)
    session = outside_client.session
    session["intranet_mfa"] = "sso"
    session.save()
    assert outside_client.get("/profil/").status_code == 200


@pytest.mark.usefixtures("admin_mfa")
def test_admin_asks_publishers_inside_too(client, superuser):
    client.force_login(superuser)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/profil/sicherheit/bestaetigen/")
    # Inside, without a factor, the confirmation page leads to enrolment.
    assert client.get(response["Location"])["Location"].startswith("/profil/sicherheit/app/")


@pytest.mark.usefixtures("admin_mfa")
def test_admin_lets_in_an_editor_who_may_not_publish(client):
    from django.contrib.auth.models import Group, Permission

    group = Group.objects.create(name="Nur Admin")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    editor = factories.UserFactory(username="schreibt")
    editor.groups.add(group)
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200


@pytest.mark.usefixtures("admin_mfa")
def test_totp_enrolment_with_a_real_code_then_the_admin_opens(client, superuser):
    client.force_login(superuser)
    page = client.get("/profil/sicherheit/app/")
    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=superuser, confirmed=False)
    assert client.post("/profil/sicherheit/app/", {"code": "123456"}).status_code == 400
    device.throttle_reset()
    done = client.post("/profil/sicherheit/app/", {"code": current_code(device)})
    assert done.status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    codes = done.context["codes"]
    assert len(codes) == 10 and StaticToken.objects.filter(device__user=superuser).count() == 10
    assert client.get("/admin/").status_code == 200


def test_recovery_codes_are_single_use(person_with_app):
    from accounts.views import _new_recovery_codes

    codes = _new_recovery_codes(person_with_app)
    first = Client(REMOTE_ADDR=OUTSIDE)
    sign_in(first, "kim")
    used = first.post("/profil/sicherheit/bestaetigen/", {"code": codes[0], "next": "/profil/"})
    assert used.status_code == 302
    assert first.get("/profil/").status_code == 200

    second = Client(REMOTE_ADDR=OUTSIDE)
    sign_in(second, "kim")
    again = second.post("/profil/sicherheit/bestaetigen/", {"code": codes[0], "next": "/"})
    assert again.status_code == 400
    assert StaticToken.objects.filter(device__user=person_with_app).count() == 9


def test_new_recovery_codes_need_a_confirmed_session_from_outside(outside_client, person_with_app):
    sign_in(outside_client, "kim")
    assert outside_client.post("/profil/sicherheit/wiederherstellungscodes/").status_code == 403


def test_token_from_outside_needs_a_code(person_with_app):
    client = Client(REMOTE_ADDR=OUTSIDE)
    body = {"username": "kim", "password": "pw"}
    missing = client.post("/api/v2/auth/token/", body, content_type="application/json")
    assert missing.status_code == 401
    assert "code" in missing.json()["message"]
    device = person_with_app.totpdevice_set.get()
    with_code = client.post(
        "/api/v2/auth/token/",
        {**body, "code": current_code(device)},
        content_type="application/json",
    )
    assert with_code.status_code == 201
    inside = Client(REMOTE_ADDR=INSIDE).post(
        "/api/v2/auth/token/", body, content_type="application/json"
    )
    assert inside.status_code == 201
