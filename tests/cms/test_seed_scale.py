"""``manage.py seed_scale`` at a small size: the counts asked for, a sound
page tree, permissions that follow the memberships, the same data for the
same seed, and a clear refusal on a second run."""

import hashlib
import io

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

import pytest
from wagtail.models import Page

from cms.models import IntranetDocument
from cms.permissions import can_view_page, visible_pages
from demo.scale import checks
from offices.models import Membership, OfficeIntranetPage, OrgUnit
from workspaces.models import Workspace, WorkspaceMembership

SIZES = {"people": 60, "units": 12, "workspaces": 9, "pages": 400, "documents": 30}


def seed(seed=7, **overrides):
    sizes = {**SIZES, **overrides}
    args = [f"--{name}={value}" for name, value in sizes.items()]
    out = io.StringIO()
    call_command("seed_scale", f"--seed={seed}", *args, stdout=out)
    return out.getvalue()


def snapshot():
    """The data set by natural keys (primary keys differ between runs)."""
    User = get_user_model()
    pages = sorted(
        Page.objects.filter(depth__gt=2).values_list(
            "url_path", "title", "content_type__model", "numchild"
        )
    )
    people = sorted(
        User.objects.filter(username__startswith="ma").values_list(
            "username", "first_name", "last_name"
        )
    )
    memberships = sorted(Membership.objects.values_list("user__username", "unit__code", "function"))
    spaces = sorted(
        WorkspaceMembership.objects.values_list(
            "user__username", "workspace__page__url_path", "role"
        )
    )
    kinds = sorted(Workspace.objects.values_list("page__url_path", "kind", "status"))
    documents = sorted(
        (title, collection, hashlib.sha1(text.encode()).hexdigest())
        for title, collection, text in IntranetDocument.objects.values_list(
            "title", "collection__name", "extracted_text"
        )
    )
    return pages, people, memberships, spaces, kinds, documents


def seeded_and_rolled_back(seed_value):
    """Seed inside a transaction, take a snapshot, roll everything back."""
    with transaction.atomic():
        seed(seed_value)
        result = snapshot()
        transaction.set_rollback(True)
    return result


@pytest.fixture
def scale(home_page):
    pages_before = Page.objects.count()
    output = seed()
    return {"pages_before": pages_before, "output": output}


def test_counts_match_the_sizes(scale):
    User = get_user_model()
    people = User.objects.filter(username__startswith="ma")
    assert people.count() == SIZES["people"]
    assert OrgUnit.objects.filter(code__startswith="s-").count() == SIZES["units"]
    kinds = set(OrgUnit.objects.filter(code__startswith="s-").values_list("kind", flat=True))
    assert kinds == set(OrgUnit.Kind.values)  # four levels
    assert Workspace.objects.count() == SIZES["workspaces"]
    assert IntranetDocument.objects.count() == SIZES["documents"]
    # Pages written by seed_scale (a bare start page first gets its 8 sections).
    created = Page.objects.count() - scale["pages_before"]
    assert SIZES["pages"] <= created <= SIZES["pages"] + 8
    # Every page type of every silo is there.
    models = set(Page.objects.values_list("content_type__model", flat=True))
    for model in ("newspage", "formpage", "serviceinstructionpage", "tutorialpage"):
        assert model in models
    assert {"officeintranetpage", "workspacepage", "contentpage"} <= models


def test_every_person_is_in_one_office_and_up_to_eight_workspaces(scale):
    User = get_user_model()
    for person in User.objects.filter(username__startswith="ma"):
        units = list(Membership.objects.filter(user=person).select_related("unit"))
        assert len(units) == 1
        unit = units[0].unit
        assert OrgUnit.Kind.OFFICE in {u.kind for u in [unit, *unit.ancestors()]}
        assert WorkspaceMembership.objects.filter(user=person).count() <= 8
    for workspace in Workspace.objects.all():
        assert workspace.memberships.filter(role=WorkspaceMembership.Role.OWNER).exists()
    assert set(Workspace.objects.values_list("kind", flat=True)) == set(Workspace.Kind.values)


def test_the_page_tree_is_sound(scale):
    assert Page.find_problems() == ([], [], [], [], [])
    assert checks.tree_problems() == []


def test_permissions_follow_memberships(scale, client):
    assert (
        checks.all_problems(
            list(OrgUnit.objects.filter(kind=OrgUnit.Kind.OFFICE, code__startswith="s-")),
            list(Workspace.objects.all()),
        )
        == []
    )
    workspace = Workspace.objects.exclude(kind=Workspace.Kind.PUBLIC).first()
    inside = Page.objects.filter(path__startswith=workspace.page.path, depth__gt=5).first()
    inside = inside or Page.objects.filter(path__startswith=workspace.page.path).last()
    member = workspace.memberships.first().user
    outsider = (
        get_user_model()
        .objects.filter(username__startswith="ma")
        .exclude(workspace_memberships__workspace=workspace)
        .first()
    )
    assert can_view_page(member, inside)
    assert not can_view_page(outsider, inside)
    assert not visible_pages(outsider, Page.objects.filter(pk=inside.pk)).exists()

    client.force_login(member)
    assert client.get(inside.url).status_code == 200
    assert client.get(f"/api/v2/pages/{inside.pk}/").status_code == 200
    client.force_login(outsider)
    assert client.get(inside.url).status_code == 404
    assert client.get(f"/api/v2/pages/{inside.pk}/").status_code == 404

    intranet = OfficeIntranetPage.objects.filter(unit__code__startswith="s-").first()
    office_member = Membership.objects.filter(unit=intranet.unit).first().user
    stranger = (
        get_user_model()
        .objects.filter(username__startswith="ma")
        .exclude(groups=intranet.unit.group)
        .first()
    )
    assert can_view_page(office_member, intranet)
    assert not can_view_page(stranger, intranet)


def test_a_page_renders_and_the_api_lists_it(scale, client):
    news = Page.objects.filter(content_type__model="newspage", depth=4).last()
    client.force_login(get_user_model().objects.get(username="ma00001"))
    assert client.get(news.url).status_code == 200
    listing = client.get("/api/v2/pages/?type=home.NewsPage&limit=100&order=-id").json()
    assert news.pk in [item["id"] for item in listing["items"]]
    assert client.get("/").status_code == 200


def test_a_second_run_is_refused(scale):
    with pytest.raises(CommandError, match="bereits einen Skalierungsdatensatz"):
        seed()


def test_dry_run_writes_nothing(home_page):
    before = Page.objects.count(), get_user_model().objects.count()
    out = io.StringIO()
    call_command("seed_scale", "--dry-run", "--factor=0.01", stdout=out)
    assert "Probelauf" in out.getvalue()
    assert (Page.objects.count(), get_user_model().objects.count()) == before


def test_bad_sizes_are_refused(home_page):
    with pytest.raises(CommandError, match="--pages muss mindestens"):
        seed(pages=10)
    with pytest.raises(CommandError, match="--factor"):
        call_command("seed_scale", "--factor=0", stdout=io.StringIO())


@pytest.mark.django_db(transaction=False)
def test_same_seed_same_data_other_seed_other_data(home_page):
    first = seeded_and_rolled_back(7)
    second = seeded_and_rolled_back(7)
    other = seeded_and_rolled_back(8)
    assert first == second
    assert first[1] != other[1]
    assert first[0] != other[0]
