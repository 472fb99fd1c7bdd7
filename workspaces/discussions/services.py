"""What people do in discussions, for the reader views and the API alike:
start a thread, reply, edit (keeping the history), follow, moderate.

Rules: everyone who may read the workspace reads its discussions and may
follow threads; owners and members write (start threads and reply); only the
author edits a post; owners hide and show posts, close and open, pin and
delete threads. An archived workspace is read-only for everyone, and a closed
thread takes no replies or edits. Bad input raises ValidationError with a
German message and writes nothing; a missing right raises PermissionDenied."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, Value
from django.db.models.functions import Concat, Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.notifications.models import Kind
from cms.notifications.services import notify
from cms.permissions import can_view_page
from search.sources import schedule
from workspaces.models import WorkspaceMembership
from workspaces.tools import tool_url

from .formatting import full_name, mention_names
from .models import BODY_MAX, TITLE_MAX, Post, PostRevision, Subscription, Thread

Role = WorkspaceMembership.Role
SEARCH_KIND = "thread"


# --- rights ------------------------------------------------------------------------


def role_of(workspace, user):
    """The user's role in the workspace; superusers count as owners."""
    if user is not None and user.is_authenticated and user.is_superuser:
        return Role.OWNER
    return workspace.role_of(user)


def can_read(workspace, user):
    """Whether ``user`` may read the workspace (and so its discussions)."""
    return can_view_page(user, workspace.page)


def can_write(workspace, user, role=None):
    """Owners and members of an active workspace start threads and reply."""
    role = role if role is not None else role_of(workspace, user)
    return workspace.is_active and role in (Role.OWNER, Role.MEMBER)


def can_moderate(workspace, user, role=None):
    """Owners of an active workspace moderate."""
    role = role if role is not None else role_of(workspace, user)
    return workspace.is_active and role == Role.OWNER


def can_reply(thread, user, role=None):
    return not thread.locked and can_write(thread.workspace, user, role)


def can_edit(post, user, role=None):
    """Only the author, while they may still write and the thread is open."""
    return (
        post.author_id is not None
        and post.author_id == user.pk
        and not post.is_hidden
        and can_reply(post.thread, user, role)
    )


def _require(allowed, message):
    if not allowed:
        raise PermissionDenied(message)


def _refuse_writing(workspace):
    if not workspace.is_active:
        return _("Dieser Arbeitsraum ist archiviert und kann nur noch gelesen werden.")
    return _("Nur Mitglieder und Verantwortliche dieses Arbeitsraums können hier schreiben.")


# --- input -------------------------------------------------------------------------


def clean_title(title):
    """The trimmed title, or ValidationError saying what is wrong."""
    if not isinstance(title, str) or not title.strip():
        raise ValidationError(_("Bitte geben Sie einen Titel ein."), code="title")
    title = " ".join(title.split())
    if len(title) > TITLE_MAX:
        raise ValidationError(
            _("Der Titel ist zu lang: höchstens %(max)d Zeichen (Ihr Titel: %(len)d).")
            % {"max": TITLE_MAX, "len": len(title)},
            code="title",
        )
    return title


def clean_body(body):
    """The text without surrounding blank lines, or ValidationError."""
    if not isinstance(body, str) or not body.strip():
        raise ValidationError(_("Bitte schreiben Sie einen Text."), code="body")
    body = body.replace("\r\n", "\n").strip()
    if len(body) > BODY_MAX:
        raise ValidationError(
            _("Der Text ist zu lang: höchstens %(max)s Zeichen (Ihr Text: %(len)s).")
            % {"max": f"{BODY_MAX:,}".replace(",", "."), "len": f"{len(body):,}".replace(",", ".")},
            code="body",
        )
    return body


# --- mentions and notifications ------------------------------------------------------


def resolve_mentions(workspace, text):
    """The active people mentioned in ``text`` who may read the workspace.
    Anyone else is ignored: a mention never tells a person about a
    workspace they cannot see."""
    usernames, fullnames = mention_names(text)
    if not usernames and not fullnames:
        return []
    query = Q(pk__in=[])
    for name in usernames:
        query |= Q(username__iexact=name)
    users = get_user_model().objects.filter(is_active=True)
    found = list(users.filter(query)) if usernames else []
    if fullnames:
        named = users.annotate(_full=Lower(Concat("first_name", Value(" "), "last_name"))).filter(
            _full__in=fullnames
        )
        found += [u for u in named if u.pk not in {f.pk for f in found}]
    return [user for user in found if can_read(workspace, user)]


def thread_url(thread):
    return tool_url(thread.workspace.page, "diskussionen", "thread", thread_id=thread.pk)


def post_url(post):
    return f"{thread_url(post.thread)}#beitrag-{post.pk}"


def _notify_mentions(post, people, actor):
    thread = post.thread
    if not people:
        return []
    title = _("%(name)s hat Sie in „%(thread)s“ erwähnt") % {
        "name": full_name(actor) or actor.get_username(),
        "thread": thread.title,
    }
    return notify(
        people, Kind.MENTION, title, post_url(post), page=thread.workspace.page, actor=actor
    )


