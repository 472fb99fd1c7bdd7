"""The org structure of the administration: units in a hierarchy and the
people who belong to them."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Collection
from wagtail.search import index

from cms.api.fields import OrgUnitField
from cms.blocks import BodyBlock
from cms.models import BasePage


class OrgUnit(index.Indexed, ClusterableModel):
    """A unit of the administration: department (Dezernat), office (Amt),
    division (Abteilung) or team (Sachgebiet). Units form a tree."""

    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("Dezernat")
        OFFICE = "office", _("Amt")
        DIVISION = "division", _("Abteilung")
        TEAM = "team", _("Sachgebiet")

    code = models.SlugField(
        _("Kürzel"), max_length=50, unique=True, help_text=_("Eindeutiges Kürzel, z. B. „amt-51“.")
    )
    name = models.CharField(_("Name"), max_length=200)
    short_name = models.CharField(_("Kurzname"), max_length=50, blank=True)
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices, default=Kind.OFFICE)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("Übergeordnete Einheit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    group = models.OneToOneField(
        Group,
        verbose_name=_("Mitgliedergruppe"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="org_unit",
    )
    editors_group = models.OneToOneField(
        Group,
        verbose_name=_("Redaktionsgruppe"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="edited_org_unit",
        help_text=_("Nur bei Ämtern: Leitung, Stellvertretung und Redaktion des Amtes."),
    )
    collection = models.OneToOneField(
        Collection,
        verbose_name=_("Sammlung"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="org_unit",
        help_text=_("Nur bei Ämtern: Dokumente und Bilder des Amtes."),
    )
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=50, blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("short_name"),
        FieldPanel("code"),
        FieldPanel("kind"),
        FieldPanel("parent"),
        FieldPanel("email"),
        FieldPanel("phone"),
        InlinePanel("memberships", label=_("Mitglieder"), heading=_("Mitglieder")),
    ]
    search_fields = [
        index.SearchField("name", boost=3),
        index.SearchField("short_name", boost=3),
        index.SearchField("code"),
        index.AutocompleteField("name"),
        index.FilterField("kind"),
    ]

    class Meta:
        verbose_name = _("Organisationseinheit")
        verbose_name_plural = _("Organisationseinheiten")
        ordering = ["name"]

    def __str__(self):
        return f"{self.short_name} – {self.name}" if self.short_name else self.name

    def clean(self):
        """Refuse a parent that would make the tree a cycle."""
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None:
                raise ValidationError(
                    {"parent": _("Eine Einheit kann nicht unter sich selbst stehen.")}
                )
            ancestor = ancestor.parent

    def ancestors(self):
        """The units above this one, nearest first."""
        result, unit = [], self.parent
        while unit is not None:
            result.append(unit)
            unit = unit.parent
        return result

    @property
    def label(self):
        """The unit as it appears in group and collection names: "Jugendamt (amt-51)"."""
        return f"{self.name} ({self.code})"


class Membership(models.Model):
    """A person's membership of a unit, with their function there."""

    class Function(models.TextChoices):
        HEAD = "head", _("Leitung")
        DEPUTY = "deputy", _("Stellvertretung")
        EDITOR = "editor", _("Redaktion")
        MEMBER = "member", _("Mitglied")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Person"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    # A ParentalKey so that memberships can be edited inline on the unit.
    unit = ParentalKey(
        OrgUnit, verbose_name=_("Einheit"), on_delete=models.CASCADE, related_name="memberships"
    )
    function = models.CharField(
        _("Funktion"), max_length=20, choices=Function.choices, default=Function.MEMBER
    )

    panels = [FieldPanel("user"), FieldPanel("unit"), FieldPanel("function")]

    class Meta:
        verbose_name = _("Mitgliedschaft")
        verbose_name_plural = _("Mitgliedschaften")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit"], name="unique_membership_per_unit")
        ]

    def __str__(self):
        return f"{self.user} – {self.unit} ({self.get_function_display()})"


class OfficeIndexPage(BasePage):
    """The list of office intranets ("Ämter"). Every reader sees the intranets
    they may read, their own office first."""

    intro = RichTextField(_("Einleitung"), blank=True, features=["bold", "italic", "link"])

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]
    api_fields = BasePage.api_fields + [APIField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["offices.OfficeIntranetPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("Ämterübersicht")
        verbose_name_plural = _("Ämterübersichten")

    def intranets_for(self, user):
        """The office intranets below this index that ``user`` may read, as
        ``(mine, others)``: those of the user's own offices and the rest."""
        from cms.permissions import visible_pages

        pages = list(
            visible_pages(user, OfficeIntranetPage.objects.child_of(self))
            .select_related("unit")
            .order_by("title")
        )
        own_units = set(
            OrgUnit.objects.filter(group__user=user).values_list("pk", flat=True)
            if user.is_authenticated
            else []
        )
        mine = [page for page in pages if page.unit_id in own_units]
        others = [page for page in pages if page.unit_id not in own_units]
        return mine, others

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["my_intranets"], context["other_intranets"] = self.intranets_for(request.user)
        return context


class OfficeIntranetPage(BasePage):
    """The intranet of one office: only the office's members may read it, its
    editors maintain it. Created automatically for every office."""

    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("Amt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="intranet_pages",
        limit_choices_to={"kind": OrgUnit.Kind.OFFICE},
    )
    intro = RichTextField(_("Einleitung"), blank=True, features=["bold", "italic", "link"])
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("Inhalt"))
    contact_email = models.EmailField(_("Kontakt-E-Mail"), blank=True)
    contact_phone = models.CharField(_("Kontakt-Telefon"), max_length=50, blank=True)
    contact_address = models.TextField(
        _("Anschrift und Sprechzeiten"), blank=True, help_text=_("Zimmer, Gebäude, Sprechzeiten.")
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("unit"),
        FieldPanel("intro"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("contact_email"),
                FieldPanel("contact_phone"),
                FieldPanel("contact_address"),
            ],
            heading=_("Kontakt"),
        ),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("unit"),
    ]
    api_fields = BasePage.api_fields + [
        APIField("unit", serializer=OrgUnitField()),
        APIField("intro"),
        APIField("body"),
        APIField("contact_email"),
        APIField("contact_phone"),
        APIField("contact_address"),
    ]

    parent_page_types = ["offices.OfficeIndexPage"]
    subpage_types = ["home.ContentPage", "home.NewsIndexPage"]

    class Meta:
        verbose_name = _("Amtsintranet")
        verbose_name_plural = _("Amtsintranets")

    def get_context(self, request, *args, **kwargs):
        from cms.permissions import visible_pages

        context = super().get_context(request, *args, **kwargs)
        context["subpages"] = visible_pages(request.user, self.get_children()).specific()
        return context
