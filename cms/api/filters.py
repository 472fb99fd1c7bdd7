"""Filters of the API that are not Wagtail's own."""

from django.conf import settings

from wagtail.api.v2.utils import BadRequestError
from wagtail.api.validators import SiteFilterValidator


def site_pages(request, queryset):
    """Limit pages to the requested site (and its translations), as Wagtail's
    stock API does, with a 400 for an unknown ``site`` parameter."""
    try:
        site = SiteFilterValidator(site=request.GET.get("site"), request=request).site_obj
    except ValueError as exc:
        raise BadRequestError(str(exc)) from exc
    if site is None:
        return queryset.none()
    roots = [site.root_page]
    if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        roots += list(site.root_page.get_translations())
    result = queryset.descendant_of(roots[0], inclusive=True)
    for root in roots[1:]:
        result |= queryset.descendant_of(root, inclusive=True)
    return result
