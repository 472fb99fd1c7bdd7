"""API of the glossary, mounted at /api/v2/workspaces/<workspace_id>/.

``glossary/`` lists (GET) and adds (POST) terms, ``glossary/<id>/`` reads
(GET), changes (PATCH) and deletes (DELETE) one. A workspace the caller may
not read answers 404 like an unknown one; writing needs the role of owner or
member in an active workspace (403 with a message otherwise)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import path
from django.utils.translation import gettext as _

from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from cms.api.validation import text_param

from . import services
from .models import LETTERS, OTHER_LETTER, Term, letter_of, sort_key
from .search_source import term_url

# A text filter longer than any term or definition finds nothing; capping it
# keeps the LIKE pattern small for every database.
MAX_QUERY = 200
FIELDS = ("term", "definition", "synonyms", "abbreviations", "related")


def serialize(term, url, related):
    """The JSON form of a term; ``related`` is ``[(id, term)]``."""
    return {
        "id": term.pk,
        "term": term.term,
        "letter": letter_of(term.term),
        "definition": term.definition,
        "synonyms": list(term.synonyms),
        "abbreviations": list(term.abbreviations),
        "related": [{"id": pk, "term": name} for pk, name in related],
        "url": url,
        "created_at": term.created_at.isoformat() if term.created_at else None,
        "updated_at": term.updated_at.isoformat() if term.updated_at else None,
    }


def _related_map(terms):
    """``{term id: [(id, term)]}`` of the related terms, in one query."""
    through = Term.related.through
    result = {term.pk: [] for term in terms}
    rows = (
        through.objects.filter(from_term_id__in=result)
        .select_related("to_term")
        .order_by("to_term__term")
    )
    for row in rows:
        result[row.from_term_id].append((row.to_term_id, row.to_term.term))
    return result


def _body(request):
    data = request.data
    if not isinstance(data, dict):
        raise exceptions.ParseError(_("Bitte senden Sie ein JSON-Objekt."))
    unknown = sorted(set(data) - set(FIELDS))
    if unknown:
        raise exceptions.ValidationError(
            {"message": _("Unbekannte Felder: %(fields)s.") % {"fields": ", ".join(unknown)}}
        )
    return dict(data)


def _invalid(error):
    """400 with the first message on top and all of them by field."""
    errors = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
    first = next(iter(errors.values()))[0]
    return Response({"message": first, "errors": errors}, status=status.HTTP_400_BAD_REQUEST)


class GlossaryAPIMixin:
    """Finds the workspace (404 when hidden) and turns refusals into messages."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.workspace = services.workspace_for(request.user, kwargs["workspace_id"])

    def handle_exception(self, exc):
        if isinstance(exc, PermissionDenied):
            message = str(exc) or _("Sie dürfen das Glossar nicht bearbeiten.")
            return Response({"message": message}, status=status.HTTP_403_FORBIDDEN)
        if isinstance(exc, ValidationError):
            return _invalid(exc)
        return super().handle_exception(exc)

    def _term(self, pk):
        term = Term.objects.filter(pk=pk, workspace=self.workspace).select_related(
            "workspace__page"
        )
        term = term.first()
        if term is None:
            raise Http404
        return term

    def _answer(self, term, code=status.HTTP_200_OK):
        term = self._term(term.pk)
        related = _related_map([term])[term.pk]
        return Response(serialize(term, term_url(term), related), status=code)


class TermListAPIView(GlossaryAPIMixin, APIView):
    """The glossary of a workspace (A–Z, optionally one ``letter`` or a text
    filter ``q``); POST adds a term."""

    def get(self, request, workspace_id):
        letter = (request.query_params.get("letter") or "").upper()
        if letter and letter not in (*LETTERS, OTHER_LETTER):
            return Response(
                {"message": _("„letter“ muss ein Buchstabe von A bis Z oder „#“ sein.")},
                status=status.HTTP_400_BAD_REQUEST,
            )
        terms = Term.objects.filter(workspace=self.workspace).select_related("workspace__page")
        text = text_param(request, "q", MAX_QUERY)
        if text:
            terms = terms.filter(lookup__contains=text.lower()) | terms.filter(
                definition__icontains=text
            )
        terms = sorted(terms, key=lambda t: sort_key(t.term))
        if letter:
            terms = [t for t in terms if letter_of(t.term) == letter]
        related = _related_map(terms)
        items = [serialize(t, term_url(t), related[t.pk]) for t in terms]
        return Response({"meta": {"total_count": len(items)}, "items": items})

    def post(self, request, workspace_id):
        term = services.save_term(self.workspace, request.user, _body(request))
        return self._answer(term, status.HTTP_201_CREATED)


class TermDetailAPIView(GlossaryAPIMixin, APIView):
    """One term: GET reads, PATCH changes the fields sent, DELETE removes it."""

    def get(self, request, workspace_id, pk):
        return self._answer(self._term(pk))

    def patch(self, request, workspace_id, pk):
        term = services.save_term(
            self.workspace, request.user, _body(request), instance=self._term(pk)
        )
        return self._answer(term)

    def delete(self, request, workspace_id, pk):
        services.delete_term(self.workspace, request.user, self._term(pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


urlpatterns = [
    path("glossary/", TermListAPIView.as_view(), name="api-glossary"),
    path("glossary/<int:pk>/", TermDetailAPIView.as_view(), name="api-glossary-term"),
]
