"""Wagtail's reports and dashboard panels, narrowed by the permission core.

The reports are subclasses of Wagtail's report views, served at Wagtail's
own paths by URL overrides (``admin_view_urls``, included before
the admin's URLs in ``cms/urls.py``); the panels replace Wagtail's in the
``construct_homepage_panels`` hook (``cms/wagtail_hooks.py``)."""

from django.urls import path
from django.views.decorators.cache import never_cache

from wagtail.admin.auth import require_admin_access
from wagtail.admin.navigation import get_site_for_user
from wagtail.admin.site_summary import PagesSummaryItem
from wagtail.admin.views import home
from wagtail.admin.views.reports.aging_pages import AgingPagesView
from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.admin.views.reports.locked_pages import LockedPagesView
from wagtail.admin.views.reports.workflows import WorkflowTasksView, WorkflowView
from wagtail.models import Page, PageLogEntry

from cms.admin_guard import hidden_pages, trim_generic, visible_objects
from cms.permissions import visible_pages


class VisibleLockedPagesView(LockedPagesView):
    """„Gesperrte Seiten“: only pages the user may see."""

    def get_queryset(self):
        """Wagtail's locked pages, narrowed by the core (drafts included)."""
        return visible_pages(self.request.user, super().get_queryset(), live=False)


class VisibleAgingPagesView(AgingPagesView):
    """„Veraltete Seiten“: only pages the user may see."""

    def get_queryset(self):
        """Wagtail's ageing pages, narrowed by the core."""
        return visible_pages(self.request.user, super().get_queryset(), live=False)


class VisibleWorkflowView(WorkflowView):
    """The workflow report: no workflow of a hidden page."""

    def get_queryset(self):
        """Workflow states whose object the user may see."""
        return trim_generic(
            self.request.user, super().get_queryset(), "base_content_type", "object_id"
        )


class VisibleWorkflowTasksView(WorkflowTasksView):
    """The workflow tasks report: no task of a hidden page."""

    def get_queryset(self):
        """Task states whose object the user may see."""
        return trim_generic(
            self.request.user,
            super().get_queryset(),
            "workflow_state__base_content_type",
            "workflow_state__object_id",
        )


class VisibleLogEntriesView(LogEntriesView):
    """The site history: no entry about a hidden page, document, image or
    collection (entries carry the item's title as it was)."""

    def filter_queryset(self, queryset):
        """Each log model's entries, narrowed before Wagtail joins them."""
        queryset = super().filter_queryset(queryset)
        user = self.request.user
        if user.is_superuser:
            return queryset
        if issubclass(queryset.model, PageLogEntry):
            return queryset.exclude(page_id__in=hidden_pages(user).values("pk"))
        return trim_generic(user, queryset, "content_type", "object_id")


def _admin_view(view):
    """Decorated as Wagtail decorates its admin views: admin access, no cache."""
    return never_cache(require_admin_access(view))


def _listing_paths(route, view_class, name):
    """The listing and its results-only path, as Wagtail routes them."""
    return [
        path(f"admin/{route}/", _admin_view(view_class.as_view()), name=f"intranet_{name}"),
        path(
            f"admin/{route}/results/",
            _admin_view(view_class.as_view(results_only=True)),
            name=f"intranet_{name}_results",
        ),
    ]


# Wagtail's paths, answered by the narrowed views (Wagtail's URL names still
# reverse to these same paths).
admin_view_urls = [
    *_listing_paths("reports/locked", VisibleLockedPagesView, "locked_pages"),
    *_listing_paths("reports/aging-pages", VisibleAgingPagesView, "aging_pages"),
    *_listing_paths("reports/workflow", VisibleWorkflowView, "workflow"),
    *_listing_paths("reports/workflow_tasks", VisibleWorkflowTasksView, "workflow_tasks"),
    *_listing_paths("reports/site-history", VisibleLogEntriesView, "site_history"),
]


# --- dashboard panels -------------------------------------------------------


def _panel_user(parent_context):
    return parent_context["request"].user


class VisibleLockedPagesPanel(home.LockedPagesPanel):
    """„Ihre gesperrten Seiten“, without pages the user may no longer see."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        user = _panel_user(parent_context)
        context["locked_pages"] = visible_pages(user, context["locked_pages"], live=False)
        return context


class VisibleRecentEditsPanel(home.RecentEditsPanel):
    """„Ihre zuletzt bearbeiteten Seiten“, without hidden pages."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        user = _panel_user(parent_context)
        context["last_edits"] = visible_objects(user, context["last_edits"], key=lambda e: e[1])
        return context


class VisibleUserObjectsInModerationPanel(home.UserObjectsInWorkflowModerationPanel):
    """The user's objects in moderation, without hidden ones."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        user = _panel_user(parent_context)
        context["workflow_states"] = visible_objects(
            user, context["workflow_states"], key=lambda state: state.content_object
        )
        return context


class VisibleObjectsToModeratePanel(home.WorkflowObjectsToModeratePanel):
    """Objects awaiting the user's review, without hidden ones."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        user = _panel_user(parent_context)
        context["states"] = visible_objects(user, context["states"], key=lambda s: s["obj"])
        return context


PANEL_REPLACEMENTS = {
    home.LockedPagesPanel: VisibleLockedPagesPanel,
    home.RecentEditsPanel: VisibleRecentEditsPanel,
    home.UserObjectsInWorkflowModerationPanel: VisibleUserObjectsInModerationPanel,
    home.WorkflowObjectsToModeratePanel: VisibleObjectsToModeratePanel,
}


class VisiblePagesSummaryItem(PagesSummaryItem):
    """The dashboard's „Seiten“ count: only pages the user may see (drafts
    included), so the number gives no hint of hidden subtrees."""

    def get_context_data(self, parent_context):
        """Wagtail's summary context with the count taken from the core."""
        context = super().get_context_data(parent_context)
        # The user's explorable root (Wagtail may show the single site's home
        # page as the link target instead), without the tree root itself.
        root_page = get_site_for_user(self.request.user)["root_page"]
        if root_page is not None:
            pages = Page.objects.descendant_of(root_page, inclusive=True).exclude(depth=1)
            context["total_pages"] = visible_pages(self.request.user, pages, live=False).count()
        return context


def trim_summary_items(request, items):
    """Replace Wagtail's page count on the dashboard by the core's."""
    for position, item in enumerate(items):
        if type(item) is PagesSummaryItem:
            items[position] = VisiblePagesSummaryItem(request)
