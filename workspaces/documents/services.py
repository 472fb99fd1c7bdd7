"""What the documents tool does: upload, new versions, restore, check-out
and check-in, comments, and the notifications that go with them.

Every write checks the role here (owners and members of an active
workspace), so the site views and the API cannot drift apart. Reading is the
permission core's business: ``visible_workspace_documents`` narrows to the
workspace collection and to what the reader may see."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cms.models import IntranetDocument
from cms.notifications.models import Kind
from cms.notifications.services import notify
from cms.permissions import can_view_page, visible_documents
from workspaces import services as workspace_services
from workspaces.models import Workspace, WorkspaceMembership
from workspaces.tools import tool_url

from .models import CheckOut, DocumentComment, DocumentVersion

Role = WorkspaceMembership.Role
TOOL = "dokumente"
NOTE_MAX = 500
COMMENT_MAX = 5000


class CheckedOut(Exception):
    """Someone else holds the check-out of this document."""

    def __init__(self, checkout):
        self.checkout = checkout
        super().__init__(checkout_message(checkout))

    @property
    def message(self):
        return str(self)


def display_name(user):
    """How a person is named in the tool (full name, else user name)."""
    if user is None:
        return _("Unbekannt")
    return user.get_full_name() or user.get_username()


def format_since(moment):
    """A moment as the tool shows it, e.g. „3. März 2026, 14:05 Uhr“."""
    return _("%(date)s Uhr") % {"date": date_format(timezone.localtime(moment), "j. F Y, H:i")}


def checkout_message(checkout):
    """„Ausgecheckt von X seit …“: what a second editor is told."""
    return _("Ausgecheckt von %(name)s seit %(since)s.") % {
        "name": display_name(checkout.user),
        "since": format_since(checkout.since),
    }


# --- reading -------------------------------------------------------------------------


def workspace_for(user, workspace_id):
    """The workspace with this id if ``user`` may read it; Http404 for hidden
    and unknown ids alike."""
    workspace = (
        Workspace.objects.select_related("page", "collection").filter(pk=workspace_id).first()
    )
    if workspace is None or not can_view_page(user, workspace.page):
        raise Http404
    return workspace


def visible_workspace_documents(workspace, user):
    """The documents of the workspace collection ``user`` may see, newest first."""
    if not workspace.collection_id:
        return IntranetDocument.objects.none()
    return visible_documents(
        user, IntranetDocument.objects.filter(collection_id=workspace.collection_id)
    ).order_by("-created_at", "-pk")


def annotated_documents(workspace, user):
    """``visible_workspace_documents`` with ``version_number``, ``changed_at``
    and the check-out (with its holder) fetched in the same query."""
    return (
        visible_workspace_documents(workspace, user)
        .select_related("workspace_checkout__user")
        .annotate(
            version_number=Coalesce(Max("workspace_versions__number"), Value(1)),
            changed_at=Coalesce(Max("workspace_versions__created_at"), "created_at"),
        )
    )


def get_document(workspace, user, pk):
    """One document of the workspace that ``user`` may see (else Http404)."""
    document = visible_workspace_documents(workspace, user).filter(pk=pk).first()
    if document is None:
        raise Http404
    return document


def history(document):
    """The versions of a document, newest first. A document uploaded outside
    the tool has no rows yet: it is shown as its own version 1."""
    versions = list(document.workspace_versions.select_related("uploaded_by"))
    if not versions:
        versions = [_first_version(document)]
    return versions


def current_number(document):
    """The number of the document's current version."""
    number = document.workspace_versions.order_by("-number").values_list("number", flat=True)
    return number.first() or 1


def checkout_of(document):
    """The document's check-out, or None."""
    return CheckOut.objects.select_related("user").filter(document=document).first()


def get_version(document, number):
    """One version of the document (Http404 for unknown numbers)."""
    for version in history(document):
        if version.number == number:
            return version
    raise Http404


