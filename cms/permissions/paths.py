"""Paths as readers see them: the default site's root and page paths
relative to it. Shared by the explanations and the rights applier."""

from wagtail.models import Page, Site


def site_root():
    """The root page of the default site (None without a site)."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    return site.root_page if site else None


def site_path(url_path, root=None):
    """A page's Wagtail ``url_path`` ("/start/aemter/amt-51/") as the path
    readers see and the role file uses ("/aemter/amt-51/"); pages outside
    the default site keep their full ``url_path``. Pass ``root`` (the
    site's root page) to save its query in loops."""
    root = root or site_root()
    if root is not None and url_path.startswith(root.url_path):
        return "/" + url_path[len(root.url_path) :]
    return url_path


def page_by_url_path(url_path):
    """The page at ``url_path`` (e.g. "/personalrat/") below the default
    site's root, or None."""
    root = site_root()
    if root is None:
        return None
    wanted = root.url_path + url_path.strip("/") + "/" if url_path.strip("/") else root.url_path
    return Page.objects.filter(url_path=wanted).first()
