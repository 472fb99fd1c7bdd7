"""Text inside uploaded PDF, DOCX and XLSX files is extracted in the
background and makes the document findable; broken files yield no text."""

import io

from django.core.files.base import ContentFile

import docx
import pytest
from openpyxl import Workbook

from cms.models import IntranetDocument
from search.extraction import extract_text
from tests import factories


def make_pdf(text):
    """A minimal one-page PDF with ``text`` in Helvetica, with a correct xref table."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def make_docx(text):
    """A DOCX with one paragraph and a one-cell table."""
    document = docx.Document()
    document.add_paragraph(text)
    document.add_table(rows=1, cols=1).rows[0].cells[0].text = "Tabellenzelle"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_xlsx(text):
    """An XLSX with ``text`` in A1 and a number in B1."""
    workbook = Workbook()
    workbook.active["A1"] = text
    workbook.active["B1"] = 42
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_extract_pdf_docx_xlsx():
    assert "Reisekostenabrechnung" in extract_text(make_pdf("Reisekostenabrechnung 2026"), "pdf")
    docx_text = extract_text(make_docx("Urlaubsantrag fuer Beschaeftigte"), "docx")
    assert "Urlaubsantrag" in docx_text and "Tabellenzelle" in docx_text
    assert "Dienstreiseantrag" in extract_text(make_xlsx("Dienstreiseantrag"), "xlsx")


@pytest.mark.parametrize("extension", ["pdf", "docx", "xlsx"])
def test_broken_files_yield_no_text(extension):
    assert extract_text(b"kaputt \x00\x01", extension) == ""


def test_unknown_types_yield_no_text():
    assert extract_text(b"irgendwas", "mp4") == ""


@pytest.mark.search_engine
@pytest.mark.parametrize(
    ("maker", "name", "word"),
    [
        (make_pdf, "anweisung.pdf", "Brandschutzordnung"),
        (make_docx, "antrag.docx", "Telearbeitsvereinbarung"),
        (make_xlsx, "liste.xlsx", "Inventarliste"),
    ],
)
def test_uploaded_document_is_found_by_a_word_inside(search_engine, maker, name, word):
    document = factories.DocumentFactory(
        title="Anlage", file=ContentFile(maker(f"{word} der Stadt"), name=name)
    )
    assert word in IntranetDocument.objects.get(pk=document.pk).extracted_text
    search_engine.refresh()
    hits = search_engine.search({"query": {"match": {"body": word}}})["hits"]["hits"]
    assert [hit["_id"] for hit in hits] == [f"document:{document.pk}"]


@pytest.mark.search_engine
def test_broken_upload_is_indexed_without_text(search_engine):
    document = factories.DocumentFactory(
        title="Defektes Dokument", file=ContentFile(b"%PDF-kaputt", name="defekt.pdf")
    )
    assert IntranetDocument.objects.get(pk=document.pk).extracted_text == ""
    assert search_engine.get(f"document:{document.pk}")["title"] == "Defektes Dokument"


@pytest.mark.search_engine
def test_new_file_is_extracted_again(search_engine):
    document = factories.DocumentFactory(file=ContentFile(make_pdf("Altfassung"), name="a.pdf"))
    document = IntranetDocument.objects.get(pk=document.pk)
    document.file = ContentFile(make_pdf("Neufassung"), name="b.pdf")
    document.save()
    assert "Neufassung" in IntranetDocument.objects.get(pk=document.pk).extracted_text
    assert "Neufassung" in search_engine.get(f"document:{document.pk}")["body"]
