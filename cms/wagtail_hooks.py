"""Hooks that make Wagtail's own serving ask the permission core."""

from django.http import Http404

from wagtail import hooks

from cms import admin_guard
from cms.permissions import (
    can_view_document,
    can_view_page,
    visible_collection_members,
    visible_pages,
)


@hooks.register("before_serve_page", order=-100)
def refuse_hidden_page(page, request, serve_args, serve_kwargs):
    """A page the reader may not see answers 404, like an unknown one (runs
    before Wagtail's own restriction check, which would ask for a login)."""
    if not can_view_page(request.user, page):
        raise Http404


@hooks.register("before_serve_document", order=-100)
def refuse_hidden_document(document, request):
    """A document the reader may not see answers 404, like an unknown one."""
    if not can_view_document(request.user, document):
        raise Http404


# The admin is a channel too: editors must not learn the titles of pages,
# documents and images behind restrictions they do not pass, through the
# explorer, its search or the choosers. Drafts stay visible (live=False).


@hooks.register("construct_explorer_page_queryset")
def trim_explorer(parent_page, pages, request):
    """The page explorer and its search list only pages the editor may read."""
    return visible_pages(request.user, pages, live=False, for_search=True)


@hooks.register("construct_page_chooser_queryset")
def trim_page_chooser(pages, request):
    """The page chooser offers only pages the editor may read."""
    return visible_pages(request.user, pages, live=False, for_search=True)


@hooks.register("construct_document_chooser_queryset")
def trim_document_chooser(documents, request):
    """The document chooser offers only documents the editor may see."""
    return visible_collection_members(request.user, documents)


@hooks.register("construct_image_chooser_queryset")
def trim_image_chooser(images, request):
    """The image chooser offers only images the editor may see."""
    return visible_collection_members(request.user, images)


# The rest of the admin channel (see cms/admin_guard.py; its permission
# policies are registered in cms/apps.py): bulk actions that drop hidden
# items, and dashboard panels narrowed by the core.

for _action_class in admin_guard.guarded_bulk_actions():
    # Registered after Wagtail's own (order 0), so these replace them.
    hooks.register("register_bulk_action", _action_class, order=100)


@hooks.register("construct_homepage_panels")
def trim_dashboard_panels(request, panels):
    """Replace Wagtail's dashboard panels by ones that ask the core."""
    from cms.admin_views import PANEL_REPLACEMENTS

    for position, panel in enumerate(panels):
        replacement = PANEL_REPLACEMENTS.get(type(panel))
        if replacement is not None:
            panels[position] = replacement()


@hooks.register("construct_homepage_summary_items", order=100)
def trim_summary_items(request, items):
    """The dashboard's page count from the core (after Wagtail's own hook)."""
    from cms.admin_views import trim_summary_items as replace

    replace(request, items)
