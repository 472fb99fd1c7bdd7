"""The floor of the start page: a bare Django view that renders the start
page's template from a context computed once per worker and user (page,
top stories, latest news, notices, dates, menu), so that what remains is
session authentication, the template and its own tags."""

from django.shortcuts import render
from django.utils.translation import activate

from wagtail.models import Page, Site

from cms.permissions import visible_pages

_contexts = {}


def _context(request):
    site = Site.find_for_request(request)
    home = site.root_page.specific
    context = home.get_context(request)
    context.pop("request", None)
    context["menu_pages"] = list(
        visible_pages(request.user, Page.objects.child_of(site.root_page).in_menu())
    )
    context["menu_root"] = site.root_page
    return context


def floor_view(request):
    """The start page's template from a precomputed context."""
    activate("de")
    key = request.user.pk
    if key not in _contexts:
        _contexts[key] = _context(request)
    return render(request, "home/home_page.html", dict(_contexts[key]))
