"""The Wagtail admin is a reading channel too (issue 11, section 1).

An editor with admin access and edit rights on the whole start page tree
and the root collection, who is not in the group of a secret workspace, must
not learn the titles of its pages (a draft among them), documents, images and
collection through any admin view; a hidden item answers like an unknown one."""

import re

from django.contrib.auth.models import Group, Permission
from django.utils import timezone

import pytest
from wagtail.models import (
    BaseViewRestriction,
    Collection,
    CollectionViewRestriction,
    GroupCollectionPermission,
    GroupPagePermission,
    PageLogEntry,
    PageViewRestriction,
    Workflow,
)

from tests import factories

pytestmark = pytest.mark.django_db

SECRET = "Haushaltskonsolidierung"
DRAFT = "Sparliste Entwurf"
SECRET_DOCUMENT = "Geheimvermerk"
SECRET_IMAGE = "Geheimgrafik"
SECRET_COLLECTION = "Arbeitsraum Geheimsache"
UNKNOWN = 999_999
SECRET_WORDS = (SECRET, DRAFT, SECRET_DOCUMENT, SECRET_IMAGE, SECRET_COLLECTION)


def restrict(model, field_name, target, group):
    """A group view restriction, saved again once its groups are set (the
    restriction index is rewritten on save)."""
    restriction = model.objects.create(
        **{field_name: target}, restriction_type=BaseViewRestriction.GROUPS
    )
    restriction.groups.set([group])
    restriction.save()
    return restriction


@pytest.fixture
def world(home_page, superuser):
    """A secret workspace subtree (restricted to its group, with a draft
    below), a secret collection with a document and an image, an open page
    and collection, and an editor with admin access through another group."""
    members = Group.objects.create(name="Arbeitsraum Geheim")
    secret = factories.ContentPageFactory(parent=home_page, title=SECRET, slug="geheim")
    draft = factories.ContentPageFactory(parent=secret, title=DRAFT, slug="entwurf", live=False)
    restrict(PageViewRestriction, "page", secret, members)
    public = factories.ContentPageFactory(parent=home_page, title="Offene Seite", slug="offen")

    root = Collection.get_first_root_node()
    hidden_collection = root.add_child(name=SECRET_COLLECTION)
    restrict(CollectionViewRestriction, "collection", hidden_collection, members)
    open_collection = root.add_child(name="Offene Sammlung")
    document = factories.DocumentFactory(title=SECRET_DOCUMENT, collection=hidden_collection)
    image = factories.ImageFactory(title=SECRET_IMAGE, collection=hidden_collection)
    open_document = factories.DocumentFactory(title="Offenes Dokument", collection=open_collection)

    editors = Group.objects.create(name="Redaktion")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_page", "change_page", "publish_page", "lock_page", "unlock_page"):
        GroupPagePermission.objects.create(
            group=editors, page=home_page, permission=Permission.objects.get(codename=codename)
        )
    for codename in ("add_document", "change_document", "add_image", "change_image"):
        GroupCollectionPermission.objects.create(
            group=editors, collection=root, permission=Permission.objects.get(codename=codename)
        )
    editor = factories.UserFactory(username="redakteurin")
    editor.groups.add(editors)

    # Traces the editor left before the restriction concerned them: a lock,
    # an edit in the log, a workflow in progress.
    secret.locked, secret.locked_by, secret.locked_at = True, editor, timezone.now()
    secret.save()
    PageLogEntry.objects.log_action(secret, "wagtail.edit", user=editor)
    PageLogEntry.objects.log_action(draft, "wagtail.edit", user=editor)
    workflow = Workflow.objects.filter(active=True).first()
    if workflow is not None:
        draft.save_revision(user=editor)
        workflow.start(draft, editor)
    return {
        "secret": secret,
        "draft": draft,
        "public": public,
        "document": document,
        "image": image,
        "open_document": open_document,
        "hidden_collection": hidden_collection,
        "editor": editor,
        "members": members,
        "home": home_page,
    }


