"""The intranet's URLs plus, for the comparisons only, Wagtail's stock v2
page API (under /api/ so that token authentication applies as to ours) and
the floor view."""

from django.urls import path

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from cms.urls import urlpatterns as intranet_urlpatterns

from .floor import floor_view

stock_router = WagtailAPIRouter("bench_stock_api")
stock_router.register_endpoint("pages", PagesAPIViewSet)

urlpatterns = [
    path("api/bench-stock/v2/", stock_router.urls),
    path("bench/floor/", floor_view, name="bench-floor"),
    *intranet_urlpatterns,
]
