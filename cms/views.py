"""Views of the project package that are not pages."""

import mimetypes

from django.http import FileResponse, Http404
from django.views.decorators.http import require_GET

from wagtail.images import get_image_model

from cms.downloads import is_restricted, private_download
from cms.permissions import can_view_image


@require_GET
def image_rendition(request, rendition_id):
    """Serve a resized image after checking that the reader may see the
    image. Only renditions that exist are served (they are created when a
    page or the API asks for them), so nobody can make the server render
    arbitrary sizes."""
    rendition_model = get_image_model().get_rendition_model()
    rendition = rendition_model.objects.select_related("image").filter(pk=rendition_id).first()
    if rendition is None or not can_view_image(request.user, rendition.image):
        raise Http404
    try:
        handle = rendition.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    content_type = mimetypes.guess_type(rendition.file.name)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    return private_download(response, restricted=is_restricted(rendition.image.collection_id))
