"""The home app's rights provider: every information area is an instance of
the role file's ``per: area`` roles (its group names follow the pattern
``"Bereichsredaktion {area_label}"``, its pages are the area's
InformationAreaPages), and the subtree ``start_page`` the role file's
central editors look after (config/roles.yaml, cms/rights)."""

from django.utils import translation

from wagtail.models import Page, Site

from cms.rights.registry import Instance, RightsProvider

from .models import HomePage, InformationAreaPage
from .models.areas import Area


def start_page():
    """The start page whose subtree the central editors look after: the
    default site's root if it is a HomePage, otherwise the first HomePage,
    or None while there is none."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is not None and site.root_page.specific_class is HomePage:
        return site.root_page
    return Page.objects.type(HomePage).order_by("path").first()


def start_pages():
    """``[start page]`` or ``[]``: the role file's ``subtree: start_page``."""
    page = start_page()
    return [page] if page is not None else []


class AreaRights(RightsProvider):
    """Information areas, one instance per value of ``Area``, even before
    its page exists (so that its editors can be named in advance)."""

    per = "area"
    variables = ("area", "area_label")

    def instances(self, ensure=True):
        """Every area with its pages (one query for all of them)."""
        pages = {}
        for page in InformationAreaPage.objects.order_by("path"):
            pages.setdefault(page.area, []).append(page)
        # Group names are identifiers: always the German label.
        with translation.override("de"):
            return [
                Instance(
                    key=f"area:{value}",
                    label=str(label),
                    pages=pages.get(value, []),
                    variables={"area": value, "area_label": str(label)},
                )
                for value, label in Area.choices
            ]

    def instance(self, area, ensure=True):
        """The instance of one area (an ``Area`` value)."""
        return next((i for i in self.instances() if i.variables["area"] == area), None)

    def values(self):
        """The areas a fixed role may select with ``{area: <value>}``."""
        return Area.values

    def pages_for(self, value):
        """The InformationAreaPages of the area ``value``."""
        return list(InformationAreaPage.objects.filter(area=value).order_by("path"))
