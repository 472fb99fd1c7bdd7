"""What happens to a person the directory no longer lists as active: the
account is deactivated, every session ended, API and calendar tokens
revoked, workspace ownership handed on. Content (pages, documents,
discussions) stays; a person who comes back is reactivated by the next sync
and gets new tokens when they ask for them."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.utils import timezone

from wagtail.log_actions import log
from wagtail.models import APIToken

from offices.models import Membership, OrgUnit
from workspaces import services as workspace_services
from workspaces.calendar.models import CalendarToken
from workspaces.models import WorkspaceMembership

LOG_ACTION = "intranet.directory_deactivated"
REACTIVATED_ACTION = "intranet.directory_reactivated"
Role = WorkspaceMembership.Role


def end_sessions(user_ids):
    """Delete the stored sessions of these people; returns ``{user id: number
    ended}``. One pass over the sessions for all leavers of a run. The next
    request with such a cookie is anonymous (and Django's ModelBackend checks
    is_active on every request anyway)."""
    if not user_ids or "db" not in settings.SESSION_ENGINE:
        return {}
    wanted = {str(pk): pk for pk in user_ids}
    doomed, counts = [], {}
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        owner = wanted.get(str(session.get_decoded().get("_auth_user_id", "")))
        if owner is not None:
            doomed.append(session.session_key)
            counts[owner] = counts.get(owner, 0) + 1
    Session.objects.filter(session_key__in=doomed).delete()
    return counts


def revoke_tokens(user_ids):
    """Revoke the API tokens and calendar tokens of these people; returns
    ``(api tokens, calendar tokens)`` revoked."""
    now = timezone.now()
    api = APIToken.objects.filter(user_id__in=user_ids, revoked_at__isnull=True).update(
        revoked_at=now
    )
    calendar = CalendarToken.objects.filter(user_id__in=user_ids, revoked_at__isnull=True).update(
        revoked_at=now
    )
    return api, calendar


def _office_of(unit, units_by_id):
    """The office (Amt) a unit belongs to: itself or the nearest above it."""
    while unit is not None:
        if unit.kind == OrgUnit.Kind.OFFICE:
            return unit
        unit = units_by_id.get(unit.parent_id)
    return None


def office_editors_of(user):
    """The active editors (head, deputy, editor) of the offices ``user``
    belongs to, without ``user``."""
    units_by_id = {unit.pk: unit for unit in OrgUnit.objects.all()}
    offices = set()
    for unit_id in Membership.objects.filter(user=user).values_list("unit_id", flat=True):
        office = _office_of(units_by_id.get(unit_id), units_by_id)
        if office is not None:
            offices.add(office.pk)
    User = get_user_model()
    return list(
        User.objects.filter(
            is_active=True,
            memberships__unit_id__in=offices,
            memberships__function__in=(
                Membership.Function.HEAD,
                Membership.Function.DEPUTY,
                Membership.Function.EDITOR,
            ),
        )
        .exclude(pk=user.pk)
        .distinct()
        .order_by("username")
    )


def hand_over_workspaces(user):
    """For every workspace ``user`` owns: if another active owner remains,
    the leaver steps out; otherwise the editors of the leaver's office become
    owners first. Returns ``[(workspace title, [new owners] or None)]``; None
    means nobody could take over and the leaver stays listed as owner."""
    results = []
    owned = WorkspaceMembership.objects.filter(user=user, role=Role.OWNER).select_related(
        "workspace", "workspace__page"
    )
    editors = None
    for membership in owned:
        workspace = membership.workspace
        others = (
            workspace.memberships.filter(role=Role.OWNER, user__is_active=True)
            .exclude(user=user)
            .exists()
        )
        successors = []
        if not others:
            if editors is None:
                editors = office_editors_of(user)
            successors = editors
            if not successors:
                results.append((workspace.title, None))
                continue
            for editor in successors:
                workspace_services.set_member(workspace, editor, Role.OWNER)
        try:
            workspace_services.remove_member(workspace, user)
        except ValidationError:
            results.append((workspace.title, None))
            continue
        results.append((workspace.title, [u.get_username() for u in successors]))
    return results


def deactivate(account, reason, sessions_ended=0):
    """Deactivate one person and everything that still lets them in; write
    the audit entry. ``sessions_ended``: how many of their sessions the
    caller ended (``end_sessions`` runs once for all leavers of a run).
    Returns a dict of what was done."""
    user = account.user
    now = timezone.now()
    handovers = hand_over_workspaces(user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    account.deactivated_at = now
    account.save(update_fields=["deactivated_at", "missing_since", "enabled", "expires_at"])
    api, calendar = revoke_tokens([user.pk])
    data = {
        "username": user.get_username(),
        "external_id": account.external_id,
        "reason": reason,
        "sessions_ended": sessions_ended,
        "api_tokens_revoked": api,
        "calendar_tokens_revoked": calendar,
        "workspaces": [{"workspace": title, "new_owners": owners} for title, owners in handovers],
    }
    log(instance=user, action=LOG_ACTION, data=data)
    return data


def reactivate(account):
    """Let a person the sync had deactivated back in (they are active in the
    directory again). Their old tokens stay revoked."""
    user = account.user
    user.is_active = True
    user.save(update_fields=["is_active"])
    account.deactivated_at = None
    account.save(update_fields=["deactivated_at", "missing_since"])
    log(
        instance=user,
        action=REACTIVATED_ACTION,
        data={"username": user.get_username(), "external_id": account.external_id},
    )
