"""What may this user see? One answer for every channel.

Reading is decided by Wagtail's view restrictions and nothing else. A user
passes a restriction of type "login" by being signed in, one of type
"groups" by being in one of its groups; password restrictions are not used
in the intranet and fail for everyone but superusers. A reader must pass
every restriction above an item.

Each function costs a constant number of queries, whatever the number of
restrictions: the user's failed restrictions are read once per user object
(one query), and an item is hidden when it is governed by one of them (one
anti-join against the denormalised index)."""

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from wagtail.models import (
    BaseViewRestriction,
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
)

from .models import CollectionRestrictionIndex, PageRestrictionIndex

_PAGE_CACHE = "_intranet_failed_page_restrictions"
_COLLECTION_CACHE = "_intranet_failed_collections"


def _is_anonymous(user):
    return user is None or not user.is_authenticated


def _failed_restrictions(user, restriction_model):
    """A queryset of the restrictions of ``restriction_model`` this user fails."""
    groups_failed = Q(restriction_type=BaseViewRestriction.GROUPS) & ~Q(groups__user=user)
    return restriction_model.objects.filter(
        Q(restriction_type=BaseViewRestriction.PASSWORD) | groups_failed
    )


def failed_page_restriction_ids(user):
    """The ids of the page view restrictions this user fails (cached on the user)."""
    if user is not None and hasattr(user, _PAGE_CACHE):
        return getattr(user, _PAGE_CACHE)
    if _is_anonymous(user):
        failed = frozenset(PageViewRestriction.objects.values_list("pk", flat=True))
    elif user.is_superuser:
        failed = frozenset()
    else:
        failed = frozenset(
            _failed_restrictions(user, PageViewRestriction).values_list("pk", flat=True)
        )
    if user is not None:
        setattr(user, _PAGE_CACHE, failed)
    return failed


def hidden_collection_ids(user):
    """The ids of the collections whose items this user may not see (cached on the user)."""
    if user is not None and hasattr(user, _COLLECTION_CACHE):
        return getattr(user, _COLLECTION_CACHE)
    if user is not None and not _is_anonymous(user) and user.is_superuser:
        hidden = frozenset()
    else:
        rows = CollectionRestrictionIndex.objects.all()
        if not _is_anonymous(user):
            rows = rows.filter(
                restriction__in=_failed_restrictions(user, CollectionViewRestriction)
            )
        hidden = frozenset(rows.values_list("collection_id", flat=True))
    if user is not None:
        setattr(user, _COLLECTION_CACHE, hidden)
    return hidden


def forget(user):
    """Drop what was cached on the user object (after its groups changed)."""
    for attr in (_PAGE_CACHE, _COLLECTION_CACHE):
        if hasattr(user, attr):
            delattr(user, attr)


def visible_pages(user, queryset, live=True, for_search=False):
    """Narrow a page queryset to what ``user`` may read: live, not expired,
    and passing every view restriction above the page.

    The default form is an anti-join (NOT EXISTS), the fastest for listings.
    ``for_search=True`` expresses the same conditions as ``pk NOT IN
    (subquery)``, the only form Wagtail's search backends accept as a filter."""
    if _is_anonymous(user):
        return queryset.none()
    now = timezone.now()
    if live:
        queryset = queryset.live()
        if for_search:
            expired = Page.objects.filter(expire_at__lte=now).values("pk")
            queryset = queryset.exclude(pk__in=expired)
        else:
            queryset = queryset.exclude(expire_at__lte=now)
    if user.is_superuser:
        return queryset
    failed = failed_page_restriction_ids(user)
    if not failed:
        return queryset
    if for_search:
        hidden = PageRestrictionIndex.objects.filter(restriction_id__in=failed).values("page_id")
        return queryset.exclude(pk__in=hidden)
    governed = PageRestrictionIndex.objects.filter(
        page_id=OuterRef("pk"), restriction_id__in=failed
    )
    return queryset.filter(~Exists(governed))


def _published_q(page_field, now):
    """Rows whose page (through ``page_field``) is live and not expired, or
    that name no page at all."""
    unexpired = Q(**{f"{page_field}__expire_at__isnull": True}) | Q(
        **{f"{page_field}__expire_at__gt": now}
    )
    return Q(**{f"{page_field}__isnull": True}) | (Q(**{f"{page_field}__live": True}) & unexpired)