@pytest.fixture
def editor_client(client, world):
    client.force_login(world["editor"])
    return client


def text(response):
    return response.content.decode()


def assert_no_secret(response):
    body = text(response)
    for word in SECRET_WORDS:
        assert word not in body, (response.request["PATH_INFO"], word)


def not_found_like_unknown(client, url_of, hidden_id=None):
    """The URL for the hidden item answers exactly as for an unknown id: the
    same status (404, or a redirect or refusal where Wagtail gives one for
    any id), the same body and a redirect of the same form."""
    hidden, unknown = url_of("hidden"), url_of("unknown")
    hidden_response, unknown_response = client.get(hidden), client.get(unknown)
    assert hidden_response.status_code == unknown_response.status_code, hidden
    assert hidden_response.status_code in (302, 403, 404), hidden
    assert_no_secret(hidden_response)

    def normalise(response, url, pk):
        body = text(response).replace(url, "URL")
        location = response.get("Location", "")
        return body, location.replace(f"/{pk}/", "/ID/") if pk else location

    hidden_pk = hidden_id if hidden_id is not None else _id_in(hidden)
    unknown_pk = _id_in(unknown)
    assert normalise(hidden_response, hidden, hidden_pk) == normalise(
        unknown_response, unknown, unknown_pk
    )
    if hidden_response.status_code == 302:
        followed = client.get(hidden_response["Location"]).status_code
        assert followed == client.get(unknown_response["Location"]).status_code


def _id_in(url):
    found = re.search(r"/(\d+)/", url)
    return found.group(1) if found else None


PAGE_URLS = [
    "/admin/pages/{}/",
    "/admin/pages/{}/results/",
    "/admin/pages/{}/edit/",
    "/admin/pages/{}/history/",
    "/admin/pages/{}/view_draft/",
    "/admin/pages/{}/revisions/",
    "/admin/pages/{}/delete/",
    "/admin/pages/{}/move/",
    "/admin/pages/{}/copy/",
    "/admin/pages/{}/usage/",
    "/admin/pages/{}/add_subpage/",
    "/admin/choose-page/{}/",
    "/admin/api/main/pages/{}/",
]


@pytest.mark.parametrize("pattern", PAGE_URLS)
@pytest.mark.parametrize("which", ["secret", "draft"])
def test_hidden_page_views_answer_like_unknown(editor_client, world, pattern, which):
    """Explorer, edit, history, draft view, revisions, chooser parent…: 404."""
    pk = world[which].pk
    not_found_like_unknown(
        editor_client, lambda kind: pattern.format(pk if kind == "hidden" else UNKNOWN)
    )


@pytest.mark.parametrize(
    "pattern, key",
    [
        ("/admin/documents/edit/{}/", "document"),
        ("/admin/documents/delete/{}/", "document"),
        ("/admin/documents/usage/{}/", "document"),
        ("/admin/documents/chooser/chosen/{}/", "document"),
        ("/admin/images/{}/", "image"),
        ("/admin/images/{}/delete/", "image"),
        ("/admin/images/usage/{}/", "image"),
        ("/admin/images/chooser/chosen/{}/", "image"),
        ("/admin/collections/{}/", "hidden_collection"),
    ],
)
def test_hidden_media_views_answer_like_unknown(editor_client, world, pattern, key):
    """Document, image and collection views and the chosen-item JSON: 404."""
    pk = world[key].pk
    not_found_like_unknown(
        editor_client, lambda kind: pattern.format(pk if kind == "hidden" else UNKNOWN)
    )


def test_visible_pages_stay_reachable(editor_client, world):
    """The guard hides, it does not lock out: the open page and the start
    page answer as before, and members see their workspace."""
    assert editor_client.get(f"/admin/pages/{world['public'].pk}/edit/").status_code == 200
    explorer = editor_client.get(f"/admin/pages/{world['home'].pk}/")
    assert explorer.status_code == 200
    assert "Offene Seite" in text(explorer)
    assert_no_secret(explorer)
    world["editor"].groups.add(world["members"])
    assert editor_client.get(f"/admin/pages/{world['secret'].pk}/").status_code == 200
    assert editor_client.get(f"/admin/pages/{world['draft'].pk}/edit/").status_code == 200


