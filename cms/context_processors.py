"""Template context shared by every rendered page."""

from functools import cache, partial

from wagtail.models import Page, Site

from cms import navigation as registry
from cms.permissions import visible_pages


def navigation(request):
    """The main menu (the start page's children the reader may see and that
    are marked "show in menus"), the reader's quick access to their offices and
    workspaces, and what else the apps registered for the frame (the footer's
    accessibility statement), see cms/navigation.py.

    Each entry is a callable that runs its query once, on first use, so a page
    that does not render an entry pays nothing for it and every page type
    pays the same fixed number of queries whatever the amount of content."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    @cache
    def site():
        return Site.find_for_request(request)

    @cache
    def menu_pages():
        if site() is None:
            return []
        root = site().root_page.localized
        return list(
            visible_pages(user, Page.objects.child_of(root).in_menu()).only(
                "id", "title", "url_path", "path", "depth"
            )
        )

    @cache
    def menu_root():
        return site().root_page.localized if site() else None

    @cache
    def quick_access():
        # Each registered group's pages (offices, workspaces …); empty groups are left out.
        groups = []
        for entry in registry.quick_access():
            pages = entry.pages(user)
            if pages:
                groups.append({"key": entry.key, "label": entry.label, "pages": pages})
        return groups

    context = {
        "menu_pages": menu_pages,
        "menu_root": menu_root,
        "quick_access": quick_access,
    }
    # Values the apps add to the frame (home: the accessibility statement of the footer).
    for name, factory in registry.frame_values().items():
        context[name] = cache(partial(factory, user))
    return context
