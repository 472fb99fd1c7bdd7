"""Creating workspaces and keeping their groups, rights and restrictions in
step with their kind, status and memberships.

Reading follows the design notes: a private or secret workspace carries one
"groups" view restriction on its page and one on its collection, naming its
owner, member and reader groups; a public one carries none (every employee
reads it). Editing is group page and collection permissions on the
workspace's page and collection, by role, removed again when the workspace
is archived. What each role gets is stated in config/roles.yaml
(``workspace_owner``, ``workspace_member``, ``workspace_reader``) and
granted by cms.rights, fed by workspaces/rights.py. Every function is
idempotent."""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from wagtail.models import Collection, CollectionViewRestriction, Page

from cms import uploads
from cms.models import IntranetDocument
from cms.notifications.models import Kind
from cms.notifications.services import notify
from cms.pages import add_live_child, site_root_for
from cms.rights import apply_instance

from .models import JoinRequest, Workspace, WorkspaceIndexPage, WorkspaceMembership, WorkspacePage

Role = WorkspaceMembership.Role
# Group names longer than this are cut (the title part gives way, the role stays).
GROUP_NAME_MAX = Group._meta.get_field("name").max_length

GROUP_NAME_MAX = Group._meta.get_field("name").max_length
GROUP_FIELDS = {Role.OWNER: "owner_group", Role.MEMBER: "member_group", Role.READER: "reader_group"}

LAST_OWNER = _lazy("Ein Arbeitsraum braucht mindestens eine verantwortliche Person.")

# Starter subpages per template: (slug, title, summary). Slugs must not be
# those of the tools (workspaces/tools.py), whose routes would hide the page.
TEMPLATE_PAGES = {
    Workspace.Template.PROJECT: (
        ("projektplan", "Projektplan", "Ziele, Meilensteine und Zuständigkeiten des Projekts."),
        ("protokolle", "Protokolle", "Protokolle der Projektsitzungen."),
    ),
    Workspace.Template.WORKING_GROUP: (
        ("protokolle", "Protokolle", "Protokolle der Treffen der Arbeitsgruppe."),
        ("ergebnisse", "Ergebnisse", "Was die Arbeitsgruppe erarbeitet hat."),
    ),
    Workspace.Template.COMMITTEE: (
        ("sitzungen", "Sitzungen", "Tagesordnungen und Unterlagen der Sitzungen."),
        ("beschluesse", "Beschlüsse", "Die Beschlüsse des Gremiums."),
    ),
}

# Routes of WorkspaceIndexPage (models.py); no workspace may take these slugs.
INDEX_ROUTE_SLUGS = frozenset({"neu", "beitreten"})

# Files the workspace upload takes; their content is checked against the
# extension by the shared upload check (cms/uploads.py).
ALLOWED_UPLOADS = ("pdf", "docx", "xlsx", "pptx", "odt", "ods", "txt", "png", "jpg", "jpeg")


# --- structure -------------------------------------------------------------------


def ensure_workspace_index(home=None):
    """The „Arbeitsräume“ page below the start page, created if missing (None
    when the default site has no start page)."""
    home = home or site_root_for(WorkspaceIndexPage)
    if home is None:
        return None
    index = WorkspaceIndexPage.objects.child_of(home).first()
    if index is None:
        index = add_live_child(
            home, WorkspaceIndexPage(title=_("Arbeitsräume"), slug="arbeitsraeume")
        )
    return index


def group_name(workspace, role):
    """E.g. „Arbeitsraum 12 Digitale Akte: Mitglieder“ (the id keeps names
    unique when two workspaces share a title)."""
    labels = {
        Role.OWNER: _("Verantwortliche"),
        Role.MEMBER: _("Mitglieder"),
        Role.READER: _("Lesende"),
    }
    name = _("Arbeitsraum %(pk)s %(title)s") % {"pk": workspace.pk, "title": workspace.page.title}
    suffix = f": {labels[role]}"
    return name[: GROUP_NAME_MAX - len(suffix)] + suffix


def collection_name(workspace):
    return (_("Arbeitsraum: %(title)s") % {"title": workspace.page.title})[:255]


def ensure_groups(workspace):
    """Create (or rename) the three groups of a workspace; returns them by role."""
    groups = {}
    for role, field in GROUP_FIELDS.items():
        name = group_name(workspace, role)
        group = getattr(workspace, field)
        if group is None:
            group, _created = Group.objects.get_or_create(name=name)
            setattr(workspace, field, group)
            Workspace.objects.filter(pk=workspace.pk).update(**{field: group})
        elif group.name != name:
            group.name = name
            group.save(update_fields=["name"])
        groups[role] = group
    return groups


def ensure_collection(workspace):
    """The workspace's own collection below the root, created or renamed as needed."""
    name = collection_name(workspace)
    collection = workspace.collection
    if collection is None:
        collection = Collection.get_first_root_node().add_child(name=name)
        workspace.collection = collection
        Workspace.objects.filter(pk=workspace.pk).update(collection=collection)
    elif collection.name != name:
        collection.name = name
        collection.save(update_fields=["name"])
    return collection


