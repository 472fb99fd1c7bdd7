"""Information areas: one section per topic, each with its own editors."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from cms.blocks import BodyBlock
from cms.models import BasePage


class Area(models.TextChoices):
    """The information areas of the administration."""

    FORMS = "forms", _("Formulare")
    SERVICE_INSTRUCTIONS = "service-instructions", _("Dienstanweisungen")
    ORG_CHARTS = "org-charts", _("Organigramme")
    SAP = "sap", _("SAP")
    PROJECT_MANAGEMENT = "project-management", _("Projektmanagement")
    DIGITALISATION = "digitalisation", _("Digitalisierung")
    STAFF_COUNCIL = "staff-council", _("Personalrat")
    DATA_PROTECTION = "data-protection", _("Datenschutz")


class InformationAreaPage(BasePage):
    """The section page of an information area. Each area can have its own
    editors (a group with page permissions on this subtree)."""

    area = models.CharField(
        _("Bereich"),
        max_length=30,
        choices=Area.choices,
        help_text=_("Welcher Informationsbereich diese Seite ist."),
    )
    intro = RichTextField(_("Einleitung"), blank=True, features=["bold", "italic", "link"])
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("Inhalt"))
    contact_name = models.CharField(_("Ansprechperson"), max_length=200, blank=True)
    contact_email = models.EmailField(_("E-Mail"), blank=True)
    contact_phone = models.CharField(_("Telefon"), max_length=50, blank=True)

    content_panels = BasePage.content_panels + [
        FieldPanel("area"),
        FieldPanel("intro"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("contact_name"), FieldPanel("contact_email"), FieldPanel("contact_phone")],
            heading=_("Kontakt"),
        ),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("area"),
    ]
    api_fields = BasePage.api_fields + [
        APIField("area"),
        APIField("intro"),
        APIField("body"),
        APIField("contact_name"),
        APIField("contact_email"),
        APIField("contact_phone"),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = [
        "home.ContentPage",
        "home.FormIndexPage",
        "home.ServiceInstructionIndexPage",
    ]

    class Meta:
        verbose_name = _("Informationsbereich")
        verbose_name_plural = _("Informationsbereiche")

    def get_context(self, request, *args, **kwargs):
        from cms.permissions import visible_pages

        context = super().get_context(request, *args, **kwargs)
        context["subpages"] = visible_pages(request.user, self.get_children()).specific()
        return context
