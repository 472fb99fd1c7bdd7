"""Page-tree helpers for the apps that build areas of their own below the
start page (office intranets, workspaces). They name no app's page types:
where a page belongs is read from the page types' own Wagtail declarations
(``parent_page_types``), so ``offices`` and ``workspaces`` need not import
the app that defines the start page."""

from wagtail.models import Site


def default_site_root():
    """The root page of the default site (specific), or None without one."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    return None if site is None else site.root_page.specific


def site_root_for(page_model):
    """The root page of the default site if a ``page_model`` page may live
    below it (by ``page_model``'s allowed parent types), else None. For the
    office and workspace indexes, whose only parent type is the start page,
    that is the start page, or None while Wagtail's welcome page is the root."""
    root = default_site_root()
    if root is None:
        return None
    parents = tuple(page_model.allowed_parent_page_models())
    return root if isinstance(root, parents) else None


def add_live_child(parent, page):
    """Add ``page`` below ``parent``, live and published with a first
    revision, under its slug or, when a sibling has that, the first free
    „slug-2“, „slug-3“ … Returns the page."""
    base, slug, number = page.slug, page.slug, 1
    taken = set(parent.get_children().values_list("slug", flat=True))
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    page.slug = slug
    page.live = True
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page
