"""The editorial groups, permissions and news workflow set up by
``manage.py setup_editorial`` (``home.editorial.ensure_editorial_setup``)."""

from io import StringIO

from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

import pytest
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Task,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from home.editorial import (
    CENTRAL_GROUP,
    DECENTRAL_GROUP,
    TASK_NAME,
    WORKFLOW_NAME,
    area_group_name,
    ensure_editorial_setup,
)
from home.models.areas import Area
from tests import factories

MANAGED_MODELS = (
    Group,
    GroupPagePermission,
    GroupCollectionPermission,
    Workflow,
    Task,
    WorkflowTask,
    WorkflowPage,
)


def counts():
    """How many rows each model the setup touches has."""
    return {model.__name__: model.objects.count() for model in MANAGED_MODELS} | {
        "group_permissions": Group.permissions.through.objects.count(),
        "task_groups": GroupApprovalTask.groups.through.objects.count(),
    }


def run_command(*args):
    out = StringIO()
    call_command("setup_editorial", *args, stdout=out)
    return out.getvalue()


def page_perms(group):
    """The group's page permissions as a set of (page id, codename)."""
    return set(
        GroupPagePermission.objects.filter(group=group).values_list(
            "page_id", "permission__codename"
        )
    )


def collection_perms(group):
    """The group's collection permissions as a set of (collection id, app label, codename)."""
    return set(
        GroupCollectionPermission.objects.filter(group=group).values_list(
            "collection_id", "permission__content_type__app_label", "permission__codename"
        )
    )


def model_perms(group):
    return set(group.permissions.values_list("content_type__app_label", "codename"))


@pytest.fixture
def tree(home_page, news_index):
    """A start page with a news index, a second news index and two information areas."""
    return {
        "home": home_page,
        "news": news_index,
        "news2": factories.NewsIndexPageFactory(parent=home_page, slug="amtsnachrichten"),
        "forms": factories.InformationAreaPageFactory(
            parent=home_page, slug="formulare", area=Area.FORMS
        ),
        "sap": factories.InformationAreaPageFactory(
            parent=home_page, title="SAP", slug="sap", area=Area.SAP
        ),
    }


def test_command_is_idempotent(tree):
    first = run_command()
    assert "Zentrale Redaktion" in first
    before = counts()

    second = run_command()

    assert "Nichts zu ändern" in second
    assert counts() == before
    assert ensure_editorial_setup().changes == []


def test_dry_run_writes_nothing(tree):
    before = counts()

    out = run_command("--dry-run")

    assert "Probelauf" in out
    assert "Nachrichtenfreigabe" in out
    assert counts() == before
    assert not Group.objects.filter(name=CENTRAL_GROUP).exists()
    assert not Workflow.objects.filter(name=WORKFLOW_NAME).exists()


def test_dry_run_after_setup_reports_nothing(tree):
    run_command()
    assert "Nichts zu ändern" in run_command("--dry-run")


def test_groups_have_exactly_the_intended_permissions(tree):
    result = ensure_editorial_setup()
    root_collection = Collection.get_first_root_node().pk
    admin = {("wagtailadmin", "access_admin")}

    central = Group.objects.get(name=CENTRAL_GROUP)
    assert result.central_group == central
    assert model_perms(central) == admin | {("search", "view_query_report")}
    assert page_perms(central) == {
        (tree["home"].pk, codename)
        for codename in ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
    }
    assert collection_perms(central) == {
        (root_collection, app, f"{action}_{model}")
        for app, model in (("wagtailimages", "image"), ("wagtaildocs", "document"))
        for action in ("add", "change", "choose")
    }

    contributor_collection_perms = {
        (root_collection, app, f"{action}_{model}")
        for app, model in (("wagtailimages", "image"), ("wagtaildocs", "document"))
        for action in ("add", "choose")
    }

    decentral = Group.objects.get(name=DECENTRAL_GROUP)
    assert result.decentral_group == decentral
    assert model_perms(decentral) == admin
    assert page_perms(decentral) == {
        (tree[key].pk, codename)
        for key in ("news", "news2")
        for codename in ("add_page", "change_page")
    }
    assert collection_perms(decentral) == contributor_collection_perms

    assert set(result.area_groups) == set(Area.values)
    forms_group = Group.objects.get(name="Bereichsredaktion Formulare")
    assert area_group_name(Area.FORMS) == forms_group.name
    assert model_perms(forms_group) == admin
    assert page_perms(forms_group) == {
        (tree["forms"].pk, codename) for codename in ("add_page", "change_page", "publish_page")
    }
    assert collection_perms(forms_group) == contributor_collection_perms
    assert page_perms(Group.objects.get(name="Bereichsredaktion SAP")) == {
        (tree["sap"].pk, codename) for codename in ("add_page", "change_page", "publish_page")
    }
    # An area without a page yet has its group, but nothing to edit.
    assert page_perms(Group.objects.get(name=area_group_name(Area.STAFF_COUNCIL))) == set()


def test_workflow_has_one_task_for_the_central_group_on_every_news_index(tree):
    result = ensure_editorial_setup()

    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    assert result.workflow == workflow
    assert workflow.active
    tasks = [task.specific for task in workflow.tasks]
    assert len(tasks) == 1
    assert isinstance(tasks[0], GroupApprovalTask)
    assert tasks[0].name == TASK_NAME
    assert list(tasks[0].groups.all()) == [result.central_group]
    assert set(
        WorkflowPage.objects.filter(workflow=workflow).values_list("page_id", flat=True)
    ) == {
        tree["news"].pk,
        tree["news2"].pk,
    }
    news = factories.NewsPageFactory(parent=tree["news"])
    assert news.get_workflow() == workflow


def test_works_without_a_start_page_and_catches_up_later(db):
    result = ensure_editorial_setup()

    assert result.changes
    assert not GroupPagePermission.objects.filter(
        group__in=[result.central_group, result.decentral_group]
    ).exists()
    assert Workflow.objects.filter(name=WORKFLOW_NAME).exists()
    assert not WorkflowPage.objects.filter(workflow=result.workflow).exists()
    assert ensure_editorial_setup().changes == []

    home = factories.HomePageFactory(parent=factories.wagtail_models.Page.get_first_root_node())
    index = factories.NewsIndexPageFactory(parent=home)
    later = ensure_editorial_setup()

    assert later.changes
    assert page_perms(later.decentral_group) == {
        (index.pk, "add_page"),
        (index.pk, "change_page"),
    }
    assert WorkflowPage.objects.get(page=index).workflow == result.workflow


def test_repairs_a_misconfigured_group(tree):
    result = ensure_editorial_setup()
    publish = Permission.objects.get(content_type__app_label="wagtailcore", codename="publish_page")
    GroupPagePermission.objects.create(
        group=result.decentral_group, page=tree["news"], permission=publish
    )
    other = Workflow.objects.create(name="Etwas anderes")
    WorkflowPage.objects.filter(page=tree["news2"]).update(workflow=other)
    result.task.groups.add(result.decentral_group)

    changes = ensure_editorial_setup().changes

    assert any("publish_page" in change and "entzogen" in change for change in changes)
    assert (tree["news"].pk, "publish_page") not in page_perms(result.decentral_group)
    assert WorkflowPage.objects.get(page=tree["news2"]).workflow == result.workflow
    assert list(result.task.groups.all()) == [result.central_group]
    assert ensure_editorial_setup().changes == []
