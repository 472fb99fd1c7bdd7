"""Reader views of this tool. The workspace page's view restriction has
already been checked when they run (see workspaces/tools.py)."""

from django.http import Http404


def index(request, workspace_page):
    """The start view of the tool (not built yet)."""
    raise Http404
