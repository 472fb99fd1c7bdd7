"""Small, real files for the demo: PNG pictures, PDF, DOCX and XLSX forms.

Every generator is deterministic (same input, same bytes), so a second run of
``seed_demo`` sees an unchanged file hash and leaves the document alone."""

import io
import re
import zipfile

from PIL import Image, ImageDraw, ImageFont

# Office files carry timestamps (zip entries, docProps/core.xml); they are
# pinned to this moment so the bytes do not depend on the time of the run.
FIXED_ZIP_TIME = (2026, 1, 1, 0, 0, 0)
FIXED_ISO_TIME = "2026-01-01T00:00:00Z"


def png_bytes(label, colour, size=(960, 540)):
    """A coloured rectangle with a white label: a stand-in for a photo."""
    image = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=44)
    box = draw.textbbox((0, 0), label, font=font)
    x = (size[0] - (box[2] - box[0])) // 2
    y = (size[1] - (box[3] - box[1])) // 2
    draw.rectangle(
        (x - 24, y - 18, x + box[2] - box[0] + 24, y + box[3] - box[1] + 30), fill="#1f2937"
    )
    draw.text((x, y), label, fill="white", font=font)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _pdf_escape(text):
    """Escape text for a PDF string; the standard fonts speak Latin-1 (WinAnsi)."""
    raw = text.encode("cp1252", "replace").decode("latin-1")
    return raw.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf_bytes(title, lines=()):
    """A one-page PDF with a title and some lines, written by hand: no PDF
    library needed, and the bytes are the same on every run."""
    text_ops = [f"BT /F1 20 Tf 72 760 Td ({_pdf_escape(title)}) Tj ET"]
    y = 720
    for line in lines:
        text_ops.append(f"BT /F1 11 Tf 72 {y} Td ({_pdf_escape(line)}) Tj ET")
        y -= 18
    stream = "\n".join(text_ops).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def _normalise_zip(data):
    """Rewrite an OOXML zip with fixed timestamps so its bytes are stable."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)",
                    rb"\g<1>" + FIXED_ISO_TIME.encode() + rb"\g<2>",
                    content,
                )
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, content)
    return out.getvalue()


def docx_bytes(title, lines=()):
    """A Word form: heading, lines and a signature table."""
    import docx

    document = docx.Document()
    document.core_properties.author = "Stadtverwaltung"
    document.core_properties.title = title
    document.add_heading(title, level=1)
    for line in lines:
        document.add_paragraph(line)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Name, Vorname"
    table.cell(1, 0).text = "Datum, Unterschrift"
    out = io.BytesIO()
    document.save(out)
    return _normalise_zip(out.getvalue())


def xlsx_bytes(title, columns):
    """An Excel form: the title and a header row to fill in."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Formular"
    sheet["A1"] = title
    for index, column in enumerate(columns, start=1):
        sheet.cell(row=3, column=index, value=column)
    workbook.properties.creator = "Stadtverwaltung"
    out = io.BytesIO()
    workbook.save(out)
    return _normalise_zip(out.getvalue())
