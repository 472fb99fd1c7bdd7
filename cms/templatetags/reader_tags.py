"""Template helpers of the reader's site."""

from django import template

register = template.Library()


@register.filter
def can_edit(user, page):
    """Whether ``user`` may edit ``page``. The Wagtail user bar is shown only
    then: its script and styles weigh about 850 KB, which every member of a
    workspace (all of whom may open the admin) would otherwise load on every
    page, the start page included."""
    if page is None or user is None or not user.is_authenticated:
        return False
    return page.permissions_for_user(user).can_edit()
