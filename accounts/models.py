"""Invitations for people without a directory account, the index of a
person's sessions (for „Überall abmelden“) and the subject of the security
audit log."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

# No 0/O, 1/I/L: codes are read aloud and typed from paper.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12


def normalize_code(raw):
    """A code as typed (lower case, blanks, dashes) in its canonical form."""
    return "".join(ch for ch in str(raw).upper() if ch.isalnum())


def hash_code(raw):
    """The stored digest of an invitation code (HMAC with the secret key)."""
    return salted_hmac("accounts.invitation", normalize_code(raw), algorithm="sha256").hexdigest()


class Invitation(models.Model):
    """A single-use, expiring code with which a person without a directory
    account (day-care centre, depot, field service) activates a local account
    and becomes a member of ``unit``. Only a digest of the code is stored."""

    unit = models.ForeignKey(
        "offices.OrgUnit",
        verbose_name=_("Einheit"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    label = models.CharField(
        _("Für wen"), max_length=200, blank=True, help_text=_("Name der eingeladenen Person.")
    )
    code_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The last four characters, so the issuer can tell codes apart.
    code_hint = models.CharField(max_length=4, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Ausgestellt von"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("Ausgestellt am"), default=timezone.now)
    expires_at = models.DateTimeField(_("Gültig bis"))
    used_at = models.DateTimeField(_("Eingelöst am"), null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Eingelöst von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="accepted_invitations",
    )

    class Meta:
        verbose_name = _("Einladung")
        verbose_name_plural = _("Einladungen")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.unit} (…{self.code_hint})"

    @classmethod
    def issue(cls, *, unit, created_by, label="", valid_days=None):
        """Create an invitation; returns ``(invitation, code)``. The code is
        shown once and never stored."""
        valid_days = valid_days or settings.INVITATION_VALID_DAYS
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        invitation = cls.objects.create(
            unit=unit,
            label=label,
            created_by=created_by,
            code_hash=hash_code(code),
            code_hint=code[-4:],
            expires_at=timezone.now() + timedelta(days=valid_days),
        )
        return invitation, "-".join(code[i : i + 4] for i in range(0, CODE_LENGTH, 4))

    @property
    def is_usable(self):
        """Not used and not expired."""
        return self.used_at is None and self.expires_at > timezone.now()

    @property
    def status(self):
        """„offen“, „eingelöst“ or „abgelaufen“."""
        if self.used_at:
            return _("eingelöst")
        if self.expires_at <= timezone.now():
            return _("abgelaufen")
        return _("offen")


class UserSession(models.Model):
    """A signed-in session of a person, written at sign-in, so that all of
    them can be ended at once whatever the session engine."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tracked_sessions"
    )
    session_key = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("Sitzung")
        verbose_name_plural = _("Sitzungen")

    def __str__(self):
        return f"{self.user_id}: {self.session_key[:6]}…"


class SecurityAccount(get_user_model()):
    """A person as the subject of the security audit log. Log entries about
    sign-ins and factors are written against this proxy, so Wagtail shows
    them (site history included) only to holders of its permission."""

    class Meta:
        proxy = True
        default_permissions = ()
        verbose_name = _("Konto (Sicherheitsprotokoll)")
        verbose_name_plural = _("Konten (Sicherheitsprotokoll)")
        permissions = [
            ("view_security_log", _("Sicherheitsprotokoll einsehen")),
            ("reset_second_factor", _("Zweiten Faktor von Personen zurücksetzen")),
        ]
