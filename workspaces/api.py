"""API of workspaces themselves, mounted at /api/v2/workspaces/.

The listing mirrors the rendered workspace index exactly (it calls the same
``views.index_context``): workspaces the person may read, and – the one
documented exception – the bare titles of active private workspaces they
may ask to join. Secret workspaces never appear for non-members. Detail and
members answer 404 for every workspace the person may not read, like an
unknown id."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import path, reverse
from django.utils.translation import gettext as _

from rest_framework import status
from rest_framework.exceptions import ParseError
from rest_framework.response import Response
from rest_framework.views import APIView
from wagtail.models import Site

from cms.permissions import can_view_page, published_by_page

from . import services
from .forms import WorkspaceCreateForm
from .models import JoinRequest, Workspace, WorkspaceIndexPage, WorkspaceMembership, WorkspacePage
from .tools import tool_links
from .views import create_workspace_from_form, index_context

Role = WorkspaceMembership.Role
MESSAGE_MAX = 2000


def _error(message, code):
    return Response({"message": message}, status=code)


def _not_found():
    return _error(_("Nicht gefunden."), status.HTTP_404_NOT_FOUND)


def workspace_index(request):
    """The workspace index of the requested site (None when it has none)."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    return WorkspaceIndexPage.objects.child_of(site.root_page).live().first()


def _workspace(request, pk):
    """The workspace ``pk`` below this site's index whose page is live and
    not expired (as the permission core decides), or None."""
    index = workspace_index(request)
    if index is None:
        return None
    below = Workspace.objects.filter(pk=pk, page__in=WorkspacePage.objects.child_of(index))
    return published_by_page(below, "page").select_related("page").first()


def _readable_workspace(request, pk):
    """The workspace ``pk`` if the person may read it, else None (404)."""
    workspace = _workspace(request, pk)
    if workspace is None or not can_view_page(request.user, workspace.page):
        return None
    return workspace


def _summary(workspace, role):
    page = workspace.page
    return {
        "id": workspace.pk,
        "page_id": page.pk,
        "title": page.title,
        "summary": getattr(page, "summary", "") or "",
        "kind": workspace.kind,
        "kind_label": str(workspace.get_kind_display()),
        "status": workspace.status,
        "status_label": str(workspace.get_status_display()),
        "template": workspace.template,
        "my_role": role,
        "url": page.url,
        "access": "read",
    }


def _members(workspace):
    memberships = workspace.memberships.select_related("user").order_by(
        "role", "user__last_name", "user__username"
    )
    return [
        {
            "user_id": m.user_id,
            "username": m.user.get_username(),
            "name": m.user.get_full_name() or m.user.get_username(),
            "role": m.role,
            "role_label": str(m.get_role_display()),
            "since": m.created_at.isoformat(),
        }
        for m in memberships
    ]


def _detail(workspace, user):
    """A workspace as the detail endpoint shows it to ``user``."""
    role = workspace.role_of(user)
    data = _summary(workspace, role)
    is_owner = role == Role.OWNER or user.is_superuser
    data.update(
        {
            "delete_after": (
                workspace.delete_after.isoformat() if workspace.delete_after else None
            ),
            "can_edit": workspace.is_active and role in (Role.OWNER, Role.MEMBER),
            "members": _members(workspace),
            "tools": [
                {"label": str(label), "url": url} for label, url in tool_links(workspace.page)
            ],
            "pending_join_requests": (
                workspace.join_requests.filter(status=JoinRequest.Status.PENDING).count()
                if is_owner
                else None
            ),
        }
    )
    return data


# JSON names of the creation form's fields, in the order errors are reported.
CREATE_FIELDS = ("title", "summary", "kind", "template")


def _form_errors(form):
    """``({"title": ["…"]}, "Titel („title“): …")``: the errors by JSON name
    and one German message naming each field."""
    errors = {
        name: [str(e) for e in form.errors[name]] for name in CREATE_FIELDS if name in form.errors
    }
    parts = [
        _("%(label)s („%(name)s“): %(errors)s")
        % {"label": form.fields[name].label, "name": name, "errors": " ".join(messages)}
        for name, messages in errors.items()
    ]
    parts += [str(e) for e in form.non_field_errors()]
    return errors, " ".join(parts)


