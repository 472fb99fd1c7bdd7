"""The reader's search page ``/suche/`` (the API is in search/api.py)."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from .api import parse_params
from .query import MAX_RESULT_WINDOW, SearchError, search

FACET_TITLES = {
    "silo": _("Bereich"),
    "content_type": _("Art"),
    "office": _("Amt"),
    "tags": _("Schlagwort"),
}
# Reader page parameter of each facet (the API's names).
FACET_PARAMS = {"silo": "silo", "content_type": "type", "office": "office", "tags": "tag"}
DEGRADED_LABELS = {
    "engine_unavailable": _("Die Suchmaschine ist gerade nicht erreichbar."),
    "highlight": _("Fundstellen werden nicht hervorgehoben."),
    "fuzzy": _("Tippfehler werden nicht toleriert."),
    "compound_splitting": _("Wortteile in zusammengesetzten Wörtern werden nur im Titel gefunden."),
    "stemming": _("Andere Wortformen werden nicht immer gefunden."),
    "did_you_mean": _("Es gibt keine Korrekturvorschläge."),
    "result_limit": _("Es werden nur die ersten Treffer berücksichtigt."),
}


def _degraded_notes(user, result):
    """What the search cannot do right now, for editors and administrators
    (who can act on it or tell IT); readers get no technical note."""
    if not user.has_perm("wagtailadmin.access_admin"):
        return []
    return [DEGRADED_LABELS.get(key, key) for key in result.degraded]


def search_page(request):
    """Search form, results with highlighted snippets, facets and pagination."""
    context = {"q": request.GET.get("q", "").strip(), "result": None, "error": None}
    if context["q"]:
        params = request.GET.copy()
        params["page"] = request.GET.get("seite", "1")
        try:
            arguments = parse_params(params)
            q = arguments.pop("q")
            result = search(request.user, q, **arguments)
        except SearchError as exc:
            context["error"] = str(exc)
        else:
            window = range(min(result.total, MAX_RESULT_WINDOW))
            paginator = Paginator(window, result.per_page)
            context.update(
                result=result,
                page_obj=paginator.get_page(result.page),
                facets=[
                    {
                        "name": name,
                        "param": FACET_PARAMS[name],
                        "title": title,
                        "entries": result.facets.get(name, []),
                    }
                    for name, title in FACET_TITLES.items()
                    if result.facets.get(name)
                ],
                date_facet=result.facets.get("date", []),
                degraded=_degraded_notes(request.user, result),
                sort=arguments["sort"],
                date_from=request.GET.get("date_from", ""),
                date_to=request.GET.get("date_to", ""),
            )
    status = 400 if context["error"] else 200
    return render(request, "search/search.html", context, status=status)


def can_view_query_report(user):
    """Whether ``user`` may read the query report (its own permission,
    granted to the central editorial team; superusers have every right)."""
    from .models import VIEW_REPORT_PERMISSION

    return bool(user and user.is_active and user.has_perm(f"search.{VIEW_REPORT_PERMISSION}"))


def query_report_view(request):
    """Admin report: top queries and queries without results of the last 30
    days, from the anonymous daily statistics (no record of who searched),
    and how far back the statistics go. 403 without „Suchstatistik ansehen“."""
    from django.template.response import TemplateResponse

    from .models import QueryStat

    if not can_view_query_report(request.user):
        # An explicit 403 page: Wagtail turns a raised PermissionDenied into a
        # redirect to the dashboard, which hides that the right is missing.
        return TemplateResponse(
            request,
            "search/query_report_forbidden.html",
            {"page_title": _("Suchanfragen")},
            status=403,
        )
    report = QueryStat.report(days=30)
    return TemplateResponse(
        request,
        "search/query_report.html",
        {"report": report, "page_title": _("Suchanfragen")},
    )
