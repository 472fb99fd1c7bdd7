"""The API router: which endpoint serves which model."""

from wagtail.api.v2.router import WagtailAPIRouter

from .views import IntranetDocumentsAPIViewSet, IntranetImagesAPIViewSet, IntranetPagesAPIViewSet

api_router = WagtailAPIRouter("api")
api_router.register_endpoint("pages", IntranetPagesAPIViewSet)
api_router.register_endpoint("images", IntranetImagesAPIViewSet)
api_router.register_endpoint("documents", IntranetDocumentsAPIViewSet)