def published_by_page(queryset, page_field="page"):
    """Narrow ``queryset`` (of any model) to rows whose page, reached through
    the foreign key path ``page_field`` ("page", "workspace__page" …), is
    live and not expired. A row that names no page is governed by none and
    passes. View restrictions are not looked at: this is for the one
    documented exception, the bare titles of private workspaces shown to
    those who may ask to join; everything else uses ``visible_by_page``."""
    return queryset.filter(_published_q(page_field, timezone.now()))


def visible_by_page(user, queryset, page_field="page"):
    """Narrow ``queryset`` (of any model) to the rows ``user`` may see by the
    page that governs them, reached through the foreign key path
    ``page_field``: that page must be live, not expired and pass every view
    restriction above it (the same rules as ``visible_pages``). A row that
    names no page is governed by none and passes on this account.

    One anti-join against the restriction index, whatever the number of
    restrictions; the user's failed restrictions are the cached look-up."""
    if _is_anonymous(user):
        return queryset.none()
    queryset = published_by_page(queryset, page_field)
    if user.is_superuser:
        return queryset
    failed = failed_page_restriction_ids(user)
    if not failed:
        return queryset
    governed = PageRestrictionIndex.objects.filter(
        page_id=OuterRef(page_field), restriction_id__in=failed
    )
    return queryset.filter(~Exists(governed))


def can_view_page(user, page, live=True):
    """Whether ``user`` may read this one page."""
    if page is None or _is_anonymous(user):
        return False
    if live and (not page.live or (page.expire_at and page.expire_at <= timezone.now())):
        return False
    if user.is_superuser:
        return True
    failed = failed_page_restriction_ids(user)
    if not failed:
        return True
    # The page's own few restriction ids (unique index on page), intersected in
    # Python: an ``IN (failed ids)`` filter lets the planner walk the
    # restriction index instead, whose cost grows with the restrictions.
    governing = PageRestrictionIndex.objects.filter(page_id=page.pk).values_list(
        "restriction_id", flat=True
    )
    return failed.isdisjoint(governing)


def visible_collection_members(user, queryset):
    """Narrow a document or image queryset to what ``user`` may see."""
    if _is_anonymous(user):
        return queryset.none()
    hidden = hidden_collection_ids(user)
    return queryset.exclude(collection_id__in=hidden) if hidden else queryset


def can_view_collection_member(user, item):
    """Whether ``user`` may see this one document or image."""
    if item is None or _is_anonymous(user):
        return False
    return item.collection_id not in hidden_collection_ids(user)


visible_documents = visible_collection_members
visible_images = visible_collection_members
can_view_document = can_view_collection_member
can_view_image = can_view_collection_member


# --- restriction keys for the search engine ---------------------------------
#
# The engine stores, with every indexed item, the keys of the restrictions
# that govern it ("p<id>" for page restrictions, "c<id>" for collection
# restrictions); a query excludes the user's failed keys with one
# ``must_not terms`` filter. Group changes therefore need no re-indexing.


def failed_collection_restriction_ids(user):
    """The ids of the collection view restrictions this user fails."""
    if _is_anonymous(user):
        return frozenset(CollectionViewRestriction.objects.values_list("pk", flat=True))
    if user.is_superuser:
        return frozenset()
    return frozenset(
        _failed_restrictions(user, CollectionViewRestriction).values_list("pk", flat=True)
    )


def failed_restriction_keys(user):
    """The restriction keys this user fails, sorted (empty for superusers)."""
    pages = (f"p{pk}" for pk in failed_page_restriction_ids(user))
    collections = (f"c{pk}" for pk in failed_collection_restriction_ids(user))
    return sorted([*pages, *collections])


def page_restriction_keys(page_ids):
    """For each page id, the keys of the restrictions that govern it."""
    keys = {pk: [] for pk in page_ids}
    rows = PageRestrictionIndex.objects.filter(page_id__in=keys).values_list(
        "page_id", "restriction_id"
    )
    for page_id, restriction_id in rows:
        keys[page_id].append(f"p{restriction_id}")
    return keys


def collection_restriction_keys(collection_ids):
    """For each collection id, the keys of the restrictions that govern it."""
    keys = {pk: [] for pk in collection_ids}
    rows = CollectionRestrictionIndex.objects.filter(collection_id__in=keys).values_list(
        "collection_id", "restriction_id"
    )
    for collection_id, restriction_id in rows:
        keys[collection_id].append(f"c{restriction_id}")
    return keys
