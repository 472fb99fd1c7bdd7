"""Registers of binding documents: forms and service instructions
(Dienstanweisungen). Entries are typed records, not prose, so they can be
listed, filtered and checked for validity."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from cms.api.fields import DocumentField, OrgUnitField, PageLinkField, PersonField
from cms.blocks import BodyBlock
from cms.models import BasePage

ENTRIES_PER_PAGE = 25
FORM_FILE_EXTENSIONS = {"pdf", "docx", "xlsx", "odt", "ods"}


class RegisterEntry(models.Model):
    """Fields every register entry has: number, issuing office, the responsible
    person (owner; Wagtail's own ``owner`` is the page's creator) and a deputy."""

    number = models.CharField(
        _("Nummer"), max_length=30, help_text=_("Eindeutige Nummer im Register, z. B. „F-10-003“.")
    )
    issuing_office = models.ForeignKey(
        "offices.OrgUnit",
        verbose_name=_("Herausgebende Stelle"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Verantwortlich"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Vertretung"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # The inline relation that holds the entry's files ("files", "attachments").
    files_relation = None

    register_panels = [
        FieldRowPanel([FieldPanel("number"), FieldPanel("issuing_office")]),
        FieldRowPanel([FieldPanel("responsible"), FieldPanel("deputy")]),
    ]
    register_search_fields = [
        index.SearchField("number", boost=5),
        index.AutocompleteField("number"),
        index.FilterField("issuing_office"),
    ]
    register_api_fields = [
        APIField("number"),
        APIField("issuing_office", serializer=OrgUnitField()),
        APIField("responsible", serializer=PersonField()),
        APIField("deputy", serializer=PersonField()),
        APIField("tags"),
    ]

    class Meta:
        abstract = True

    def visible_files(self, user):
        """The entry's file rows that ``user`` may see, documents loaded with
        them (one query, whatever the number of files)."""
        from cms.permissions import can_view_document

        rows = getattr(self, self.files_relation).select_related("document")
        return [row for row in rows if can_view_document(user, row.document)]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["files"] = self.visible_files(request.user)
        return context

    def register_errors(self):
        """Field errors of the register fields: a number that another entry of
        the same type and language has, or a deputy who is the responsible person."""
        errors = {}
        clash = (
            type(self)
            .objects.filter(number__iexact=self.number, locale_id=self.locale_id)
            .exclude(pk=self.pk)
            .exclude(translation_key=self.translation_key)
        )
        if self.number and clash.exists():
            errors["number"] = _("Die Nummer %(number)s ist bereits vergeben.") % {
                "number": self.number
            }
        if self.responsible_id and self.responsible_id == self.deputy_id:
            errors["deputy"] = _(
                "Die Vertretung muss eine andere Person sein als die verantwortliche."
            )
        return errors

    def clean(self):
        """Report every register field error at once."""
        super().clean()
        errors = self.register_errors()
        if errors:
            raise ValidationError(errors)


class RegisterIndexPage(BasePage):
    """Common behaviour of the register listings: filter by office, tag and text."""

    entry_model = None

    class Meta:
        abstract = True

    def entries_for_request(self, request, office, tag, text):
        """The entries a listing request asks for (subclasses add their own filters)."""
        return self.entries_for(request.user, office, tag, text)

    def entries_for(self, user, office="", tag="", text=""):
        """The live entries below this register that the user may see, filtered."""
        from cms.permissions import visible_pages

        queryset = visible_pages(user, self.entry_model.objects.child_of(self))
        if office:
            queryset = queryset.filter(issuing_office__code=office)
        if tag:
            queryset = queryset.filter(tags__slug=tag)
        if text:
            queryset = queryset.filter(
                Q(title__icontains=text) | Q(number__icontains=text) | Q(summary__icontains=text)
            )
        return queryset.select_related("issuing_office").distinct().order_by("number")

    def get_context(self, request, *args, **kwargs):
        from offices.models import OrgUnit

        context = super().get_context(request, *args, **kwargs)
        office = request.GET.get("amt", "")
        tag = request.GET.get("schlagwort", "")
        text = request.GET.get("q", "").strip()[:100]
        entries = self.entries_for_request(request, office, tag, text)
        context["entries"] = Paginator(entries, ENTRIES_PER_PAGE).get_page(request.GET.get("seite"))
        context["offices"] = OrgUnit.objects.filter(kind=OrgUnit.Kind.OFFICE).only(
            "code", "name", "short_name"
        )
        context["filters"] = {"amt": office, "schlagwort": tag, "q": text}
        return context


class PageFile(Orderable):
    """A file attached to a register entry, with an optional label."""

    document = models.ForeignKey(
        "cms.IntranetDocument", verbose_name=_("Datei"), on_delete=models.CASCADE, related_name="+"
    )
    label = models.CharField(_("Bezeichnung"), max_length=100, blank=True)

    panels = [FieldPanel("document"), FieldPanel("label")]
    api_fields = [APIField("label"), APIField("document", serializer=DocumentField())]

    class Meta(Orderable.Meta):
        abstract = True


# --- forms ---------------------------------------------------------------------


class FormPageTag(TaggedItemBase):
    """The link between a form and a tag."""

    content_object = ParentalKey(
        "home.FormPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class FormIndexPage(RegisterIndexPage):
    """The register of forms."""

    api_fields = BasePage.api_fields
    parent_page_types = ["home.InformationAreaPage"]
    subpage_types = ["home.FormPage"]

    class Meta:
        verbose_name = _("Formularverzeichnis")
        verbose_name_plural = _("Formularverzeichnisse")

    @property
    def entry_model(self):
        return FormPage


class FormPage(RegisterEntry, BasePage):
    """A form of the administration with its files in PDF, DOCX or XLSX."""

    files_relation = "files"

    version_date = models.DateField(_("Stand"), help_text=_("Datum der gültigen Fassung."))
    instructions = StreamField(BodyBlock(), blank=True, verbose_name=_("Hinweise zum Ausfüllen"))
    tags = ClusterTaggableManager(through=FormPageTag, blank=True, verbose_name=_("Schlagwörter"))

    content_panels = (
        BasePage.content_panels
        + RegisterEntry.register_panels
        + [
            FieldPanel("version_date"),
            InlinePanel("files", label=_("Dateien"), min_num=1),
            FieldPanel("instructions"),
            FieldPanel("tags"),
        ]
    )
    search_fields = (
        BasePage.search_fields
        + RegisterEntry.register_search_fields
        + [
            index.SearchField("instructions"),
            index.RelatedFields("tags", [index.SearchField("name", boost=2)]),
        ]
    )
    api_fields = (
        BasePage.api_fields
        + RegisterEntry.register_api_fields
        + [APIField("version_date"), APIField("files"), APIField("instructions")]
    )

    parent_page_types = ["home.FormIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("Formular")
        verbose_name_plural = _("Formulare")


class FormFile(PageFile):
    """One file of a form (the same form may come as PDF and as DOCX)."""

    page = ParentalKey(FormPage, on_delete=models.CASCADE, related_name="files")

    class Meta(PageFile.Meta):
        verbose_name = _("Datei")
        verbose_name_plural = _("Dateien")

    def clean(self):
        """Forms come as PDF, DOCX, XLSX or their open equivalents only."""
        if self.document_id and self.document.file_extension.lower() not in FORM_FILE_EXTENSIONS:
            raise ValidationError(
                {
                    "document": _("Formulare müssen als %(types)s vorliegen.")
                    % {"types": ", ".join(sorted(ext.upper() for ext in FORM_FILE_EXTENSIONS))}
                }
            )


# --- service instructions ------------------------------------------------------


class ServiceInstructionTag(TaggedItemBase):
    """The link between a service instruction and a tag."""

    content_object = ParentalKey(
        "home.ServiceInstructionPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class ServiceInstructionIndexPage(RegisterIndexPage):
    """The register of service instructions (Dienstanweisungen)."""

    api_fields = BasePage.api_fields
    parent_page_types = ["home.InformationAreaPage"]
    subpage_types = ["home.ServiceInstructionPage"]

    class Meta:
        verbose_name = _("Verzeichnis der Dienstanweisungen")
        verbose_name_plural = _("Verzeichnisse der Dienstanweisungen")

    @property
    def entry_model(self):
        return ServiceInstructionPage

    def entries_for_request(self, request, office, tag, text):
        """Repealed and superseded instructions are listed only when asked for (``alle=1``)."""
        entries = self.entries_for(request.user, office, tag, text).select_related("superseded_by")
        if request.GET.get("alle") != "1":
            entries = entries.filter(status=ServiceInstructionPage.Status.IN_FORCE)
        return entries

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["show_repealed"] = request.GET.get("alle") == "1"
        return context


class ServiceInstructionPage(RegisterEntry, BasePage):
    """A service instruction with its validity: the reader sees at a glance
    whether it is in force."""

    files_relation = "attachments"

    class Status(models.TextChoices):
        IN_FORCE = "in_force", _("In Kraft")
        REPEALED = "repealed", _("Aufgehoben")
        SUPERSEDED = "superseded", _("Ersetzt")

    valid_from = models.DateField(_("Gültig ab"))
    valid_until = models.DateField(_("Gültig bis"), null=True, blank=True)
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.IN_FORCE
    )
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("Ersetzt durch"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supersedes",
    )
    body = StreamField(BodyBlock(), verbose_name=_("Text"))
    tags = ClusterTaggableManager(
        through=ServiceInstructionTag, blank=True, verbose_name=_("Schlagwörter")
    )

    content_panels = (
        BasePage.content_panels
        + RegisterEntry.register_panels
        + [
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_until")]),
                    FieldPanel("status"),
                    FieldPanel("superseded_by"),
                ],
                heading=_("Gültigkeit"),
            ),
            FieldPanel("body"),
            InlinePanel("attachments", label=_("Anlagen")),
            FieldPanel("tags"),
        ]
    )
    search_fields = (
        BasePage.search_fields
        + RegisterEntry.register_search_fields
        + [
            index.SearchField("body"),
            index.FilterField("status"),
            index.RelatedFields("tags", [index.SearchField("name", boost=2)]),
        ]
    )
    api_fields = (
        BasePage.api_fields
        + RegisterEntry.register_api_fields
        + [
            APIField("valid_from"),
            APIField("valid_until"),
            APIField("status"),
            APIField("in_force"),
            APIField("superseded_by", serializer=PageLinkField()),
            APIField("body"),
            APIField("attachments"),
        ]
    )

    parent_page_types = ["home.ServiceInstructionIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("Dienstanweisung")
        verbose_name_plural = _("Dienstanweisungen")

    @property
    def in_force(self):
        """In force today: status says so and today lies in the validity period."""
        today = timezone.localdate()
        return (
            self.status == self.Status.IN_FORCE
            and self.valid_from <= today
            and (self.valid_until is None or self.valid_until >= today)
        )

    @property
    def validity_label(self):
        """A short German text for the badge: in force, not yet, expired, repealed, superseded."""
        today = timezone.localdate()
        if self.status == self.Status.SUPERSEDED:
            return _("Ersetzt")
        if self.status == self.Status.REPEALED:
            return _("Aufgehoben")
        if self.valid_from > today:
            return _("Noch nicht in Kraft")
        if self.valid_until is not None and self.valid_until < today:
            return _("Abgelaufen")
        return _("In Kraft")

    def clean(self):
        """Check the register fields, and that the validity period and the
        status fit together; every error at once."""
        BasePage.clean(self)
        errors = self.register_errors()
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            errors["valid_until"] = _("„Gültig bis“ darf nicht vor „Gültig ab“ liegen.")
        if self.status == self.Status.SUPERSEDED and not self.superseded_by_id:
            errors["superseded_by"] = _(
                "Bitte geben Sie an, durch welche Dienstanweisung diese ersetzt wurde."
            )
        if self.superseded_by_id and self.status != self.Status.SUPERSEDED:
            errors["status"] = _("Eine ersetzte Dienstanweisung muss den Status „Ersetzt“ haben.")
        if self.superseded_by_id and self.pk and self.superseded_by_id == self.pk:
            errors["superseded_by"] = _("Eine Dienstanweisung kann sich nicht selbst ersetzen.")
        if errors:
            raise ValidationError(errors)


class ServiceInstructionAttachment(PageFile):
    """An attachment (Anlage) of a service instruction."""

    page = ParentalKey(ServiceInstructionPage, on_delete=models.CASCADE, related_name="attachments")

    class Meta(PageFile.Meta):
        verbose_name = _("Anlage")
        verbose_name_plural = _("Anlagen")
