"""Units and memberships in the Wagtail admin."""

from django.urls import reverse

import pytest
from wagtail.log_actions import registry

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def test_unit_and_membership_listings_search_and_filter(admin_client):
    unit = factories.OrgUnitFactory(code="amt-51", name="Jugendamt")
    factories.MembershipFactory(unit=unit, user=factories.UserFactory(username="jmueller"))
    units = reverse("wagtailsnippets_offices_orgunit:list")
    response = admin_client.get(units, {"q": "amt-51", "kind": "office"})
    assert response.status_code == 200
    assert "Jugendamt" in response.content.decode()
    memberships = reverse("wagtailsnippets_offices_membership:list")
    response = admin_client.get(memberships, {"q": "jmueller"})
    assert response.status_code == 200
    assert "Jugendamt" in response.content.decode()


def test_unit_edit_form_has_inline_memberships(admin_client):
    unit = factories.OrgUnitFactory(code="amt-51", name="Jugendamt")
    factories.MembershipFactory(unit=unit)
    response = admin_client.get(reverse("wagtailsnippets_offices_orgunit:edit", args=[unit.pk]))
    assert response.status_code == 200
    assert "memberships-TOTAL_FORMS" in response.content.decode()


def test_log_actions_are_registered():
    for action in (
        "offices.membership_added",
        "offices.membership_changed",
        "offices.membership_removed",
        "offices.unit_moved",
        "offices.group_member_added",
        "offices.group_member_removed",
    ):
        assert registry.action_exists(action)
