"""Glossary terms in search: the ``term`` source (search/sources.py) and the
synonym provider that lets glossary synonyms and abbreviations widen
queries. A term is governed by its workspace page, so it carries that page's
restriction keys and is trimmed like the page itself."""

from django.db.models import Q
from django.urls import reverse

from cms.permissions import page_restriction_keys
from search.sources import SearchSource

from .models import Term
from .services import visible_terms


def term_url(term):
    """The reader URL of a term (its workspace page must be loaded)."""
    detail = reverse("detail", urlconf="workspaces.glossary.urls", kwargs={"pk": term.pk})
    return f"{(term.workspace.page.url or '').rstrip('/')}/glossar{detail}"


def document_for_term(term, restriction_keys):
    """The index document of one term (search/CONTRACT.md)."""
    names = [*term.abbreviations, *term.synonyms]
    return {
        "kind": "term",
        "content_type": "workspace_glossary.Term",
        "content_type_label": "Glossarbegriff",
        "silo": "workspace",
        "tags": [],
        "title": term.term,
        "summary": ", ".join(names),
        "body": " ".join([term.definition, *names]),
        "url": term_url(term),
        "date": term.updated_at.isoformat() if term.updated_at else None,
        "locale": "de",
        "outdated": False,
        "restriction_keys": sorted(restriction_keys),
    }


class TermSource(SearchSource):
    """Glossary terms of workspaces whose page is live."""

    kind = "term"
    model = Term
    page_field = "workspace__page"

    def _indexable(self):
        return Term.objects.filter(workspace__page__live=True)

    def ids(self):
        return self._indexable().values_list("pk", flat=True)

    def build(self, pks):
        terms = list(self._indexable().filter(pk__in=pks).select_related("workspace__page"))
        keys = page_restriction_keys({term.workspace.page_id for term in terms})
        return {term.pk: document_for_term(term, keys[term.workspace.page_id]) for term in terms}

    def keys_below_page(self, path):
        return Term.objects.filter(workspace__page__path__startswith=path).values_list(
            "pk", flat=True
        )

    def database_matches(self, user, text, limit):
        text = (text or "").strip()
        if not text:
            return []
        lowered = text.lower()
        matches = (
            visible_terms(user)
            .filter(workspace__page__live=True)
            .filter(
                Q(term__icontains=text)
                | Q(definition__icontains=text)
                | Q(lookup__contains=lowered)
            )
            .values_list("pk", flat=True)
        )
        return list(matches[:limit])
