"""Reader views of the glossary. The workspace page's view restriction has
already been checked when they run (see workspaces/tools.py); here only the
role inside the workspace is checked for writing."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from workspaces.models import Workspace
from workspaces.tools import tool_url

from . import services
from .forms import TermForm
from .models import LETTERS, OTHER_LETTER, Term


def _workspace(workspace_page):
    try:
        return workspace_page.workspace
    except Workspace.DoesNotExist:
        raise Http404 from None


def _urls(workspace_page, term=None):
    urls = {
        "index": tool_url(workspace_page, "glossar"),
        "create": tool_url(workspace_page, "glossar", "create"),
    }
    if term is not None:
        for name in ("detail", "edit", "delete"):
            urls[name] = tool_url(workspace_page, "glossar", name, pk=term.pk)
    return urls


def _context(request, workspace_page, workspace, **extra):
    context = {
        "page": workspace_page,
        "self": workspace_page,
        "workspace": workspace,
        "can_write": services.can_write(workspace, request.user),
        "urls": _urls(workspace_page, extra.get("term")),
    }
    context.update(extra)
    return context


def _term(workspace, pk):
    return get_object_or_404(Term, pk=pk, workspace=workspace)


def index(request, workspace_page):
    """The glossary A–Z: a letter navigation (letters without terms are not
    links) and the terms grouped by their first letter."""
    workspace = _workspace(workspace_page)
    terms = list(Term.objects.filter(workspace=workspace))
    groups = services.terms_by_letter(terms)
    present = {letter for letter, _terms in groups}
    detail = {t.pk: tool_url(workspace_page, "glossar", "detail", pk=t.pk) for t in terms}
    context = _context(
        request,
        workspace_page,
        workspace,
        groups=[(letter, [(t, detail[t.pk]) for t in items]) for letter, items in groups],
        letters=[(letter, letter in present) for letter in (*LETTERS, OTHER_LETTER)],
        term_count=len(terms),
    )
    return TemplateResponse(request, "workspace_glossary/index.html", context)


def detail(request, workspace_page, pk):
    """One term: its definition, synonyms, abbreviations and related terms."""
    workspace = _workspace(workspace_page)
    term = _term(workspace, pk)
    related = [
        (other, tool_url(workspace_page, "glossar", "detail", pk=other.pk))
        for other in term.related.order_by("term")
    ]
    context = _context(request, workspace_page, workspace, term=term, related=related)
    return TemplateResponse(request, "workspace_glossary/detail.html", context)


def _form_view(request, workspace_page, instance=None):
    workspace = _workspace(workspace_page)
    services.check_write(workspace, request.user)
    status = 200
    if request.method == "POST":
        form = TermForm(request.POST, workspace=workspace, instance=instance)
        if form.is_valid():
            try:
                term = services.save_term(
                    workspace, request.user, form.data_for_service(), instance=instance
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(
                    request,
                    (
                        _("„%(term)s“ ist gespeichert.")
                        if instance
                        else _("„%(term)s“ ist im Glossar.")
                    )
                    % {"term": term.term},
                )
                return HttpResponseRedirect(
                    tool_url(workspace_page, "glossar", "detail", pk=term.pk)
                )
        status = 400
    else:
        form = TermForm(workspace=workspace, instance=instance)
    context = _context(request, workspace_page, workspace, form=form, term=instance)
    return TemplateResponse(request, "workspace_glossary/form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def create(request, workspace_page):
    """Add a term (owners and members of an active workspace)."""
    return _form_view(request, workspace_page)


@require_http_methods(["GET", "POST"])
def edit(request, workspace_page, pk):
    """Change a term (owners and members of an active workspace)."""
    workspace = _workspace(workspace_page)
    return _form_view(request, workspace_page, instance=_term(workspace, pk))


@require_http_methods(["GET", "POST"])
def delete(request, workspace_page, pk):
    """Ask, then delete a term (owners and members of an active workspace)."""
    workspace = _workspace(workspace_page)
    term = _term(workspace, pk)
    services.check_write(workspace, request.user)
    if request.method == "POST":
        title = term.term
        services.delete_term(workspace, request.user, term)
        messages.success(request, _("„%(term)s“ ist aus dem Glossar gelöscht.") % {"term": title})
        return HttpResponseRedirect(tool_url(workspace_page, "glossar"))
    context = _context(request, workspace_page, workspace, term=term)
    return TemplateResponse(request, "workspace_glossary/confirm_delete.html", context)
