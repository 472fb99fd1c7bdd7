"""The text inside uploaded files (PDF, DOCX, XLSX), for search.

Extraction runs in a background task after upload. Broken or unexpected
files must never hurt the uploader: every failure is logged and yields ""."""

import io
import logging

logger = logging.getLogger(__name__)

# Extracted text is capped: a 500-page PDF adds little to ranking beyond
# its first few hundred kilobytes, and huge fields slow every query.
MAX_CHARS = 500_000


def _pdf(data):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    parts = []
    for page in reader.pages:
        parts.append(page.extract_text() or "")
        if sum(map(len, parts)) > MAX_CHARS:
            break
    return "\n".join(parts)


def _docx(data):
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _xlsx(data):
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    parts = []
    try:
        for sheet in workbook.worksheets:
            parts.append(sheet.title)
            for row in sheet.iter_rows(values_only=True):
                parts.extend(str(value) for value in row if value not in (None, ""))
                if len(parts) > MAX_CHARS // 10:
                    break
    finally:
        workbook.close()
    return "\n".join(parts)


EXTRACTORS = {"pdf": _pdf, "docx": _docx, "xlsx": _xlsx}


def extract_text(data, extension):
    """The text of a file's bytes, by extension ("pdf", "docx", "xlsx"); "" for
    other types and for files that cannot be read."""
    extractor = EXTRACTORS.get((extension or "").lower().lstrip("."))
    if extractor is None:
        return ""
    try:
        text = extractor(data)
    except Exception:  # noqa: BLE001 - any parser error means "no text", never a crash
        logger.warning(
            "Text extraction failed for a .%s file",
            extension,
            exc_info=logger.isEnabledFor(logging.DEBUG),
        )
        return ""
    return " ".join(text.split())[:MAX_CHARS]


def extract_document_text(document):
    """The text inside an IntranetDocument's file ("" when unreadable or missing)."""
    try:
        with document.open_file() as handle:
            data = handle.read()
    except Exception:  # noqa: BLE001 - missing file on storage: nothing to extract
        logger.warning("Document %s: file cannot be read", document.pk, exc_info=True)
        return ""
    return extract_text(data, document.file_extension)
