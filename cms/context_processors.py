"""Template context shared by every rendered page."""

from wagtail.models import Page, Site

from cms.permissions import visible_pages


def navigation(request):
    """The main menu: the start page's children the reader may see and that
    are marked "show in menus". Computed lazily so pages that do not render
    the menu pay nothing."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def menu_pages():
        site = Site.find_for_request(request)
        if site is None:
            return []
        root = site.root_page.localized
        return list(
            visible_pages(user, Page.objects.child_of(root).in_menu()).only(
                "id", "title", "url_path", "path", "depth"
            )
        )

    def menu_root():
        site = Site.find_for_request(request)
        return site.root_page.localized if site else None

    return {"menu_pages": menu_pages, "menu_root": menu_root}
