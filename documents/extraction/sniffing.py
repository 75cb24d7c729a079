"""
What a file is, read from its first bytes and never from its name: a PDF, a Word
document, a web page, or text; and the formats Dossier recognises only to refuse them
with a useful reason.
"""

import io
import re
import zipfile

PDF = "pdf"
DOCX = "docx"
HTML = "html"
TEXT = "text"
# Recognised, not read.
ZIP = "zip"
OLD_WORD = "doc"
IMAGE = "image"
RTF = "rtf"

# The markup a web page begins with (after a byte-order mark and white space), as the
# WHATWG's MIME sniffing reads it, plus an XML declaration followed by an <html> element.
HTML_START = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|script|iframe|h1|div|font|table|a|style|title"
    rb"|b|br|p|meta|article|section|header|nav|main)[\s>/]"
    rb"|<!--",
    re.IGNORECASE,
)
XML_HTML = re.compile(rb"<\?xml[^>]*>\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+)?html", re.I | re.S)
IMAGES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*")

# A file name's extension and the format it promises.
EXTENSIONS = {
    ".pdf": PDF,
    ".docx": DOCX,
    ".doc": OLD_WORD,
    ".htm": HTML,
    ".html": HTML,
    ".xhtml": HTML,
    ".txt": TEXT,
    ".text": TEXT,
    ".md": TEXT,
}


def sniff(data: bytes) -> str:
    head = data[:1024]
    # The PDF header may follow some junk: readers look for it in the first kilobyte.
    if b"%PDF-" in head:
        return PDF
    if data.startswith(b"PK\x03\x04"):
        return DOCX if is_word(data) else ZIP
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return OLD_WORD
    if data.startswith(IMAGES) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP"):
        return IMAGE
    if data.startswith(b"{\\rtf"):
        return RTF
    if looks_like_html(data):
        return HTML
    return TEXT


def is_word(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def looks_like_html(data: bytes) -> bool:
    head = data[:4096]
    # UTF-16 markup: compare it as ASCII.
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", errors="ignore").encode("ascii", errors="ignore")
    head = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    return bool(HTML_START.match(head) or XML_HTML.match(head))


def promised_by(name: str) -> str:
    """The format a file's name promises, or "" for a name with no known extension."""
    lowered = name.lower()
    return next((kind for ext, kind in EXTENSIONS.items() if lowered.endswith(ext)), "")
