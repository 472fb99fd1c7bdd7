"""Text extraction has limits: a zip bomb (a small DOCX/XLSX that unpacks
into huge XML), a file packed too tightly, too many PDF pages or a spent
time budget are refused before they cost time and memory; the file is then
indexed without its text and a warning names it."""

import io
import logging
import subprocess
import sys
import time
import zipfile

from django.conf import settings
from django.core.files.base import ContentFile

import pytest

from cms.models import IntranetDocument
from search import extraction
from search.extraction import extract_text
from tests import factories
from tests.search.test_extraction import make_docx, make_pdf

# Extracts stdin as a DOCX and prints the length of the text; warnings to stderr.
EXTRACT_IN_CHILD = (
    "import logging, sys; logging.basicConfig(level=logging.WARNING); "
    "from search.extraction import extract_text; "
    "print(len(extract_text(sys.stdin.buffer.read(), 'docx', name='bombe.docx'))); "
    # The peak resident memory of this process (VmHWM starts anew at exec).
    "print(next(line.split()[1] for line in open('/proc/self/status') "
    "if line.startswith('VmHWM')))"
)
PARAGRAPH = b"<w:p><w:r><w:t>Bombe Bombe Bombe Bombe</w:t></w:r></w:p>"


def docx_with_xml_of(size):
    """A real DOCX whose ``word/document.xml`` is about ``size`` bytes of
    paragraphs, written in chunks so the test itself stays small."""
    template = zipfile.ZipFile(io.BytesIO(make_docx("Vorlage")))
    original = template.read("word/document.xml")
    head, _sep, tail = original.partition(b"<w:body>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for member in template.infolist():
            if member.filename != "word/document.xml":
                archive.writestr(member, template.read(member))
        with archive.open("word/document.xml", "w", force_zip64=True) as handle:
            handle.write(head + b"<w:body>")
            chunk = PARAGRAPH * 10_000
            for _ in range(size // len(chunk)):
                handle.write(chunk)
            handle.write(tail)
    return out.getvalue()


@pytest.fixture(scope="module")
def bomb():
    """60 MB of XML in a DOCX of a few hundred kilobytes."""
    return docx_with_xml_of(60 * 1024 * 1024)


def test_the_bomb_is_small_and_a_real_docx(bomb):
    assert len(bomb) < 1024 * 1024
    member = zipfile.ZipFile(io.BytesIO(bomb)).getinfo("word/document.xml")
    assert member.file_size > 60_000_000


def test_a_zip_bomb_is_refused_quickly_and_with_little_memory(bomb):
    # In a process of its own, so that its peak memory can be measured
    # (the XML parser allocates outside Python's allocator). Without the
    # limits this took 27 s and 715 MB.
    started = time.monotonic()
    child = subprocess.run(
        [sys.executable, "-c", EXTRACT_IN_CHILD],
        input=bomb,
        capture_output=True,
        cwd=settings.BASE_DIR,
        timeout=120,
        check=True,
    )
    elapsed = time.monotonic() - started
    length, peak_kb = child.stdout.decode().split()
    assert length == "0"
    assert "bombe.docx" in child.stderr.decode()
    assert "word/document.xml" in child.stderr.decode()
    assert elapsed < 5
    assert int(peak_kb) < 100 * 1024


def test_a_member_packed_too_tightly_is_refused(caplog):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", b"<a/>" * (1024 * 1024))  # 4 MB, packs > 100:1
    with caplog.at_level(logging.WARNING, logger="search.extraction"):
        assert extract_text(out.getvalue(), "xlsx", name="dicht.xlsx") == ""
    assert "packed" in caplog.text and "dicht.xlsx" in caplog.text


def test_the_time_budget_stops_extraction(caplog):
    with caplog.at_level(logging.WARNING, logger="search.extraction"):
        assert extract_text(make_docx("Langsam"), "docx", name="x.docx", time_budget=0) == ""
    assert "time budget" in caplog.text
    assert "Langsam" in extract_text(make_docx("Langsam"), "docx")


def test_too_many_pdf_pages_are_refused(monkeypatch, caplog):
    monkeypatch.setattr(extraction, "MAX_PDF_PAGES", 0)
    with caplog.at_level(logging.WARNING, logger="search.extraction"):
        assert extract_text(make_pdf("Seitenweise"), "pdf", name="lang.pdf") == ""
    assert "1 pages" in caplog.text


@pytest.mark.search_engine
def test_an_uploaded_bomb_is_indexed_without_text(search_engine, bomb, caplog):
    with caplog.at_level(logging.WARNING, logger="search.extraction"):
        document = factories.DocumentFactory(
            title="Harmlos aussehend", file=ContentFile(bomb, name="bericht.docx")
        )
    assert IntranetDocument.objects.get(pk=document.pk).extracted_text == ""
    indexed = search_engine.get(f"document:{document.pk}")
    assert indexed["title"] == "Harmlos aussehend"
    assert "Bombe" not in indexed.get("body", "")
    assert f"document {document.pk} „Harmlos aussehend“" in caplog.text
