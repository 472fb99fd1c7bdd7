"""Template context shared by every rendered page."""

from functools import cache

from wagtail.models import Page, Site

from cms.permissions import visible_pages


def navigation(request):
    """The main menu (the start page's children the reader may see and that
    are marked "show in menus"), the reader's quick access to their offices and
    workspaces, and the accessibility statement of the footer.

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
    def my_offices():
        from offices.profile import office_intranets_of

        return office_intranets_of(user)

    @cache
    def my_workspaces():
        from workspaces.models import WorkspacePage

        return list(
            visible_pages(
                user, WorkspacePage.objects.live().filter(workspace__memberships__user=user)
            )
            .only("id", "title", "url_path", "path", "depth")
            .order_by("title")
        )

    @cache
    def accessibility_statement():
        from home.models import AccessibilityStatementPage

        # Live, not expired and readable, as the core decides for every page.
        statements = visible_pages(user, AccessibilityStatementPage.objects.all())
        return statements.only("id", "url_path", "path").first()

    return {
        "menu_pages": menu_pages,
        "menu_root": menu_root,
        "quick_offices": my_offices,
        "quick_workspaces": my_workspaces,
        "accessibility_statement": accessibility_statement,
    }
