"""Hooks that make Wagtail's own serving ask the permission core."""

from django.http import Http404

from wagtail import hooks

from cms.permissions import can_view_document, can_view_page


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