class WorkspaceListView(APIView):
    """``GET``: the workspaces the person may read (theirs first) and the bare
    titles of private workspaces they may ask to join. ``POST``
    ``{"title", "summary", "kind", "template"}``: a new workspace, with the
    person as its owner (any signed-in employee may create one)."""

    def get(self, request):
        index = workspace_index(request)
        if index is None:
            return Response(
                {"meta": {"total_count": 0, "mine": 0, "other": 0, "joinable": 0}, "items": []}
            )
        context = index_context(index, request.user)
        roles = dict(
            WorkspaceMembership.objects.filter(user=request.user).values_list(
                "workspace_id", "role"
            )
        )
        items = []
        for group in ("my_workspaces", "other_workspaces"):
            for page in context[group]:
                workspace = getattr(page, "workspace", None)
                if workspace is None:  # a page without its settings row: not a workspace yet
                    continue
                workspace.page = page
                items.append(_summary(workspace, roles.get(workspace.pk)))
        mine = sum(1 for item in items if item["my_role"])
        joinable = [
            # The bare title only: nothing else about a workspace one cannot read.
            {
                "id": entry["pk"],
                "title": entry["title"],
                "access": "joinable",
                "join_request_pending": entry["pending"],
            }
            for entry in context["joinable"]
        ]
        return Response(
            {
                "meta": {
                    "total_count": len(items) + len(joinable),
                    "mine": mine,
                    "other": len(items) - mine,
                    "joinable": len(joinable),
                },
                "items": items + joinable,
            }
        )

    def post(self, request):
        index = workspace_index(request)
        if index is None:
            return _error(
                _("Diese Website hat keine Arbeitsraumübersicht."), status.HTTP_400_BAD_REQUEST
            )
        try:
            data = request.data
        except ParseError:
            data = None
        if not isinstance(data, dict):
            return _error(
                _(
                    "Bitte senden Sie ein JSON-Objekt, z. B. "
                    '{"title": "…", "kind": "private", "template": "project"}.'
                ),
                status.HTTP_400_BAD_REQUEST,
            )
        for name in CREATE_FIELDS:
            if name in data and not isinstance(data[name], str):
                label = WorkspaceCreateForm.base_fields[name].label
                return _error(
                    _("%(label)s („%(name)s“) muss ein Text sein.")
                    % {"label": label, "name": name},
                    status.HTTP_400_BAD_REQUEST,
                )
        form = WorkspaceCreateForm({name: data.get(name, "") for name in CREATE_FIELDS})
        workspace = None
        if form.is_valid():
            workspace = create_workspace_from_form(form, index, request.user)
        if workspace is None:
            errors, message = _form_errors(form)
            return Response({"message": message, "errors": errors}, status.HTTP_400_BAD_REQUEST)
        return Response(
            _detail(workspace, request.user),
            status=status.HTTP_201_CREATED,
            headers={"Location": reverse("api-workspace", args=[workspace.pk])},
        )


class WorkspaceDetailView(APIView):
    """``GET``: one workspace the person may read, with their role, the
    members and the tools."""

    def get(self, request, pk):
        workspace = _readable_workspace(request, pk)
        if workspace is None:
            return _not_found()
        return Response(_detail(workspace, request.user))


class WorkspaceMembersView(APIView):
    """``GET``: the members of a workspace the person may read."""

    def get(self, request, pk):
        workspace = _readable_workspace(request, pk)
        if workspace is None:
            return _not_found()
        members = _members(workspace)
        return Response({"meta": {"total_count": len(members)}, "items": members})


class WorkspaceJoinView(APIView):
    """``POST`` ``{"message": "…"}`` (optional): ask to join a private
    workspace. The owners are notified and decide."""

    def post(self, request, pk):
        workspace = _workspace(request, pk)
        if workspace is None:
            return _not_found()
        readable = can_view_page(request.user, workspace.page)
        if workspace.kind == Workspace.Kind.SECRET and not readable:
            return _not_found()  # its existence is not revealed
        if workspace.memberships.filter(user=request.user).exists():
            return _error(_("Sie gehören diesem Arbeitsraum bereits an."), status.HTTP_409_CONFLICT)
        if workspace.kind == Workspace.Kind.PUBLIC:
            return _error(
                _(
                    "Öffentliche Arbeitsräume können alle lesen; eine Beitrittsanfrage ist "
                    "nicht nötig. Zum Mitarbeiten lädt Sie eine verantwortliche Person ein."
                ),
                status.HTTP_400_BAD_REQUEST,
            )
        if workspace.kind == Workspace.Kind.SECRET:
            return _error(
                _("Geheime Arbeitsräume nehmen keine Beitrittsanfragen an."),
                status.HTTP_400_BAD_REQUEST,
            )
        data = request.data if isinstance(request.data, dict) else None
        if data is None:
            return _error(
                _('Bitte senden Sie ein JSON-Objekt, z. B. {"message": "…"}.'),
                status.HTTP_400_BAD_REQUEST,
            )
        message = data.get("message", "")
        if not isinstance(message, str) or len(message) > MESSAGE_MAX:
            return _error(
                _("Die Nachricht muss ein Text mit höchstens %(max)d Zeichen sein.")
                % {"max": MESSAGE_MAX},
                status.HTTP_400_BAD_REQUEST,
            )
        existed = workspace.join_requests.filter(
            user=request.user, status=JoinRequest.Status.PENDING
        ).exists()
        try:
            join_request = services.request_to_join(workspace, request.user, message)
        except PermissionDenied:
            return _not_found()
        except ValidationError as error:
            return _error(" ".join(error.messages), status.HTTP_400_BAD_REQUEST)
        return Response(
            {
                "id": join_request.pk,
                "workspace": workspace.pk,
                "status": join_request.status,
                "created_at": join_request.created_at.isoformat(),
                "notice": _(
                    "Ihre Anfrage für „%(title)s“ ist gestellt; die Verantwortlichen entscheiden."
                )
                % {"title": workspace.page.title},
            },
            status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED,
        )


urlpatterns = [
    path("", WorkspaceListView.as_view(), name="api-workspaces"),
    path("<int:pk>/", WorkspaceDetailView.as_view(), name="api-workspace"),
    path("<int:pk>/members/", WorkspaceMembersView.as_view(), name="api-workspace-members"),
    path("<int:pk>/join/", WorkspaceJoinView.as_view(), name="api-workspace-join"),
]
