"""API views: permission-aware page, document and image endpoints, the
token endpoint, ``me/``, and the OpenAPI description."""

from django.contrib.auth import authenticate
from django.http import Http404
from django.utils.translation import gettext as _

from rest_framework import exceptions, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler
from wagtail.api.v2.filters import SearchFilter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import APIToken, Page

from cms.permissions import visible_collection_members, visible_pages

from .filters import IntranetPagination, IntranetSearchFilter, site_pages
from .serializers import ImageSerializer
from .validation import MAX_ID, int_param
from .wagtail_errors import german_message


def api_exception_handler(exc, context):
    """Every error answers ``{"message": "…"}`` with a 4xx status; field errors
    come along under ``errors``."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Nicht gefunden."))
    if isinstance(exc, exceptions.NotAuthenticated):
        exc = exceptions.NotAuthenticated(_("Anmeldung erforderlich. Bitte melden Sie sich an."))
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(data, dict) and "detail" in data:
        response.data = {"message": str(data["detail"])}
    elif isinstance(data, dict) and "message" not in data:
        response.data = {"message": _("Die Anfrage ist ungültig."), "errors": data}
    elif isinstance(data, list):
        response.data = {"message": " ".join(str(item) for item in data)}
    return response


def _checked_backends(backends):
    """Wagtail's filter backends with the search replaced by the checked one."""
    return [IntranetSearchFilter if b is SearchFilter else b for b in backends]


class PermissionAwareMixin:
    """Common error handling of the Wagtail endpoints: 404 and 400 as JSON
    messages, other errors through the API's exception handler. Paging,
    ``find/?id=`` and ``?search=`` are checked before they reach a query."""

    pagination_class = IntranetPagination

    def find_object(self, queryset, request):
        if "id" in request.GET:
            int_param(request, "id", None, minimum=1, maximum=MAX_ID)
        return super().find_object(queryset, request)

    def handle_exception(self, exc):
        if isinstance(exc, Http404):
            return Response({"message": _("Nicht gefunden.")}, status=status.HTTP_404_NOT_FOUND)
        if isinstance(exc, BadRequestError):
            # Only Wagtail raises BadRequestError (our own checks raise
            # InvalidInput, already in German): its English texts are translated.
            return Response({"message": german_message(exc)}, status=status.HTTP_400_BAD_REQUEST)
        return super().handle_exception(exc)


class IntranetPagesAPIViewSet(PermissionAwareMixin, PagesAPIViewSet):
    """Wagtail's page API, showing each reader exactly the pages they may see.
    Hidden and unknown pages both answer 404."""

    filter_backends = _checked_backends(PagesAPIViewSet.filter_backends)

    def get_queryset(self):
        # Every item's meta.locale reads its locale: fetch them in the same query.
        return super().get_queryset().select_related("locale")

    def get_base_queryset(self):
        searching = "search" in self.request.GET
        queryset = visible_pages(self.request.user, Page.objects.all(), for_search=searching)
        return site_pages(self.request, queryset)


class IntranetDocumentsAPIViewSet(PermissionAwareMixin, DocumentsAPIViewSet):
    """Documents the reader may see; downloads are checked again on the file URL."""

    filter_backends = _checked_backends(DocumentsAPIViewSet.filter_backends)

    def get_queryset(self):
        return visible_collection_members(
            self.request.user, self.model.objects.all().order_by("id")
        )


class IntranetImagesAPIViewSet(PermissionAwareMixin, ImagesAPIViewSet):
    """Images the reader may see, served as checked renditions."""

    base_serializer_class = ImageSerializer
    filter_backends = _checked_backends(ImagesAPIViewSet.filter_backends)
    meta_fields = [f for f in ImagesAPIViewSet.meta_fields if f != "download_url"] + ["rendition"]
    listing_default_fields = [
        f for f in ImagesAPIViewSet.listing_default_fields if f != "download_url"
    ] + ["rendition"]
    nested_default_fields = [
        f for f in ImagesAPIViewSet.nested_default_fields if f != "download_url"
    ] + ["rendition"]

    def get_queryset(self):
        return visible_collection_members(
            self.request.user, self.model.objects.all().order_by("id")
        )


class TokenView(APIView):
    """``POST`` a username and password for a token; ``DELETE`` revokes the
    token used. Sign-ins are throttled per account and address like every
    other sign-in (``accounts.throttle``, shared by all processes); from
    outside the internal networks the body also needs ``code``, a second
    factor (authenticator or recovery code)."""

    authentication_classes = APIView.authentication_classes

    def get_permissions(self):
        if self.request.method == "POST":
            return [AllowAny()]
        return super().get_permissions()

    def post(self, request):
        from accounts.api import check_token_sign_in
        from accounts.throttle import lockout_response

        data = request.data if isinstance(request.data, dict) else {}
        username = data.get("username")
        password = data.get("password")
        if not isinstance(username, str) or not isinstance(password, str) or not username:
            return Response(
                {"message": _("Bitte geben Sie „username“ und „password“ an.")},
                status=status.HTTP_400_BAD_REQUEST,
            )
        django_request = request._request
        user = authenticate(django_request, username=username, password=password)
        if getattr(django_request, "axes_locked_out", False):
            return lockout_response(django_request)
        if user is None or not user.is_active:
            return Response(
                {"message": _("Benutzername oder Passwort ist falsch.")},
                status=status.HTTP_401_UNAUTHORIZED,
                headers={"WWW-Authenticate": 'Bearer realm="api"'},
            )
        refusal = check_token_sign_in(django_request, user, data.get("code"))
        if refusal is not None:
            return Response(
                {"message": refusal},
                status=status.HTTP_401_UNAUTHORIZED,
                headers={"WWW-Authenticate": 'Bearer realm="api"'},
            )
        name = str(data.get("label") or "API-Anmeldung")[:255]
        raw = APIToken.create_token(user=user, name=name)[1]
        return Response({"token": raw}, status=status.HTTP_201_CREATED)

    def delete(self, request):
        if not isinstance(request.auth, APIToken):
            return Response(
                {"message": _("Zum Widerrufen muss die Anfrage mit dem Token gestellt werden.")},
                status=status.HTTP_400_BAD_REQUEST,
            )
        request.auth.revoke()
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(APIView):
    """The signed-in user, their units, groups and roles."""

    def get(self, request):
        user = request.user
        memberships = user.memberships.select_related("unit").order_by("unit__name")
        return Response(
            {
                "id": user.pk,
                "username": user.get_username(),
                "name": user.get_full_name() or user.get_username(),
                "email": user.email,
                "is_superuser": user.is_superuser,
                "units": [
                    {
                        "id": m.unit.pk,
                        "code": m.unit.code,
                        "name": m.unit.name,
                        "kind": m.unit.kind,
                        "function": m.function,
                    }
                    for m in memberships
                ],
                "groups": sorted(user.groups.values_list("name", flat=True)),
            }
        )
