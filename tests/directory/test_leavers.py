"""Leavers: a person removed from a directory group loses the office
intranet on every channel after the next sync (no re-indexing); a disabled
person's open session, API token and calendar feed stop working at once;
workspace ownership goes to the office's editors; the audit log says so."""

from django.contrib.auth import get_user_model
from django.urls import reverse

import pytest
from wagtail.models import APIToken, ModelLogEntry

from directory.leavers import LOG_ACTION
from directory.sync import run_sync
from offices import services as office_services
from tests import factories
from workspaces import services as workspace_services
from workspaces.calendar.services import active_token
from workspaces.models import WorkspaceMembership

from .generator import FUNCTIONS_OU, PEOPLE, UNITS_OU

pytestmark = pytest.mark.django_db

User = get_user_model()


def plain_member(city, office):
    """An active person directly in ``office`` with no function."""
    special = {
        city.heads.get(office),
        *city.editors.get(office, []),
        *city.nested_editors.get(office, []),
    }
    return next(
        p
        for p in city.people
        if p.unit == office and p.active and not p.trainee and p.uid not in special
    )


def api_ids(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


def test_removed_from_group_loses_office_intranet_everywhere(
    client, directory, directory_edit, units, city, home_page
):
    office = "amt-102"
    intranet = office_services.ensure_office_intranet(units[office])
    child = factories.ContentPageFactory(parent=intranet, slug="intern", title="Dienstplan intern")
    document = factories.DocumentFactory(collection=intranet.unit.collection, title="Amtsgeheimnis")
    run_sync(full=True)
    person = plain_member(city, office)
    user = User.objects.get(username=person.uid)
    client.force_login(user)
    assert client.get(child.url).status_code == 200
    assert child.pk in api_ids(client, "/api/v2/pages/?limit=100")
    assert document.pk in api_ids(client, "/api/v2/documents/")
    assert client.get(document.url).status_code == 200

    directory_edit.remove_member(f"cn={office},{UNITS_OU}", person.dn)
    report = run_sync()  # incremental: only the changed group is read

    assert not report.full
    assert (person.uid, office) in report.memberships_removed
    assert client.get(child.url).status_code == 404
    assert client.get(intranet.url).status_code == 404
    assert client.get(f"/api/v2/pages/{child.pk}/").status_code == 404
    assert child.pk not in api_ids(client, "/api/v2/pages/?limit=100")
    assert api_ids(client, "/api/v2/pages/?search=Dienstplan") == set()
    assert document.pk not in api_ids(client, "/api/v2/documents/")
    assert client.get(f"/api/v2/documents/{document.pk}/").status_code == 404
    assert client.get(document.url).status_code in (403, 404)
    # A colleague still in the group still reads it.
    colleague = next(
        p
        for p in city.people
        if p.unit == office and p.active and p.uid != person.uid and not p.trainee
    )
    client.force_login(User.objects.get(username=colleague.uid))
    assert client.get(child.url).status_code == 200


def test_disabled_person_is_locked_out_at_once(client, directory, directory_edit, units, city):
    run_sync(full=True)
    person = plain_member(city, "amt-103")
    user = User.objects.get(username=person.uid)
    client.force_login(user)
    assert client.get("/").status_code in (200, 302)
    raw = APIToken.create_token(user=user, name="App")[1]
    assert client.get("/api/v2/pages/", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    calendar = active_token(user)
    feed = reverse("calendar-feed-personal", kwargs={"token": calendar.value})
    assert client.get(feed).status_code == 200

    directory_edit.replace(person.dn, "userAccountControl", ["514"])
    report = run_sync()

    assert [(u, r) for u, r, _data in report.deactivated] == [(person.uid, "disabled")]
    user.refresh_from_db()
    assert not user.is_active
    assert user.directory_account.deactivated_at is not None
    # The open session is gone: the next request is anonymous.
    response = client.get("/api/v2/pages/")
    assert response.status_code in (401, 403)
    anonymous = client.__class__()
    assert anonymous.get("/api/v2/pages/", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    assert APIToken.objects.get(user=user).revoked_at is not None
    assert client.get(feed).status_code == 404
    assert not user.memberships.exists()  # the directory's memberships went with them
    entry = ModelLogEntry.objects.get(action=LOG_ACTION, object_id=str(user.pk))
    assert entry.data["reason"] == "disabled"
    assert entry.data["sessions_ended"] == 1


def test_workspace_goes_to_the_office_editors(directory, directory_edit, units, city, home_page):
    run_sync(full=True)
    office = "amt-104"
    leaver = User.objects.get(username=plain_member(city, office).uid)
    workspace = workspace_services.create_workspace("Projekt Umzug", "private", "project", leaver)
    page_count = workspace.page.get_descendants().count()

    directory_edit.replace(f"uid={leaver.username},{PEOPLE}", "userAccountControl", ["514"])
    report = run_sync()

    ((_user, _reason, data),) = report.deactivated
    owners = set(
        workspace.memberships.filter(role=WorkspaceMembership.Role.OWNER).values_list(
            "user__username", flat=True
        )
    )
    expected = {city.heads[office], *city.editors[office], *city.nested_editors[office]}
    assert owners == expected
    assert data["workspaces"] == [{"workspace": "Projekt Umzug", "new_owners": sorted(expected)}]
    assert workspace.page.get_descendants().count() == page_count  # content kept


def test_expired_and_missing_people_are_deactivated(directory, directory_edit, units, city):
    run_sync(full=True)
    expiring = plain_member(city, "amt-105")
    gone = plain_member(city, "amt-106")
    directory_edit.replace(expiring.dn, "shadowExpire", ["1"])
    directory_edit.delete(gone.dn)

    incremental = run_sync()
    assert [(u, r) for u, r, _d in incremental.deactivated] == [(expiring.uid, "expired")]
    assert User.objects.get(username=gone.uid).is_active  # only a full run sees who is missing

    full = run_sync(full=True)
    assert [(u, r) for u, r, _d in full.deactivated] == [(gone.uid, "missing")]
    assert not User.objects.get(username=gone.uid).is_active


def test_function_group_gives_the_function(directory, directory_edit, units, city):
    run_sync(full=True)
    office = "amt-201"
    head = city.heads[office]
    successor = city.editors[office][0]
    directory_edit.replace(
        f"cn={office}-leitung,{FUNCTIONS_OU}", "member", [f"uid={successor},{PEOPLE}"]
    )
    report = run_sync()
    assert (head, office, "head", "member") in report.memberships_changed
    assert (successor, office, "editor", "head") in report.memberships_changed
