"""The offices' rights provider: every office is an instance of the role
file's ``per: office`` roles, with its members and editors groups, its
intranet page and its collection (config/roles.yaml, cms/rights)."""

from cms.rights.registry import Instance, RightsProvider

from .models import OfficeIntranetPage, OrgUnit


class OfficeRights(RightsProvider):
    """Offices: ``group: members`` is ``OrgUnit.group`` (everyone in the
    office or below it), ``group: editors`` is ``OrgUnit.editors_group``."""

    per = "office"
    slots = ("members", "editors")
    page_selector = "office_intranet"
    collection_selector = "office_collection"

    @staticmethod
    def _instance(unit, page):
        return Instance(
            key=f"office:{unit.pk}",
            label=unit.label,
            groups={"members": unit.group, "editors": unit.editors_group},
            pages=[page] if page is not None else [],
            collection=unit.collection,
        )

    def instances(self, ensure=True):
        """Every office; with ``ensure`` its groups are created (or renamed) first."""
        from .services import ensure_unit_groups

        # The oldest intranet page of an office is its intranet (as in ensure_office_intranet).
        pages = {p.unit_id: p for p in OfficeIntranetPage.objects.order_by("-pk")}
        for unit in OrgUnit.objects.filter(kind=OrgUnit.Kind.OFFICE).select_related(
            "group", "editors_group", "collection"
        ):
            if ensure:
                ensure_unit_groups(unit)
            yield self._instance(unit, pages.get(unit.pk))

    def instance(self, unit, ensure=True):
        """The instance of one office (None for a unit that is not an office)."""
        from .services import ensure_unit_groups

        if unit.kind != OrgUnit.Kind.OFFICE:
            return None
        if ensure:
            ensure_unit_groups(unit)
        page = OfficeIntranetPage.objects.filter(unit=unit).order_by("pk").first()
        return self._instance(unit, page)
