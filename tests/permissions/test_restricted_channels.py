"""Fixed regression cases of the permission core: a restricted area is
invisible to outsiders on every channel and visible to its members."""

from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
from wagtail.models import (
    BaseViewRestriction,
    Collection,
    CollectionViewRestriction,
    PageViewRestriction,
)

from cms.permissions import visible_pages
from cms.permissions.indexing import actual_rows, expected_rows
from home.models import NewsPage
from tests import factories

pytestmark = pytest.mark.django_db


def restrict_page(page, *groups):
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=BaseViewRestriction.GROUPS
    )
    restriction.groups.set(groups)
    restriction.save()  # the index is rewritten on save, after the groups are set
    return restriction


def restrict_collection(collection, *groups):
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=BaseViewRestriction.GROUPS
    )
    restriction.groups.set(groups)
    restriction.save()
    return restriction


@pytest.fixture
def area(home_page, news_index):
    """A restricted area with a page, office news, a document and an image."""
    group = Group.objects.create(name="Mitglieder: Jugendamt")
    member = factories.UserFactory(username="member")
    member.groups.add(group)
    outsider = factories.UserFactory(username="outsider")
    admin = factories.UserFactory(username="root", is_superuser=True)

    secret = factories.ContentPageFactory(
        parent=home_page, slug="jugendamt", title="Jugendamt intern"
    )
    child = factories.ContentPageFactory(parent=secret, slug="kinderschutz", title="Kinderschutz")
    restrict_page(secret, group)
    later_child = factories.ContentPageFactory(parent=secret, slug="neu", title="Neu angelegt")
    secret_news = factories.NewsPageFactory(
        parent=news_index, slug="intern", title="Interne Nachricht"
    )
    restrict_page(secret_news, group)
    public_news = factories.NewsPageFactory(
        parent=news_index, slug="offen", title="Offene Nachricht"
    )

    root_collection = Collection.get_first_root_node()
    collection = root_collection.add_child(name="Jugendamt")
    restrict_collection(collection, group)
    document = factories.DocumentFactory(collection=collection, title="Geheimes Dokument")
    image = factories.ImageFactory(collection=collection, title="Geheimes Bild")
    rendition = image.get_rendition("max-100x100")
    return {
        "group": group,
        "member": member,
        "outsider": outsider,
        "admin": admin,
        "hidden_pages": [secret, child, later_child, secret_news],
        "public_news": public_news,
        "document": document,
        "image": image,
        "rendition": rendition,
    }


def login(client, user):
    client.force_login(user)
    return client


