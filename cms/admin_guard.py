"""The Wagtail admin as a reading channel: one place that makes every admin
view naming a page, document, image or collection ask the permission core.

Whoever reaches the admin (editors, workspace members) sees there only what
the core lets them read; drafts count (``live=False``), since editors work on
unpublished pages. An editor's right to edit is never a right to see what the
core hides, and a hidden item answers exactly like an unknown one: 404.

Four supported extension points carry it:

- ``AdminVisibilityMiddleware`` resolves every admin URL that carries an id
  (``page_id``, ``parent_page_id``, ``pk`` of the page/document/image/collection
  views, …) and the ``childOf`` parameter of bulk actions, and answers 404 when
  the core hides the item: explorer, edit, history, preview, revisions,
  choosers and their parents, chosen-item JSON, document and image edit.
- ``VisibleCollectionMemberPolicy``, registered as the permission policy of
  our document and image models: collection choices of the upload and edit
  forms, the listings, their search and the "all" selection of bulk actions;
  ``VisibleExplorablePagePolicy`` for pages: the admin's page search and the
  admin API's page listing.
- ``VisibleOnlyBulkAction``: the confirmation views of the bulk actions drop
  hidden items (and answer 404 when nothing visible is left, like unknown ids).
- ``visible_objects`` and ``trim_generic``, used by the dashboard panels and
  the reports (``cms.admin_views.py``)."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.http import Http404
from django.utils.cache import add_never_cache_headers
from django.views.defaults import page_not_found

from wagtail.models import Collection, Page
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy

from cms.permissions import (
    can_view_collection_member,
    can_view_page,
    hidden_collection_ids,
    visible_collection_members,
    visible_pages,
)

ADMIN_PREFIX = "/admin/"
PAGE, DOCUMENT, IMAGE, COLLECTION = "page", "document", "image", "collection"

# URL kwargs that name one kind of item in every admin view that uses them.
KWARG_KINDS = {
    "page_id": PAGE,
    "parent_page_id": PAGE,
    "page_to_move_id": PAGE,
    "destination_id": PAGE,
    "page_pk": PAGE,
    "document_id": DOCUMENT,
    "doc_id": DOCUMENT,
    "image_id": IMAGE,
    "collection_id": COLLECTION,
}
# ``pk`` names a different kind in each namespace.
PK_KINDS = {
    "wagtailadmin_pages": PAGE,
    "wagtailadmin_api:pages": PAGE,
    "wagtailadmin_api:documents": DOCUMENT,
    "wagtaildocs_chooser": DOCUMENT,
    "wagtailadmin_api:images": IMAGE,
    "wagtailimages_chooser": IMAGE,
    "wagtailadmin_collections": COLLECTION,
}
BULK_ACTION_URL = "wagtail_bulk_action"
# An id no row has: the largest integer key PostgreSQL stores (a table would
# need two billion rows to reach it). Not 0, which views take for "no id",
# nor negative, which their URLs cannot reverse. A hidden id is answered as
# this one is.
UNKNOWN_ID = 2**31 - 1


def _is_unrestricted(user):
    return user.is_superuser


def _models():
    from cms.models import IntranetDocument, IntranetImage

    return {DOCUMENT: IntranetDocument, IMAGE: IntranetImage}


def is_hidden(user, kind, pk):
    """Whether the item of ``kind`` with id ``pk`` exists and the core hides it
    from ``user`` (unknown ids are left to the view, which answers 404)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return False
    if kind == PAGE:
        page = Page.objects.filter(pk=pk).first()
        return page is not None and not can_view_page(user, page, live=False)
    if kind == COLLECTION:
        return pk in hidden_collection_ids(user)
    item = _models()[kind].objects.filter(pk=pk).first()
    return item is not None and not can_view_collection_member(user, item)


