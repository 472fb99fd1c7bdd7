"""What the intranet remembers of the directory: one account per person
(keyed by the directory's stable id), the groups with their members, and the
high-water mark of the last run."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DirectoryAccount(models.Model):
    """A person from the directory, linked 1:1 to the Django user. The key is
    the directory's stable id (entryUUID / objectGUID), never the name or the
    e-mail address, so renames and new addresses keep the same account.
    Holds the directory attributes the user model has no place for, and what
    the last sync granted (so hand-made memberships and group members are
    never taken away by the sync)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Person"),
        on_delete=models.CASCADE,
        related_name="directory_account",
    )
    external_id = models.CharField(_("Verzeichnis-ID"), max_length=100, unique=True)
    dn = models.CharField(_("DN"), max_length=500, db_index=True)
    phone = models.CharField(_("Telefon"), max_length=100, blank=True)
    room = models.CharField(_("Raum"), max_length=100, blank=True)
    title = models.CharField(_("Funktionsbezeichnung"), max_length=200, blank=True)
    employee_number = models.CharField(_("Personalnummer"), max_length=50, blank=True)
    office = models.CharField(_("Dienststelle"), max_length=200, blank=True)
    department = models.CharField(_("Abteilung"), max_length=200, blank=True)
    manager_dn = models.CharField(_("DN der Vorgesetzten"), max_length=500, blank=True)
    manager = models.ForeignKey(
        "self",
        verbose_name=_("Vorgesetzte Person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    enabled = models.BooleanField(_("Im Verzeichnis aktiv"), default=True)
    expires_at = models.DateTimeField(_("Läuft ab am"), null=True, blank=True)
    missing_since = models.DateTimeField(_("Im Verzeichnis fehlend seit"), null=True, blank=True)
    deactivated_at = models.DateTimeField(_("Vom Abgleich deaktiviert am"), null=True, blank=True)
    # {"units": {unit code: function}, "roles": [role key, ...]}: what the sync
    # granted last time, so that it takes away only what it gave.
    granted = models.JSONField(_("Vom Abgleich vergeben"), default=dict, blank=True)
    changed_mark = models.CharField(_("Änderungsmarke"), max_length=40, blank=True)
    synced_at = models.DateTimeField(_("Zuletzt abgeglichen"), auto_now=True)

    class Meta:
        verbose_name = _("Verzeichniskonto")
        verbose_name_plural = _("Verzeichniskonten")

    def __str__(self):
        return f"{self.user} ({self.external_id})"


class DirectoryGroup(models.Model):
    """A group of the directory with its direct members (DNs, normalised), as
    last read. Nested groups are resolved from these rows, so an incremental
    run reads only the groups that changed."""

    dn = models.CharField(_("DN"), max_length=500, unique=True)
    members = models.JSONField(_("Direkte Mitglieder (DN)"), default=list, blank=True)
    changed_mark = models.CharField(_("Änderungsmarke"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("Verzeichnisgruppe")
        verbose_name_plural = _("Verzeichnisgruppen")

    def __str__(self):
        return self.dn


class SyncState(models.Model):
    """The state of the directory sync (one row): the high-water mark
    (modifyTimestamp or uSNChanged) up to which changes have been read."""

    key = models.CharField(max_length=20, unique=True, default="default")
    high_water_mark = models.CharField(
        _("Höchste gelesene Änderungsmarke"), max_length=40, blank=True
    )
    last_run_at = models.DateTimeField(_("Letzter Lauf"), null=True, blank=True)
    last_full_run_at = models.DateTimeField(_("Letzter vollständiger Lauf"), null=True, blank=True)

    class Meta:
        verbose_name = _("Stand des Verzeichnisabgleichs")
        verbose_name_plural = _("Stand des Verzeichnisabgleichs")

    def __str__(self):
        return self.high_water_mark or "—"