def api_ids(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


@pytest.mark.parametrize("who,sees", [("outsider", False), ("member", True), ("admin", True)])
def test_every_channel(client, area, home_page, news_index, who, sees):
    login(client, area[who])
    hidden_ids = {page.pk for page in area["hidden_pages"]}
    expected = 200 if sees else 404

    listed = api_ids(client, "/api/v2/pages/?limit=100")
    assert (hidden_ids <= listed) if sees else not (hidden_ids & listed)
    for page in area["hidden_pages"]:
        assert client.get(f"/api/v2/pages/{page.pk}/").status_code == expected
        assert client.get(page.url).status_code == expected
        found = client.get(f"/api/v2/pages/find/?html_path={page.url}")
        assert found.status_code == (302 if sees else 404)

    docs = api_ids(client, "/api/v2/documents/")
    assert (area["document"].pk in docs) is sees
    assert client.get(f"/api/v2/documents/{area['document'].pk}/").status_code == expected
    assert client.get(area["document"].url).status_code == expected
    images = api_ids(client, "/api/v2/images/")
    assert (area["image"].pk in images) is sees
    assert client.get(f"/api/v2/images/{area['image'].pk}/").status_code == expected
    assert client.get(area["rendition"].url).status_code == expected

    start = client.get(f"/api/v2/pages/{home_page.pk}/").json()
    latest = {news["id"] for news in start["latest_news"]}
    assert area["public_news"].pk in latest
    assert (area["hidden_pages"][3].pk in latest) is sees
    user = area[who]
    assert (area["hidden_pages"][3] in news_index.news_for(user)) is sees


def test_hidden_and_unknown_answer_the_same(client, area):
    login(client, area["outsider"])
    hidden = client.get(f"/api/v2/pages/{area['hidden_pages'][0].pk}/")
    unknown = client.get("/api/v2/pages/987654/")
    assert hidden.status_code == unknown.status_code == 404
    assert hidden.json() == unknown.json()


def test_children_of_a_hidden_page_are_not_reachable_through_filters(client, area):
    login(client, area["outsider"])
    secret = area["hidden_pages"][0]
    assert client.get(f"/api/v2/pages/?child_of={secret.pk}").status_code == 400
    assert client.get(f"/api/v2/pages/?descendant_of={secret.pk}").status_code == 400
    assert client.get("/api/v2/pages/?search=Kinderschutz").json()["items"] == []


def test_nested_restrictions_need_every_group(client, area):
    """A page under two restrictions is visible only to people in both."""
    inner_group = Group.objects.create(name="Kinderschutz-Team")
    inner = area["hidden_pages"][1]
    restrict_page(inner, inner_group)
    member = area["member"]
    assert not visible_pages(member, NewsPage.objects.none()).exists()
    login(client, member)
    assert client.get(inner.url).status_code == 404
    member.groups.add(inner_group)
    assert client.get(inner.url).status_code == 200


def test_membership_change_needs_no_reindex(client, area):
    outsider = area["outsider"]
    login(client, outsider)
    page = area["hidden_pages"][0]
    assert client.get(page.url).status_code == 404
    outsider.groups.add(area["group"])
    assert client.get(page.url).status_code == 200


def test_index_follows_moves_deletes_and_removed_restrictions(area, home_page):
    secret, child = area["hidden_pages"][0], area["hidden_pages"][1]
    assert actual_rows() == expected_rows()
    child.move(home_page, pos="last-child")
    assert actual_rows() == expected_rows()
    outsider = area["outsider"]
    assert visible_pages(outsider, type(child).objects.filter(pk=child.pk)).exists()
    child.move(secret, pos="last-child")
    assert actual_rows() == expected_rows()
    PageViewRestriction.objects.filter(page=secret).delete()
    assert actual_rows() == expected_rows()
    outsider = type(outsider).objects.get(pk=outsider.pk)
    assert visible_pages(outsider, type(child).objects.filter(pk=child.pk)).exists()


def test_listing_cost_does_not_grow_with_restrictions(client, area, home_page):
    """The page listing costs the same number of queries with 1 and with 30
    restricted areas the user fails."""
    outsider = area["outsider"]
    login(client, outsider)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/v2/pages/?limit=20").status_code == 200
        return len(queries)

    count()  # warm caches (content types, site) first
    before = count()
    for n in range(30):
        group = Group.objects.create(name=f"Gruppe {n}")
        page = factories.ContentPageFactory(parent=home_page, slug=f"bereich-{n}")
        restrict_page(page, group)
    assert count() == before


def test_chosen_items_in_bodies_and_slots_are_trimmed(client, area, home_page):
    """A hidden document, image or page chosen inside a visible page's body or
    the start page's slots shows neither in the rendered page nor in the API."""
    page = factories.ContentPageFactory(
        parent=home_page,
        slug="oeffentlich",
        body=[
            ("documents", {"title": "Unterlagen", "documents": [area["document"]]}),
            ("image", {"image": area["image"], "caption": "Bild"}),
        ],
    )
    hidden_page = area["hidden_pages"][0]
    home_page.quick_links = [("link", {"title": "", "page": hidden_page, "url": ""})]
    home_page.save_revision().publish()
    for who, sees in (("outsider", False), ("member", True)):
        login(client, area[who])
        html = client.get(page.url).content.decode()
        assert ("Geheimes Dokument" in html) is sees
        assert (area["document"].url in html) is sees
        body = client.get(f"/api/v2/pages/{page.pk}/").json()["body"]
        documents = body[0]["value"]["documents"]
        assert (documents[0] is not None) is sees
        assert (body[1]["value"]["image"] is not None) is sees
        start = client.get(f"/api/v2/pages/{home_page.pk}/").json()
        assert (start["quick_links"][0]["value"] is not None) is sees
        assert ("Jugendamt intern" in client.get("/").content.decode()) is sees


def test_admin_explorer_and_choosers_are_trimmed(client, area, home_page):
    """An editor with admin access who is not a member sees no restricted page,
    document or image in the explorer, its search and the choosers."""
    from django.contrib.auth.models import Permission

    from wagtail.models import GroupPagePermission

    outsider = area["outsider"]
    editors = Group.objects.create(name="Redaktion Startseite")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=editors, page=home_page, permission=Permission.objects.get(codename="change_page")
    )
    outsider.groups.add(editors)
    login(client, outsider)
    secret = area["hidden_pages"][0]
    pages = [
        client.get(f"/admin/pages/{home_page.pk}/"),
        client.get(f"/admin/pages/{home_page.pk}/?q=Jugendamt"),
        client.get("/admin/choose-page/"),
        client.get(f"/admin/choose-page/{home_page.pk}/"),
        client.get("/admin/choose-page/search/?q=Jugendamt"),
    ]
    for response in pages:
        assert response.status_code == 200
        assert "Jugendamt intern" not in response.content.decode(), response.request
    assert client.get("/admin/documents/chooser/?q=Geheimes").status_code == 200
    assert "Geheimes Dokument" not in client.get("/admin/documents/chooser/").content.decode()
    assert "Geheimes Bild" not in client.get("/admin/images/chooser/").content.decode()
    outsider.groups.add(area["group"])
    member_view = client.get(f"/admin/choose-page/{home_page.pk}/").content.decode()
    assert "Jugendamt intern" in member_view
    assert secret.title == "Jugendamt intern"
