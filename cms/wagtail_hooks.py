"""Hooks that make Wagtail's own serving ask the permission core."""

from django.http import Http404

from wagtail import hooks

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
