"""Every page type serves its fields through the API: StreamFields as
structured JSON, pictures as checked renditions, related items as objects."""

import datetime

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(home_page, user):
    """One page of every type, filled in."""
    office = factories.OrgUnitFactory(code="amt-12", name="Amt für Digitalisierung")
    image = factories.ImageFactory(description="Ein Laptop auf dem Schreibtisch")
    document = factories.DocumentFactory(title="Antrag (PDF)")
    deputy = factories.UserFactory(username="vertretung", first_name="Max", last_name="Vertreter")

    news_index = factories.NewsIndexPageFactory(parent=home_page, slug="nachrichten")
    news = factories.NewsPageFactory(
        parent=news_index,
        slug="neues-portal",
        title="Neues Portal",
        teaser="Das Portal ist da.",
        image=image,
        category="it",
        issuing_office=office,
        body=[
            ("heading", {"text": "Was ist neu?", "level": "h2"}),
            ("paragraph", "<p>Vieles.</p>"),
            ("image", {"image": image, "caption": "Bild"}),
        ],
    )
    news.tags.add("Portal")
    news.save_revision().publish()

    home_page.top_stories = [("story", news)]
    home_page.save_revision().publish()

    area = factories.InformationAreaPageFactory(
        parent=home_page, slug="formulare", contact_email="formulare@stadt.example"
    )
    form_index = factories.FormIndexPageFactory(parent=area, slug="verzeichnis")
    form = factories.FormPageFactory(
        parent=form_index,
        slug="urlaubsantrag",
        number="F-11-001",
        issuing_office=office,
        responsible=user,
        deputy=deputy,
    )
    form.files.create(document=document, label="PDF")
    form.save_revision().publish()

    si_index = factories.ServiceInstructionIndexPageFactory(parent=area, slug="da")
    new_si = factories.ServiceInstructionPageFactory(parent=si_index, slug="neu", number="DA-2")
    old_si = factories.ServiceInstructionPageFactory(
        parent=si_index,
        slug="alt",
        number="DA-1",
        status="superseded",
        superseded_by=new_si,
        valid_until=datetime.date(2025, 12, 31),
    )
    help_index = factories.HelpIndexPageFactory(parent=home_page, slug="hilfe")
    tutorial = factories.TutorialPageFactory(parent=help_index, slug="start")
    content = factories.ContentPageFactory(parent=area, slug="info")
    return {
        "home": home_page,
        "news_index": news_index,
        "news": news,
        "area": area,
        "form_index": form_index,
        "form": form,
        "si_index": si_index,
        "new_si": new_si,
        "old_si": old_si,
        "help_index": help_index,
        "tutorial": tutorial,
        "content": content,
        "office": office,
    }


EXPECTED_FIELDS = {
    "home": {
        "summary",
        "welcome",
        "top_stories",
        "notices",
        "quick_links",
        "upcoming_dates",
        "latest_news",
    },
    "news_index": {"summary"},
    "news": {
        "teaser",
        "image",
        "image_thumbnail",
        "body",
        "category",
        "issuing_office",
        "tags",
        "go_live_at",
        "expire_at",
    },
    "area": {"area", "intro", "body", "contact_name", "contact_email", "contact_phone"},
    "form_index": {"summary"},
    "form": {
        "number",
        "issuing_office",
        "responsible",
        "deputy",
        "tags",
        "version_date",
        "files",
        "instructions",
    },
    "si_index": {"summary"},
    "old_si": {
        "number",
        "valid_from",
        "valid_until",
        "status",
        "in_force",
        "superseded_by",
        "body",
        "attachments",
        "responsible",
        "deputy",
    },
    "help_index": {"summary"},
    "tutorial": {"audience", "duration_minutes", "steps"},
    "content": {"body"},
}


@pytest.mark.parametrize("key", sorted(EXPECTED_FIELDS))
def test_detail_has_every_field_of_the_type(user_client, tree, key):
    page = tree[key]
    response = user_client.get(f"/api/v2/pages/{page.pk}/")
    assert response.status_code == 200, response.content
    data = response.json()
    missing = EXPECTED_FIELDS[key] - set(data)
    assert not missing, f"{type(page).__name__} lacks {missing}"
    assert data["meta"]["type"] == f"home.{type(page).__name__}"


def test_news_fields_are_structured(user_client, tree):
    data = user_client.get(f"/api/v2/pages/{tree['news'].pk}/").json()
    assert data["image"]["url"].startswith("/bilder/")
    assert data["image"]["alt"] == "Ein Laptop auf dem Schreibtisch"
    assert [block["type"] for block in data["body"]] == ["heading", "paragraph", "image"]
    assert data["body"][0]["value"] == {"text": "Was ist neu?", "level": "h2"}
    assert data["body"][2]["value"]["image"]["url"].startswith("/bilder/")
    assert data["issuing_office"]["code"] == "amt-12"
    assert data["tags"] == ["Portal"]
    # The rendition URL in the API is served to the same reader.
    assert user_client.get(data["image"]["url"]).status_code == 200


def test_start_page_fields_are_per_reader(user_client, tree):
    data = user_client.get(f"/api/v2/pages/{tree['home'].pk}/").json()
    assert [n["id"] for n in data["latest_news"]] == [tree["news"].pk]
    assert [n["id"] for n in data["top_stories"]] == [tree["news"].pk]


def test_register_fields(user_client, tree):
    form = user_client.get(f"/api/v2/pages/{tree['form'].pk}/").json()
    assert form["number"] == "F-11-001"
    assert form["responsible"]["name"] == "Erika Muster" or form["responsible"]["id"]
    assert form["deputy"]["name"] == "Max Vertreter"
    assert form["files"][0]["document"]["url"].startswith("/documents/")
    old = user_client.get(f"/api/v2/pages/{tree['old_si'].pk}/").json()
    assert old["in_force"] is False
    assert old["status"] == "superseded"
    assert old["superseded_by"]["id"] == tree["new_si"].pk
    new = user_client.get(f"/api/v2/pages/{tree['new_si'].pk}/").json()
    assert new["in_force"] is True


def test_listing_filters_by_type_and_field(user_client, tree):
    response = user_client.get("/api/v2/pages/?type=home.NewsPage&category=it&fields=teaser")
    assert response.status_code == 200
    items = response.json()["items"]
    assert [item["id"] for item in items] == [tree["news"].pk]
    assert items[0]["teaser"] == "Das Portal ist da."


def test_find_by_path(user_client, tree):
    response = user_client.get(
        "/api/v2/pages/find/?html_path=/formulare/verzeichnis/urlaubsantrag/"
    )
    assert response.status_code == 302
    assert f"/api/v2/pages/{tree['form'].pk}/" in response["Location"]
