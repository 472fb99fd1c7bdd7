"""The self-service views of workspaces. They run as routes of the
workspace pages (RoutablePageMixin), so Wagtail's view-restriction check
(and the permission core's 404 for hidden pages) guards them before any
code here runs; here only the role inside the workspace is checked."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cms.permissions import published_by_page, visible_documents, visible_pages

from . import services
from .forms import InviteForm, JoinForm, RoleForm, UploadForm, WorkspaceCreateForm, tools_help
from .models import JoinRequest, Workspace, WorkspaceMembership, WorkspacePage
from .tools import tool_links

Role = WorkspaceMembership.Role


def _workspace(page):
    try:
        return page.workspace
    except Workspace.DoesNotExist:
        raise Http404 from None


def _posted_id(request, name):
    """The posted id ``name``; a 404 when it is no positive whole number (a
    lookup with "abc" would fail with a 500)."""
    raw = request.POST.get(name, "")
    if not raw.isdecimal() or not raw.isascii() or len(raw) > 18 or int(raw) < 1:
        raise Http404
    return int(raw)


def _is_owner(workspace, user):
    return user.is_superuser or workspace.role_of(user) == Role.OWNER


def _first_error(error):
    return " ".join(error.messages) if isinstance(error, ValidationError) else str(error)


# --- index -------------------------------------------------------------------------


def index_context(index, user):
    """What the workspace list shows ``user``:

    - ``my_workspaces`` and ``other_workspaces``: workspace pages the user
      may read, asked from the permission core like every other listing;
    - ``joinable``: the deliberate exception – active *private* workspaces
      the user may not read, by title only, so that they can ask to join.
      Never secret ones, never anything but the title."""
    pages = list(
        visible_pages(user, WorkspacePage.objects.child_of(index))
        .select_related("workspace")
        .order_by("title")
    )
    mine_ids = set(
        WorkspaceMembership.objects.filter(user=user).values_list("workspace__page_id", flat=True)
        if user.is_authenticated
        else []
    )
    visible_ids = {page.pk for page in pages}
    candidates = Workspace.objects.filter(
        kind=Workspace.Kind.PRIVATE,
        status=Workspace.Status.ACTIVE,
        page__in=WorkspacePage.objects.child_of(index),
    )
    # Live and not expired, as the core decides; the restriction is the
    # very thing a joiner does not pass yet.
    joinable = (
        published_by_page(candidates, "page")
        .exclude(page_id__in=visible_ids | mine_ids)
        .select_related("page")
        .order_by("page__title")
    )
    pending = set(
        JoinRequest.objects.filter(user=user, status=JoinRequest.Status.PENDING).values_list(
            "workspace_id", flat=True
        )
        if user.is_authenticated
        else []
    )
    return {
        "my_workspaces": [p for p in pages if p.pk in mine_ids],
        "other_workspaces": [p for p in pages if p.pk not in mine_ids],
        "joinable": [
            {
                "pk": ws.pk,
                "title": ws.page.title,
                "pending": ws.pk in pending,
                "join_url": index.url + index.reverse_subpage("join", args=[ws.pk]),
            }
            for ws in joinable
        ],
        "join_form": JoinForm(),
        # Every signed-in employee may create a workspace (no extra right).
        "create_url": (
            index.url + index.reverse_subpage("create") if user.is_authenticated else ""
        ),
    }


@require_POST
def join_request_view(request, index, workspace_id):
    """Ask to join a private (or public) workspace. A secret workspace, or
    one outside this index, answers 404 like an unknown id."""
    askable = published_by_page(Workspace.objects.exclude(kind=Workspace.Kind.SECRET), "page")
    workspace = get_object_or_404(
        askable.select_related("page"),
        pk=workspace_id,
        page__in=WorkspacePage.objects.child_of(index),
    )
    form = JoinForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Die Nachricht ist zu lang."))
        return HttpResponseRedirect(index.url)
    try:
        services.request_to_join(workspace, request.user, form.cleaned_data["message"])
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, _first_error(error))
    else:
        messages.success(
            request,
            _("Ihre Anfrage für „%(title)s“ ist gestellt; die Verantwortlichen entscheiden.")
            % {"title": workspace.page.title},
        )
    return HttpResponseRedirect(index.url)


def create_workspace_from_form(form, index, user):
    """Create the workspace a valid ``form`` describes, below ``index``, with
    ``user`` as its owner. A refusal of the service (e.g. a rule checked
    there) becomes a form error and nothing is written (None)."""
    data = form.cleaned_data
    try:
        return services.create_workspace(
            data["title"],
            data["kind"],
            data["template"],
            user,
            summary=data["summary"],
            index=index,
        )
    except ValidationError as error:
        form.add_error(None, _first_error(error))
        return None


@require_http_methods(["GET", "POST"])
def create_view(request, index):
    """„Neuen Arbeitsraum anlegen“: any signed-in employee creates a
    workspace and becomes its owner; POST-redirect-GET to the new workspace.
    Bad input re-renders the form with the messages (400), nothing written."""
    if not request.user.is_authenticated:  # the login middleware already sends them away
        return redirect_to_login(request.get_full_path())
    form = WorkspaceCreateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        workspace = create_workspace_from_form(form, index, request.user)
        if workspace is not None:
            messages.success(
                request,
                _(
                    "Der Arbeitsraum „%(title)s“ ist angelegt. Sie sind verantwortlich und "
                    "können jetzt Mitglieder aufnehmen."
                )
                % {"title": workspace.page.title},
            )
            return HttpResponseRedirect(workspace.page.url)
    context = {
        "page": index,
        "self": index,
        "request": request,
        "form": form,
        "tools": tools_help(),
        "index_url": index.url,
        "action_url": index.url + index.reverse_subpage("create"),
    }
    invalid = request.method == "POST"
    return TemplateResponse(
        request, "workspaces/workspace_create.html", context, status=400 if invalid else 200
    )


# --- workspace page -----------------------------------------------------------------


def workspace_context(page, request, upload_form=None):
    """What the workspace page shows: subpages and documents the reader may
    see, the members, and the tools the reader's role allows."""
    user = request.user
    workspace = _workspace(page)
    role = workspace.role_of(user)
    can_edit = workspace.is_active and role in (Role.OWNER, Role.MEMBER)
    documents = []
    if workspace.collection_id:
        from cms.models import IntranetDocument

        documents = visible_documents(
            user, IntranetDocument.objects.filter(collection_id=workspace.collection_id)
        ).order_by("-created_at")[:50]
    is_owner = _is_owner(workspace, user)
    return {
        "workspace": workspace,
        "role": role,
        "role_label": Role(role).label if role else "",
        "is_owner": is_owner,
        "can_upload": can_edit,
        "subpages": visible_pages(user, page.get_children()).specific(),
        "documents": documents,
        "memberships": workspace.memberships.select_related("user"),
        "pending_requests": (
            workspace.join_requests.filter(status=JoinRequest.Status.PENDING).count()
            if is_owner
            else 0
        ),
        "days_left": services.day_count_left(workspace),
        "tool_links": tool_links(page),
        "urls": {
            name: page.url + page.reverse_subpage(name)
            for name in ("upload", "members", "lifecycle")
        },
        "upload_form": upload_form or (UploadForm() if can_edit else None),
    }


