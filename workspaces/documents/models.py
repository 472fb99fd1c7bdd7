"""Models of the documents tool of a workspace (see workspaces/tools.py).

The document itself is Wagtail's ``cms.IntranetDocument`` in the workspace
collection: it always holds the *current* file, so downloads, the document
API, text extraction and search keep working unchanged. This app adds what a
collaborative document needs around it:

- ``DocumentVersion``: one row per version, numbered from 1. The row of the
  current version has no file of its own (the document's file is it); when a
  new version arrives, the previous row takes over the file it replaced.
  Documents uploaded elsewhere (the workspace page, the admin) get their row
  1 the first time a new version is added.
- ``CheckOut``: at most one per document (a unique constraint, so two people
  checking out at the same moment cannot both win).
- ``DocumentComment``: remarks of the workspace's members on a document."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DOCUMENT_MODEL = "cms.IntranetDocument"


class DocumentVersion(models.Model):
    """One version of a workspace document. ``file`` is empty for the current
    version (it lives in the document) and holds the replaced file for every
    earlier one."""

    document = models.ForeignKey(
        DOCUMENT_MODEL,
        verbose_name=_("Dokument"),
        on_delete=models.CASCADE,
        related_name="workspace_versions",
    )
    number = models.PositiveIntegerField(_("Version"))
    file = models.FileField(_("Datei"), upload_to="workspace_versions", blank=True, max_length=255)
    filename = models.CharField(_("Dateiname"), max_length=255)
    file_size = models.PositiveBigIntegerField(_("Größe"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Hochgeladen von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("Hochgeladen am"), default=timezone.now)
    note = models.CharField(_("Änderungsnotiz"), max_length=500, blank=True)
    restored_from = models.PositiveIntegerField(
        _("Wiederhergestellt aus Version"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("Dokumentversion")
        verbose_name_plural = _("Dokumentversionen")
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="unique_workspace_document_version"
            )
        ]

    def __str__(self):
        return f"{self.document} – {self.number}"

    @property
    def is_current(self):
        """The current version keeps its file in the document itself."""
        return not self.file


class CheckOut(models.Model):
    """Someone is editing a document: others see who and since when, and
    cannot upload a new version over their work. One per document."""

    document = models.OneToOneField(
        DOCUMENT_MODEL,
        verbose_name=_("Dokument"),
        on_delete=models.CASCADE,
        related_name="workspace_checkout",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Ausgecheckt von"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    since = models.DateTimeField(_("Seit"), default=timezone.now)

    class Meta:
        verbose_name = _("Auscheckvorgang")
        verbose_name_plural = _("Auscheckvorgänge")

    def __str__(self):
        return f"{self.document} – {self.user}"


class DocumentComment(models.Model):
    """A remark on a workspace document, by a member or owner."""

    document = models.ForeignKey(
        DOCUMENT_MODEL,
        verbose_name=_("Dokument"),
        on_delete=models.CASCADE,
        related_name="workspace_comments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Verfasst von"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("Kommentar"), max_length=5000)
    created_at = models.DateTimeField(_("Verfasst am"), default=timezone.now)

    class Meta:
        verbose_name = _("Dokumentkommentar")
        verbose_name_plural = _("Dokumentkommentare")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.author}: {self.text[:40]}"
