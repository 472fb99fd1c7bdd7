"""Headers of every file the intranet delivers after a permission check.

Every download is for a signed-in reader who passed the permission core, so
no shared cache (a proxy, a CDN, nginx's ``proxy_cache``) may keep a copy and
hand it to the next person: the answer is always ``private``, never
``public`` or ``s-maxage``. Files behind a view restriction are not stored at
all (``no-store``: shared workstations in the offices), open ones may stay in
the reader's own browser for a while."""

from django.urls import re_path

from cms.permissions import collection_restriction_keys

# Seconds an open (unrestricted) image may stay in the reader's browser.
OPEN_MAX_AGE = 3600


def is_restricted(collection_id):
    """Whether a collection (of a document or image) has a view restriction above it."""
    return bool(collection_restriction_keys([collection_id])[collection_id])


def private_download(response, restricted=True, max_age=OPEN_MAX_AGE):
    """Mark ``response`` (a file delivered after the permission check) as
    private: ``no-store`` when ``restricted``, else ``max-age``. Whatever a
    view or Wagtail set before is replaced. Returns the response."""
    if restricted:
        response["Cache-Control"] = "private, no-store"
    else:
        response["Cache-Control"] = f"private, max-age={int(max_age)}"
    if "Expires" in response:
        del response["Expires"]
    # The answer depends on who asks.
    response["Vary"] = "Cookie, Authorization"
    return response


def serve_document(request, document_id, document_filename):
    """Wagtail's document serve view (with its hooks: the permission core's
    404 runs there), its answer marked private."""
    from wagtail.documents import get_document_model
    from wagtail.documents.views.serve import serve

    response = serve(request, document_id, document_filename)
    if response.status_code in (200, 206, 304):
        documents = get_document_model().objects.filter(pk=document_id)
        collection_id = documents.values_list("collection_id", flat=True).first()
        private_download(response, restricted=is_restricted(collection_id))
    return response


# Placed before Wagtail's own document URLs, with the same pattern and name,
# so links (``document.url``) stay as they are and every download comes here.
document_urlpatterns = [
    re_path(r"^documents/(\d+)/(.*)$", serve_document, name="wagtaildocs_serve"),
]
