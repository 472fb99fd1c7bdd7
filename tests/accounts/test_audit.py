"""The security audit log: what is written, who may read it (a reading
channel like any other: only the role for it), and the purge."""

from datetime import timedelta
from io import StringIO

from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from accounts.audit import security_entries
from tests import factories

from .conftest import current_code, sign_in

pytestmark = pytest.mark.django_db

LOG_URL = "/admin/sicherheit/protokoll/"
HISTORY_URL = "/admin/reports/site-history/"


def _denied(response):
    """Wagtail's answer to a missing permission: back to the dashboard."""
    return response.status_code == 302 and response["Location"] == "/admin/"


def _actions(user=None):
    entries = security_entries()
    if user is not None:
        entries = entries.filter(object_id=str(user.pk))
    return list(entries.values_list("action", flat=True))


@pytest.fixture
def user_admin(db):
    """An administrator of accounts who is not in the security role."""
    group = Group.objects.create(name="Kontenpflege")
    group.permissions.add(
        *Permission.objects.filter(
            codename__in=["access_admin", "add_user", "change_user", "view_user"]
        )
    )
    user = factories.UserFactory(username="kontenpflege")
    user.groups.add(group)
    return user


def test_sign_ins_and_failures_are_logged(client, person):
    sign_in(Client(), "kim", "falsch")
    sign_in(Client(), "niemand", "falsch")
    sign_in(client, "kim")
    assert _actions(person) == ["intranet.signed_in", "intranet.signin_failed"]
    unknown = security_entries().get(object_id="0")
    assert unknown.action == "intranet.signin_failed" and unknown.label == "niemand"
    assert unknown.data["address"] == "127.0.0.1"
    assert unknown.user is None


def test_enrolment_verification_and_reset_are_logged(client, person, superuser):
    sign_in(client, "kim")
    client.get("/profil/sicherheit/app/")
    device = TOTPDevice.objects.get(user=person)
    client.post("/profil/sicherheit/app/", {"code": current_code(device)})
    assert {"intranet.factor_enrolled", "intranet.recovery_codes_created"} <= set(_actions(person))

    admin = Client()
    admin.force_login(superuser)
    url = f"/admin/sicherheit/faktoren/{person.pk}/zuruecksetzen/"
    assert admin.get(url).status_code == 200
    assert admin.post(url).status_code == 302
    assert not TOTPDevice.objects.filter(user=person).exists()
    reset = security_entries().get(action="intranet.factors_reset")
    assert reset.user == superuser and reset.object_id == str(person.pk)
    assert reset.data["devices"] == 2  # the app and the recovery codes
    # The person's sessions ended with the reset.
    assert client.get("/profil/")["Location"].startswith("/anmelden/")


def test_only_the_permission_resets_factors(client, person_with_app, user_admin):
    client.force_login(user_admin)
    url = f"/admin/sicherheit/faktoren/{person_with_app.pk}/zuruecksetzen/"
    assert _denied(client.get(url))
    assert _denied(client.post(url))
    assert TOTPDevice.objects.filter(user=person_with_app).exists()


def test_the_security_log_is_readable_only_by_its_role(
    client, person, security_officer, user_admin, home_page
):
    sign_in(Client(), "kim", "falsch")
    client.force_login(user_admin)
    assert _denied(client.get(LOG_URL))
    history = client.get(HISTORY_URL)
    assert history.status_code == 200
    assert "Fehlgeschlagene Anmeldung" not in history.content.decode()
    assert "Sicherheitsprotokoll" not in client.get("/admin/").content.decode()

    client.force_login(security_officer)
    page = client.get(LOG_URL)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Fehlgeschlagene Anmeldung" in text and "kim" in text
    assert "Fehlgeschlagene Anmeldung" in client.get(HISTORY_URL).content.decode()
    filtered = client.get(LOG_URL, {"action": "intranet.signed_in"})
    assert "Fehlgeschlagene Anmeldung" not in filtered.content.decode().split("<tbody>")[1]


def test_an_ordinary_person_never_reaches_the_log(client, person):
    sign_in(Client(), "kim", "falsch")
    client.force_login(person)
    response = client.get(LOG_URL)
    assert response.status_code in (302, 403)
    assert "Fehlgeschlagene" not in response.content.decode()


def test_the_role_file_grants_the_log(db):
    from cms.rights.roles import DEFAULT_FILE, load_roles

    role = load_roles(DEFAULT_FILE)["security_officer"]
    assert role["permissions"] == ["accounts.view_security_log"]


def test_purge_removes_old_security_entries_only(person, settings):
    settings.AUDIT_RETENTION_DAYS = 30
    sign_in(Client(), "kim", "falsch")
    sign_in(Client(), "kim", "falsch")
    old, recent = security_entries().order_by("id")
    ModelLogEntry.objects.filter(pk=old.pk).update(timestamp=timezone.now() - timedelta(days=31))
    other = log(person, "wagtail.edit")
    ModelLogEntry.objects.filter(pk=other.pk).update(timestamp=timezone.now() - timedelta(days=400))

    out = StringIO()
    call_command("purge_audit_log", "--dry-run", stdout=out)
    assert "1 Einträge" in out.getvalue()
    assert ModelLogEntry.objects.filter(pk=old.pk).exists()

    call_command("purge_audit_log", stdout=StringIO())
    assert not ModelLogEntry.objects.filter(pk=old.pk).exists()
    assert ModelLogEntry.objects.filter(pk=recent.pk).exists()
    assert ModelLogEntry.objects.filter(pk=other.pk).exists()
    # Idempotent.
    out = StringIO()
    call_command("purge_audit_log", stdout=out)
    assert out.getvalue().startswith("0 Einträge")


def test_purge_refuses_a_retention_below_a_day():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("purge_audit_log", "--days", "0")
