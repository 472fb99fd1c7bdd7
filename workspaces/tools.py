"""The tools of a workspace (documents, calendar, discussions, glossary).

Each tool is a Django app below workspaces/ with its own models, views,
templates, API and search source. Its reader views live below the workspace
page (``<workspace-url>dokumente/…``), dispatched by ``WorkspacePage.tool``,
so Wagtail's view restriction on the workspace page guards every tool view
before any tool code runs. A tool's ``urls.py`` holds ordinary URL patterns
relative to that prefix; each view is called as
``view(request, workspace_page, **kwargs)``."""

from importlib import import_module

from django.http import Http404
from django.urls import Resolver404, URLResolver, reverse
from django.urls.resolvers import RegexPattern
from django.utils.translation import gettext_lazy as _

# URL segment → (label, URL module). Order is the order of the tabs.
TOOLS = {
    "dokumente": (_("Dokumente"), "workspaces.documents.urls"),
    "kalender": (_("Kalender"), "workspaces.calendar.urls"),
    "diskussionen": (_("Diskussionen"), "workspaces.discussions.urls"),
    "glossar": (_("Glossar"), "workspaces.glossary.urls"),
}
TOOL_PATTERN = "|".join(TOOLS)


def _resolver(tool):
    return URLResolver(RegexPattern(r"^"), import_module(TOOLS[tool][1]))


def dispatch(request, workspace_page, tool, rest):
    """Run the view of ``tool`` that matches ``rest`` (404 when none does)."""
    if tool not in TOOLS:
        raise Http404
    try:
        match = _resolver(tool).resolve(rest)
    except Resolver404 as exc:
        raise Http404 from exc
    return match.func(request, workspace_page, *match.args, **match.kwargs)


def tool_url(workspace_page, tool, name="index", **kwargs):
    """The reader URL of the view ``name`` of ``tool`` in this workspace."""
    relative = reverse(name, urlconf=TOOLS[tool][1], kwargs=kwargs or None)
    return f"{workspace_page.url.rstrip('/')}/{tool}{relative}"


def tool_links(workspace_page):
    """``[(label, url)]`` of the tools of a workspace, for its tab bar."""
    base = workspace_page.url.rstrip("/")
    return [(label, f"{base}/{tool}/") for tool, (label, _module) in TOOLS.items()]
