"""The org structure in the Wagtail admin (units and memberships as
snippets) and the audit-log actions of the org structure."""

from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Membership, OrgUnit


class OrgUnitViewSet(SnippetViewSet):
    """Units of the administration, searchable and filterable by kind and parent."""

    model = OrgUnit
    icon = "group"
    menu_label = _("Organisationseinheiten")
    add_to_admin_menu = False
    list_display = ["name", "code", "short_name", "kind", "parent"]
    list_filter = ["kind", "parent"]
    list_export = ["code", "name", "short_name", "kind", "parent", "email", "phone"]
    # Plain database search: exact codes like "amt-51" must be found, whatever
    # the search backend's analysers make of them.
    search_backend_name = None
    search_fields = ["name", "short_name", "code"]
    ordering = ["name"]


class MembershipViewSet(SnippetViewSet):
    """Memberships: who belongs to which unit, in which function."""

    model = Membership
    icon = "user"
    menu_label = _("Mitgliedschaften")
    add_to_admin_menu = False
    list_display = ["user", "unit", "function"]
    list_filter = ["function", "unit__kind", "unit"]
    list_export = ["user", "unit", "function"]
    search_backend_name = None
    search_fields = [
        "user__username",
        "user__first_name",
        "user__last_name",
        "unit__name",
        "unit__code",
    ]
    ordering = ["unit__name", "user__last_name"]


class OrganisationViewSetGroup(SnippetViewSetGroup):
    """The "Organisation" menu of the admin."""

    items = (OrgUnitViewSet, MembershipViewSet)
    menu_icon = "group"
    menu_label = _("Organisation")
    menu_name = "organisation"


register_snippet(OrganisationViewSetGroup)


class _OfficesFormatter(LogFormatter):
    """Formats an org-structure log entry from the data it was written with."""

    template = ""

    def format_message(self, log_entry):
        data = dict(log_entry.data or {})
        try:
            return str(self.template) % data
        except (KeyError, TypeError, ValueError):
            return str(self.label)


@hooks.register("register_log_actions")
def register_offices_log_actions(actions):
    """The audit-log actions written by the org structure's signal handlers."""

    @actions.register_action("offices.membership_added")
    class MembershipAdded(_OfficesFormatter):
        label = _("Mitgliedschaft hinzugefügt")
        template = _("Mitgliedschaft hinzugefügt: %(user)s in %(unit)s (%(function)s)")

    @actions.register_action("offices.membership_changed")
    class MembershipChanged(_OfficesFormatter):
        label = _("Mitgliedschaft geändert")
        template = _("Funktion geändert: %(user)s in %(unit)s, %(old_function)s → %(function)s")

    @actions.register_action("offices.membership_removed")
    class MembershipRemoved(_OfficesFormatter):
        label = _("Mitgliedschaft entfernt")
        template = _("Mitgliedschaft entfernt: %(user)s aus %(unit)s")

    @actions.register_action("offices.unit_moved")
    class UnitMoved(_OfficesFormatter):
        label = _("Einheit verschoben")
        template = _("Einheit verschoben: %(unit)s von „%(old_parent)s“ nach „%(new_parent)s“")

    @actions.register_action("offices.group_member_added")
    class GroupMemberAdded(_OfficesFormatter):
        label = _("Zur Gruppe hinzugefügt")
        template = _("Zur Gruppe „%(group)s“ hinzugefügt: %(user)s")

    @actions.register_action("offices.group_member_removed")
    class GroupMemberRemoved(_OfficesFormatter):
        label = _("Aus der Gruppe entfernt")
        template = _("Aus der Gruppe „%(group)s“ entfernt: %(user)s")
