"""The editorial roles and the news approval workflow, declared in code.

``ensure_editorial_setup`` makes the database match this declaration: the
groups of the central and decentral editors and of the information areas,
their admin, page and collection permissions, and the workflow
"Nachrichtenfreigabe" on every news index. It converges rather than only
adds: a permission that somebody granted a managed group by hand (say,
"publish" to the decentral editors) is taken away again on the next run,
so the command is also the repair for a misconfigured group.
"""

from dataclasses import dataclass, field

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from home.models import HomePage, InformationAreaPage, NewsIndexPage
from home.models.areas import Area

# Group, workflow and task names are identifiers the command finds its
# objects by, so they are fixed German strings and not run through gettext:
# a translated name would make a second run create a second group.
CENTRAL_GROUP = "Zentrale Redaktion"
DECENTRAL_GROUP = "Redaktion dezentral"
AREA_GROUP_PREFIX = "Bereichsredaktion "
WORKFLOW_NAME = "Nachrichtenfreigabe"
TASK_NAME = "Freigabe durch die Zentrale Redaktion"

ADMIN_ACCESS = ("wagtailadmin", "access_admin")
# The central editors read the search statistics (top and zero-result queries).
QUERY_REPORT = ("search", "view_query_report")

CENTRAL_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
DECENTRAL_PAGE_PERMISSIONS = ("add_page", "change_page")
AREA_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")

CENTRAL_COLLECTION_PERMISSIONS = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
)
# Decentral and area editors upload and pick pictures and files for their
# own pages but do not edit other people's uploads (Wagtail still lets them
# edit what they uploaded themselves).
CONTRIBUTOR_COLLECTION_PERMISSIONS = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "choose_document"),
)


@dataclass
class EditorialSetup:
    """What ``ensure_editorial_setup`` manages, and what it changed on this run."""

    central_group: Group
    decentral_group: Group
    area_groups: dict[str, Group]
    workflow: Workflow
    task: GroupApprovalTask
    changes: list[str] = field(default_factory=list)


def area_group_name(area):
    """The name of the editors' group of an information area (an ``Area`` value)."""
    with translation.override("de"):
        return AREA_GROUP_PREFIX + str(Area(area).label)


def start_page():
    """The start page whose subtree the central editors look after: the
    default site's root if it is a HomePage, otherwise the first HomePage,
    or None while there is none."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is not None and site.root_page.specific_class is HomePage:
        return site.root_page
    return Page.objects.type(HomePage).order_by("path").first()


def _permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _page_permission(codename):
    return _permission("wagtailcore", codename)


class _Sync:
    """Makes one run's changes and records them in readable form."""

    def __init__(self):
        self.changes = []

    def group(self, name):
        group, created = Group.objects.get_or_create(name=name)
        if created:
            self.changes.append(_("Gruppe „%(group)s“ angelegt.") % {"group": name})
        return group

    def model_permissions(self, group, wanted):
        """Give ``group`` exactly the Django permissions ``wanted``."""
        current = set(group.permissions.all())
        for perm in sorted(set(wanted) - current, key=str):
            group.permissions.add(perm)
            self.changes.append(
                _("Gruppe „%(group)s“: Recht „%(perm)s“ erteilt.")
                % {"group": group.name, "perm": perm.codename}
            )
        for perm in sorted(current - set(wanted), key=str):
            group.permissions.remove(perm)
            self.changes.append(
                _("Gruppe „%(group)s“: Recht „%(perm)s“ entzogen.")
                % {"group": group.name, "perm": perm.codename}
            )

    def page_permissions(self, group, wanted):
        """Give ``group`` exactly the page permissions ``wanted``, a set of
        (page, Permission) pairs; all others of the group are removed."""
        wanted_keys = {(page.pk, perm.pk): (page, perm) for page, perm in wanted}
        existing = {
            (gpp.page_id, gpp.permission_id): gpp
            for gpp in GroupPagePermission.objects.filter(group=group).select_related(
                "page", "permission"
            )
        }
        for key in sorted(wanted_keys.keys() - existing.keys()):
            page, perm = wanted_keys[key]
            GroupPagePermission.objects.create(group=group, page=page, permission=perm)
            self.changes.append(
                _("Gruppe „%(group)s“: Seitenrecht „%(perm)s“ auf „%(page)s“ erteilt.")
                % {"group": group.name, "perm": perm.codename, "page": page.title}
            )
        for key in sorted(existing.keys() - wanted_keys.keys()):
            gpp = existing[key]
            gpp.delete()
            self.changes.append(
                _("Gruppe „%(group)s“: Seitenrecht „%(perm)s“ auf „%(page)s“ entzogen.")
                % {"group": group.name, "perm": gpp.permission.codename, "page": gpp.page.title}
            )

    def collection_permissions(self, group, collection, wanted):
        """Give ``group`` exactly the collection permissions ``wanted`` on
        ``collection``; all others of the group are removed."""
        wanted_perms = {perm.pk: perm for perm in wanted}
        existing = {
            (gcp.collection_id, gcp.permission_id): gcp
            for gcp in GroupCollectionPermission.objects.filter(group=group).select_related(
                "collection", "permission"
            )
        }
        wanted_keys = {(collection.pk, pk) for pk in wanted_perms}
        for key in sorted(wanted_keys - existing.keys()):
            perm = wanted_perms[key[1]]
            GroupCollectionPermission.objects.create(
                group=group, collection=collection, permission=perm
            )
            self.changes.append(
                _("Gruppe „%(group)s“: Sammlungsrecht „%(perm)s“ auf „%(collection)s“ erteilt.")
                % {"group": group.name, "perm": perm.codename, "collection": collection.name}
            )
        for key in sorted(existing.keys() - wanted_keys):
            gcp = existing[key]
            gcp.delete()
            self.changes.append(
                _("Gruppe „%(group)s“: Sammlungsrecht „%(perm)s“ auf „%(collection)s“ entzogen.")
                % {
                    "group": group.name,
                    "perm": gcp.permission.codename,
                    "collection": gcp.collection.name,
                }
            )

    def workflow(self, central_group):
        """The news workflow with its single approval task by the central group."""
        workflow, created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
        if created:
            self.changes.append(_("Arbeitsablauf „%(name)s“ angelegt.") % {"name": WORKFLOW_NAME})
        elif not workflow.active:
            workflow.active = True
            workflow.save(update_fields=["active"])
            self.changes.append(
                _("Arbeitsablauf „%(name)s“ wieder aktiviert.") % {"name": WORKFLOW_NAME}
            )

        task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
        if task is None:
            task = GroupApprovalTask.objects.create(name=TASK_NAME)
            self.changes.append(_("Aufgabe „%(name)s“ angelegt.") % {"name": TASK_NAME})
        elif not task.active:
            task.active = True
            task.save(update_fields=["active"])
            self.changes.append(_("Aufgabe „%(name)s“ wieder aktiviert.") % {"name": TASK_NAME})
        if set(task.groups.all()) != {central_group}:
            task.groups.set([central_group])
            self.changes.append(
                _("Aufgabe „%(name)s“: prüfende Gruppe ist jetzt „%(group)s“.")
                % {"name": TASK_NAME, "group": central_group.name}
            )

        links = list(WorkflowTask.objects.filter(workflow=workflow))
        if [link.task_id for link in links] != [task.pk]:
            WorkflowTask.objects.filter(workflow=workflow).delete()
            WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
            self.changes.append(
                _("Arbeitsablauf „%(name)s“ besteht jetzt nur aus der Aufgabe „%(task)s“.")
                % {"name": WORKFLOW_NAME, "task": TASK_NAME}
            )
        return workflow, task

    def assign_workflow(self, workflow, page):
        """Make ``workflow`` the one that governs ``page`` and its subtree."""
        link = WorkflowPage.objects.filter(page=page).first()
        if link is None:
            WorkflowPage.objects.create(page=page, workflow=workflow)
        elif link.workflow_id != workflow.pk:
            link.workflow = workflow
            link.save()
        else:
            return
        self.changes.append(
            _("Arbeitsablauf „%(name)s“ der Seite „%(page)s“ zugewiesen.")
            % {"name": workflow.name, "page": page.title}
        )


