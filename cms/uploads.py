"""The one content check of every upload: admin documents and images
(Wagtail's forms, through ``WAGTAILDOCS_DOCUMENT_FORM_BASE`` and
``WAGTAILIMAGES_IMAGE_FORM_BASE``), workspace uploads on the site and the
API.

A file is taken only when its extension is allowed on that path, its size
is within the limit, and its content is what the extension says: the first
bytes are sniffed with ``filetype`` (magic numbers), so a program renamed
``.pdf`` is refused instead of being served as ``application/pdf``."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

import filetype

# Bytes read for sniffing: what ``filetype`` looks at.
HEAD_BYTES = 8192

_OFFICE_ZIP = frozenset({"zip", "docx", "xlsx", "pptx", "odt", "ods", "odp", "epub"})
# For each extension, what the sniffed content may be. ``None``: plain text,
# which has no magic number; it must not look like any known binary format
# and must contain no NUL byte. Office formats are zip containers, which the
# sniffer does not always tell apart from a plain zip.
CONTENT_KINDS = {
    "pdf": {"pdf"},
    "docx": {"docx", "zip"},
    "xlsx": {"xlsx", "zip"},
    "pptx": {"pptx", "zip"},
    "odt": {"odt", "zip"},
    "ods": {"ods", "zip"},
    "odp": {"odp", "zip"},
    "zip": _OFFICE_ZIP,
    "txt": None,
    "csv": None,
    "vtt": None,
    "mp4": {"mp4", "m4v", "mov"},
    "webm": {"webm", "mkv"},
    "png": {"png", "apng"},
    "jpg": {"jpg"},
    "jpeg": {"jpg"},
    "gif": {"gif"},
    "webp": {"webp"},
    "avif": {"avif", "heic"},
    "heic": {"heic", "avif"},
}


def new_upload(form, field="file"):
    """The file just uploaded in ``form``, or None when it kept its file."""
    uploaded = form.cleaned_data.get(field)
    if uploaded is None or field not in form.changed_data or not hasattr(uploaded, "size"):
        return None
    return uploaded


def extension_of(name):
    """The lower-case extension of a file name ("" without one)."""
    name = name or ""
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _head(uploaded_file):
    position = uploaded_file.tell() if hasattr(uploaded_file, "tell") else 0
    uploaded_file.seek(0)
    head = uploaded_file.read(HEAD_BYTES)
    uploaded_file.seek(position)
    return head


def content_matches(extension, head):
    """Whether the first bytes ``head`` are a file of type ``extension``."""
    if extension not in CONTENT_KINDS:
        return False
    kinds = CONTENT_KINDS[extension]
    guessed = filetype.guess(head)
    if kinds is None:
        return guessed is None and b"\x00" not in head
    return guessed is not None and guessed.extension in kinds


def check_upload(uploaded_file, allowed, max_size=None):
    """Refuse ``uploaded_file`` unless its extension is in ``allowed``, its
    size at most ``max_size`` bytes (default ``WAGTAILDOCS_MAX_UPLOAD_SIZE``)
    and its content of the type its extension names. Raises
    ``ValidationError`` with a German message that says what is allowed;
    reads only the first bytes and leaves the file where it was."""
    extension = extension_of(uploaded_file.name)
    allowed = {extension_of(f"x.{e}") for e in allowed}
    if extension not in allowed:
        shown = ", ".join(sorted({"jpg" if e == "jpeg" else e for e in allowed}))
        raise ValidationError(
            _("Dateien vom Typ „%(ext)s“ werden nicht angenommen. Erlaubt sind: %(allowed)s.")
            % {"ext": extension or _("ohne Endung"), "allowed": shown},
            code="file_type",
        )
    limit = max_size if max_size is not None else settings.WAGTAILDOCS_MAX_UPLOAD_SIZE
    if limit and uploaded_file.size > limit:
        raise ValidationError(
            _("Die Datei ist %(size)s groß; erlaubt sind höchstens %(limit)s.")
            % {"size": filesizeformat(uploaded_file.size), "limit": filesizeformat(limit)},
            code="file_size",
        )
    if not uploaded_file.size:
        raise ValidationError(_("Die Datei ist leer."), code="file_empty")
    if not content_matches(extension, _head(uploaded_file)):
        raise ValidationError(
            _("Der Inhalt der Datei passt nicht zur Endung „%(ext)s“.") % {"ext": extension},
            code="file_content",
        )