def exists(kind, pk):
    """Whether an item of ``kind`` with id ``pk`` exists."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return False
    model = {PAGE: Page, COLLECTION: Collection, **_models()}[kind]
    return model.objects.filter(pk=pk).exists()


def can_see(user, obj):
    """Whether ``user`` may see this admin object (pages with their drafts,
    documents, images and collections; other objects are not content)."""
    if obj is None:
        return False
    if isinstance(obj, Page):
        return can_view_page(user, obj, live=False)
    if isinstance(obj, Collection):
        return obj.pk not in hidden_collection_ids(user)
    if isinstance(obj, tuple(_models().values())):
        return can_view_collection_member(user, obj)
    return True


def visible_objects(user, objects, key=lambda obj: obj):
    """The items of ``objects`` whose object (``key(item)``) ``user`` may see."""
    if _is_unrestricted(user):
        return list(objects)
    return [item for item in objects if can_see(user, key(item))]


def _as_text(queryset):
    """The pks of ``queryset`` as text, to compare with generic ``object_id``s."""
    return queryset.annotate(pk_text=Cast("pk", output_field=CharField())).values("pk_text")


def hidden_pages(user):
    """The pages (drafts included) the core hides from ``user``."""
    visible = visible_pages(user, Page.objects.all(), live=False, for_search=True)
    return Page.objects.exclude(pk__in=visible.values("pk"))


def trim_generic(user, queryset, content_type_field, object_id_field):
    """Drop rows of a generically related queryset (workflow states, log
    entries) that point at a page, document, image or collection the core
    hides from ``user``."""
    if _is_unrestricted(user):
        return queryset
    content_types = ContentType.objects.get_for_models(Page, Collection, *_models().values())
    hidden = hidden_collection_ids(user)
    targets = [(content_types[Page], hidden_pages(user))]
    if hidden:
        targets.append((content_types[Collection], Collection.objects.filter(pk__in=hidden)))
        for model in _models().values():
            targets.append((content_types[model], model.objects.filter(collection_id__in=hidden)))
    condition = Q()
    for content_type, items in targets:
        condition |= Q(
            **{content_type_field: content_type, f"{object_id_field}__in": _as_text(items)}
        )
    return queryset.exclude(condition)


class AdminVisibilityMiddleware:
    """Answer 404 for admin URLs that name an item the core hides.

    Keyed on the resolved URL's kwargs, so it guards every admin view addressed
    by a page, document, image or collection id, present and future ones, with
    the same answer Wagtail gives for an unknown id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        """Check the ids of the resolved admin URL against the core."""
        user = request.user
        if not request.path_info.startswith(ADMIN_PREFIX) or not user.is_authenticated:
            return None
        if _is_unrestricted(user):
            return None
        match = request.resolver_match
        namespace = match.namespace if match else ""
        for name, value in view_kwargs.items():
            kind = PK_KINDS.get(namespace) if name == "pk" else KWARG_KINDS.get(name)
            if kind and is_hidden(user, kind, value):
                return self.as_if_unknown(request, view_func, view_args, view_kwargs, name)
        if match and match.url_name == BULK_ACTION_URL and request.GET.get("childOf"):
            # "Select all" below a parent: a hidden parent answers like an
            # unknown one, for which Wagtail itself would fail (500).
            kind = PAGE if view_kwargs.get("app_label") == "wagtailcore" else COLLECTION
            parent = request.GET["childOf"]
            if is_hidden(user, kind, parent) or not exists(kind, parent):
                response = page_not_found(request, "", template_name="wagtailadmin/404.html")
                add_never_cache_headers(response)
                return response
        return None

    @staticmethod
    def as_if_unknown(request, view_func, view_args, view_kwargs, name):
        """Answer exactly what the view answers for an unknown id (Wagtail's
        admin 404 page, the admin API's JSON 404, or the redirect some views
        give without looking the id up), by running it with an id no row has.
        A redirect names the requested id again, as it would for an unknown one."""
        original = str(view_kwargs[name])
        response = view_func(request, *view_args, **{**view_kwargs, name: UNKNOWN_ID})
        if response.has_header("Location"):
            location = response["Location"].replace(f"/{UNKNOWN_ID}/", f"/{original}/")
            response["Location"] = location
        return response


class VisibleCollectionMemberPolicy(CollectionOwnershipPermissionPolicy):
    """Wagtail's document and image permission policy, narrowed to what the
    core lets the user see: no right is granted on a hidden item, and no
    hidden collection is offered (upload and edit forms, bulk "add to
    collection", collection filters of the listings)."""

    def collections_user_has_permission_for(self, user, action):
        """Collections the user may ``action`` in and see."""
        collections = super().collections_user_has_permission_for(user, action)
        return collections.exclude(pk__in=hidden_collection_ids(user))

    def collections_user_has_any_permission_for(self, user, actions):
        """Collections the user has any of ``actions`` in and may see."""
        collections = super().collections_user_has_any_permission_for(user, actions)
        return collections.exclude(pk__in=hidden_collection_ids(user))

    def _has_visible_collection(self, user, actions):
        """Whether a collection the user may see grants one of ``actions``
        (owners act on their own items through "add")."""
        if user.is_superuser:
            return True
        granting = {*actions, "add"} if {"change", "delete"} & set(actions) else set(actions)
        return self.collections_user_has_any_permission_for(user, granting).exists()

    def user_has_permission(self, user, action):
        """A right counts only where the user may see: with every collection
        of the right hidden there is nothing to act on (and Wagtail's forms
        could offer no collection)."""
        return super().user_has_permission(user, action) and self._has_visible_collection(
            user, [action]
        )

    def user_has_any_permission(self, user, actions):
        """Any of ``actions``, in a collection the user may see."""
        return super().user_has_any_permission(user, actions) and self._has_visible_collection(
            user, actions
        )

    def instances_user_has_any_permission_for(self, user, actions):
        """Items the user has any of ``actions`` on and may see."""
        items = super().instances_user_has_any_permission_for(user, actions)
        return visible_collection_members(user, items)

    def instances_user_has_permission_for(self, user, action):
        """Items the user may ``action`` and see."""
        items = super().instances_user_has_permission_for(user, action)
        return visible_collection_members(user, items)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        """A hidden item grants no right."""
        if not can_view_collection_member(user, instance):
            return False
        return super().user_has_any_permission_for_instance(user, actions, instance)

    def user_has_permission_for_instance(self, user, action, instance):
        """A hidden item grants no right."""
        if not can_view_collection_member(user, instance):
            return False
        return super().user_has_permission_for_instance(user, action, instance)


