"""The security audit log: sign-ins, failed sign-ins, factors, invitations
and session ends, written to Wagtail's log (``wagtail.log_actions.log``)
with actions prefixed ``intranet.``. Entries are written against
``SecurityAccount``, so only holders of ``accounts.view_security_log`` (and
superusers) read them, in the site history and in the security log view."""

from django.utils.translation import gettext_lazy as _

from wagtail.log_actions import log

from .network import client_address, is_internal

PREFIX = "intranet."

# action → (label, message with %(…)s from the entry's data)
ACTIONS = {
    "intranet.signed_in": (_("Anmeldung"), _("Angemeldet: %(username)s von %(address)s")),
    "intranet.signin_failed": (
        _("Fehlgeschlagene Anmeldung"),
        _("Anmeldung fehlgeschlagen für „%(username)s“ von %(address)s"),
    ),
    "intranet.signin_locked": (
        _("Anmeldung gesperrt"),
        _("Zu viele Fehlversuche: „%(username)s“ von %(address)s vorübergehend gesperrt"),
    ),
    "intranet.signed_out_everywhere": (
        _("Überall abgemeldet"),
        _("Alle Sitzungen und Tokens beendet: %(username)s (%(sessions)s Sitzungen)"),
    ),
    "intranet.factor_enrolled": (
        _("Zweiter Faktor eingerichtet"),
        _("Zweiter Faktor eingerichtet: %(username)s (%(factor)s)"),
    ),
    "intranet.factor_verified": (
        _("Zweiter Faktor bestätigt"),
        _("Zweiter Faktor bestätigt: %(username)s (%(factor)s) von %(address)s"),
    ),
    "intranet.recovery_codes_created": (
        _("Wiederherstellungscodes erzeugt"),
        _("Neue Wiederherstellungscodes: %(username)s"),
    ),
    "intranet.factors_reset": (
        _("Zweiter Faktor zurückgesetzt"),
        _("Alle Faktoren zurückgesetzt: %(username)s (%(devices)s Geräte)"),
    ),
    "intranet.invitation_issued": (
        _("Einladung ausgestellt"),
        _("Einladung für %(unit)s ausgestellt (…%(hint)s)"),
    ),
    "intranet.invitation_used": (
        _("Einladung eingelöst"),
        _("Einladung für %(unit)s eingelöst (…%(hint)s) durch %(username)s"),
    ),
}


def _subject(user=None, username=""):
    from .models import SecurityAccount

    if user is not None and user.pk:
        return SecurityAccount(pk=user.pk, username=user.get_username())
    # A name no account carries (a failed sign-in): pk 0 is no row.
    return SecurityAccount(pk=0, username=username[:150])


_SELF = object()


def log_event(action, *, user=None, username="", actor=_SELF, request=None, **data):
    """Write one security entry. ``user`` is the person concerned (or, for an
    unknown name, ``username``); ``actor`` who did it (default: the person;
    None for nobody signed in, e.g. a failed sign-in)."""
    subject = _subject(user, username)
    data = {"username": subject.username, **data}
    if request is not None:
        data.setdefault("address", client_address(request))
        data.setdefault("internal", is_internal(request))
        data.setdefault("path", request.path[:200])
    data.setdefault("address", "")
    if actor is _SELF:
        actor = user if user is not None and user.pk else None
    return log(subject, action, user=actor, data=data, title=subject.username or "?")


def security_entries():
    """All security entries of the audit log (ours and those other apps wrote
    with the ``intranet.`` prefix), newest first."""
    from wagtail.models import ModelLogEntry

    return ModelLogEntry.objects.filter(action__startswith=PREFIX).order_by("-timestamp", "-id")


def label(entry):
    """The German label of an entry's action (the action itself if unknown)."""
    known = ACTIONS.get(entry.action)
    return str(known[0]) if known else entry.action


def message(entry):
    """The entry as a German sentence, from the data it was written with."""
    known = ACTIONS.get(entry.action)
    if not known:
        return entry.label
    try:
        return str(known[1]) % {"address": "", **(entry.data or {})}
    except (KeyError, TypeError, ValueError):
        return str(known[0])
