"""API endpoints of the search: ``/api/v2/search/`` and ``/api/v2/search/suggest/``.

They use the project's default authentication and permissions, so an
anonymous request answers 401 with a JSON message; bad parameters answer
400 ``{"message": "…"}``."""

from django.utils.translation import gettext as _

from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from .query import (
    FILTER_PARAMS,
    MAX_PER_PAGE,
    SearchError,
    parse_date,
    search,
    suggest,
)


def _parse_int(value, name, default, minimum=1, maximum=None):
    if value in (None, ""):
        return default
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise SearchError(_("„%(name)s“ muss eine ganze Zahl sein.") % {"name": name}) from None
    if number < minimum or (maximum is not None and number > maximum):
        if maximum is None:
            message = _("„%(name)s“ muss mindestens %(min)d sein.")
        else:
            message = _("„%(name)s“ muss zwischen %(min)d und %(max)d liegen.")
        raise SearchError(message % {"name": name, "min": minimum, "max": maximum or 0})
    return number


def _values(params, name):
    """Repeated or comma-separated values of one parameter."""
    getlist = getattr(params, "getlist", None)
    raw = getlist(name) if getlist else [params.get(name, "")]
    values = []
    for chunk in raw:
        for value in str(chunk or "").split(","):
            value = value.strip()
            if value and value not in values:
                values.append(value[:100])
    return values


def parse_params(params):
    """Validate request parameters (a QueryDict or dict) of ``search/``.

    Returns the keyword arguments of :func:`search`; raises ``SearchError``."""
    q = (params.get("q") or "").strip()
    filters = {field_: _values(params, name) for name, field_ in FILTER_PARAMS.items()}
    for name in ("date_from", "date_to"):
        if params.get(name):
            filters[name] = parse_date(params.get(name), name)
    sort = params.get("sort") or "relevance"
    page = _parse_int(params.get("page"), "page", 1)
    per_page = _parse_int(params.get("per_page"), "per_page", 20, maximum=MAX_PER_PAGE)
    return {"q": q, "filters": filters, "sort": sort, "page": page, "per_page": per_page}


class SearchAPIView(APIView):
    """``GET search/?q=…``: results, facets, suggestion, best bets, degraded."""

    def get(self, request):
        try:
            params = parse_params(request.query_params)
            q = params.pop("q")
            result = search(request.user, q, **params)
        except SearchError as exc:
            return Response({"message": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
        return Response(result.to_dict())


class SuggestAPIView(APIView):
    """``GET search/suggest/?q=…``: up to eight titles for autocomplete."""

    def get(self, request):
        try:
            titles = suggest(request.user, request.query_params.get("q", ""))
        except SearchError as exc:
            return Response({"message": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
        return Response({"suggestions": titles})
