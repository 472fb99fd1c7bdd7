"""Serializers of the API endpoints (in addition to Wagtail's own)."""

from rest_framework.fields import Field
from wagtail.api.v2.serializers import BaseSerializer

from cms.blocks import image_api_representation


class ImageRenditionMetaField(Field):
    """The image as a checked rendition URL (the original file is never served)."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, image):
        return image_api_representation(image)


class ImageSerializer(BaseSerializer):
    """Image listing and detail, with a rendition instead of the original file."""

    rendition = ImageRenditionMetaField(read_only=True)
