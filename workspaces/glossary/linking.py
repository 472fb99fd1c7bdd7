"""Automatic links from a workspace's page texts to its glossary.

``Glossary.link_html`` rewrites rendered HTML: in text nodes only (never in
attributes, and not inside links, headings, abbreviations, code or form
controls) the first occurrence of each term – by its name or a synonym
(case-insensitive) or an abbreviation (case-sensitive, so „DA“ does not
match the word „da“) – becomes a link to the term's entry. Everything else
passes through unchanged; text is escaped again on the way out."""

import html
import re
from html.parser import HTMLParser

from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from wagtail.models import Page

from .models import Term, normalise_name

# Elements whose text is never linked.
SKIPPED = frozenset(
    [
        "a",
        "abbr",
        "dfn",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "code",
        "pre",
        "kbd",
        "samp",
        "var",
        "script",
        "style",
        "textarea",
        "button",
        "select",
        "option",
        "label",
        "summary",
        "title",
        "svg",
        "math",
        "iframe",
        "object",
    ]
)
RAW_TEXT = frozenset({"script", "style"})
VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)
# Shorter names match too much ordinary text.
MIN_NAME_LENGTH = 2


class Entry:
    """One term, as the linker needs it."""

    def __init__(self, pk, term, definition, url):
        self.pk = pk
        self.term = term
        self.url = url
        self.excerpt = Truncator(" ".join(definition.split())).chars(160)


class Glossary:
    """The terms of one workspace, compiled into one pattern."""

    def __init__(self, terms, url_of):
        """``terms``: Term objects; ``url_of(term)``: the URL of its entry."""
        self.by_name = {}
        self.by_abbreviation = {}
        alternatives = []
        for term in terms:
            entry = Entry(term.pk, term.term, term.definition, url_of(term))
            for name in [term.term, *term.synonyms]:
                key = normalise_name(name)
                if len(key) >= MIN_NAME_LENGTH and key not in self.by_name:
                    self.by_name[key] = entry
                    alternatives.append((len(key), True, key))
            for abbreviation in term.abbreviations:
                text = " ".join(abbreviation.split())
                if len(text) >= MIN_NAME_LENGTH and text not in self.by_abbreviation:
                    self.by_abbreviation[text] = entry
                    alternatives.append((len(text), False, text))
        self.pattern = None
        if alternatives:
            # Longest first, so „Kita-Bedarfsplanung“ wins over „Kita“ at the same place.
            alternatives.sort(key=lambda item: -item[0])
            parts = []
            for _length, ignore_case, text in alternatives:
                body = r"\s+".join(re.escape(word) for word in text.split(" "))
                parts.append(f"(?i:{body})" if ignore_case else body)
            self.pattern = re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)")

    def __bool__(self):
        return self.pattern is not None

    def _entry(self, matched):
        text = " ".join(matched.split())
        if text in self.by_abbreviation:
            return self.by_abbreviation[text], True
        return self.by_name.get(normalise_name(text)), False

    def link_text(self, text, linked):
        """Escaped ``text`` with the first occurrence of each term not yet in
        ``linked`` (a set of term ids, updated) turned into a link."""
        if not self.pattern or not text:
            return html.escape(text, quote=False)
        out, position = [], 0
        for match in self.pattern.finditer(text):
            entry, is_abbreviation = self._entry(match.group(0))
            if entry is None or entry.pk in linked:
                continue
            linked.add(entry.pk)
            out.append(html.escape(text[position : match.start()], quote=False))
            out.append(self._link(entry, match.group(0), is_abbreviation))
            position = match.end()
        out.append(html.escape(text[position:], quote=False))
        return "".join(out)

    @staticmethod
    def _link(entry, text, is_abbreviation):
        url = html.escape(entry.url)
        shown = html.escape(text, quote=False)
        if is_abbreviation:
            return (
                f'<a class="glossary-link" href="{url}">'
                f'<abbr title="{html.escape(entry.term)}">{shown}</abbr></a>'
            )
        title = _("Glossar: %(term)s – %(excerpt)s") % {
            "term": entry.term,
            "excerpt": entry.excerpt,
        }
        return f'<a class="glossary-link" href="{url}" title="{html.escape(title)}">{shown}</a>'

    def link_html(self, markup, linked=None):
        """``markup`` (rendered HTML) with glossary links in its text nodes."""
        if not self.pattern or not markup:
            return markup
        linker = _Linker(self, set() if linked is None else linked)
        linker.feed(str(markup))
        linker.close()
        return "".join(linker.out)


class _Linker(HTMLParser):
    """Copies HTML through, linking terms in the text outside SKIPPED elements."""

    def __init__(self, glossary, linked):
        super().__init__(convert_charrefs=True)
        self.glossary = glossary
        self.linked = linked
        self.out = []
        self.open_skipped = []
        self.raw = 0

    def handle_starttag(self, tag, attrs):
        self.out.append(self.get_starttag_text())
        if tag in VOID:
            return
        if tag in SKIPPED:
            self.open_skipped.append(tag)
        if tag in RAW_TEXT:
            self.raw += 1

    def handle_startendtag(self, tag, attrs):
        self.out.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        self.out.append(f"</{tag}>")
        if tag in self.open_skipped:
            # Close up to the matching element (tolerates missing end tags).
            while self.open_skipped and self.open_skipped.pop() != tag:
                pass
        if tag in RAW_TEXT and self.raw:
            self.raw -= 1

    def handle_data(self, data):
        if self.raw:
            self.out.append(data)
        elif self.open_skipped:
            self.out.append(html.escape(data, quote=False))
        else:
            self.out.append(self.glossary.link_text(data, self.linked))

    def handle_comment(self, data):
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl):
        self.out.append(f"<!{decl}>")

    def handle_pi(self, data):
        self.out.append(f"<?{data}>")

    def unknown_decl(self, data):
        self.out.append(f"<![{data}]>")


# --- the terms of a page -----------------------------------------------------------


def terms_for_page(page):
    """The glossary terms of the workspace ``page`` is in (its own workspace
    page or the nearest one above it): one query, whatever the depth."""
    path = getattr(page, "path", "") or ""
    prefixes = [path[:end] for end in range(Page.steplen, len(path) + 1, Page.steplen)]
    if len(prefixes) < 3:  # the root and the start page are in no workspace
        return []
    return list(
        Term.objects.filter(workspace__page__path__in=prefixes).select_related("workspace__page")
    )


def glossary_for_page(page, request=None):
    """A ``Glossary`` of the workspace ``page`` belongs to (empty outside workspaces)."""
    terms = terms_for_page(page)
    if not terms:
        return Glossary([], None)
    # Workspaces do not nest, so every term found belongs to the same one.
    base = (terms[0].workspace.page.get_url(request) or "").rstrip("/")

    def url_of(term):
        detail = reverse("detail", urlconf="workspaces.glossary.urls", kwargs={"pk": term.pk})
        return f"{base}/glossar{detail}"

    return Glossary(terms, url_of)
