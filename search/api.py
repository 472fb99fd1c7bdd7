"""API endpoints of the search: ``/api/v2/search/`` and ``/api/v2/search/suggest/``.

They use the project's default authentication and permissions, so an
anonymous request answers 401 with a JSON message; bad parameters answer
400 ``{"message": "…"}``."""

from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from .query import SearchError, parse_params, search, suggest


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
