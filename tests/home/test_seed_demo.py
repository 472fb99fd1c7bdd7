"""``manage.py seed_demo``: the demo intranet is complete, and a second run
changes nothing.

Seeding takes a while, so the module seeds once (two runs, snapshots after
each) inside a transaction that is rolled back when the module is done; every
test then runs in a savepoint inside it."""

import hashlib
import io
import zipfile

from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.models import Group
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

import pytest
from PIL import Image
from wagtail.models import Page, Site, TaskState, WorkflowState

from cms.models import IntranetDocument, IntranetImage
from home import models as home
from home.models.areas import Area
from offices.models import Membership, OrgUnit

DEMO_ACCOUNTS = ["admin", "redaktion", "redakteur", "mitarbeiter", "jugendamt", "ordnungsamt"]


def run_seed(*args):
    """Run the command and return its output."""
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def _digest(*objects):
    return hashlib.sha256(serializers.serialize("json", objects).encode()).hexdigest()


def snapshot():
    """Counts per model, and per object a hash of its field values, for pages
    (base and specific, which includes the latest revision id), people, groups
    (with permissions), documents and images."""
    from django.apps import apps

    counts = {model._meta.label: model._default_manager.count() for model in apps.get_models()}
    rows = {}
    for page in Page.objects.all():
        rows[("page", page.pk)] = (page.latest_revision_id, _digest(page, page.specific))
    for model in (get_user_model(), Group, IntranetDocument, IntranetImage, OrgUnit, Membership):
        for obj in model._default_manager.all():
            rows[(model._meta.label, obj.pk)] = _digest(obj)
    return counts, rows


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    """Seed twice inside one outer transaction, rolled back at the end of the module."""
    media = tmp_path_factory.mktemp("seed-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            first_output = run_seed()
            first = snapshot()
            second_output = run_seed()
            second = snapshot()
            yield {
                "media": media,
                "first_output": first_output,
                "second_output": second_output,
                "first": first,
                "second": second,
            }
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.mark.django_db
def test_is_seeded_says_no_before_seeding():
    """scripts/run.sh asks this before deciding to seed; it must be a bare answer."""
    assert run_seed("--is-seeded").strip() == "no"


@pytest.mark.django_db
def test_is_seeded_and_dry_run_exclude_each_other():
    with pytest.raises(CommandError):
        run_seed("--is-seeded", "--dry-run")


@pytest.mark.django_db
def test_second_run_changes_nothing(seeded):
    first_counts, first_rows = seeded["first"]
    second_counts, second_rows = seeded["second"]
    assert "nothing changed" not in seeded["first_output"]
    assert "nothing changed" in seeded["second_output"]
    assert second_counts == first_counts
    changed = {
        key
        for key in first_rows.keys() | second_rows.keys()
        if first_rows.get(key) != second_rows.get(key)
    }
    assert not changed


@pytest.mark.django_db
def test_dry_run_on_seeded_data_changes_nothing(seeded):
    before = snapshot()
    output = run_seed("--dry-run")
    assert "nothing changed" in output
    assert snapshot() == before


@pytest.mark.django_db
def test_apply_roles_finds_nothing_to_change_after_seeding(seeded):
    """The demo's offices, areas, editorial groups and workspaces already have
    exactly the rights of config/roles.yaml (workspaces included)."""
    out = io.StringIO()
    call_command("apply_roles", "--dry-run", stdout=out)
    assert out.getvalue() == ""


@pytest.mark.django_db
def test_start_page_replaces_welcome_page(seeded):
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.site_name) == (
        "localhost",
        80,
        "Intranet der Stadtverwaltung",
    )
    start = site.root_page.specific
    assert isinstance(start, home.HomePage)
    assert start.slug == "start" and start.locale.language_code == "de"
    assert start.get_parent().is_root()
    assert not Page.objects.filter(title__startswith="Welcome to your new Wagtail site").exists()
    assert 2 <= len(start.top_stories) <= 3
    assert len(start.notices) == 2 and start.current_notices()
    assert 8 <= len(start.quick_links) <= 12
    assert len(start.upcoming_dates()) >= 5
    assert run_seed("--is-seeded").strip() == "yes"
    menu = {p.slug for p in Page.objects.child_of(start).filter(show_in_menus=True)}
    assert {"nachrichten", "hilfe", "formulare", "datenschutz"} <= menu


