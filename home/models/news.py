"""News: written decentrally by the offices, approved by the central
editorial team through the news workflow, shown on the start page."""

from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.search import index

from cms.api.fields import OrgUnitField
from cms.blocks import BodyBlock
from cms.models import BasePage

NEWS_PER_PAGE = 12


class NewsCategory(models.TextChoices):
    """The categories readers filter news by."""

    GENERAL = "general", _("Allgemein")
    STAFF = "staff", _("Personal")
    IT = "it", _("IT und Digitalisierung")
    EVENTS = "events", _("Veranstaltungen")
    HEALTH = "health", _("Gesundheit und Arbeitsschutz")
    CITY = "city", _("Aus der Stadt")
    ORGANISATION = "organisation", _("Organisation")


class NewsIndexPage(BasePage):
    """The list of news, newest first, filterable by category and tag."""

    content_panels = BasePage.content_panels
    api_fields = BasePage.api_fields

    parent_page_types = ["home.HomePage", "offices.OfficeIntranetPage"]
    subpage_types = ["home.NewsPage"]

    class Meta:
        verbose_name = _("Nachrichtenübersicht")
        verbose_name_plural = _("Nachrichtenübersichten")

    def news_for(self, user, category="", tag=""):
        """Live news below this index that the user may see, newest first."""
        from cms.permissions import visible_pages

        queryset = visible_pages(user, NewsPage.objects.child_of(self))
        if category:
            queryset = queryset.filter(category=category)
        if tag:
            queryset = queryset.filter(tags__slug=tag)
        return queryset.select_related("image", "issuing_office").order_by("-first_published_at")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        category = request.GET.get("kategorie", "")
        if category not in NewsCategory.values:
            category = ""
        tag = request.GET.get("schlagwort", "")
        paginator = Paginator(self.news_for(request.user, category, tag), NEWS_PER_PAGE)
        context["news"] = paginator.get_page(request.GET.get("seite"))
        context["categories"] = NewsCategory.choices
        context["active_category"] = category
        context["active_tag"] = tag
        return context


class NewsPageTag(TaggedItemBase):
    """The link between a news article and a tag."""

    content_object = ParentalKey(
        "home.NewsPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class NewsPage(BasePage):
    """A news article. Scheduled publishing and expiry use Wagtail's
    go-live and expiry dates (settings tab)."""

    teaser = models.TextField(
        _("Anreißer"), max_length=400, help_text=_("Zwei, drei Sätze für die Startseite.")
    )
    image = models.ForeignKey(
        "cms.IntranetImage",
        verbose_name=_("Bild"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BodyBlock(), verbose_name=_("Text"))
    category = models.CharField(
        _("Kategorie"), max_length=20, choices=NewsCategory.choices, default=NewsCategory.GENERAL
    )
    issuing_office = models.ForeignKey(
        "offices.OrgUnit",
        verbose_name=_("Herausgebende Stelle"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="news",
    )
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True, verbose_name=_("Schlagwörter"))

    content_panels = BasePage.content_panels + [
        FieldPanel("teaser"),
        FieldPanel("image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("category"), FieldPanel("issuing_office"), FieldPanel("tags")],
            heading=_("Einordnung"),
        ),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("teaser", boost=2),
        index.SearchField("body"),
        index.FilterField("category"),
        index.FilterField("issuing_office"),
        index.RelatedFields("tags", [index.SearchField("name", boost=2)]),
    ]
    api_fields = BasePage.api_fields + [
        APIField("teaser"),
        APIField("image", serializer=ImageRenditionField("fill-1200x675")),
        APIField("image_thumbnail", serializer=ImageRenditionField("fill-400x225", source="image")),
        APIField("body"),
        APIField("category"),
        APIField("issuing_office", serializer=OrgUnitField()),
        APIField("tags"),
        APIField("go_live_at"),
        APIField("expire_at"),
    ]

    parent_page_types = ["home.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("Nachricht")
        verbose_name_plural = _("Nachrichten")

    @property
    def is_expired(self):
        """Whether the expiry date has passed (the page is unpublished by the
        scheduler; this guards the time until it runs)."""
        return bool(self.expire_at and self.expire_at <= timezone.now())
