"""Shared fixtures: a site whose root is the start page, and people."""

from django.core.cache import cache

import pytest
from wagtail.models import Page, Site

from tests import factories


def pytest_collection_modifyitems(config, items):
    """Refuse a transactional test without ``serialized_rollback``: its flush would
    leave the tables empty (no root page, no locale) for the tests that run after
    it, and they would fail far away from the cause."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if (
            marker
            and marker.kwargs.get("transaction")
            and not marker.kwargs.get("serialized_rollback")
        ):
            raise pytest.UsageError(
                f"{item.nodeid}: django_db(transaction=True) needs serialized_rollback=True"
            )


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded files of a test go to its own temporary folder, and no cached
    rendition or rate-limit counter leaks from one test into the next."""
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()


@pytest.fixture
def home_page(db):
    """The start page as the root of the default site (replacing Wagtail's welcome page)."""
    root = Page.get_first_root_node()
    home = factories.HomePageFactory(parent=root, slug="start")
    site = Site.objects.get(is_default_site=True)
    old_root = site.root_page
    site.root_page = home
    site.save()
    if old_root.pk != home.pk and old_root.specific_class.__name__ != "HomePage":
        old_root.delete()
    return Page.objects.get(pk=home.pk).specific


@pytest.fixture
def news_index(home_page):
    return factories.NewsIndexPageFactory(parent=home_page, slug="nachrichten")


@pytest.fixture
def user(db):
    """An ordinary employee."""
    return factories.UserFactory(username="erika")


@pytest.fixture
def superuser(db):
    return factories.UserFactory(username="chefin", is_superuser=True, is_staff=True)


@pytest.fixture
def user_client(client, user):
    client.force_login(user)
    return client