@pytest.mark.django_db
def test_demo_accounts_can_log_in(seeded):
    for username in DEMO_ACCOUNTS:
        user = authenticate(username=username, password=settings.DEMO_PASSWORD)
        assert user is not None, username
        assert user.email.endswith("@stadt.example")
    User = get_user_model()
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert User.objects.filter(username="redaktion", groups__name="Zentrale Redaktion").exists()
    redakteur = User.objects.get(username="redakteur", groups__name="Redaktion dezentral")
    assert redakteur.memberships.filter(function=Membership.Function.EDITOR).exists()

    def units(username):
        return set(
            Membership.objects.filter(user__username=username).values_list("unit__code", flat=True)
        )

    assert units("jugendamt") == {"amt-51"}
    assert units("ordnungsamt") == {"amt-32"}
    assert not units("mitarbeiter") & {"amt-51", "amt-32"}
    assert User.objects.count() >= len(DEMO_ACCOUNTS) + 15


@pytest.mark.django_db
def test_offices_and_structure(seeded):
    assert OrgUnit.objects.filter(kind=OrgUnit.Kind.OFFICE).count() >= 8
    assert OrgUnit.objects.get(code="amt-51").name == "Jugendamt"
    assert OrgUnit.objects.get(code="amt-32").name == "Ordnungsamt"
    assert OrgUnit.objects.filter(kind=OrgUnit.Kind.DEPARTMENT).count() == 5
    assert OrgUnit.objects.filter(kind__in=["division", "team"]).exists()


@pytest.mark.django_db
def test_every_workflow_state_is_present(seeded):
    now = timezone.now()
    news = home.NewsPage.objects.all()
    assert news.count() >= 16
    assert news.values("issuing_office").distinct().count() >= 8

    def states(page):
        return WorkflowState.objects.for_instance(page)

    drafts = [
        p
        for p in news.filter(live=False, expired=False, go_live_at__isnull=True)
        if not states(p).exists()
    ]
    assert drafts, "draft"
    moderation = WorkflowState.objects.filter(status=WorkflowState.STATUS_IN_PROGRESS)
    assert moderation.filter(requested_by__username="redakteur").exists(), "in moderation"
    approved = news.filter(live=True)
    assert any(states(p).filter(status=WorkflowState.STATUS_APPROVED).exists() for p in approved), (
        "approved"
    )
    rejected = TaskState.objects.filter(
        status=TaskState.STATUS_REJECTED, finished_by__username="redaktion"
    ).exclude(comment="")
    assert rejected.exists(), "rejected"
    rejected_page = rejected.first().workflow_state.content_object
    assert not rejected_page.live
    assert rejected.first().workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    scheduled = news.filter(live=False, go_live_at__gt=now)
    assert scheduled.exists(), "scheduled"
    assert scheduled.first().revisions.filter(approved_go_live_at__gt=now).exists()
    assert news.filter(live=False, expired=True, expire_at__lt=now).exists(), "expired"
    assert news.exclude(image=None).exists()


@pytest.mark.django_db
def test_registers(seeded):
    forms = home.FormPage.objects.live()
    assert forms.count() >= 20
    for form in forms:
        assert form.files.count() >= 1, form.title
        assert form.responsible_id and form.deputy_id and form.responsible_id != form.deputy_id
        assert form.issuing_office_id and form.tags.exists()
    instructions = home.ServiceInstructionPage.objects.live()
    assert instructions.count() >= 10
    today = timezone.localdate()
    Status = home.ServiceInstructionPage.Status
    assert instructions.filter(status=Status.REPEALED, valid_until__lt=today).exists()
    superseded = instructions.filter(status=Status.SUPERSEDED).exclude(superseded_by=None)
    assert superseded.exists()
    assert all(p.superseded_by.status == Status.IN_FORCE for p in superseded)
    assert instructions.filter(attachments__isnull=False).exists()