def apply_rights(workspace):
    """Bring restrictions and permissions of ``workspace`` in line with the
    role file, its kind and status (this workspace only). Archived and
    to-be-deleted workspaces keep reading rights only."""
    return apply_instance("workspace", workspace)


def sync_groups(workspace):
    """Make the three groups hold exactly the people with that role."""
    groups = ensure_groups(workspace)
    through = get_user_model().groups.through
    roles = dict(workspace.memberships.values_list("user_id", "role"))
    for role, group in groups.items():
        wanted = {user_id for user_id, r in roles.items() if r == role}
        current = set(through.objects.filter(group=group).values_list("user_id", flat=True))
        if wanted - current:
            through.objects.bulk_create(
                [through(group=group, user_id=pk) for pk in sorted(wanted - current)]
            )
        if current - wanted:
            through.objects.filter(group=group, user_id__in=current - wanted).delete()


def workspace_slug(title, kind=None):
    """The slug a new workspace page starts from (``add_live_child`` numbers it
    when a sibling has it). The index page's own routes answer before its
    children, so a workspace named like one of them would be unreachable.
    A secret workspace gets a random suffix: otherwise the next person to
    choose the same title would get „…-2“ and learn that it exists."""
    slug = slugify(title)[:200] or "arbeitsraum"
    if slug in INDEX_ROUTE_SLUGS:
        slug = f"{slug}-arbeitsraum"
    if kind == Workspace.Kind.SECRET:
        slug = f"{slug}-{secrets.token_hex(4)}"
    return slug


def create_workspace(title, kind, template, owner, summary="", index=None):
    """A new workspace below „Arbeitsräume“ (``index``, by default the one of
    the default site): its page with the starter pages of ``template``,
    groups, restriction (private and secret), collection, rights, and
    ``owner`` as its first owner. All or nothing."""
    if kind not in Workspace.Kind.values:
        raise ValidationError(_("Unbekannte Art von Arbeitsraum: %(kind)s") % {"kind": kind})
    if template not in Workspace.Template.values:
        raise ValidationError(_("Unbekannte Vorlage: %(template)s") % {"template": template})
    with transaction.atomic():
        index = index or ensure_workspace_index()
        if index is None:
            raise ValidationError(_("Die Website hat keine Startseite."))
        # One creation at a time below this index: two at once would compute
        # the same tree path (and slug) and the second would fail half-way.
        Page.objects.select_for_update().filter(pk=index.pk).first()
        page = add_live_child(
            index, WorkspacePage(title=title, slug=workspace_slug(title, kind), summary=summary)
        )
        workspace = Workspace.objects.create(
            page=page, kind=kind, template=template, created_by=owner
        )
        # Restriction first, so the starter pages are never readable by outsiders.
        apply_rights(workspace)
        starter = WorkspacePage.starter_page_model()
        for slug, child_title, child_summary in TEMPLATE_PAGES[template]:
            add_live_child(page, starter(title=child_title, slug=slug, summary=child_summary))
        if owner is not None:
            set_member(workspace, owner, Role.OWNER)
    return workspace


# --- memberships -------------------------------------------------------------------


def set_member(workspace, user, role):
    """Give ``user`` the role ``role`` (adding them if needed). Refuses to
    demote the last owner, so a workspace always has someone in charge."""
    if role not in Role.values:
        raise ValidationError(_("Unbekannte Rolle."))
    with transaction.atomic():
        membership = (
            WorkspaceMembership.objects.select_for_update()
            .filter(workspace=workspace, user=user)
            .first()
        )
        if membership is None:
            WorkspaceMembership.objects.create(workspace=workspace, user=user, role=role)
        elif membership.role != role:
            if membership.role == Role.OWNER and _owner_count(workspace) == 1:
                raise ValidationError(
                    _("Ein Arbeitsraum braucht mindestens eine verantwortliche Person.")
                )
            membership.role = role
            membership.save(update_fields=["role"])
        # An open join request is answered by the membership itself.
        workspace.join_requests.filter(user=user, status=JoinRequest.Status.PENDING).update(
            status=JoinRequest.Status.ACCEPTED, decided_at=timezone.now()
        )
        sync_groups(workspace)


def remove_member(workspace, user):
    """Take ``user`` out of the workspace (never the last owner)."""
    with transaction.atomic():
        membership = WorkspaceMembership.objects.filter(workspace=workspace, user=user).first()
        if membership is None:
            return
        if membership.role == Role.OWNER and _owner_count(workspace) == 1:
            raise ValidationError(
                _("Ein Arbeitsraum braucht mindestens eine verantwortliche Person.")
            )
        membership.delete()
        sync_groups(workspace)


def _owner_count(workspace):
    return workspace.memberships.filter(role=Role.OWNER).count()


