"""Admin integration of the search: best bets and synonyms as snippets, and
the report of top queries and queries without results under Reports."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import views
from .models import BestBet, Synonym


class BestBetViewSet(SnippetViewSet):
    """Promoted results, searchable by their query."""

    model = BestBet
    icon = "pick"
    menu_label = _("Empfohlene Ergebnisse")
    list_display = ["query", "title", "page", "document", "url", "order"]
    search_fields = ["query", "title"]
    search_backend_name = None  # plain database filtering, no search index
    ordering = ["query", "order"]


class SynonymViewSet(SnippetViewSet):
    """Synonyms and abbreviations expanded at query time."""

    model = Synonym
    icon = "list-ul"
    menu_label = _("Synonyme")
    list_display = ["term", "synonyms"]
    search_fields = ["term", "synonyms"]
    search_backend_name = None


register_snippet(BestBetViewSet)
register_snippet(SynonymViewSet)


@hooks.register("register_admin_urls")
def register_report_urls():
    """The query report."""
    return [path("berichte/suchanfragen/", views.query_report_view, name="search_query_report")]


class QueryReportMenuItem(MenuItem):
    """Shown only to those who may read the report."""

    def is_shown(self, request):
        """Whether the signed-in user has „Suchstatistik ansehen“."""
        return views.can_view_query_report(request.user)


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    """„Suchanfragen“ under Reports."""
    return QueryReportMenuItem(
        _("Suchanfragen"), reverse("search_query_report"), icon_name="search", order=900
    )
