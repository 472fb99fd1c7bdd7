"""Page URLs for index documents, computed in bulk (search/documents.py).

The same result as Wagtail's ``page.get_url()`` without a request (tested
in tests/search/test_document_urls.py), without its per-page work."""

import functools
import re

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page, Site

# A path below a site root that Django's reverse() returns unchanged after
# the language prefix: slugs of plain ASCII letters, digits, "-" and "_"
# (nothing to percent-encode, always matches Wagtail's serve pattern).
_PLAIN_PATH = re.compile(r"(?:[A-Za-z0-9_\-]+/)*\Z")


@functools.cache
def _uses_wagtail_urls(model):
    """Whether ``model`` routes like a plain Wagtail page (no own URL methods)."""
    return all(getattr(model, name) is getattr(Page, name) for name in ("get_url_parts", "get_url"))


class PageUrls:
    """Page URLs as ``page.get_url()`` gives them (no request), computed from
    ``url_path`` and the site roots read once: ``get_url()`` looks the roots
    up and reverses the serve URL for every page, which was a quarter of
    the build time of a batch. Per language only one reverse() is made (the
    language prefix); paths with characters reverse() would encode, and page
    types with their own URL methods, still go through Wagtail."""

    def __init__(self):
        self.roots = Site.get_site_root_paths()
        self.single_site = len({root.site_id for root in self.roots}) == 1
        self.i18n = getattr(settings, "WAGTAIL_I18N_ENABLED", False)
        self.append_slash = getattr(settings, "WAGTAIL_APPEND_SLASH", True)
        self.language = translation.get_language()
        self._prefixes = {}

    def _language(self, language_code):
        # As Wagtail: an active language that is a variant of the page's wins.
        try:
            if get_supported_content_language_variant(self.language) == language_code:
                return self.language
        except LookupError:
            pass
        return language_code

    def _reverse(self, language, rest):
        if self.i18n:
            with translation.override(language):
                return reverse("wagtail_serve", args=(rest,))
        return reverse("wagtail_serve", args=(rest,))

    def _page_path(self, language_code, rest):
        language = self._language(language_code) if self.i18n else None
        if not _PLAIN_PATH.match(rest):
            return self._reverse(language, rest)
        if language not in self._prefixes:
            self._prefixes[language] = self._reverse(language, "")
        return self._prefixes[language] + rest

    def url(self, page):
        """The URL of ``page`` (``""`` where ``get_url()`` gives None)."""
        if not _uses_wagtail_urls(type(page)):
            return page.get_url() or ""
        root = next((r for r in self.roots if page.url_path.startswith(r.root_path)), None)
        if root is None:
            return ""
        try:
            page_path = self._page_path(root.language_code, page.url_path[len(root.root_path) :])
        except NoReverseMatch:
            return ""
        if not self.append_slash and page_path != "/":
            page_path = page_path.rstrip("/")
        return page_path if self.single_site else root.root_url + page_path
