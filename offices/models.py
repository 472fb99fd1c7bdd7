"""The org structure of the administration: units in a hierarchy and the
people who belong to them."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class OrgUnit(index.Indexed, models.Model):
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
    ]
    search_fields = [
        index.SearchField("name", boost=3),
        index.SearchField("short_name", boost=3),
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
    unit = models.ForeignKey(
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