class VisibleExplorablePagePolicy(PagePermissionPolicy):
    """Wagtail's page policy whose explorable pages are narrowed by the core:
    the set the admin's page search, the admin API's page listing (explorer
    menu, chooser) and the explorer's start are computed from."""

    def explorable_instances(self, user, **kwargs):
        """Explorable pages the user may see, drafts included."""
        # Wagtail's own computation fails without any page permission (no
        # common ancestor of nothing): admin users without page rights (the
        # security log role) explore nothing.
        if (
            user.is_active
            and not user.is_superuser
            and not list(self.get_cached_permissions_for_user(user))
        ):
            return self.model.objects.none()
        pages = super().explorable_instances(user, **kwargs)
        # The search form: the admin API searches this queryset in the search
        # backend, which accepts no anti-join.
        return visible_pages(user, pages, live=False, for_search=True)


def register_policies():
    """Register the narrowed policies for pages and for our document and image
    models (from the app's ``ready()``). ``exact_class``: these win over the policies that
    ``wagtail.documents`` and ``wagtail.images`` register for the same models
    in their own ``ready()``, whatever the order of the apps."""
    from wagtail.permissions import register_permission_policy

    models = _models()
    # For Page and so for every page type (Wagtail's own is registered for
    # AbstractPage, further up their inheritance).
    register_permission_policy(Page, VisibleExplorablePagePolicy(Page))
    register_permission_policy(
        models[DOCUMENT],
        VisibleCollectionMemberPolicy(
            models[DOCUMENT], auth_model="wagtaildocs.Document", owner_field_name="uploaded_by_user"
        ),
        exact_class=True,
    )
    register_permission_policy(
        models[IMAGE],
        VisibleCollectionMemberPolicy(
            models[IMAGE], auth_model="wagtailimages.Image", owner_field_name="uploaded_by_user"
        ),
        exact_class=True,
    )


class VisibleOnlyBulkAction:
    """Mixin for Wagtail's bulk actions: the confirmation and the action itself
    work on visible items only. When no visible item is left the answer is
    404, as Wagtail answers for ids that are all unknown."""

    def get_actionable_objects(self):
        """Wagtail's actionable objects, minus what the core hides."""
        objects, extra = super().get_actionable_objects()
        user = self.request.user
        if _is_unrestricted(user):
            return objects, extra
        objects = visible_objects(user, objects)
        extra = {
            name: visible_objects(user, items, key=_bulk_item) if isinstance(items, list) else items
            for name, items in extra.items()
        }
        if not objects and not any(isinstance(v, list) and v for v in extra.values()):
            raise Http404
        return objects, extra


def _bulk_item(item):
    """The object of a bulk action's listed item (an object or ``{"item": …}``)."""
    return item.get("item") if isinstance(item, dict) else item


def guarded_bulk_actions():
    """Subclasses of Wagtail's page, document and image bulk actions with
    ``VisibleOnlyBulkAction`` mixed in, to be registered after Wagtail's own."""
    from wagtail.admin.views.pages import bulk_actions as pages
    from wagtail.documents.views import bulk_actions as documents
    from wagtail.images.views import bulk_actions as images

    originals = [
        pages.DeleteBulkAction,
        pages.MoveBulkAction,
        pages.PublishBulkAction,
        pages.UnpublishBulkAction,
        documents.AddTagsBulkAction,
        documents.AddToCollectionBulkAction,
        documents.DeleteBulkAction,
        images.AddTagsBulkAction,
        images.AddToCollectionBulkAction,
        images.DeleteBulkAction,
    ]
    return [
        type(original.__name__, (VisibleOnlyBulkAction, original), {"__module__": __name__})
        for original in originals
    ]
