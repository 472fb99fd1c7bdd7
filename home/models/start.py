"""The start page: the central editorial team's front page of the intranet."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from cms.api.fields import (
    CurrentNoticesField,
    LatestNewsField,
    TopStoriesField,
    UpcomingDatesField,
)
from cms.blocks import NoticeBlock
from cms.models import BasePage

LATEST_NEWS_COUNT = 6


class DatedNoticeBlock(NoticeBlock):
    """A notice on the start page that disappears after its end date."""

    show_until = blocks.DateBlock(required=False, label=_("Anzeigen bis"))

    class Meta:
        label = _("Hinweis")


class QuickLinkBlock(blocks.StructBlock):
    """A quick link: a page of the intranet (usually a form) or an address."""

    title = blocks.CharBlock(required=False, label=_("Titel (optional)"))
    page = blocks.PageChooserBlock(required=False, label=_("Seite"))
    url = blocks.URLBlock(required=False, label=_("oder Adresse"))

    class Meta:
        icon = "link"
        label = _("Schnellzugriff")

    def clean(self, value):
        from django.core.exceptions import ValidationError

        from wagtail.blocks.struct_block import StructBlockValidationError

        result = super().clean(value)
        if not result.get("page") and not result.get("url"):
            raise StructBlockValidationError(
                block_errors={
                    "page": ValidationError(
                        _("Bitte wählen Sie eine Seite oder geben Sie eine Adresse an.")
                    )
                }
            )
        return result

    def get_api_representation(self, value, context=None):
        from cms.permissions import can_view_page

        page = value.get("page")
        request = (context or {}).get("request")
        if page is not None and not can_view_page(getattr(request, "user", None), page):
            page = None
            if not value.get("url"):
                return None
        return {
            "title": value.get("title") or (page.title if page else value.get("url")),
            "page": page.pk if page else None,
            "url": page.url if page else value.get("url"),
        }


class DateBlock(blocks.StructBlock):
    """An upcoming date on the start page (staff meeting, deadline, event)."""

    title = blocks.CharBlock(label=_("Titel"))
    date = blocks.DateBlock(label=_("Datum"))
    time = blocks.TimeBlock(required=False, label=_("Uhrzeit"))
    place = blocks.CharBlock(required=False, label=_("Ort"))
    page = blocks.PageChooserBlock(required=False, label=_("Weitere Informationen"))

    class Meta:
        icon = "date"
        label = _("Termin")


class HomePage(BasePage):
    """The start page. Its slots are controlled by the central editorial team;
    the latest approved news and upcoming dates fill in automatically."""

    welcome = RichTextField(_("Begrüßung"), blank=True, features=["bold", "italic", "link"])
    top_stories = StreamField(
        [("story", blocks.PageChooserBlock(page_type="home.NewsPage", label=_("Nachricht")))],
        blank=True,
        max_num=3,
        verbose_name=_("Top-Themen"),
        help_text=_("Bis zu drei Nachrichten, die oben auf der Startseite stehen."),
    )
    notices = StreamField([("notice", DatedNoticeBlock())], blank=True, verbose_name=_("Hinweise"))
    quick_links = StreamField(
        [("link", QuickLinkBlock())],
        blank=True,
        max_num=12,
        verbose_name=_("Schnellzugriff"),
        help_text=_("Die meistgenutzten Formulare und Seiten."),
    )
    dates = StreamField([("date", DateBlock())], blank=True, verbose_name=_("Termine"))

    content_panels = BasePage.content_panels + [
        FieldPanel("welcome"),
        MultiFieldPanel(
            [FieldPanel("top_stories"), FieldPanel("notices"), FieldPanel("quick_links")],
            heading=_("Redaktionelle Plätze"),
        ),
        FieldPanel("dates"),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("welcome")]
    api_fields = BasePage.api_fields + [
        APIField("welcome"),
        APIField("top_stories", serializer=TopStoriesField(source="*")),
        APIField("notices", serializer=CurrentNoticesField(source="*")),
        APIField("quick_links"),
        APIField("upcoming_dates", serializer=UpcomingDatesField(source="*")),
        APIField("latest_news", serializer=LatestNewsField(source="*")),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.NewsIndexPage",
        "home.InformationAreaPage",
        "home.HelpIndexPage",
        "home.ContentPage",
        "offices.OfficeIndexPage",
        "workspaces.WorkspaceIndexPage",
        "home.AccessibilityStatementPage",
    ]

    class Meta:
        verbose_name = _("Startseite")
        verbose_name_plural = _("Startseiten")

    def current_notices(self):
        """Notices whose end date has not passed."""
        today = timezone.localdate()
        return [
            block
            for block in self.notices
            if not block.value.get("show_until") or block.value["show_until"] >= today
        ]

    def upcoming_dates(self):
        """Dates from today on, soonest first."""
        today = timezone.localdate()
        items = [block.value for block in self.dates if block.value["date"] >= today]
        return sorted(items, key=lambda value: (value["date"], value.get("time") or ""))

    def visible_top_stories(self, user):
        """The top stories that are live and that this user may see, in order."""
        from cms.permissions import visible_pages

        from .news import NewsPage

        ids = [block.value.pk for block in self.top_stories if block.value is not None]
        found = visible_pages(user, NewsPage.objects.filter(pk__in=ids)).select_related("image")
        by_id = {page.pk: page for page in found}
        return [by_id[pk] for pk in ids if pk in by_id]

    def latest_news(self, user, count=LATEST_NEWS_COUNT):
        """The newest approved news that this user may see."""
        from cms.permissions import visible_pages

        from .news import NewsPage

        return list(
            visible_pages(user, NewsPage.objects.all())
            .descendant_of(self)
            .select_related("image", "issuing_office")
            .order_by("-first_published_at")[:count]
        )

    def get_context(self, request, *args, **kwargs):
        from .news import NewsIndexPage

        context = super().get_context(request, *args, **kwargs)
        context["top_stories"] = self.visible_top_stories(request.user)
        context["news_index"] = self.get_children().type(NewsIndexPage).live().first()
        context["latest_news"] = self.latest_news(request.user)
        context["current_notices"] = self.current_notices()
        context["upcoming_dates"] = self.upcoming_dates()[:6]
        return context
