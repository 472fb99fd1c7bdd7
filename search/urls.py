"""URL of the reader's search page (included from cms/urls.py)."""

from django.urls import path

from .views import search_page

urlpatterns = [path("", search_page, name="search")]
