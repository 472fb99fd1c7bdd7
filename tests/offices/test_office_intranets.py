"""Every office gets its own intranet, readable by its members only."""

import pytest
from wagtail.models import (
    BaseViewRestriction,
    CollectionViewRestriction,
    GroupCollectionPermission,
    GroupPagePermission,
    PageViewRestriction,
)

from cms.permissions import visible_pages
from offices import services
from offices.models import OfficeIndexPage, OfficeIntranetPage, OrgUnit
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(home_page):
    """The Jugendamt, created after the start page exists (so the signal acts)."""
    unit = factories.OrgUnitFactory(code="amt-51", name="Jugendamt")
    return OrgUnit.objects.get(pk=unit.pk)


@pytest.fixture
def member(office):
    return factories.MembershipFactory(unit=office).user


@pytest.fixture
def outsider(office):
    return factories.UserFactory(username="aussen")


def test_creating_an_office_creates_its_intranet(office, home_page):
    page = OfficeIntranetPage.objects.get(unit=office)
    assert page.live
    index = page.get_parent().specific
    assert isinstance(index, OfficeIndexPage)
    assert index.get_parent().pk == home_page.pk
    restriction = PageViewRestriction.objects.get(page=page)
    assert restriction.restriction_type == BaseViewRestriction.GROUPS
    assert list(restriction.groups.all()) == [office.group]
    codenames = set(
        GroupPagePermission.objects.filter(group=office.editors_group, page=page).values_list(
            "permission__codename", flat=True
        )
    )
    assert codenames == {"add_page", "change_page", "publish_page", "lock_page", "unlock_page"}
    assert office.collection.name == "Amt: Jugendamt"
    collection_restriction = CollectionViewRestriction.objects.get(collection=office.collection)
    assert list(collection_restriction.groups.all()) == [office.group]
    assert (
        GroupCollectionPermission.objects.filter(
            group=office.editors_group, collection=office.collection
        ).count()
        == 6
    )


def test_ensure_is_idempotent(office):
    page = services.ensure_office_intranet(office)
    services.ensure_office_intranet(office)
    assert services.ensure_all_office_intranets() == 1
    assert OfficeIntranetPage.objects.filter(unit=office).count() == 1
    assert OfficeIndexPage.objects.count() == 1
    assert PageViewRestriction.objects.filter(page=page).count() == 1
    assert CollectionViewRestriction.objects.filter(collection=office.collection).count() == 1


def test_teams_and_departments_get_no_intranet(home_page):
    factories.OrgUnitFactory(code="dez-5", kind=OrgUnit.Kind.DEPARTMENT)
    assert not OfficeIntranetPage.objects.exists()


def test_no_start_page_no_intranet(db):
    unit = factories.OrgUnitFactory(code="amt-1")
    assert services.ensure_office_intranet(unit) is None
    assert not OfficeIntranetPage.objects.exists()


def test_member_sees_the_intranet(client, office, member):
    page = OfficeIntranetPage.objects.get(unit=office)
    client.force_login(member)
    assert client.get(page.url).status_code == 200
    assert client.get(f"/api/v2/pages/{page.pk}/").status_code == 200
    assert visible_pages(member, OfficeIntranetPage.objects.all()).filter(pk=page.pk).exists()
    index = page.get_parent()
    response = client.get(index.url)
    assert response.status_code == 200
    assert response.context["my_intranets"] == [page]


def test_member_of_a_team_below_sees_the_intranet(client, office):
    team = factories.OrgUnitFactory(code="sg-51-1", kind=OrgUnit.Kind.TEAM, parent=office)
    person = factories.MembershipFactory(unit=team).user
    client.force_login(person)
    assert client.get(OfficeIntranetPage.objects.get(unit=office).url).status_code == 200


def test_outsider_gets_404_and_no_api_listing(client, office, outsider):
    page = OfficeIntranetPage.objects.get(unit=office)
    client.force_login(outsider)
    assert client.get(page.url).status_code == 404
    assert client.get(f"/api/v2/pages/{page.pk}/").status_code == 404
    listed = {item["id"] for item in client.get("/api/v2/pages/?limit=100").json()["items"]}
    assert page.pk not in listed
    assert page.get_parent().pk in listed, "the list of offices itself is not restricted"


def test_subpages_inherit_the_restriction(client, office, member, outsider):
    page = OfficeIntranetPage.objects.get(unit=office)
    sub = factories.ContentPageFactory(parent=page, title="Dienstplan")
    client.force_login(outsider)
    assert client.get(sub.url).status_code == 404
    client.force_login(member)
    assert client.get(sub.url).status_code == 200


def test_leaving_the_office_loses_access(client, office, member):
    page = OfficeIntranetPage.objects.get(unit=office)
    member.memberships.get().delete()
    client.force_login(member)
    assert client.get(page.url).status_code == 404


def test_office_documents_are_for_members_only(client, office, member, outsider):
    document = factories.DocumentFactory(collection=office.collection, title="Dienstplan")
    client.force_login(outsider)
    assert client.get(document.url).status_code == 404
    ids = {item["id"] for item in client.get("/api/v2/documents/").json()["items"]}
    assert document.pk not in ids
    client.force_login(member)
    assert client.get(document.url).status_code == 200
    ids = {item["id"] for item in client.get("/api/v2/documents/").json()["items"]}
    assert document.pk in ids
