"""Help and tutorials for readers and editors."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.search import index

from cms.blocks import StepBlock
from cms.models import BasePage


class HelpIndexPage(BasePage):
    """The help area: a list of tutorials by audience."""

    api_fields = BasePage.api_fields
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.TutorialPage", "home.ContentPage"]

    class Meta:
        verbose_name = _("Hilfebereich")
        verbose_name_plural = _("Hilfebereiche")

    def get_context(self, request, *args, **kwargs):
        from cms.permissions import visible_pages

        context = super().get_context(request, *args, **kwargs)
        tutorials = visible_pages(request.user, TutorialPage.objects.child_of(self)).order_by(
            "audience", "title"
        )
        context["tutorials_by_audience"] = [
            (label, [t for t in tutorials if t.audience == value])
            for value, label in TutorialPage.Audience.choices
        ]
        return context


class TutorialPage(BasePage):
    """A step-by-step tutorial with text, pictures and video."""

    class Audience(models.TextChoices):
        READERS = "readers", _("Für alle Beschäftigten")
        EDITORS = "editors", _("Für Redakteurinnen und Redakteure")

    audience = models.CharField(
        _("Zielgruppe"), max_length=20, choices=Audience.choices, default=Audience.READERS
    )
    duration_minutes = models.PositiveSmallIntegerField(
        _("Dauer in Minuten"), null=True, blank=True
    )
    steps = StreamField([("step", StepBlock())], verbose_name=_("Schritte"))

    content_panels = BasePage.content_panels + [
        FieldPanel("audience"),
        FieldPanel("duration_minutes"),
        FieldPanel("steps"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("steps"),
        index.FilterField("audience"),
    ]
    api_fields = BasePage.api_fields + [
        APIField("audience"),
        APIField("duration_minutes"),
        APIField("steps"),
    ]

    parent_page_types = ["home.HelpIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("Anleitung")
        verbose_name_plural = _("Anleitungen")