def _notify_subscribers(post, actor, skip):
    """Kind.REPLY to the thread's followers who may still read the workspace
    (people who left a private workspace keep their subscription row but
    hear nothing)."""
    thread = post.thread
    followers = [
        s.user
        for s in thread.subscriptions.filter(active=True, user__is_active=True)
        .exclude(user_id__in={p.pk for p in skip} | {actor.pk})
        .select_related("user")
    ]
    followers = [user for user in followers if can_read(thread.workspace, user)]
    if not followers:
        return []
    title = _("Neue Antwort von %(name)s in „%(thread)s“") % {
        "name": full_name(actor) or actor.get_username(),
        "thread": thread.title,
    }
    return notify(
        followers, Kind.REPLY, title, post_url(post), page=thread.workspace.page, actor=actor
    )


def _index(thread_id):
    # Inside the transaction on purpose: the queued task row commits (or
    # rolls back) together with the change it is about.
    schedule(SEARCH_KIND, thread_id)


# --- writing -----------------------------------------------------------------------


def start_thread(workspace, user, title, body):
    """A new thread with its opening post; the author follows it."""
    _require(can_write(workspace, user), _refuse_writing(workspace))
    errors = []
    for cleaner, value in ((clean_title, title), (clean_body, body)):
        try:
            cleaner(value)
        except ValidationError as error:
            errors.append(error)
    if errors:
        raise ValidationError(errors)
    title, body = clean_title(title), clean_body(body)
    with transaction.atomic():
        now = timezone.now()
        thread = Thread.objects.create(
            workspace=workspace, title=title, created_by=user, created_at=now, last_activity_at=now
        )
        post = Post.objects.create(thread=thread, author=user, body=body, created_at=now)
        Subscription.objects.create(thread=thread, user=user)
        people = resolve_mentions(workspace, body)
        post.mentions.set(people)
        _notify_mentions(post, people, user)
        _index(thread.pk)
    return thread


def reply(thread, user, body):
    """A reply; the author follows the thread unless they chose not to, and
    the followers (and the people mentioned) are notified."""
    _require(can_write(thread.workspace, user), _refuse_writing(thread.workspace))
    _require(not thread.locked, _("Diese Diskussion ist geschlossen."))
    body = clean_body(body)
    with transaction.atomic():
        now = timezone.now()
        post = Post.objects.create(thread=thread, author=user, body=body, created_at=now)
        Thread.objects.filter(pk=thread.pk).update(last_activity_at=now)
        thread.last_activity_at = now
        Subscription.objects.get_or_create(thread=thread, user=user)
        people = resolve_mentions(thread.workspace, body)
        post.mentions.set(people)
        _notify_mentions(post, people, user)
        _notify_subscribers(post, user, skip=people)
        _index(thread.pk)
    return post


def edit_post(post, user, body):
    """The author changes their post; the previous wording is kept. Only
    people mentioned for the first time are notified."""
    thread = post.thread
    if post.author_id != user.pk:
        raise PermissionDenied(
            _("Nur die Verfasserin oder der Verfasser kann diesen Beitrag ändern.")
        )
    _require(can_write(thread.workspace, user), _refuse_writing(thread.workspace))
    _require(not thread.locked, _("Diese Diskussion ist geschlossen."))
    _require(
        not post.is_hidden, _("Dieser Beitrag ist ausgeblendet und kann nicht geändert werden.")
    )
    body = clean_body(body)
    if body == post.body:
        return post
    with transaction.atomic():
        now = timezone.now()
        PostRevision.objects.create(post=post, body=post.body, edited_at=now, edited_by=user)
        post.body = body
        post.edited_at = now
        post.save(update_fields=["body", "edited_at"])
        before = set(post.mentions.values_list("pk", flat=True))
        people = resolve_mentions(thread.workspace, body)
        post.mentions.set(people)
        _notify_mentions(post, [p for p in people if p.pk not in before], user)
        _index(thread.pk)
    return post


def set_subscribed(thread, user, subscribed):
    """Follow or stop following a thread (anyone who may read it)."""
    Subscription.objects.update_or_create(
        thread=thread, user=user, defaults={"active": bool(subscribed)}
    )


def is_subscribed(thread, user):
    return Subscription.objects.filter(thread=thread, user=user, active=True).exists()


# --- moderation --------------------------------------------------------------------


def _require_owner(workspace, user):
    if not workspace.is_active:
        raise PermissionDenied(_refuse_writing(workspace))
    _require(
        can_moderate(workspace, user),
        _("Nur die Verantwortlichen dieses Arbeitsraums können moderieren."),
    )


def set_hidden(post, user, hidden):
    """An owner hides a post from readers (or shows it again)."""
    _require_owner(post.thread.workspace, user)
    if hidden and post.hidden_at is None:
        post.hidden_at, post.hidden_by = timezone.now(), user
    elif not hidden:
        post.hidden_at, post.hidden_by = None, None
    post.save(update_fields=["hidden_at", "hidden_by"])
    _index(post.thread_id)
    return post


def set_locked(thread, user, locked):
    """An owner closes a thread for replies (or opens it again)."""
    _require_owner(thread.workspace, user)
    thread.locked = bool(locked)
    thread.save(update_fields=["locked"])
    return thread


def set_pinned(thread, user, pinned):
    """An owner keeps a thread at the top of the list (or lets it go)."""
    _require_owner(thread.workspace, user)
    thread.pinned = bool(pinned)
    thread.save(update_fields=["pinned"])
    return thread


def delete_thread(thread, user):
    """An owner deletes a thread with all its posts; it leaves the index."""
    _require_owner(thread.workspace, user)
    # Posts, history and subscriptions go with it; signal_handlers.py takes
    # the thread out of the index (also when a whole workspace is purged).
    thread.delete()
