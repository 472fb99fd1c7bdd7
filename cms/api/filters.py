"""Filters of the API that are not Wagtail's own."""

from django.conf import settings
from django.utils.translation import gettext as _

from wagtail.api.v2.filters import SearchFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.validators import SiteFilterValidator
from wagtail.search.backends import get_search_backend
from wagtail.search.backends.base import FilterFieldError, OrderByFieldError

from .validation import MAX_ID, InvalidInput, has_bad_characters, int_param

MAX_SEARCH_TERMS = 32
MAX_SEARCH_LENGTH = 500


def site_pages(request, queryset):
    """Limit pages to the requested site (and its translations), as Wagtail's
    stock API does, with a 400 for an unknown ``site`` parameter."""
    try:
        site = SiteFilterValidator(site=request.GET.get("site"), request=request).site_obj
    except ValueError as exc:
        raise InvalidInput(_("Diese Website gibt es nicht."), "site") from exc
    if site is None:
        return queryset.none()
    roots = [site.root_page]
    if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        roots += list(site.root_page.get_translations())
    result = queryset.descendant_of(roots[0], inclusive=True)
    for root in roots[1:]:
        result |= queryset.descendant_of(root, inclusive=True)
    return result


class IntranetSearchFilter(SearchFilter):
    """Wagtail's ``?search=`` with the term checked first: at most
    ``MAX_SEARCH_TERMS`` words and ``MAX_SEARCH_LENGTH`` characters (the
    engines build one nested query node per word), no empty search, and an
    unpaired quote dropped so the phrase syntax never fails."""

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        if not getattr(settings, "WAGTAILAPI_SEARCH_ENABLED", True):
            raise InvalidInput(_("Die Suche ist abgeschaltet."))
        if getattr(queryset, "_filtered_by_tag", False):
            raise InvalidInput(_("Suche und Filter nach Schlagwort gehen nicht zusammen."))
        operator = request.GET.get("search_operator") or None
        if operator not in (None, "and", "or"):
            raise InvalidInput(_("„search_operator“ muss „and“ oder „or“ sein."))
        try:
            return get_search_backend().search(
                clean_search(request.GET["search"]),
                queryset,
                operator=operator,
                order_by_relevance="order" not in request.GET,
            )
        except (FilterFieldError, OrderByFieldError) as exc:
            raise InvalidInput(
                _("Das Feld „%(field)s“ kann beim Suchen nicht verwendet werden.")
                % {"field": exc.field_name}
            ) from exc


def clean_search(raw):
    """The search term of ``raw``, or a 400 with a German message."""
    if has_bad_characters(raw):
        raise InvalidInput(_("Die Suche enthält unzulässige Zeichen."))
    words = raw.split()
    if not words:
        raise InvalidInput(_("Bitte geben Sie einen Suchbegriff an."))
    if len(words) > MAX_SEARCH_TERMS:
        raise InvalidInput(
            _("Die Suche darf höchstens %(max)d Suchbegriffe enthalten.")
            % {"max": MAX_SEARCH_TERMS}
        )
    query = " ".join(words)
    if len(query) > MAX_SEARCH_LENGTH:
        raise InvalidInput(
            _("Die Suche darf höchstens %(max)d Zeichen lang sein.") % {"max": MAX_SEARCH_LENGTH}
        )
    if query.count('"') % 2:
        query = query.replace('"', " ").strip() or query
    if not query.replace('"', "").strip():
        raise InvalidInput(_("Bitte geben Sie einen Suchbegriff an."))
    return query


class IntranetPagination(WagtailPagination):
    """Wagtail's ``limit``/``offset`` paging, with ``offset`` bounded so the
    database's OFFSET never overflows."""

    def paginate_queryset(self, queryset, request, view=None):
        int_param(request, "offset", 0)
        int_param(request, "limit", 0, maximum=MAX_ID)
        return super().paginate_queryset(queryset, request, view)
