"""The text inside uploaded files (PDF, DOCX, XLSX), for search.

Extraction runs in a background task after upload. Broken or unexpected
files must never hurt the uploader: every failure is logged and yields "".

Nor may a file hurt the worker. DOCX and XLSX are zip archives, and a few
hundred kilobytes can unpack into gigabytes of XML (a zip bomb): before any
parser sees one, its directory is read and the archive is refused when it
has too many members, a member or the whole is too large unpacked, or a
member is packed too tightly (zipfile never unpacks more than a member's
declared size, so these figures hold). Extraction also has a wall-clock
budget, checked between pages, paragraphs and rows, and PDFs a page limit.
A file over a limit is indexed without its text, and a warning names it."""

import io
import logging
import time
import zipfile

logger = logging.getLogger(__name__)

# Extracted text is capped: a 500-page PDF adds little to ranking beyond
# its first few hundred kilobytes, and huge fields slow every query.
MAX_CHARS = 500_000
# Zip containers (DOCX, XLSX): the largest real office files of the city are
# far below these figures; a zip bomb is far above them.
MAX_MEMBERS = 5_000
# Any one member (pictures included; they hardly pack) and all of them.
MAX_MEMBER_BYTES = 50 * 1024 * 1024
MAX_TOTAL_BYTES = 100 * 1024 * 1024
# The XML the parsers build trees of, together: parsing costs about ten
# times its size in memory.
MAX_XML_BYTES = 16 * 1024 * 1024
XML_SUFFIXES = (".xml", ".rels")
# Unpacked / packed size of one member; XML packs 5 to 20 times, rarely 50.
MAX_RATIO = 100
# Members smaller than this are not held to the ratio (tiny repetitive XML
# packs extremely well and is harmless).
RATIO_FLOOR_BYTES = 1024 * 1024
MAX_PDF_PAGES = 2_000
# Seconds one file may take.
TIME_BUDGET = 20.0


class ExtractionLimit(Exception):
    """A file exceeds a limit of extraction; the message says which."""


class Budget:
    """The wall-clock budget of one extraction."""

    def __init__(self, seconds):
        self.deadline = time.monotonic() + seconds

    def check(self):
        """Raise ``ExtractionLimit`` once the budget is spent."""
        if time.monotonic() > self.deadline:
            raise ExtractionLimit("time budget exceeded")


def check_zip(data):
    """Refuse a zip archive whose members would unpack too large."""
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except zipfile.BadZipFile:
        return  # not a zip: the parser says so itself
    if len(members) > MAX_MEMBERS:
        raise ExtractionLimit(f"{len(members)} archive members")
    total = xml = 0
    for member in members:
        if member.file_size > MAX_MEMBER_BYTES:
            raise ExtractionLimit(f"member {member.filename} unpacks to {member.file_size} bytes")
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_FLOOR_BYTES and ratio > MAX_RATIO:
            raise ExtractionLimit(f"member {member.filename} is packed {ratio:.0f}:1")
        total += member.file_size
        if member.filename.lower().endswith(XML_SUFFIXES):
            xml += member.file_size
    if total > MAX_TOTAL_BYTES:
        raise ExtractionLimit(f"archive unpacks to {total} bytes")
    if xml > MAX_XML_BYTES:
        raise ExtractionLimit(f"archive holds {xml} bytes of XML")


def _pdf(data, budget):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if len(reader.pages) > MAX_PDF_PAGES:
        raise ExtractionLimit(f"{len(reader.pages)} pages")
    parts = []
    for page in reader.pages:
        budget.check()
        parts.append(page.extract_text() or "")
        if sum(map(len, parts)) > MAX_CHARS:
            break
    return "\n".join(parts)


def _docx(data, budget):
    import docx

    check_zip(data)
    document = docx.Document(io.BytesIO(data))
    parts = []
    for paragraph in document.paragraphs:
        budget.check()
        parts.append(paragraph.text)
    for table in document.tables:
        for row in table.rows:
            budget.check()
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _xlsx(data, budget):
    from openpyxl import load_workbook

    check_zip(data)
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    parts = []
    try:
        for sheet in workbook.worksheets:
            parts.append(sheet.title)
            for row in sheet.iter_rows(values_only=True):
                budget.check()
                parts.extend(str(value) for value in row if value not in (None, ""))
                if len(parts) > MAX_CHARS // 10:
                    break
    finally:
        workbook.close()
    return "\n".join(parts)


EXTRACTORS = {"pdf": _pdf, "docx": _docx, "xlsx": _xlsx}


def extract_text(data, extension, name=None, time_budget=None):
    """The text of a file's bytes, by extension ("pdf", "docx", "xlsx"); "" for
    other types, for files that cannot be read and for files over a limit
    (module docstring). ``name`` says in the log which file it was."""
    extension = (extension or "").lower().lstrip(".")
    extractor = EXTRACTORS.get(extension)
    if extractor is None:
        return ""
    name = name or f"a .{extension} file"
    budget = Budget(TIME_BUDGET if time_budget is None else time_budget)
    try:
        text = extractor(data, budget)
    except ExtractionLimit as exc:
        logger.warning("Text extraction of %s refused, indexed without text: %s", name, exc)
        return ""
    except Exception:  # noqa: BLE001 - any parser error means "no text", never a crash
        logger.warning(
            "Text extraction failed for %s",
            name,
            exc_info=logger.isEnabledFor(logging.DEBUG),
        )
        return ""
    return " ".join(text.split())[:MAX_CHARS]


def extract_document_text(document):
    """The text inside an IntranetDocument's file ("" when unreadable, missing
    or over a limit of extraction)."""
    try:
        with document.open_file() as handle:
            data = handle.read()
    except Exception:  # noqa: BLE001 - missing file on storage: nothing to extract
        logger.warning("Document %s: file cannot be read", document.pk, exc_info=True)
        return ""
    name = f"document {document.pk} „{document.title}“ ({document.filename})"
    return extract_text(data, document.file_extension, name=name)
