"""
Documents brought in, read (documents/extraction): web pages, PDFs, scanned PDFs, Word
files and plain text, made by these tests from a news text in tests/files; and every kind
of bad input refused with its reason. No database.
"""

import io
import subprocess
import time
import zipfile
from datetime import date, datetime
from pathlib import Path

import docx
import pytest
from fpdf import FPDF
from pypdf import PdfWriter

from documents.extraction import Extracted, Refused, detect_language, extract, limits, ocr
from documents.extraction.text import lines_to_paragraphs

FILES = Path(__file__).parent / "files"
ARTICLE = (FILES / "kasachstan.txt").read_text(encoding="utf-8")
PARAGRAPHS = [paragraph for paragraph in ARTICLE.split("\n\n") if paragraph.strip()]
SENTENCE = "Kasachstan ist zudem der weltgrößte Uran-Produzent."
ENGLISH = (
    "The president said that foreign forces had stoked the protests in the neighbouring "
    "country, and that the alliance would not allow a colour revolution to happen there."
)


def article_page(body: str = ARTICLE) -> bytes:
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n") if p.strip())
    return f"""<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8">
<title>Putin: Keine Farbenrevolution | Wirtschaftsnachrichten</title>
<link rel="canonical" href="https://news.example.org/politik/putin-kasachstan">
<meta property="og:site_name" content="Deutsche Wirtschaftsnachrichten">
<meta name="author" content="Anna Berger">
<meta property="article:published_time" content="2022-01-10T10:00:00+01:00">
<script>var trackingsecret = "scriptword";</script>
</head><body>
<header><nav><ul><li><a href="/">Startseite</a></li><li><a href="/politik">Navigationsrubrik</a>
</li><li><a href="/abo">Abonnieren</a></li></ul></nav></header>
<div class="ad">Werbeanzeige Kaufen Sie jetzt</div>
<main><article>
<h1>Putin: Keine Farbenrevolution</h1>
<p class="byline">Von Anna Berger, 10.01.2022</p>
<div onclick="alert('handlerword')">{paragraphs}</div>
<script>document.write("scriptword two");</script>
<img src="x.png" onerror="alert('imagehandler')">
</article></main>
<section class="comments" id="comments"><h2>Kommentare</h2>
<div class="comment"><p>Kommentarwort: Das ist alles gelogen, sagt ein Leser.</p></div></section>
<footer>Impressum Fußzeilenwort</footer>
</body></html>""".encode()


def text_pdf(pages: list[str]) -> bytes:
    document = FPDF()
    document.core_fonts_encoding = "windows-1252"
    document.set_title("Putin und Kasachstan")
    document.set_author("Anna Berger")
    document.set_creation_date(datetime(2022, 1, 10, 10, 0))
    for text in pages:
        document.add_page()
        document.set_font("Helvetica", size=11)
        for paragraph in text.split("\n\n"):
            document.multi_cell(0, 6, paragraph)
            document.ln(4)
    return bytes(document.output())


# Reading scans needs Tesseract and Poppler (Debian's tesseract-ocr, tesseract-ocr-deu,
# tesseract-ocr-eng, poppler-utils; .ci/run installs them): without them, as without
# Chromium for the browser tests, `make test` leaves those tests out.
needs_ocr = pytest.mark.skipif(
    not ocr.available(), reason="needs tesseract-ocr and poppler-utils (pdftoppm)"
)


def scanned_pdf(text: str, tmp_path: Path) -> bytes:
    """A text PDF rendered to an image and put back into a PDF: a scan, with no text layer."""
    (tmp_path / "text.pdf").write_bytes(text_pdf([text]))
    subprocess.run(
        ["pdftoppm", "-r", "200", "-gray", "-png", "-singlefile", "text.pdf", "page"],
        cwd=tmp_path,
        check=True,
    )
    document = FPDF()
    document.add_page()
    document.image(str(tmp_path / "page.png"), x=0, y=0, w=210, h=297)
    return bytes(document.output())


