"""The core's narrowing "visible by the page that governs the row": live,
not expired, every restriction passed; and the channels that use it
(notifications, the profile, the workspace list, the statement link)."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from cms.notifications.models import Kind, Notification
from cms.notifications.services import notify, visible_notifications
from cms.permissions import published_by_page, visible_by_page
from tests.workspaces.conftest import fresh, people, workspaces  # noqa: F401
from workspaces.models import Workspace, WorkspaceMembership
from workspaces.profile import workspace_memberships_of
from workspaces.views import index_context

pytestmark = pytest.mark.django_db


def expire(page):
    """Give ``page`` an expiry in the past (still marked live, as between
    the expiry time and the next run of ``publish_scheduled``)."""
    page.expire_at = timezone.now() - datetime.timedelta(minutes=5)
    page.save(update_fields=["expire_at"])


def test_rows_follow_the_restrictions_of_their_page(workspaces, people):  # noqa: F811
    memberships = WorkspaceMembership.objects.filter(role=WorkspaceMembership.Role.OWNER)
    member_sees = visible_by_page(fresh(people["member"]), memberships, "workspace__page")
    outsider_sees = visible_by_page(fresh(people["gast"]), memberships, "workspace__page")
    assert member_sees.count() == 3
    assert set(outsider_sees.values_list("workspace__kind", flat=True)) == {Workspace.Kind.PUBLIC}
    assert visible_by_page(None, memberships, "workspace__page").count() == 0


def test_an_expired_page_hides_its_rows_for_everyone(workspaces, people):  # noqa: F811
    expire(workspaces["public"].page)
    memberships = WorkspaceMembership.objects.filter(role=WorkspaceMembership.Role.OWNER)
    for user in (people["gast"], people["owner"]):
        kinds = set(
            visible_by_page(fresh(user), memberships, "workspace__page").values_list(
                "workspace__kind", flat=True
            )
        )
        assert Workspace.Kind.PUBLIC not in kinds
    assert published_by_page(memberships, "workspace__page").count() == 2


def test_a_row_without_a_page_passes(people):  # noqa: F811
    (notification,) = notify([people["member"]], Kind.MEMBERSHIP, "Ohne Seite")
    rows = visible_by_page(fresh(people["member"]), Notification.objects.all())
    assert list(rows) == [notification]


def test_notifications_about_an_expired_page_are_hidden(workspaces, people):  # noqa: F811
    private = workspaces["private"]
    notify([people["member"]], Kind.DOCUMENT, "Neue Datei", page=private.page)
    assert visible_notifications(fresh(people["member"])).count() == 1
    expire(private.page)
    assert visible_notifications(fresh(people["member"])).count() == 0


def test_the_narrowing_costs_the_same_for_many_restrictions(workspaces, people):  # noqa: F811
    user = fresh(people["gast"])
    memberships = WorkspaceMembership.objects.all()
    list(visible_by_page(user, memberships, "workspace__page"))  # fills the user's cache
    with CaptureQueriesContext(connection) as queries:
        list(visible_by_page(user, memberships, "workspace__page"))
    assert len(queries) == 1


def test_the_profile_leaves_out_expired_workspaces(workspaces, people):  # noqa: F811
    member = fresh(people["member"])
    assert len(workspace_memberships_of(member)) == 3
    expire(workspaces["public"].page)
    titles = {m.workspace.page.title for m in workspace_memberships_of(fresh(people["member"]))}
    assert workspaces["public"].page.title not in titles
    assert len(titles) == 2


def test_an_expired_private_workspace_is_not_offered_to_join(workspaces, people):  # noqa: F811
    private = workspaces["private"]
    index = private.page.get_parent().specific
    gast = fresh(people["gast"])
    assert [e["title"] for e in index_context(index, gast)["joinable"]] == [private.page.title]
    expire(private.page)
    assert index_context(index, fresh(people["gast"]))["joinable"] == []


def test_an_expired_private_workspace_takes_no_join_request(client, workspaces, people):  # noqa: F811
    private = workspaces["private"]
    expire(private.page)
    client.force_login(people["gast"])
    api = client.post(
        f"/api/v2/workspaces/{private.pk}/join/", {"message": ""}, content_type="application/json"
    )
    assert api.status_code == 404
    index = private.page.get_parent().specific
    site = client.post(index.url + index.reverse_subpage("join", args=[private.pk]))
    assert site.status_code == 404
    assert not private.join_requests.exists()