@pytest.mark.parametrize(
    "query", ["child_of={home}", "child_of={home}&for_explorer=1", "search=Sparliste", ""]
)
def test_admin_api_lists_no_hidden_page(editor_client, world, query):
    """The admin API's page listing (explorer menu, chooser) lists no hidden page."""
    response = editor_client.get(f"/admin/api/main/pages/?{query.format(home=world['home'].pk)}")
    assert response.status_code == 200
    ids = {item["id"] for item in response.json()["items"]}
    assert world["secret"].pk not in ids and world["draft"].pk not in ids
    if "search" not in query:
        assert world["public"].pk in ids


def test_bulk_confirmations_list_no_hidden_titles(editor_client, world):
    """The bulk delete (and move, publish) confirmation lists visible pages
    only; hidden ids alone answer 404 like unknown ones."""
    ids = f"id={world['secret'].pk}&id={world['draft'].pk}&id={world['public'].pk}"
    for action in ("delete", "move", "publish", "unpublish"):
        response = editor_client.get(f"/admin/bulk/wagtailcore/page/{action}/?{ids}")
        assert response.status_code == 200, action
        assert "Offene Seite" in text(response), action
        assert_no_secret(response)
    hidden_only = f"id={world['secret'].pk}&id={world['draft'].pk}"
    not_found_like_unknown(
        editor_client,
        lambda kind: (
            "/admin/bulk/wagtailcore/page/delete/?"
            + (hidden_only if kind == "hidden" else f"id={UNKNOWN}")
        ),
    )
    everything = editor_client.get(
        f"/admin/bulk/wagtailcore/page/delete/?id=all&childOf={world['home'].pk}"
    )
    assert_no_secret(everything)
    not_found_like_unknown(
        editor_client,
        lambda kind: (
            "/admin/bulk/wagtailcore/page/delete/?id=all&childOf="
            + str(world["secret"].pk if kind == "hidden" else UNKNOWN)
        ),
    )


@pytest.mark.parametrize(
    "model, key", [("cms/intranetdocument", "document"), ("cms/intranetimage", "image")]
)
def test_media_bulk_confirmations_list_no_hidden_titles(editor_client, world, model, key):
    """Document and image bulk confirmations: hidden ids answer like unknown."""
    for action in ("delete", "add_tags", "add_to_collection"):
        not_found_like_unknown(
            editor_client,
            lambda kind, action=action: (
                f"/admin/bulk/{model}/{action}/?id="
                + str(world[key].pk if kind == "hidden" else UNKNOWN)
            ),
        )
    open_document = world["open_document"].pk
    response = editor_client.get(
        f"/admin/bulk/cms/intranetdocument/delete/?id={open_document}&id={world['document'].pk}"
    )
    assert response.status_code == 200
    assert "Offenes Dokument" in text(response)
    assert_no_secret(response)
    moving = editor_client.get(
        f"/admin/bulk/cms/intranetdocument/add_to_collection/?id={open_document}"
    )
    assert "Offene Sammlung" in text(moving)
    assert_no_secret(moving)


@pytest.mark.parametrize(
    "url",
    [
        "/admin/documents/multiple/add/",
        "/admin/images/multiple/add/",
        "/admin/documents/",
        "/admin/images/",
    ],
)
def test_collection_choices_list_no_hidden_collection(editor_client, world, url):
    """Upload forms and listings offer only collections the editor may see."""
    response = editor_client.get(url)
    assert response.status_code == 200
    assert "Offene Sammlung" in text(response)
    assert_no_secret(response)


def test_edit_form_collection_choices(editor_client, world):
    """The edit form of an open document offers no hidden collection."""
    response = editor_client.get(f"/admin/documents/edit/{world['open_document'].pk}/")
    assert response.status_code == 200
    assert "Offene Sammlung" in text(response)
    assert_no_secret(response)


