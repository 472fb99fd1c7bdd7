"""The news approval workflow, and the editorial groups it needs.

The editorial groups' rights are not declared here: they are the roles
``central_editor``, ``decentral_editor`` and ``area_editor`` of
config/roles.yaml, applied by cms.rights. ``ensure_editorial_setup`` applies
those roles (creating the groups, converging their permissions: a
permission that somebody granted a managed group by hand, say "publish" to
the decentral editors, is taken away again) and then the workflow
"Nachrichtenfreigabe" on every news index, so the command is also the
repair for a misconfigured group.
"""

from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from wagtail.models import GroupApprovalTask, Page, Workflow, WorkflowPage, WorkflowTask

from cms.rights.applier import apply_roles
from cms.rights.roles import load_roles
from home.models import NewsIndexPage
from home.models.areas import Area

# The roles of config/roles.yaml this setup applies.
CENTRAL_ROLE = "central_editor"
DECENTRAL_ROLE = "decentral_editor"
AREA_ROLE = "area_editor"
EDITORIAL_ROLES = (CENTRAL_ROLE, DECENTRAL_ROLE, AREA_ROLE)

# Workflow and task names are identifiers the command finds its objects by,
# so they are fixed German strings and not run through gettext: a
# translated name would make a second run create a second workflow.
WORKFLOW_NAME = "Nachrichtenfreigabe"
TASK_NAME = "Freigabe durch die Zentrale Redaktion"


def central_group_name():
    """The central editors' group („Zentrale Redaktion“), from the role file."""
    return load_roles()[CENTRAL_ROLE]["group"]


def decentral_group_name():
    """The decentral news editors' group („Redaktion dezentral“), from the role file."""
    return load_roles()[DECENTRAL_ROLE]["group"]


def area_group_name(area):
    """The name of the editors' group of an information area (an ``Area``
    value), from the role file's pattern (e.g. „Bereichsredaktion {area_label}“)."""
    with translation.override("de"):
        label = str(Area(area).label)
    return load_roles()[AREA_ROLE]["group"].format(area=area, area_label=label)


def __getattr__(name):
    # The group names used to be constants here; they now come from the role file.
    if name == "CENTRAL_GROUP":
        return central_group_name()
    if name == "DECENTRAL_GROUP":
        return decentral_group_name()
    raise AttributeError(name)


@dataclass
class EditorialSetup:
    """What ``ensure_editorial_setup`` manages, and what it changed on this run."""

    central_group: Group
    decentral_group: Group
    area_groups: dict[str, Group]
    workflow: Workflow
    task: GroupApprovalTask
    changes: list[str] = field(default_factory=list)


class _Sync:
    """Makes one run's workflow changes and records them in readable form."""

    def __init__(self, changes):
        self.changes = changes

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
    # Groups and rights first: the approval task names the central group.
    sync = _Sync(apply_roles(only=EDITORIAL_ROLES, audit=False))
    central = Group.objects.get(name=central_group_name())
    decentral = Group.objects.get(name=decentral_group_name())
    area_groups = {area: Group.objects.get(name=area_group_name(area)) for area in Area.values}
    workflow, task = sync.workflow(central)
    for page in Page.objects.type(NewsIndexPage).order_by("path"):
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
    """Apply the editorial roles of the role file (groups and their
    permissions) and set up the news workflow; safe to run any number of
    times. Returns an ``EditorialSetup`` whose ``changes`` lists what was
    (or, with ``dry_run``, would be) changed; it is empty when everything
    was already in place. With ``stdout`` (a file-like object) each change
    is also written there."""
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
