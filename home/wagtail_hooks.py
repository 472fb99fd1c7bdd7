"""Admin integration of the home app: the accessibility feedback inbox of the
central editorial team, and the help menu pointing to the intranet's help area."""

from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

import django_filters
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from home.editorial import central_group_name
from home.models import AccessibilityFeedback, HelpIndexPage

# What the central editorial team may do with feedback: read and mark it
# answered. Nobody adds feedback in the admin (readers send it) and deleting
# it stays with administrators, because the answer period must be provable.
CENTRAL_ACTIONS = {"view", "change"}


class FeedbackPermissionPolicy(ModelPermissionPolicy):
    """Django's model permissions, plus view/change for the members of the
    central editorial team. Granted here and not as group permissions because
    ``setup_editorial`` and ``apply_roles`` converge the group's model
    permissions and would take such a grant away again."""

    def _is_central_editor(self, user):
        if not user.is_active:
            return False
        cache_name = "_central_editor_cache"
        if not hasattr(user, cache_name):
            setattr(user, cache_name, user.groups.filter(name=central_group_name()).exists())
        return getattr(user, cache_name)

    def user_has_permission(self, user, action):
        if action in CENTRAL_ACTIONS and user.is_authenticated and self._is_central_editor(user):
            return True
        return super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        users = super().users_with_any_permission(actions)
        if CENTRAL_ACTIONS & set(actions):
            central = Group.objects.filter(name=central_group_name())
            users = (
                users | users.model.objects.filter(groups__in=central, is_active=True)
            ).distinct()
        return users


register_permission_policy(AccessibilityFeedback, FeedbackPermissionPolicy(AccessibilityFeedback))


class FeedbackFilterSet(WagtailFilterSet):
    """Filters of the inbox: status, due date range and "overdue only"."""

    due_date = django_filters.DateFromToRangeFilter(
        label=_("Zu beantworten bis"), widget=DateRangePickerWidget
    )
    overdue = django_filters.BooleanFilter(label=_("Überfällig"), method="filter_overdue")

    class Meta:
        model = AccessibilityFeedback
        fields = ["status", "due_date", "overdue"]

    def filter_overdue(self, queryset, name, value):
        today = timezone.localdate()
        overdue = {"status": AccessibilityFeedback.Status.OPEN, "due_date__lt": today}
        return queryset.filter(**overdue) if value else queryset.exclude(**overdue)


class DueDateColumn(Column):
    """The due date, marked „überfällig“ in words (not by colour alone)."""

    def get_value(self, instance):
        due = instance.due_date.strftime("%d.%m.%Y")
        if instance.is_overdue:
            return format_html("<strong>{} – {}</strong>", due, _("überfällig"))
        return due


class AccessibilityFeedbackViewSet(SnippetViewSet):
    """Feedback on accessibility, open and soonest due first."""

    model = AccessibilityFeedback
    icon = "help"
    menu_label = _("Rückmeldungen Barrierefreiheit")
    menu_order = 250
    add_to_admin_menu = True
    list_display = [
        "__str__",
        "page_url",
        Column("received_at", label=_("Eingegangen am")),
        DueDateColumn("due_date", label=_("Zu beantworten bis")),
        "status",
    ]
    list_export = ["received_at", "due_date", "status", "answered_at", "name", "email"]
    list_export += ["page_url", "message", "note"]
    filterset_class = FeedbackFilterSet
    search_fields = ["message", "name", "email", "page_url"]
    search_backend_name = None
    ordering = ["status", "due_date", "received_at"]
    inspect_view_enabled = True


register_snippet(AccessibilityFeedbackViewSet)


# Wagtail's help menu links to its English editor guide and release notes
# (there is no German edition); the intranet's own help area replaces them.
ENGLISH_HELP_ITEMS = {"editor-guide"}


@hooks.register("construct_help_menu")
def german_help_menu(request, menu_items):
    """Drop Wagtail's English guide and release notes from the help menu and
    link the intranet's help area instead, when there is one."""
    menu_items[:] = [
        item
        for item in menu_items
        if item.name not in ENGLISH_HELP_ITEMS and not item.name.startswith("whats-new")
    ]
    help_index = HelpIndexPage.objects.live().first()
    if help_index is not None and help_index.url:
        menu_items.insert(
            0,
            MenuItem(
                _("Hilfe im Intranet"),
                help_index.url,
                icon_name="help",
                order=1000,
                name="intranet-help",
            ),
        )
