"""API of the documents tool, mounted at /api/v2/workspaces/<workspace_id>/.

The same rules as the site, through the same services: a workspace the
caller may not read answers 404 on every route (like an unknown id), so do
its documents and their versions; owners and members of an active
workspace write, readers read; a document someone else has checked out
answers 409 with who and since when. Errors are ``{"message": "…"}``."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import path, reverse
from django.utils.translation import gettext as _

from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from cms.api.validation import MAX_OFFSET

from . import services
from .forms import CommentForm, DocumentUploadForm, VersionForm
from .services import CheckedOut
from .views import version_file_response

MAX_LIMIT = 100


def user_json(user):
    if user is None:
        return None
    return {"id": user.pk, "name": services.display_name(user)}


def checkout_json(checkout):
    if checkout is None:
        return None
    return {
        "user": user_json(checkout.user),
        "since": checkout.since.isoformat(),
        "message": services.checkout_message(checkout),
    }


def document_json(workspace, document, version_number, checkout):
    """The fields of a document in listings and detail."""
    return {
        "id": document.pk,
        "title": document.title,
        "filename": document.filename,
        "file_extension": document.file_extension,
        "file_size": document.file_size,
        "created_at": document.created_at.isoformat(),
        "uploaded_by": user_json(document.uploaded_by_user),
        "version": version_number,
        "checked_out": checkout_json(checkout),
        "download_url": document.url,
        "html_url": services.detail_url(workspace, document),
    }


def version_json(workspace, document, version):
    return {
        "number": version.number,
        "current": version.is_current,
        "filename": version.filename,
        "file_size": version.file_size,
        "uploaded_by": user_json(version.uploaded_by),
        "created_at": version.created_at.isoformat(),
        "note": version.note,
        "restored_from": version.restored_from,
        "download_url": reverse(
            "workspace-document-version-file",
            kwargs={"workspace_id": workspace.pk, "pk": document.pk, "number": version.number},
        ),
    }


def comment_json(comment):
    return {
        "id": comment.pk,
        "author": user_json(comment.author),
        "text": comment.text,
        "created_at": comment.created_at.isoformat(),
    }


def detail_json(workspace, document):
    versions = services.history(document)
    data = document_json(workspace, document, versions[0].number, services.checkout_of(document))
    data["versions"] = [version_json(workspace, document, v) for v in versions]
    data["comments_count"] = document.workspace_comments.count()
    return data


def form_error(form):
    """A refused form as ``{"message", "errors"}`` (400)."""
    texts = [str(e) for e in form.non_field_errors()]
    texts += [str(e) for name in form.fields for e in form.errors.get(name, [])]
    return Response(
        {"message": " ".join(texts) or _("Die Anfrage ist ungültig."), "errors": form.errors},
        status=status.HTTP_400_BAD_REQUEST,
    )


class DocumentsAPIView(APIView):
    """Common ground: the workspace (404 unless readable) and the mapping of
    the services' refusals to status codes with German messages."""

    def handle_exception(self, exc):
        if isinstance(exc, Http404):
            return Response({"message": _("Nicht gefunden.")}, status=status.HTTP_404_NOT_FOUND)
        if isinstance(exc, PermissionDenied):
            message = str(exc) or _("Dafür fehlt Ihnen die Berechtigung.")
            return Response({"message": message}, status=status.HTTP_403_FORBIDDEN)
        if isinstance(exc, CheckedOut):
            return Response(
                {"message": str(exc), "checked_out": checkout_json(exc.checkout)},
                status=status.HTTP_409_CONFLICT,
            )
        if isinstance(exc, ValidationError):
            return Response({"message": " ".join(exc.messages)}, status=status.HTTP_400_BAD_REQUEST)
        return super().handle_exception(exc)

    def workspace(self):
        return services.workspace_for(self.request.user, self.kwargs["workspace_id"])

    def document(self, workspace):
        return services.get_document(workspace, self.request.user, self.kwargs["pk"])


def _int_param(request, name, default, maximum=None):
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        value = -1
    if value < 0:
        raise ValidationError(_("„%(name)s“ muss eine ganze Zahl ab 0 sein.") % {"name": name})
    if maximum is not None and value > maximum:
        raise ValidationError(
            _("„%(name)s“ darf höchstens %(max)s sein.") % {"name": name, "max": maximum}
        )
    return value


