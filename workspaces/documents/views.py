"""Reader views of the documents tool, below ``<workspace-url>dokumente/``.

The workspace page's view restriction has already been checked when they
run (see workspaces/tools.py); documents are read through the permission
core once more, and every write goes through services, which checks the
role. Refused input re-renders the page with the reason (status 400 or
409) and writes nothing."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from cms.downloads import private_download
from workspaces.models import Workspace
from workspaces.tools import tool_links, tool_url

from . import services
from .forms import CommentForm, DocumentUploadForm, VersionForm
from .services import TOOL, CheckedOut


def _workspace(page):
    try:
        return Workspace.objects.select_related("page", "collection").get(page_id=page.pk)
    except Workspace.DoesNotExist:
        raise Http404 from None


def _messages_of(error):
    return " ".join(error.messages) if isinstance(error, ValidationError) else str(error)


def document_rows(workspace, user):
    """The visible documents with their current version number, last change
    and check-out (one query)."""
    rows = []
    for document in services.annotated_documents(workspace, user):
        checkout = getattr(document, "workspace_checkout", None)
        rows.append(
            {
                "document": document,
                "url": tool_url(workspace.page, TOOL, "detail", pk=document.pk),
                "version": document.version_number,
                "changed_at": document.changed_at,
                "checkout": checkout,
                "checkout_message": services.checkout_message(checkout) if checkout else "",
            }
        )
    return rows


def _base_context(request, page, workspace):
    return {
        "page": page,
        "workspace": workspace,
        "tool_links": tool_links(page),
        "index_url": tool_url(page, TOOL),
        "can_write": services.can_write(workspace, request.user),
        "is_owner": services.is_owner(workspace, request.user),
    }


@require_http_methods(["GET", "HEAD", "POST"])
def index(request, workspace_page):
    """The documents of the workspace with their check-out state; owners and
    members upload new ones here."""
    workspace = _workspace(workspace_page)
    context = _base_context(request, workspace_page, workspace)
    form = None
    status = 200
    if request.method == "POST":
        services.require_write(workspace, request.user)
        form = DocumentUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                document = services.add_document(
                    workspace,
                    request.user,
                    form.cleaned_data["file"],
                    form.cleaned_data["title"],
                    form.cleaned_data["note"],
                )
            except ValidationError as error:
                form.add_error(None, _messages_of(error))
            else:
                messages.success(
                    request, _("„%(title)s“ ist hochgeladen.") % {"title": document.title}
                )
                return HttpResponseRedirect(services.detail_url(workspace, document))
        status = 400
    elif context["can_write"]:
        form = DocumentUploadForm()
    context.update(rows=document_rows(workspace, request.user), upload_form=form)
    return TemplateResponse(request, "workspace_documents/index.html", context, status=status)


def _detail_response(request, page, workspace, document, status=200, **forms):
    user = request.user
    context = _base_context(request, page, workspace)
    checkout = services.checkout_of(document)
    versions = services.history(document)
    context.update(
        {
            "document": document,
            "versions": versions,
            "current_number": versions[0].number,
            "checkout": checkout,
            "checkout_message": services.checkout_message(checkout) if checkout else "",
            "holds_checkout": bool(checkout and checkout.user_id == user.pk),
            "comments": services.comments_of(document),
            "urls": {
                name: tool_url(page, TOOL, name, pk=document.pk)
                for name in ("detail", "checkout", "checkin", "new_version", "comment")
            },
        }
    )
    for version in versions:
        version.download_url = tool_url(
            page, TOOL, "version_file", pk=document.pk, number=version.number
        )
        version.restore_url = tool_url(
            page, TOOL, "version_restore", pk=document.pk, number=version.number
        )
        version.uploader_name = services.display_name(version.uploaded_by)
    if context["can_write"]:
        context["version_form"] = forms.get("version_form") or VersionForm()
        context["comment_form"] = forms.get("comment_form") or CommentForm()
    return TemplateResponse(request, "workspace_documents/detail.html", context, status=status)


@require_safe
def detail(request, workspace_page, pk):
    """One document: versions with download and restore, check-out state
    and buttons, the new-version form and the comments."""
    workspace = _workspace(workspace_page)
    document = services.get_document(workspace, request.user, pk)
    return _detail_response(request, workspace_page, workspace, document)


def _redirect_detail(workspace, document):
    return HttpResponseRedirect(services.detail_url(workspace, document))


@require_POST
def checkout(request, workspace_page, pk):
    """Check the document out for the signed-in person."""
    workspace = _workspace(workspace_page)
    document = services.get_document(workspace, request.user, pk)
    try:
        _checkout, created = services.check_out(workspace, request.user, document)
    except CheckedOut as error:
        messages.error(request, str(error))
        return _detail_response(request, workspace_page, workspace, document, status=409)
    if created:
        messages.success(
            request,
            _("Sie haben „%(title)s“ ausgecheckt. Andere sehen, dass Sie es bearbeiten.")
            % {"title": document.title},
        )
    else:
        messages.info(request, _("Sie haben dieses Dokument bereits ausgecheckt."))
    return _redirect_detail(workspace, document)


@require_POST
def checkin(request, workspace_page, pk):
    """End the check-out (the holder, or an owner)."""
    workspace = _workspace(workspace_page)
    document = services.get_document(workspace, request.user, pk)
    try:
        services.check_in(workspace, request.user, document)
    except (CheckedOut, ValidationError) as error:
        messages.error(request, _messages_of(error))
        return _detail_response(request, workspace_page, workspace, document, status=409)
    messages.success(request, _("„%(title)s“ ist eingecheckt.") % {"title": document.title})
    return _redirect_detail(workspace, document)


@require_POST
def new_version(request, workspace_page, pk):
    """Upload a new version of the document."""
    workspace = _workspace(workspace_page)
    document = services.get_document(workspace, request.user, pk)
    services.require_write(workspace, request.user)
    form = VersionForm(request.POST, request.FILES)
    status = 400
    if form.is_valid():
        try:
            version = services.add_version(
                workspace,
                request.user,
                document,
                form.cleaned_data["file"],
                note=form.cleaned_data["note"],
                check_in=form.cleaned_data["check_in"],
            )
        except CheckedOut as error:
            form.add_error(None, str(error))
            status = 409
        except ValidationError as error:
            form.add_error(None, _messages_of(error))
        else:
            messages.success(
                request, _("Version %(number)s ist gespeichert.") % {"number": version.number}
            )
            return _redirect_detail(workspace, document)
    return _detail_response(
        request, workspace_page, workspace, document, status=status, version_form=form
    )


@require_safe
def version_file(request, workspace_page, pk, number):
    """Download one version, after the same visibility check as the document."""
    workspace = _workspace(workspace_page)
    document = services.get_document(workspace, request.user, pk)
    version = services.get_version(document, number)
    return version_file_response(document, version)


def version_file_response(document, version):
    """The file of a version as a download (never straight from MEDIA_URL)."""
    handle = services.open_version_file(document, version)
    response = FileResponse(handle, as_attachment=True, filename=version.filename)
    response["X-Content-Type-Options"] = "nosniff"
    # A workspace's files are its people's: never kept by any cache.
    return private_download(response, restricted=True)


@require_POST
def version_restore(request, workspace_page, pk, number):
    """Make an earlier version current again (as a new version)."""
    workspace = _workspace(workspace_page)
    document = services.get_document(workspace, request.user, pk)
    try:
        version = services.restore_version(workspace, request.user, document, number)
    except CheckedOut as error:
        messages.error(request, str(error))
        return _detail_response(request, workspace_page, workspace, document, status=409)
    except ValidationError as error:
        messages.error(request, _messages_of(error))
        return _detail_response(request, workspace_page, workspace, document, status=400)
    messages.success(
        request,
        _("Version %(old)s ist als Version %(new)s wiederhergestellt.")
        % {"old": number, "new": version.number},
    )
    return _redirect_detail(workspace, document)


@require_POST
def comment(request, workspace_page, pk):
    """Add a comment to the document."""
    workspace = _workspace(workspace_page)
    document = services.get_document(workspace, request.user, pk)
    services.require_write(workspace, request.user)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.add_comment(workspace, request.user, document, form.cleaned_data["text"])
        except ValidationError as error:
            form.add_error("text", _messages_of(error))
        else:
            messages.success(request, _("Ihr Kommentar ist gespeichert."))
            return HttpResponseRedirect(services.detail_url(workspace, document) + "#kommentare")
    return _detail_response(
        request, workspace_page, workspace, document, status=400, comment_form=form
    )
