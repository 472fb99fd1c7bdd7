"""Shared building blocks: the media models and the abstract base page that
every page type of the intranet builds on."""

from django.db import models
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.documents.models import AbstractDocument, Document
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.models import Page
from wagtail.search import index

MISSING_IMAGE = "img/bild-fehlt.svg"


class IntranetImage(AbstractImage):
    """An uploaded picture. Alternative text is required at upload because the
    site must meet WCAG 2.1 AA (BITV 2.0)."""

    description = models.CharField(
        max_length=255,
        verbose_name=_("Alternativtext"),
        help_text=_("Beschreibt das Bild für Menschen, die es nicht sehen können."),
    )

    admin_form_fields = Image.admin_form_fields

    def create_renditions(self, *filters):
        """Wagtail's batch creation, with primary keys: it saves new renditions
        with ``bulk_create(ignore_conflicts=True)``, which leaves ``pk`` empty on
        PostgreSQL, and our rendition URL is built from the pk (a checked view,
        not the media folder). The new rows are read back once."""
        renditions = super().create_renditions(*filters)
        missing = {
            (r.filter_spec, r.focal_point_key): f for f, r in renditions.items() if r.pk is None
        }
        if missing:
            for saved in self.renditions.filter(filter_spec__in={k[0] for k in missing}):
                key = (saved.filter_spec, saved.focal_point_key)
                if key in missing:
                    renditions[missing[key]] = saved
        return renditions

    class Meta(AbstractImage.Meta):
        verbose_name = _("Bild")
        verbose_name_plural = _("Bilder")


class IntranetRendition(AbstractRendition):
    """A resized copy of an image. Its URL points at a view that checks the
    reader's rights instead of at the media folder, which is never public."""

    image = models.ForeignKey(IntranetImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)

    @property
    def url(self):
        if self.pk is None:
            # Wagtail's unsaved stand-in when the original file is missing
            # (get_rendition_or_not_found): a visible placeholder, not a 500.
            return static(MISSING_IMAGE)
        return reverse("image_rendition", args=[self.pk])


class IntranetDocument(AbstractDocument):
    """An uploaded file (PDF, DOCX, XLSX, video …). The text inside is
    extracted in the background so that search can find it."""

    extracted_text = models.TextField(blank=True, editable=False)

    admin_form_fields = Document.admin_form_fields

    search_fields = AbstractDocument.search_fields + [
        index.SearchField("extracted_text"),
    ]

    class Meta(AbstractDocument.Meta):
        verbose_name = _("Dokument")
        verbose_name_plural = _("Dokumente")


class BasePage(Page):
    """Abstract base of every page type: a short summary used in listings,
    search results and the API."""

    summary = models.TextField(
        _("Kurzbeschreibung"),
        blank=True,
        help_text=_("Ein bis zwei Sätze für Übersichten, Suche und App."),
    )

    content_panels = Page.content_panels + [FieldPanel("summary")]
    search_fields = Page.search_fields + [index.SearchField("summary", boost=2)]
    api_fields = [APIField("summary")]

    class Meta:
        abstract = True