def word_document(paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    document = docx.Document()
    document.core_properties.title = "Putin und Kasachstan"
    document.core_properties.author = "Anna Berger"
    document.core_properties.created = datetime(2022, 1, 10, 10, 0)
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for row, values in zip(grid.rows, table, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def refusal(data: bytes, name: str = "", **options) -> str:
    with pytest.raises(Refused) as refused:
        extract(data, name, **options)
    return str(refused.value)


# Web pages


def test_a_web_page_gives_its_article_without_navigation_comments_or_scripts():
    found = extract(article_page(), "putin.html")
    assert found.kind == "html"
    assert found.method.startswith("trafilatura ")
    for paragraph in PARAGRAPHS:
        assert paragraph in found.text
    for word in ("Navigationsrubrik", "Abonnieren", "Werbeanzeige", "Kommentarwort",
                 "Fußzeilenwort", "scriptword", "trackingsecret"):  # fmt: skip
        assert word not in found.text
    assert found.text.count("\n\n") >= len(PARAGRAPHS) - 1  # paragraphs kept apart
    assert found.title == "Putin: Keine Farbenrevolution"
    assert found.authors == ["Anna Berger"]
    assert found.outlet == "Deutsche Wirtschaftsnachrichten"
    assert (found.published_on, found.published_precision) == (date(2022, 1, 10), "day")
    assert found.url == "https://news.example.org/politik/putin-kasachstan"
    assert found.language == "de"
    assert (found.pages, found.ocr, found.notes) == ([], False, [])


def test_a_web_page_never_gives_markup_scripts_or_event_handlers():
    page = article_page(
        ARTICLE + "\n\n<b>Fett</b> <script>alert('inline')</script> und "
        "<a href=\"javascript:alert('link')\" onmouseover=\"alert('hover')\">ein Link</a>."
    )
    text = extract(page).text
    for markup in ("<", ">", "alert", "javascript", "onclick", "onerror", "onmouseover"):
        assert markup not in text
    assert "Fett" in text and "ein Link" in text


def test_a_web_page_without_article_text_is_refused():
    page = b"<!DOCTYPE html><html><head><title>Leer</title></head><body></body></html>"
    assert refusal(page) == "The web page has no article text that Dossier could find."


def test_a_file_named_pdf_that_is_a_web_page_is_read_as_one_and_the_editor_told():
    found = extract(article_page(), "bericht.pdf")
    assert found.kind == "html"
    assert SENTENCE in found.text
    assert found.notes == ["The file is named bericht.pdf but is a web page; it was read as such."]


# PDFs


def test_a_text_pdf_gives_each_pages_text_and_where_it_stands():
    pages = [
        "\n\n".join(PARAGRAPHS[0:2]),
        "\n\n".join(PARAGRAPHS[2:4]),
        "\n\n".join(PARAGRAPHS[4:]),
    ]
    found = extract(text_pdf(pages), "putin.pdf")
    assert (found.kind, found.ocr) == ("pdf", False)
    assert found.method.startswith("pypdf ")
    assert len(found.pages) == 3
    for (start, end), page in zip(found.pages, pages, strict=True):
        # Each page's words, in order, and no other page's: lines broken by the PDF are
        # joined again (a paragraph break is found where a sentence ends a short line).
        assert found.text[start:end].split() == page.split()
    assert found.text[found.pages[0][1] : found.pages[1][0]] == "\n\n"
    assert found.title == "Putin und Kasachstan"
    assert found.authors == ["Anna Berger"]
    assert (found.published_on, found.published_precision) == (date(2022, 1, 10), "day")
    assert found.language == "de"


def test_lines_a_pdf_or_a_scan_broke_are_joined_into_paragraphs():
    page = (
        "Diese brachen aufgrund der gestiegenen Flüssiggas-\n"
        "preise aus, sagte Präsident Kassym-\n"
        "Jomart Tokajew am Montag in Almaty vor der Presse.\n"
        "Ein kurzer Satz.\n"
        "Der nächste Absatz beginnt hier und geht weiter bis zum Ende der Zeile\n"
        "und endet.\n"
    )
    assert lines_to_paragraphs(page) == (
        "Diese brachen aufgrund der gestiegenen Flüssiggaspreise aus, sagte Präsident "
        "Kassym-Jomart Tokajew am Montag in Almaty vor der Presse. Ein kurzer Satz.\n\n"
        "Der nächste Absatz beginnt hier und geht weiter bis zum Ende der Zeile und endet."
    )


@pytest.mark.slow
@needs_ocr
def test_a_scanned_page_is_read_by_ocr_with_german_and_english(tmp_path):
    found = extract(scanned_pdf("\n\n".join(PARAGRAPHS[5:7]), tmp_path), "scan.pdf")
    assert (found.kind, found.ocr) == ("pdf-ocr", True)
    assert "tesseract" in found.method and "deu+eng" in found.method
    words = SENTENCE.split()
    read = set(found.text.split())
    assert sum(word in read for word in words) >= len(words) - 1
    assert found.pages == [(0, len(found.text))]
    assert found.language == "de"


@needs_ocr
def test_an_image_only_page_with_no_text_is_refused(tmp_path):
    blank = scanned_pdf(" ", tmp_path)
    assert refusal(blank, "scan.pdf") == "The PDF's pages are images in which OCR found no text."


@needs_ocr
def test_a_scanned_pdf_of_more_pages_than_ocr_reads_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "OCR_MAX_PAGES", 0)
    assert refusal(scanned_pdf("Text", tmp_path)) == (
        "The PDF has more scanned pages (1) than Dossier reads by OCR (0). "
        "Split it into smaller files."
    )


@needs_ocr
def test_ocr_past_its_time_limit_is_stopped(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "OCR_TIME_LIMIT", 0)
    assert refusal(scanned_pdf("Text", tmp_path)).startswith(
        "Reading the scanned pages by OCR took longer than 0 minutes and was stopped."
    )


def test_a_pdf_with_a_password_is_refused():
    writer = PdfWriter(clone_from=io.BytesIO(text_pdf([ARTICLE])))
    writer.encrypt(user_password="geheim", owner_password="geheim", algorithm="AES-256")
    buffer = io.BytesIO()
    writer.write(buffer)
    assert refusal(buffer.getvalue(), "putin.pdf") == (
        "The PDF is protected with a password. Upload a copy saved without the password."
    )


def test_a_pdf_encrypted_only_against_copying_is_read():
    writer = PdfWriter(clone_from=io.BytesIO(text_pdf([ARTICLE])))
    writer.encrypt(user_password="", owner_password="geheim", algorithm="AES-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    assert SENTENCE in extract(buffer.getvalue()).text


def test_a_truncated_pdf_is_refused():
    data = text_pdf([ARTICLE])
    assert refusal(data[: len(data) // 3], "putin.pdf") == (
        "The PDF is damaged or incomplete and cannot be read. Save it again, or upload the "
        "original file."
    )


def test_a_pdf_of_more_pages_than_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(limits, "MAX_PDF_PAGES", 2)
    assert refusal(text_pdf(["eins", "zwei", "drei"])) == (
        "The PDF has 3 pages; Dossier reads PDFs of at most 2 pages."
    )


def test_a_page_holding_more_text_than_a_page_can_is_refused(monkeypatch):
    monkeypatch.setattr(limits, "MAX_PAGE_CHARS", 1000)
    assert refusal(text_pdf([ARTICLE])) == "Page 1 of the PDF holds more text than any page can."


def test_a_pdf_stream_that_expands_without_bound_is_refused():
    # A page whose content stream inflates to a gigabyte of spaces from a megabyte.
    import zlib

    bomb = zlib.compress(b" " * (1 << 30), 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(bomb) + bomb + b"\nendstream",
    ]
    data = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(data))
        data += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(data)
    data += b"xref\n0 5\n0000000000 65535 f \n" + b"".join(
        b"%010d 00000 n \n" % offset for offset in offsets
    )
    data += b"trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    started = time.monotonic()
    assert "PDF" in refusal(data, "bomb.pdf")
    assert time.monotonic() - started < 10


# Word documents


def test_a_word_document_gives_its_paragraphs_tables_and_properties():
    data = word_document(PARAGRAPHS, table=[["Land", "Tote"], ["Kasachstan", "164"]])
    found = extract(data, "putin.docx")
    assert (found.kind, found.method.split()[0]) == ("docx", "python-docx")
    assert found.text == "\n\n".join([*PARAGRAPHS, "Land | Tote", "Kasachstan | 164"])
    assert found.title == "Putin und Kasachstan"
    assert found.authors == ["Anna Berger"]
    assert (found.published_on, found.published_precision) == (date(2022, 1, 10), "day")
    assert found.language == "de"


def test_a_word_zip_bomb_is_refused_before_it_is_unpacked():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        with archive.open("word/media/bomb.bin", "w", force_zip64=True) as member:
            chunk = b"\0" * (1 << 20)
            for _ in range(300):
                member.write(chunk)
    data = buffer.getvalue()
    assert len(data) < 1_000_000
    assert refusal(data, "bericht.docx") == (
        "The Word document would unpack to 300 MB; Dossier reads documents that unpack to at "
        "most 200 MB."
    )


def test_a_word_document_of_thousands_of_members_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        for number in range(limits.MAX_ZIP_MEMBERS):
            archive.writestr(f"word/media/{number}.bin", b"")
    assert refusal(buffer.getvalue()) == (
        "The Word document holds 2001 files; a Word document holds far fewer."
    )


def test_a_damaged_word_document_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "not xml at all")
    assert refusal(buffer.getvalue(), "bericht.docx") == (
        "The Word document is damaged and cannot be read. Save it again in Word."
    )


def test_an_empty_word_document_is_refused():
    assert refusal(word_document([])) == "The Word document has no text."


# Plain text and its encodings


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-be", "cp1252"])
def test_plain_text_is_read_in_its_encoding(encoding):
    data = ARTICLE.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    found = extract(data, "putin.txt")
    assert found.kind == "text"
    assert found.text == "\n\n".join(PARAGRAPHS)
    assert found.language == "de"


def test_windows_1252_text_keeps_its_quotes_and_dashes():
    text = "Putin: „Farbenrevolution“ – Größe, Straße, Café und 5 € sind Wörter."
    assert extract(text.encode("cp1252")).text == text


def test_text_in_no_known_encoding_is_refused():
    # Bytes that no text encoding makes sense of, with NULs as in any binary file.
    data = bytes(range(256)) * 40
    assert refusal(data, "notiz.docx") == (
        "The file is named notiz.docx but is not a Word document, nor any document Dossier reads."
    )
    assert refusal(data).startswith("The file is not text in any encoding Dossier recognises")


def test_a_file_named_pdf_that_is_nothing_readable_says_so():
    assert refusal(bytes(range(256)) * 40, "bericht.pdf") == (
        "The file is named bericht.pdf but is not a PDF, nor any document Dossier reads."
    )


def test_plain_text_lines_keep_their_breaks_and_control_characters_go():
    found = extract(b"Erste Zeile\r\nzweite Zeile\x07\r\n\r\n\r\n\r\nNeuer Absatz\xc2\xad.")
    assert found.text == "Erste Zeile\nzweite Zeile\n\nNeuer Absatz."


# Whatever else


def test_an_empty_file_is_refused():
    assert refusal(b"") == "The file is empty."
    assert refusal(b" \n\t ") == "The file is empty."


def test_a_file_over_the_size_limit_is_refused():
    big = b"a" * (2 * 1024 * 1024 + 1)
    assert refusal(big, max_bytes=2 * 1024 * 1024) == (
        "The file is 2 MB; Dossier reads files of at most 2 MB."
    )


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "old Word document (.doc)"),
        (b"\x89PNG\r\n\x1a\n" + bytes(500), "The file is an image."),
        (b"{\\rtf1\\ansi Hallo}", "Rich Text Format"),
    ],
)
def test_formats_dossier_does_not_read_are_refused_with_what_to_do(data, reason):
    assert reason in refusal(data)


def test_refusals_are_translated_when_shown(settings):
    from django.utils import translation

    with pytest.raises(Refused) as refused:
        extract(b"")
    with translation.override("de"):
        assert str(refused.value) == "Die Datei ist leer."


# Languages


def test_the_language_is_one_of_the_dossiers():
    assert detect_language(ARTICLE, ["en", "de"]) == "de"
    assert detect_language(ENGLISH, ["en", "de"]) == "en"
    assert extract(ENGLISH.encode()).language == "en"


def test_a_text_too_short_to_tell_has_no_language():
    assert detect_language("Putin sagte", ["en", "de"]) == ""
    assert extract(b"Putin sagte.").language == ""


def test_only_the_languages_asked_for_are_answered():
    assert detect_language(ENGLISH, ["de"]) == "de"
    assert detect_language(ENGLISH, []) == ""


def test_the_result_is_the_interface_the_documents_app_codes_against():
    found = extract(b"Ein kurzer Text.")
    assert isinstance(found, Extracted)
    assert ocr.tesseract_languages(["en", "de"]) == "deu+eng"
