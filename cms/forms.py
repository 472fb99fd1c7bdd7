"""Wagtail's admin forms for documents and images with the shared upload
check (cms/uploads.py). The settings ``WAGTAILDOCS_DOCUMENT_FORM_BASE`` and
``WAGTAILIMAGES_IMAGE_FORM_BASE`` name them, so every admin path (add, edit,
multiple upload, the choosers' upload) uses them."""

from django.conf import settings

from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm
from wagtail.images.utils import get_allowed_image_extensions

from .uploads import check_upload, new_upload


class IntranetDocumentForm(BaseDocumentForm):
    """The document form: a new file must pass the shared upload check."""

    def clean_file(self):
        uploaded = new_upload(self)
        if uploaded is not None:
            check_upload(uploaded, settings.WAGTAILDOCS_EXTENSIONS)
        return self.cleaned_data.get("file")


class IntranetImageForm(BaseImageForm):
    """The image form: a new file must pass the shared upload check."""

    def clean_file(self):
        uploaded = new_upload(self)
        if uploaded is not None:
            check_upload(
                uploaded,
                get_allowed_image_extensions(),
                max_size=settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE,
            )
        return self.cleaned_data.get("file")
