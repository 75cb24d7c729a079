"""
How much of a document Dossier reads: the bounds that keep one upload from taking the
server's memory or its time. Each is a module constant so that tests (and, later, a
setting) can change it.
"""

# The largest file read at all; `extract(max_bytes=…)` overrides it.
MAX_BYTES = 50 * 1024 * 1024

# A text longer than this is not an article, report or book chapter but a dump.
MAX_TEXT_CHARS = 5_000_000

# PDF: more pages than this are refused before any is read.
MAX_PDF_PAGES = 2_000
# A dense printed page holds about 6,000 characters; far more is a page built to explode.
MAX_PAGE_CHARS = 100_000
# A page with fewer characters than this in its text layer, and an image, is read by OCR.
MIN_PAGE_CHARS = 20
# Reading a PDF's text layer stops (refused) after this long.
PDF_TIME_LIMIT = 120  # seconds

# OCR of scanned pages: at most this many pages, in at most this long, by this many
# Tesseract processes at once (the machine's cores, not more: each is single-threaded).
OCR_MAX_PAGES = 200
OCR_TIME_LIMIT = 20 * 60  # seconds
OCR_WORKERS = 2
OCR_DPI = 300
# A page is rendered with at most this many pixels (an A4 page at 300 dpi has 8.7 million),
# so that a page declared a metre wide is rendered smaller, not into gigabytes.
OCR_MAX_PIXELS = 12_000_000

# Word (.docx) files are zip archives: their members are counted and their declared
# sizes added up before anything is unpacked.
MAX_ZIP_MEMBERS = 2_000
MAX_ZIP_UNCOMPRESSED = 200 * 1024 * 1024