def open_version_file(document, version):
    """An open file of this version: the document's file for the current one."""
    field = document.file if version.is_current else version.file
    try:
        return field.storage.open(field.name, "rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None


# --- rights --------------------------------------------------------------------------


def is_owner(workspace, user):
    return bool(user.is_superuser or workspace.role_of(user) == Role.OWNER)


def can_write(workspace, user):
    """Owners and members write while the workspace is active; readers read."""
    return workspace.is_active and workspace.role_of(user) in (Role.OWNER, Role.MEMBER)


def require_write(workspace, user):
    if not workspace.is_active:
        raise PermissionDenied(
            _("Dieser Arbeitsraum ist archiviert: Dokumente können nicht mehr geändert werden.")
        )
    if not can_write(workspace, user):
        raise PermissionDenied(
            _("Nur Verantwortliche und Mitglieder des Arbeitsraums können Dokumente ändern.")
        )


# --- writing -------------------------------------------------------------------------


def _first_version(document):
    return DocumentVersion(
        document=document,
        number=1,
        filename=document.filename,
        file_size=document.file_size,
        uploaded_by=document.uploaded_by_user,
        created_at=document.created_at,
    )


def _ensure_first_version(document):
    if not document.workspace_versions.exists():
        version = _first_version(document)
        version.save()


def _clean_note(note):
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ValidationError(
            _("Die Änderungsnotiz ist zu lang (höchstens %(max)s Zeichen).") % {"max": NOTE_MAX}
        )
    return note


def detail_url(workspace, document):
    return tool_url(workspace.page, TOOL, "detail", pk=document.pk)


def _notify_members(workspace, actor, title, document):
    recipients = [m.user for m in workspace.memberships.select_related("user")]
    url = detail_url(workspace, document)
    transaction.on_commit(
        lambda: notify(
            recipients,
            Kind.DOCUMENT,
            title,
            url=url,
            page=workspace.page,
            collection=workspace.collection,
            actor=actor,
        )
    )


def add_document(workspace, user, uploaded_file, title="", note=""):
    """A new document in the workspace collection (type and size checked by
    the workspace's own upload check), with its version 1; the members are
    notified. Nothing stays behind when something fails."""
    require_write(workspace, user)
    note = _clean_note(note)
    document = None
    try:
        with transaction.atomic():
            document = workspace_services.upload_document(workspace, user, uploaded_file, title)
            DocumentVersion.objects.create(
                document=document,
                number=1,
                filename=document.filename,
                file_size=document.file_size,
                uploaded_by=user,
                created_at=document.created_at,
                note=note,
            )
            _notify_members(
                workspace,
                user,
                _("Neues Dokument in „%(workspace)s“: %(title)s")
                % {"workspace": workspace.page.title, "title": document.title},
                document,
            )
    except Exception:
        if document is not None and document.file.name:
            document.file.storage.delete(document.file.name)
        raise
    return document


def add_version(workspace, user, document, uploaded_file, note="", check_in=True, restored=None):
    """Make ``uploaded_file`` the current version of ``document``; the file it
    replaces is kept as the previous version. Refused while someone else
    (not an owner) holds the check-out. ``check_in`` ends the uploader's own
    check-out. Returns the new DocumentVersion."""
    require_write(workspace, user)
    note = _clean_note(note)
    workspace_services.check_upload(uploaded_file)
    doc = None
    old_name = document.file.name
    try:
        with transaction.atomic():
            # The row lock serialises uploads to one document: version numbers
            # stay gapless and no upload is lost between read and write.
            doc = IntranetDocument.objects.select_for_update().get(pk=document.pk)
            old_name = doc.file.name
            checkout = checkout_of(doc)
            if checkout and checkout.user_id != user.pk and not is_owner(workspace, user):
                raise CheckedOut(checkout)
            _ensure_first_version(doc)
            previous = doc.workspace_versions.order_by("-number").first()
            previous.file.name = old_name
            previous.save(update_fields=["file"])
            doc.file = uploaded_file
            doc._set_document_file_metadata()
            doc.save()
            version = DocumentVersion.objects.create(
                document=doc,
                number=previous.number + 1,
                filename=doc.filename,
                file_size=doc.file_size,
                uploaded_by=user,
                note=note,
                restored_from=restored,
            )
            if checkout and check_in and checkout.user_id == user.pk:
                checkout.delete()
            _notify_members(
                workspace,
                user,
                _("Neue Version %(number)s von „%(title)s“ in „%(workspace)s“")
                % {"number": version.number, "title": doc.title, "workspace": workspace.page.title},
                doc,
            )
    except Exception:
        # The new file may already be on storage: remove it, keep the old one.
        if doc is not None and doc.file.name and doc.file.name != old_name:
            doc.file.storage.delete(doc.file.name)
        raise
    document.refresh_from_db()
    return version


def restore_version(workspace, user, document, number):
    """A new version with the content of version ``number`` (the history
    stays complete: restoring never deletes anything)."""
    require_write(workspace, user)
    version = get_version(document, number)
    if version.is_current:
        raise ValidationError(
            _("Version %(number)s ist bereits die aktuelle.") % {"number": number}
        )
    with open_version_file(document, version) as handle:
        content = ContentFile(handle.read(), name=version.filename)
    return add_version(
        workspace,
        user,
        document,
        content,
        note=_("Wiederhergestellt aus Version %(number)s") % {"number": number},
        check_in=False,
        restored=number,
    )


def check_out(workspace, user, document):
    """Check the document out for ``user``: ``(checkout, created)``. Checking
    out one's own document again changes nothing; someone else's raises
    CheckedOut. The unique constraint decides a race: exactly one wins."""
    require_write(workspace, user)
    for _attempt in range(2):
        try:
            with transaction.atomic():
                return CheckOut.objects.create(document=document, user=user), True
        except IntegrityError:
            existing = checkout_of(document)
            if existing is None:
                continue  # checked in between our insert and our read: try again
            if existing.user_id == user.pk:
                return existing, False
            raise CheckedOut(existing) from None
    raise CheckedOut(checkout_of(document))


def check_in(workspace, user, document):
    """End the check-out: the holder does, or an owner for someone absent."""
    require_write(workspace, user)
    checkout = checkout_of(document)
    if checkout is None:
        raise ValidationError(_("Das Dokument ist nicht ausgecheckt."))
    if checkout.user_id != user.pk and not is_owner(workspace, user):
        raise CheckedOut(checkout)
    checkout.delete()


def add_comment(workspace, user, document, text):
    """A comment by an owner or member."""
    require_write(workspace, user)
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Bitte schreiben Sie einen Kommentar."))
    if len(text) > COMMENT_MAX:
        raise ValidationError(
            _("Der Kommentar ist zu lang (höchstens %(max)s Zeichen).") % {"max": COMMENT_MAX}
        )
    return DocumentComment.objects.create(document=document, author=user, text=text)


def comments_of(document):
    return document.workspace_comments.select_related("author")
