"""Session lifetimes and „Überall abmelden“.

At sign-in a session gets its start time and is indexed in ``UserSession``;
``SessionLifetimeMiddleware`` ends it after ``SESSION_IDLE_TIMEOUT`` seconds
without a request or ``SESSION_MAX_AGE`` seconds after sign-in.
``end_all_sessions`` ends every session of a person and revokes their API
and calendar tokens."""

import time
from datetime import timedelta
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.utils import timezone

from .models import UserSession

LOGIN_AT = "_accounts_login_at"
SEEN_AT = "_accounts_seen_at"
# The last-seen time is written at most this often (seconds), not on every
# request.
SEEN_RESOLUTION = 60


def start(request, user):
    """Note the sign-in in the session and in the index."""
    now = time.time()
    request.session[LOGIN_AT] = now
    request.session[SEEN_AT] = now
    if not request.session.session_key:
        request.session.save()
    UserSession.objects.update_or_create(
        session_key=request.session.session_key, defaults={"user": user}
    )
    # Sessions older than the absolute lifetime are gone anyway.
    cutoff = timezone.now() - timedelta(seconds=settings.SESSION_MAX_AGE)
    UserSession.objects.filter(user=user, created_at__lt=cutoff).delete()


def expired(session, now=None):
    """``"idle"`` or ``"max_age"`` when the session has run out, else None."""
    now = now or time.time()
    login_at = session.get(LOGIN_AT)
    seen_at = session.get(SEEN_AT, login_at)
    if login_at is None:
        return None
    if now - login_at > settings.SESSION_MAX_AGE:
        return "max_age"
    if now - seen_at > settings.SESSION_IDLE_TIMEOUT:
        return "idle"
    return None


def touch(session, now=None):
    """Move the last-seen time on (at most once a minute); a session from
    before this code gets its start time now."""
    now = now or time.time()
    if session.get(LOGIN_AT) is None:
        session[LOGIN_AT] = now
        session[SEEN_AT] = now
    elif now - session.get(SEEN_AT, 0) >= SEEN_RESOLUTION:
        session[SEEN_AT] = now


def _revoke_calendar_tokens(user, now):
    try:
        model = apps.get_model("workspace_calendar", "CalendarToken")
    except LookupError:
        return 0
    return model.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=now)


def end_all_sessions(user):
    """End every session of ``user`` and revoke their API tokens (Wagtail's
    ``APIToken``) and calendar tokens. Returns ``(sessions, api_tokens,
    calendar_tokens)`` ended."""
    from wagtail.models import APIToken

    store = import_module(settings.SESSION_ENGINE).SessionStore
    keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    for key in keys:
        store(session_key=key).delete()
    UserSession.objects.filter(user=user).delete()
    now = timezone.now()
    api = APIToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=now)
    calendar = _revoke_calendar_tokens(user, now)
    return len(keys), api, calendar
