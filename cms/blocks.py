"""StreamField blocks shared by all page types."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

API_RENDITION = "max-1200x1200"


def image_api_representation(image, spec=API_RENDITION):
    """The JSON form of a picture: its checked rendition URL, size and alt text."""
    if image is None:
        return None
    rendition = image.get_rendition(spec)
    return {
        "id": image.pk,
        "title": image.title,
        "alt": image.default_alt_text,
        "url": rendition.url,
        "width": rendition.width,
        "height": rendition.height,
    }


def document_api_representation(document):
    """The JSON form of a file: its checked download URL and metadata."""
    if document is None:
        return None
    return {
        "id": document.pk,
        "title": document.title,
        "url": document.url,
        "file_extension": document.file_extension,
        "file_size": document.file_size,
    }


def _reader(context):
    request = (context or {}).get("request")
    return getattr(request, "user", None)


class RenditionImageChooserBlock(ImageChooserBlock):
    """An image chooser that the API serves as a rendition, not a bare id
    (null for a reader who may not see the image)."""

    def get_api_representation(self, value, context=None):
        from cms.permissions import can_view_image

        return image_api_representation(value) if can_view_image(_reader(context), value) else None


class APIDocumentChooserBlock(DocumentChooserBlock):
    """A document chooser that the API serves with its download URL (null for
    a reader who may not see the document)."""

    def get_api_representation(self, value, context=None):
        from cms.permissions import can_view_document

        if not can_view_document(_reader(context), value):
            return None
        return document_api_representation(value)


class ImageBlock(blocks.StructBlock):
    """A picture with an optional caption."""

    image = RenditionImageChooserBlock(label=_("Bild"))
    caption = blocks.CharBlock(required=False, label=_("Bildunterschrift"))

    class Meta:
        icon = "image"
        label = _("Bild")
        template = "blocks/image_block.html"


class HeadingBlock(blocks.StructBlock):
    """A sub-heading inside the body (h2–h4, for a correct outline)."""

    text = blocks.CharBlock(label=_("Überschrift"))
    level = blocks.ChoiceBlock(
        choices=[("h2", "H2"), ("h3", "H3"), ("h4", "H4")], default="h2", label=_("Ebene")
    )

    class Meta:
        icon = "title"
        label = _("Zwischenüberschrift")
        template = "blocks/heading_block.html"


class NoticeBlock(blocks.StructBlock):
    """A highlighted box: information, warning or important notice."""

    kind = blocks.ChoiceBlock(
        choices=[
            ("info", _("Information")),
            ("warning", _("Warnung")),
            ("important", _("Wichtig")),
        ],
        default="info",
        label=_("Art"),
    )
    text = blocks.RichTextBlock(
        features=["bold", "italic", "link", "document-link"], label=_("Text")
    )

    class Meta:
        icon = "warning"
        label = _("Hinweis")
        template = "blocks/notice_block.html"


class DocumentListBlock(blocks.StructBlock):
    """A titled list of downloads."""

    title = blocks.CharBlock(required=False, label=_("Titel"))
    documents = blocks.ListBlock(APIDocumentChooserBlock(label=_("Dokument")), label=_("Dokumente"))

    class Meta:
        icon = "doc-full"
        label = _("Downloads")
        template = "blocks/document_list_block.html"


def is_webvtt(document):
    """Whether ``document`` is a WebVTT captions file: a .vtt name and, when the
    file can be read, the "WEBVTT" signature at its start."""
    if document is None or document.file_extension.lower() != "vtt":
        return False
    try:
        with document.open_file() as handle:
            head = handle.read(16)
    except (OSError, ValueError):
        # The file is not at hand (e.g. another storage); the name must do.
        return True
    if isinstance(head, str):
        head = head.encode("utf-8")
    return head.removeprefix(b"\xef\xbb\xbf").startswith(b"WEBVTT")


class VideoBlock(blocks.StructBlock):
    """A video: an uploaded file, which must come with captions (a WebVTT
    document, rendered as ``<track kind="captions">``), or an embed from a
    video platform."""

    title = blocks.CharBlock(label=_("Titel"))
    file = APIDocumentChooserBlock(required=False, label=_("Videodatei"))
    # Required for uploaded videos (see clean); a help text here would change
    # the StreamField definitions, and with them the migrations of every app.
    captions = APIDocumentChooserBlock(required=False, label=_("Untertitel (WebVTT)"))
    embed = EmbedBlock(required=False, label=_("Eingebettetes Video (URL)"))
    transcript = blocks.TextBlock(required=False, label=_("Transkript"))

    class Meta:
        icon = "media"
        label = _("Video")
        template = "blocks/video_block.html"

    def clean(self, value):
        from django.core.exceptions import ValidationError

        from wagtail.blocks.struct_block import StructBlockValidationError

        result = super().clean(value)
        if not result.get("file") and not result.get("embed"):
            raise StructBlockValidationError(
                block_errors={
                    "file": ValidationError(
                        _("Bitte laden Sie eine Videodatei hoch oder geben Sie eine Video-URL an.")
                    )
                }
            )
        # Uploaded videos are ours to caption (WCAG 2.1 SC 1.2.2, BITV 2.0); for
        # embedded ones the platform provides captions and the transcript helps.
        if result.get("file"):
            captions = result.get("captions")
            if captions is None:
                raise StructBlockValidationError(
                    block_errors={
                        "captions": ValidationError(
                            _(
                                "Hochgeladene Videos brauchen Untertitel: Bitte wählen Sie "
                                "eine Untertiteldatei im WebVTT-Format (.vtt) aus."
                            )
                        )
                    }
                )
            if not is_webvtt(captions):
                raise StructBlockValidationError(
                    block_errors={
                        "captions": ValidationError(
                            _(
                                "„%(title)s“ ist keine WebVTT-Datei. Bitte wählen Sie eine "
                                "Untertiteldatei mit der Endung .vtt aus."
                            )
                            % {"title": captions.title}
                        )
                    }
                )
        return result

    def get_api_representation(self, value, context=None):
        data = super().get_api_representation(value, context)
        embed = value.get("embed")
        data["embed"] = embed.url if embed else None
        return data


class BodyBlock(blocks.StreamBlock):
    """The body of ordinary pages and news."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Absatz"),
        features=["bold", "italic", "ol", "ul", "link", "document-link", "h2", "h3"],
        template="blocks/paragraph_block.html",
    )
    image = ImageBlock()
    notice = NoticeBlock()
    documents = DocumentListBlock()
    video = VideoBlock()


class StepBlock(blocks.StructBlock):
    """One step of a tutorial: text, and optionally a picture and a video."""

    title = blocks.CharBlock(label=_("Schritt"))
    text = blocks.RichTextBlock(
        features=["bold", "italic", "ol", "ul", "link"], label=_("Anleitung")
    )
    media = blocks.StreamBlock(
        [("image", ImageBlock()), ("video", VideoBlock())],
        required=False,
        label=_("Bild oder Video"),
    )

    class Meta:
        icon = "list-ol"
        label = _("Schritt")
        template = "blocks/step_block.html"