def _apply():
    sync = _Sync()
    admin_access = _permission(*ADMIN_ACCESS)
    root_collection = Collection.get_first_root_node()
    home = start_page()
    news_indexes = list(Page.objects.type(NewsIndexPage).order_by("path"))
    area_pages = list(InformationAreaPage.objects.order_by("path"))

    central = sync.group(CENTRAL_GROUP)
    sync.model_permissions(central, [admin_access, _permission(*QUERY_REPORT)])
    central_page_perms = [_page_permission(c) for c in CENTRAL_PAGE_PERMISSIONS]
    sync.page_permissions(
        central, {(home, perm) for perm in central_page_perms} if home is not None else set()
    )
    sync.collection_permissions(
        central,
        root_collection,
        [_permission(app, codename) for app, codename in CENTRAL_COLLECTION_PERMISSIONS],
    )

    contributor_collection_perms = [
        _permission(app, codename) for app, codename in CONTRIBUTOR_COLLECTION_PERMISSIONS
    ]

    decentral = sync.group(DECENTRAL_GROUP)
    sync.model_permissions(decentral, [admin_access])
    decentral_page_perms = [_page_permission(c) for c in DECENTRAL_PAGE_PERMISSIONS]
    sync.page_permissions(
        decentral, {(page, perm) for page in news_indexes for perm in decentral_page_perms}
    )
    sync.collection_permissions(decentral, root_collection, contributor_collection_perms)

    # One group per area of the list, even before its page exists, so that
    # its editors can be named in advance; the page permissions follow on
    # the first run after the page is created.
    area_page_perms = [_page_permission(c) for c in AREA_PAGE_PERMISSIONS]
    area_groups = {}
    for area in Area.values:
        group = sync.group(area_group_name(area))
        area_groups[area] = group
        sync.model_permissions(group, [admin_access])
        sync.page_permissions(
            group,
            {(page, perm) for page in area_pages if page.area == area for perm in area_page_perms},
        )
        sync.collection_permissions(group, root_collection, contributor_collection_perms)

    workflow, task = sync.workflow(central)
    for page in news_indexes:
        sync.assign_workflow(workflow, page)

    return EditorialSetup(
        central_group=central,
        decentral_group=decentral,
        area_groups=area_groups,
        workflow=workflow,
        task=task,
        changes=sync.changes,
    )


def ensure_editorial_setup(stdout=None, dry_run=False):
    """Create or update the editorial groups, their permissions and the news
    workflow; safe to run any number of times. Returns an ``EditorialSetup``
    whose ``changes`` lists what was (or, with ``dry_run``, would be)
    changed; it is empty when everything was already in place. With
    ``stdout`` (a file-like object) each change is also written there."""
    with transaction.atomic():
        result = _apply()
        if dry_run:
            # Planning by doing and rolling back keeps the plan and the real
            # run from drifting apart.
            transaction.set_rollback(True)
    if stdout is not None:
        for change in result.changes:
            stdout.write(change + "\n")
    return result
