"""The general content page for everything that has no type of its own."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.search import index

from cms.blocks import BodyBlock
from cms.models import BasePage


class ContentPage(BasePage):
    """A page of text, pictures, downloads and videos."""

    body = StreamField(BodyBlock(), blank=True, verbose_name=_("Inhalt"))

    content_panels = BasePage.content_panels + [FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("body")]
    api_fields = BasePage.api_fields + [APIField("body")]

    parent_page_types = [
        "home.HomePage",
        "home.InformationAreaPage",
        "home.ContentPage",
        "home.HelpIndexPage",
        "offices.OfficeIntranetPage",
        "workspaces.WorkspacePage",
    ]
    subpage_types = ["home.ContentPage"]

    class Meta:
        verbose_name = _("Inhaltsseite")
        verbose_name_plural = _("Inhaltsseiten")
