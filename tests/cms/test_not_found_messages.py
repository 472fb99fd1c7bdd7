"""With DEBUG on (``make dev``) Django's 404 page shows the message of the
``Http404``: a hidden document and an unknown id must read the same, or the
debug page tells which ids exist."""

from django.contrib.auth.models import Group

import pytest
from wagtail.models import BaseViewRestriction, Collection, CollectionViewRestriction

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def hidden_document(db):
    collection = Collection.get_first_root_node().add_child(name="Personalakten")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=BaseViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.create(name="Personalrat")])
    restriction.save()
    return factories.DocumentFactory(collection=collection, title="Personalakte Meier")


def _message(response):
    assert response.status_code == 404
    html = response.content.decode()
    assert "Nicht gefunden." in html
    return html


def test_hidden_and_unknown_documents_read_the_same_in_debug(
    user_client, hidden_document, settings
):
    settings.DEBUG = True
    hidden = _message(user_client.get(hidden_document.url))
    unknown = _message(user_client.get(f"/documents/{hidden_document.pk + 1000}/dokument.pdf"))
    for html in (hidden, unknown):
        assert "No Document matches" not in html
        assert "Personalakte" not in html
    assert "Nicht gefunden." in hidden and "Nicht gefunden." in unknown


def test_without_debug_both_get_the_german_404_page(user_client, hidden_document):
    for url in (hidden_document.url, f"/documents/{hidden_document.pk + 1000}/dokument.pdf"):
        response = user_client.get(url)
        assert response.status_code == 404
        assert "Diese Seite gibt es nicht (mehr)" in response.content.decode()
