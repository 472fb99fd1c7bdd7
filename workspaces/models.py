"""Workspaces: closed project areas. A workspace is a page subtree (its
WorkspacePage and everything below) with its own groups, view restriction
and document collection; see workspaces/services.py for how they are kept
in step.

Rights: the role file's ``per: workspace`` roles (config/roles.yaml) are
stamped out for every Workspace through workspaces/rights.py, which names
``owner_group`` / ``member_group`` / ``reader_group`` as the slots
``owner`` / ``member`` / ``reader``; cms.rights grants them."""

import datetime

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Collection
from wagtail.search import index

from cms.blocks import BodyBlock
from cms.models import BasePage

# How long a workspace marked for deletion stays before purge_workspaces removes it.
DELETION_GRACE_DAYS = 30


class WorkspaceIndexPage(RoutablePageMixin, BasePage):
    """The list of workspaces („Arbeitsräume“). Lists the workspaces a reader
    may read (through the permission core) and, as a deliberate and
    documented exception, the bare titles of private workspaces the reader
    is not in, so that they can ask to join. Secret workspaces are never
    listed for non-members."""

    intro = RichTextField(_("Einleitung"), blank=True, features=["bold", "italic", "link"])

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]
    api_fields = BasePage.api_fields + [APIField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["workspaces.WorkspacePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("Arbeitsraumübersicht")
        verbose_name_plural = _("Arbeitsraumübersichten")

    def get_context(self, request, *args, **kwargs):
        from .views import index_context

        context = super().get_context(request, *args, **kwargs)
        context.update(index_context(self, request.user))
        return context

    @path("neu/", name="create")
    def create(self, request):
        """Any signed-in employee creates a workspace (form, POST)."""
        from .views import create_view

        return create_view(request, self)

    @path("beitreten/<int:workspace_id>/", name="join")
    def join(self, request, workspace_id):
        """Ask to join a private workspace (POST)."""
        from .views import join_request_view

        return join_request_view(request, self, workspace_id)


class WorkspacePage(RoutablePageMixin, BasePage):
    """The root page of one workspace. Its subtree is the workspace: the view
    restriction sits here (private and secret workspaces), and the groups'
    page permissions are granted here. Self-service views (members, join
    requests, upload, lifecycle) are routes below this page, so Wagtail's
    restriction check guards them before any view code runs."""

    intro = RichTextField(_("Einleitung"), blank=True, features=["bold", "italic", "link"])
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("Inhalt"))

    content_panels = BasePage.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = BasePage.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    api_fields = BasePage.api_fields + [APIField("intro"), APIField("body")]

    parent_page_types = ["workspaces.WorkspaceIndexPage"]
    # The first type is also that of the starter pages (starter_page_model).
    subpage_types = ["home.ContentPage"]

    class Meta:
        verbose_name = _("Arbeitsraum")
        verbose_name_plural = _("Arbeitsräume")

    @classmethod
    def starter_page_model(cls):
        """The page type of a new workspace's starter pages: the first type
        allowed below a workspace page, resolved by Wagtail from
        ``subpage_types`` (the general content page), so the workspace code
        does not import the app that defines it."""
        return cls.allowed_subpage_models()[0]

    def get_context(self, request, *args, **kwargs):
        from .views import workspace_context

        context = super().get_context(request, *args, **kwargs)
        context.update(workspace_context(self, request))
        return context

    @path("mitglieder/", name="members")
    def members(self, request):
        """Owners manage members and join requests."""
        from .views import members_view

        return members_view(request, self)

    @path("hochladen/", name="upload")
    def upload(self, request):
        """Owners and members upload a document into the workspace collection."""
        from .views import upload_view

        return upload_view(request, self)

    @path("status/", name="lifecycle")
    def lifecycle(self, request):
        """Owners archive, reactivate or schedule the workspace for deletion."""
        from .views import lifecycle_view

        return lifecycle_view(request, self)

    @re_path(r"^(?P<tool>dokumente|kalender|diskussionen|glossar)/(?P<rest>.*)$", name="tool")
    def tool(self, request, tool, rest):
        """The tools of the workspace (see workspaces/tools.py)."""
        from .tools import dispatch

        return dispatch(request, self, tool, rest)


class Workspace(models.Model):
    """The settings and groups of one workspace (one per WorkspacePage)."""

    class Kind(models.TextChoices):
        PUBLIC = "public", _("Öffentlich")
        PRIVATE = "private", _("Privat")
        SECRET = "secret", _("Geheim")

    class Template(models.TextChoices):
        PROJECT = "project", _("Projekt")
        WORKING_GROUP = "working_group", _("Arbeitsgruppe")
        COMMITTEE = "committee", _("Gremium")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Aktiv")
        ARCHIVED = "archived", _("Archiviert")
        SCHEDULED_FOR_DELETION = "scheduled_for_deletion", _("Zur Löschung vorgemerkt")

    page = models.OneToOneField(
        WorkspacePage,
        verbose_name=_("Seite"),
        on_delete=models.CASCADE,
        related_name="workspace",
    )
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices, default=Kind.PRIVATE)
    template = models.CharField(
        _("Vorlage"), max_length=20, choices=Template.choices, default=Template.PROJECT
    )
    status = models.CharField(
        _("Status"), max_length=30, choices=Status.choices, default=Status.ACTIVE
    )
    delete_after = models.DateField(_("Löschen nach"), null=True, blank=True)
    owner_group = models.OneToOneField(
        Group,
        verbose_name=_("Gruppe der Verantwortlichen"),
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="owned_workspace",
    )
    member_group = models.OneToOneField(
        Group,
        verbose_name=_("Gruppe der Mitglieder"),
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="member_workspace",
    )
    reader_group = models.OneToOneField(
        Group,
        verbose_name=_("Gruppe der Lesenden"),
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="read_workspace",
    )
    collection = models.OneToOneField(
        Collection,
        verbose_name=_("Sammlung"),
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="workspace",
    )
    created_at = models.DateTimeField(_("Angelegt am"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Angelegt von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("Arbeitsraum-Einstellungen")
        verbose_name_plural = _("Arbeitsraum-Einstellungen")
        ordering = ["page__title"]

    def __str__(self):
        return self.page.title

    @property
    def title(self):
        return self.page.title

    @property
    def is_active(self):
        return self.status == self.Status.ACTIVE

    @property
    def is_restricted(self):
        """Private and secret workspaces are readable by their members only."""
        return self.kind != self.Kind.PUBLIC

    def groups(self):
        """The workspace's groups that exist, in role order."""
        return [g for g in (self.owner_group, self.member_group, self.reader_group) if g]

    def role_of(self, user):
        """The user's role here (a WorkspaceMembership.Role value) or None."""
        if user is None or not user.is_authenticated:
            return None
        return self.memberships.filter(user=user).values_list("role", flat=True).first()

    def default_delete_after(self):
        return timezone.localdate() + datetime.timedelta(days=DELETION_GRACE_DAYS)


class WorkspaceMembership(models.Model):
    """A person's role in a workspace. The groups follow these rows (see
    services.sync_groups): owners are in the owner group, members in the
    member group, readers in the reader group."""

    class Role(models.TextChoices):
        OWNER = "owner", _("Verantwortlich")
        MEMBER = "member", _("Mitglied")
        READER = "reader", _("Lesend")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Person"),
        on_delete=models.CASCADE,
        related_name="workspace_memberships",
    )
    workspace = models.ForeignKey(
        Workspace,
        verbose_name=_("Arbeitsraum"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("Rolle"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(_("Seit"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("Arbeitsraum-Mitgliedschaft")
        verbose_name_plural = _("Arbeitsraum-Mitgliedschaften")
        ordering = ["role", "user__last_name", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "workspace"], name="unique_workspace_membership"
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.workspace} ({self.get_role_display()})"


class JoinRequest(models.Model):
    """Someone asks to join a private workspace; an owner decides."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Offen")
        ACCEPTED = "accepted", _("Angenommen")
        DECLINED = "declined", _("Abgelehnt")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Person"),
        on_delete=models.CASCADE,
        related_name="workspace_join_requests",
    )
    workspace = models.ForeignKey(
        Workspace,
        verbose_name=_("Arbeitsraum"),
        on_delete=models.CASCADE,
        related_name="join_requests",
    )
    message = models.TextField(_("Nachricht"), blank=True, max_length=2000)
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("Gestellt am"), default=timezone.now, editable=False)
    decided_at = models.DateTimeField(_("Entschieden am"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Entschieden von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("Beitrittsanfrage")
        verbose_name_plural = _("Beitrittsanfragen")
        ordering = ["created_at"]
        constraints = [
            # One open request per person and workspace; asking twice changes nothing.
            models.UniqueConstraint(
                fields=["user", "workspace"],
                condition=models.Q(status="pending"),
                name="one_pending_join_request",
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.workspace} ({self.get_status_display()})"