def request_to_join(workspace, user, message=""):
    """An open join request by ``user``; asking twice returns the first one.
    Secret workspaces take no requests (their existence is not revealed)."""
    if workspace.kind == Workspace.Kind.SECRET:
        raise PermissionDenied
    if workspace.memberships.filter(user=user).exists():
        raise ValidationError(_("Sie gehören diesem Arbeitsraum bereits an."))
    if not workspace.is_active:
        raise ValidationError(_("Dieser Arbeitsraum nimmt keine neuen Mitglieder auf."))
    pending = workspace.join_requests.filter(user=user, status=JoinRequest.Status.PENDING)
    try:
        with transaction.atomic():
            existing = pending.first()
            if existing is not None:
                return existing
            join_request = JoinRequest.objects.create(
                workspace=workspace, user=user, message=message[:2000]
            )
            _notify_owners_of_request(workspace, user)
            return join_request
    except IntegrityError:  # a parallel request won the race; it is the same request
        return pending.get()


def _notify_owners_of_request(workspace, user):
    """Tell the owners that someone asks to join (they decide on the members page)."""
    owners = get_user_model().objects.filter(
        workspace_memberships__workspace=workspace, workspace_memberships__role=Role.OWNER
    )
    page = workspace.page
    notify(
        owners,
        Kind.JOIN_REQUEST,
        _("%(name)s möchte dem Arbeitsraum „%(title)s“ beitreten.")
        % {"name": user.get_full_name() or user.get_username(), "title": page.title},
        url=page.url + page.reverse_subpage("members") if page.url else "",
        page=page,
        actor=user,
    )


def decide_join_request(join_request, accept, by, role=Role.MEMBER):
    """Accept (the person becomes ``role``) or decline an open request."""
    if join_request.status != JoinRequest.Status.PENDING:
        raise ValidationError(_("Über diese Anfrage wurde bereits entschieden."))
    with transaction.atomic():
        join_request.status = JoinRequest.Status.ACCEPTED if accept else JoinRequest.Status.DECLINED
        join_request.decided_at = timezone.now()
        join_request.decided_by = by
        join_request.save()
        if accept:
            set_member(join_request.workspace, join_request.user, role)
            page = join_request.workspace.page
            notify(
                [join_request.user],
                Kind.MEMBERSHIP,
                _("Ihre Anfrage ist angenommen: Sie gehören jetzt zum Arbeitsraum „%(title)s“.")
                % {"title": page.title},
                url=page.url or "",
                page=page,
                actor=by,
            )


# --- lifecycle -----------------------------------------------------------------------


def set_status(workspace, status):
    """Archive, reactivate or schedule for deletion (grace period of
    DELETION_GRACE_DAYS); rights follow the status at once."""
    with transaction.atomic():
        workspace.status = status
        workspace.delete_after = (
            workspace.default_delete_after()
            if status == Workspace.Status.SCHEDULED_FOR_DELETION
            else None
        )
        workspace.save(update_fields=["status", "delete_after"])
        apply_rights(workspace)


def purge_due(today=None, dry_run=False):
    """Delete the workspaces whose grace period has passed: page subtree,
    documents, collection and groups. Returns their titles."""
    today = today or timezone.localdate()
    due = Workspace.objects.filter(
        status=Workspace.Status.SCHEDULED_FOR_DELETION, delete_after__lt=today
    ).select_related("page", "collection", "owner_group", "member_group", "reader_group")
    titles = []
    for workspace in due:
        titles.append(workspace.page.title)
        if dry_run:
            continue
        with transaction.atomic():
            groups, collection = workspace.groups(), workspace.collection
            workspace.page.delete()  # cascades to the Workspace row and memberships
            if collection is not None:
                for document in IntranetDocument.objects.filter(collection=collection):
                    document.file.delete(save=False)
                    document.delete()
                CollectionViewRestriction.objects.filter(collection=collection).delete()
                collection.delete()
            for group in groups:
                group.delete()
    return titles


# --- documents -----------------------------------------------------------------------


def check_upload(uploaded_file):
    """Refuse files of a type, size or content the workspace does not take
    (the shared check of every upload path, cms/uploads.py)."""
    uploads.check_upload(uploaded_file, ALLOWED_UPLOADS)


def upload_document(workspace, user, uploaded_file, title=""):
    """Store a checked file in the workspace collection. Nothing is written
    when a check fails, and a file already stored is removed again when the
    database row cannot be saved."""
    role = workspace.role_of(user)
    if not workspace.is_active or role not in (Role.OWNER, Role.MEMBER):
        raise PermissionDenied
    check_upload(uploaded_file)
    document = IntranetDocument(
        title=(title or uploaded_file.name.rsplit(".", 1)[0])[:255],
        file=uploaded_file,
        collection=ensure_collection(workspace),
        uploaded_by_user=user,
    )
    try:
        with transaction.atomic():
            document._set_document_file_metadata()
            document.save()
    except Exception:
        if document.file.name:
            document.file.storage.delete(document.file.name)
        raise
    return document


def day_count_left(workspace):
    """Days until a workspace scheduled for deletion is purged (None otherwise)."""
    if workspace.delete_after is None:
        return None
    return max((workspace.delete_after - timezone.localdate()).days, 0)