@pytest.mark.parametrize(
    "url",
    [
        "/admin/pages/search/?q={q}",
        "/admin/pages/{home}/?q={q}",
        "/admin/choose-page/search/?q={q}",
        "/admin/documents/?q={q}",
        "/admin/images/?q={q}",
        "/admin/documents/chooser/?q={q}",
        "/admin/images/chooser/?q={q}",
    ],
)
@pytest.mark.parametrize("q", ["Haushaltskonsolidierung", "Sparliste", "Geheim"])
def test_admin_search_finds_no_hidden_item(editor_client, world, url, q):
    """Admin search over pages, documents and images finds nothing hidden
    (the query itself is shown back, so look for the hits' other words and
    their edit links)."""
    response = editor_client.get(url.format(q=q, home=world["home"].pk))
    assert response.status_code == 200
    body = text(response)
    for word in SECRET_WORDS:
        if q not in word:
            assert word not in body, (url, word)
    for link in hidden_links(world):
        assert link not in body, (url, link)


def hidden_links(world):
    """The admin links of the hidden items."""
    return [
        f"/admin/pages/{world['secret'].pk}/",
        f"/admin/pages/{world['draft'].pk}/",
        f"/admin/documents/edit/{world['document'].pk}/",
        f"/admin/images/{world['image'].pk}/",
    ]


@pytest.mark.parametrize(
    "url",
    [
        "/admin/reports/locked/",
        "/admin/reports/aging-pages/",
        "/admin/reports/workflow/",
        "/admin/reports/workflow_tasks/",
        "/admin/reports/site-history/",
        "/admin/reports/site-history/results/",
        "/admin/pages/workflow/confirm_cancellation/{draft}/",
        "/admin/",
    ],
)
def test_reports_and_dashboard_name_no_hidden_page(editor_client, world, url):
    """Reports (locked, ageing, workflows, site history) and the dashboard
    panels (recent edits, locked pages, moderation) name no hidden page."""
    response = editor_client.get(url.format(draft=world["draft"].pk))
    assert response.status_code in (200, 404), url
    assert_no_secret(response)
    for link in hidden_links(world):
        assert link not in text(response), (url, link)


def test_reports_and_dashboard_show_what_members_see(editor_client, world):
    """Once a member, the editor finds the workspace again in the same views
    (the tests above check a page that is actually there)."""
    world["editor"].groups.add(world["members"])
    for url in ("/admin/reports/locked/", "/admin/reports/site-history/", "/admin/"):
        assert SECRET in text(editor_client.get(url)), url
    site_history = text(editor_client.get("/admin/reports/site-history/"))
    assert re.search(DRAFT, site_history)


@pytest.mark.parametrize("url", ["/admin/documents/multiple/add/", "/admin/images/multiple/add/"])
def test_upload_without_visible_collection_is_refused(editor_client, world, url):
    """Found by the leak property test: when every collection the editor has
    rights in is hidden (here the root), the upload is refused instead of
    failing (Wagtail's form cannot be built without a collection)."""
    restrict(
        CollectionViewRestriction, "collection", Collection.get_first_root_node(), world["members"]
    )
    response = editor_client.get(url)
    assert response.status_code in (302, 403)
    assert_no_secret(response)


def dashboard_page_count(client):
    """The number of the dashboard's „Seiten“ summary item."""
    body = text(client.get("/admin/"))
    match = re.search(r"(\d+)\s+Seiten?\s*<span", body)
    assert match, "no page count on the dashboard"
    return int(match.group(1))


def test_dashboard_page_count_leaves_out_hidden_pages(editor_client, world):
    """The dashboard counts only pages the editor may see: the secret page
    and its draft below add two once the editor is a member."""
    outside = dashboard_page_count(editor_client)
    world["editor"].groups.add(world["members"])
    assert dashboard_page_count(editor_client) == outside + 2
