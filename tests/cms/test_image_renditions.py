"""Renditions made in a batch (``get_renditions`` with several filters, as a
``<picture>`` or ``srcset`` asks) have primary keys, so their URLs (a checked
view built from the pk) render and serve instead of failing the page."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def test_batch_renditions_have_urls_that_serve(user_client):
    image = factories.ImageFactory()
    renditions = image.get_renditions("fill-10x10", "width-20", "max-30x30")
    assert len(renditions) == 3
    for rendition in renditions.values():
        assert rendition.pk is not None
        response = user_client.get(rendition.url)
        assert response.status_code == 200, rendition.filter_spec


def test_second_batch_reads_the_same_rows(user_client):
    image = factories.ImageFactory()
    first = image.get_renditions("fill-10x10", "width-20")
    second = image.get_renditions("fill-10x10", "width-20", "width-40")
    assert {r.pk for r in first.values()} < {r.pk for r in second.values()}
    assert image.renditions.count() == 3


def test_missing_original_renders_a_placeholder(user_client, home_page):
    """An image whose file is gone from storage (a restore, a disk error) still
    lets the page render: Wagtail's stand-in rendition has no pk, so its URL is
    the placeholder instead of a failed reverse (a 500 for the whole page)."""
    from django.template import Context, Template

    image = factories.ImageFactory()
    image.file.storage.delete(image.file.name)
    html = Template("{% load wagtailimages_tags %}{% image img fill-40x40 %}").render(
        Context({"img": image})
    )
    assert "img/bild-fehlt.svg" in html
    assert 'alt="Ein Testbild"' in html