class DocumentListAPIView(DocumentsAPIView):
    """GET: the workspace's documents; POST (multipart): upload a new one."""

    def get(self, request, workspace_id):
        workspace = self.workspace()
        limit = _int_param(request, "limit", 20, MAX_LIMIT)
        offset = _int_param(request, "offset", 0, MAX_OFFSET)
        documents = services.annotated_documents(workspace, request.user).select_related(
            "uploaded_by_user"
        )
        items = [
            document_json(
                workspace,
                document,
                document.version_number,
                getattr(document, "workspace_checkout", None),
            )
            for document in documents[offset : offset + limit]
        ]
        return Response({"meta": {"total_count": documents.count()}, "items": items})

    def post(self, request, workspace_id):
        workspace = self.workspace()
        services.require_write(workspace, request.user)
        form = DocumentUploadForm(request.data, request.FILES)
        if not form.is_valid():
            return form_error(form)
        document = services.add_document(
            workspace,
            request.user,
            form.cleaned_data["file"],
            form.cleaned_data["title"],
            form.cleaned_data["note"],
        )
        return Response(detail_json(workspace, document), status=status.HTTP_201_CREATED)


class DocumentDetailAPIView(DocumentsAPIView):
    """GET: one document with its versions and check-out state."""

    def get(self, request, workspace_id, pk):
        workspace = self.workspace()
        return Response(detail_json(workspace, self.document(workspace)))


class VersionListAPIView(DocumentsAPIView):
    """POST (multipart): upload a new version."""

    def post(self, request, workspace_id, pk):
        workspace = self.workspace()
        document = self.document(workspace)
        services.require_write(workspace, request.user)
        data = request.data.copy()
        # Unlike an unticked checkbox, a missing field means the default: check in.
        data.setdefault("check_in", "true")
        form = VersionForm(data, request.FILES)
        if not form.is_valid():
            return form_error(form)
        services.add_version(
            workspace,
            request.user,
            document,
            form.cleaned_data["file"],
            note=form.cleaned_data["note"],
            check_in=form.cleaned_data["check_in"],
        )
        return Response(detail_json(workspace, document), status=status.HTTP_201_CREATED)


class VersionRestoreAPIView(DocumentsAPIView):
    """POST: make an earlier version current again (as a new version)."""

    def post(self, request, workspace_id, pk, number):
        workspace = self.workspace()
        document = self.document(workspace)
        services.restore_version(workspace, request.user, document, number)
        return Response(detail_json(workspace, document), status=status.HTTP_201_CREATED)


class VersionFileAPIView(DocumentsAPIView):
    """GET: the file of one version, after the document's visibility check."""

    def get(self, request, workspace_id, pk, number):
        workspace = self.workspace()
        document = self.document(workspace)
        return version_file_response(document, services.get_version(document, number))


class CheckOutAPIView(DocumentsAPIView):
    """POST: check out; DELETE: check in (the holder, or an owner)."""

    def post(self, request, workspace_id, pk):
        workspace = self.workspace()
        document = self.document(workspace)
        checkout, created = services.check_out(workspace, request.user, document)
        return Response(
            {"checked_out": checkout_json(checkout)},
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    def delete(self, request, workspace_id, pk):
        workspace = self.workspace()
        services.check_in(workspace, request.user, self.document(workspace))
        return Response(status=status.HTTP_204_NO_CONTENT)


class CommentListAPIView(DocumentsAPIView):
    """GET: the comments of a document; POST: add one."""

    def get(self, request, workspace_id, pk):
        workspace = self.workspace()
        document = self.document(workspace)
        return Response({"items": [comment_json(c) for c in services.comments_of(document)]})

    def post(self, request, workspace_id, pk):
        workspace = self.workspace()
        document = self.document(workspace)
        services.require_write(workspace, request.user)
        form = CommentForm(request.data if hasattr(request.data, "get") else {})
        if not form.is_valid():
            return form_error(form)
        comment = services.add_comment(workspace, request.user, document, form.cleaned_data["text"])
        return Response(comment_json(comment), status=status.HTTP_201_CREATED)


urlpatterns = [
    path("documents/", DocumentListAPIView.as_view(), name="workspace-documents"),
    path(
        "documents/<int:pk>/",
        DocumentDetailAPIView.as_view(),
        name="workspace-document",
    ),
    path(
        "documents/<int:pk>/versions/",
        VersionListAPIView.as_view(),
        name="workspace-document-versions",
    ),
    path(
        "documents/<int:pk>/versions/<int:number>/file/",
        VersionFileAPIView.as_view(),
        name="workspace-document-version-file",
    ),
    path(
        "documents/<int:pk>/versions/<int:number>/restore/",
        VersionRestoreAPIView.as_view(),
        name="workspace-document-version-restore",
    ),
    path(
        "documents/<int:pk>/checkout/",
        CheckOutAPIView.as_view(),
        name="workspace-document-checkout",
    ),
    path(
        "documents/<int:pk>/comments/",
        CommentListAPIView.as_view(),
        name="workspace-document-comments",
    ),
]