@pytest.mark.django_db
def test_all_areas_and_help(seeded):
    assert set(home.InformationAreaPage.objects.values_list("area", flat=True)) == set(Area.values)
    assert home.ContentPage.objects.filter(title="SAP-Anmeldung und Rollen").exists()
    tutorials = home.TutorialPage.objects.live()
    assert tutorials.count() >= 4
    assert {t.audience for t in tutorials} == {"readers", "editors"}


@pytest.mark.django_db
def test_generated_files_are_real(seeded, settings):
    settings.MEDIA_ROOT = seeded["media"]  # the autouse fixture points each test elsewhere
    kinds = set()
    for document in IntranetDocument.objects.all():
        with document.open_file() as f:
            data = f.read()
        kinds.add(document.file_extension)
        if document.file_extension == "pdf":
            assert data.startswith(b"%PDF-")
        else:
            assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None
    assert {"pdf", "docx", "xlsx"} <= kinds
    for image in IntranetImage.objects.all():
        assert image.description
        with image.open_file() as f:
            assert Image.open(f).format == "PNG"


@pytest.mark.django_db
def test_demo_accounts_see_what_their_role_allows(seeded, client, settings):
    """The roles issue's demo promise, on every reading channel: jugendamt and
    ordnungsamt see only their own office intranet, mitarbeiter neither,
    redaktion the start page and the information areas, admin everything."""
    from offices.models import OfficeIntranetPage

    settings.MEDIA_ROOT = seeded["media"]
    intranets = {
        code: OfficeIntranetPage.objects.get(unit__code=code) for code in ("amt-51", "amt-32")
    }
    documents = {
        code: IntranetDocument.objects.filter(collection=page.unit.collection).first()
        for code, page in intranets.items()
    }
    areas = list(home.InformationAreaPage.objects.live())
    expected = {
        "jugendamt": {"amt-51"},
        "ordnungsamt": {"amt-32"},
        "mitarbeiter": set(),
        "redaktion": set(),
        "admin": {"amt-51", "amt-32"},
    }
    for username, allowed in expected.items():
        client.force_login(get_user_model().objects.get(username=username))
        assert client.get("/").status_code == 200
        for area in areas:
            assert client.get(area.url).status_code == 200, (username, area.url)
        listed = {
            item["id"]
            for item in client.get(
                "/api/v2/pages/?limit=100&type=offices.OfficeIntranetPage"
            ).json()["items"]
        }
        listed_docs = {
            item["id"] for item in client.get("/api/v2/documents/?limit=100").json()["items"]
        }
        for code, page in intranets.items():
            sees = code in allowed
            status = 200 if sees else 404
            inner = page.get_children().first()
            assert client.get(page.url).status_code == status, (username, code)
            assert client.get(inner.url).status_code == status, (username, code)
            assert client.get(f"/api/v2/pages/{page.pk}/").status_code == status
            assert (page.pk in listed) is sees
            assert client.get(documents[code].url).status_code == status
            assert (documents[code].pk in listed_docs) is sees


@pytest.mark.django_db
def test_workspace_tools_and_notifications_are_seeded(seeded):
    """The demo workspaces come with documents (in versions), appointments, a
    scheduling poll, discussions, glossaries and notifications, so every tool
    page of the demo shows something."""
    counts, _rows = seeded["first"]
    for label in (
        "workspace_documents.DocumentVersion",
        "workspace_calendar.Event",
        "workspace_calendar.Poll",
        "workspace_discussions.Thread",
        "workspace_discussions.Post",
        "workspace_glossary.Term",
        "notifications.Notification",
    ):
        assert counts.get(label, 0) > 0, label