def upload_view(request, page):
    """POST: store one file in the workspace collection; refused files get a
    clear message and the page again, with nothing written."""
    workspace = _workspace(page)
    if request.method != "POST":
        return HttpResponseRedirect(page.url)
    role = workspace.role_of(request.user)
    if not workspace.is_active or role not in (Role.OWNER, Role.MEMBER):
        raise PermissionDenied
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        document = services.upload_document(
            workspace, request.user, form.cleaned_data["file"], form.cleaned_data["title"]
        )
        messages.success(request, _("„%(title)s“ ist hochgeladen.") % {"title": document.title})
        return HttpResponseRedirect(page.url)
    context = page.get_context(request)
    context.update(workspace_context(page, request, upload_form=form))
    return TemplateResponse(request, page.get_template(request), context, status=400)


def members_view(request, page):
    """Owners invite people, change roles, remove members and answer join
    requests. Everyone else in the workspace gets 403."""
    workspace = _workspace(page)
    if not _is_owner(workspace, request.user):
        raise PermissionDenied
    invite_form = InviteForm()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "invite":
                invite_form = InviteForm(request.POST)
                if invite_form.is_valid():
                    services.set_member(
                        workspace, invite_form.user, invite_form.cleaned_data["role"]
                    )
                    messages.success(
                        request,
                        _("%(user)s gehört jetzt zum Arbeitsraum.")
                        % {"user": invite_form.cleaned_data["username"]},
                    )
                    return HttpResponseRedirect(request.path)
            elif action in ("role", "remove"):
                form = RoleForm(request.POST)
                if not form.is_valid() and action == "role":
                    raise ValidationError(_("Bitte eine gültige Rolle wählen."))
                membership = get_object_or_404(
                    workspace.memberships, user_id=_posted_id(request, "user_id")
                )
                if action == "remove":
                    services.remove_member(workspace, membership.user)
                    messages.success(request, _("Die Person ist aus dem Arbeitsraum entfernt."))
                else:
                    services.set_member(workspace, membership.user, form.cleaned_data["role"])
                    messages.success(request, _("Die Rolle ist geändert."))
                return HttpResponseRedirect(request.path)
            elif action in ("accept", "decline"):
                join_request = get_object_or_404(
                    workspace.join_requests, pk=_posted_id(request, "request_id")
                )
                services.decide_join_request(join_request, action == "accept", by=request.user)
                messages.success(
                    request,
                    _("Die Anfrage ist angenommen.")
                    if action == "accept"
                    else _("Die Anfrage ist abgelehnt."),
                )
                return HttpResponseRedirect(request.path)
            else:
                raise ValidationError(_("Unbekannte Aktion."))
        except ValidationError as error:
            messages.error(request, _first_error(error))
            if action != "invite":
                return HttpResponseRedirect(request.path)
    context = page.get_context(request)
    context.update(
        {
            "workspace": workspace,
            "memberships": workspace.memberships.select_related("user"),
            "join_requests": workspace.join_requests.filter(
                status=JoinRequest.Status.PENDING
            ).select_related("user"),
            "invite_form": invite_form,
            "roles": Role.choices,
        }
    )
    return TemplateResponse(
        request,
        "workspaces/workspace_members.html",
        context,
        status=200 if request.method == "GET" else 400,
    )


@require_POST
def lifecycle_view(request, page):
    """Owners archive, reactivate, schedule deletion or cancel it."""
    workspace = _workspace(page)
    if not _is_owner(workspace, request.user):
        raise PermissionDenied
    statuses = {
        "archive": (
            Workspace.Status.ARCHIVED,
            _("Der Arbeitsraum ist archiviert und nur noch lesbar."),
        ),
        "reactivate": (Workspace.Status.ACTIVE, _("Der Arbeitsraum ist wieder aktiv.")),
        "delete": (
            Workspace.Status.SCHEDULED_FOR_DELETION,
            _("Der Arbeitsraum wird nach Ablauf der Frist endgültig gelöscht."),
        ),
    }
    action = request.POST.get("action")
    if action not in statuses:
        messages.error(request, _("Unbekannte Aktion."))
    else:
        status, text = statuses[action]
        services.set_status(workspace, status)
        messages.success(request, text)
    return HttpResponseRedirect(page.url)
