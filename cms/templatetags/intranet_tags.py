"""Template filters that ask the permission core, so that content chosen in
one place (a download list, a linked page) never shows a reader what they
may not see."""

from django import template

from cms.permissions import can_view_collection_member, can_view_page

register = template.Library()


@register.filter
def visible_to(item, user):
    """Whether ``user`` may see ``item`` (a page, document or image)."""
    if item is None:
        return False
    if hasattr(item, "collection_id"):
        return can_view_collection_member(user, item)
    return can_view_page(user, item)
