"""
Scanned PDF pages read by OCR: each page rendered to a greyscale image by Poppler's
`pdftoppm` and read by Tesseract with the dossier's languages (German and English data are
installed), two pages at a time, within the page and time bounds of limits.py.
"""

import functools
import math
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

from django.utils.translation import gettext_lazy as _

from . import limits
from .results import Refused

# Tesseract's names of the dossier's languages.
TESSERACT_LANGUAGES = {
    "en": "eng",
    "de": "deu",
    "fr": "fra",
    "es": "spa",
    "it": "ita",
    "ru": "rus",
    "uk": "ukr",
    "kk": "kaz",
}
# Each Tesseract process uses one core; OCR_WORKERS of them run side by side.
ENVIRONMENT = {**os.environ, "OMP_THREAD_LIMIT": "1"}


class TimeLimit(Exception):
    pass


@functools.cache
def tesseract_version() -> str:
    found = subprocess.run(
        ["tesseract", "--version"], capture_output=True, text=True, timeout=30, check=True
    )
    # "tesseract 5.3.0" on the first line
    return (found.stdout or found.stderr).split("\n")[0].split()[-1]


@functools.cache
def installed_languages() -> frozenset[str]:
    found = subprocess.run(
        ["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30, check=True
    )
    return frozenset(line.strip() for line in found.stdout.splitlines()[1:] if line.strip())


@functools.cache
def poppler_version() -> str:
    found = subprocess.run(["pdftoppm", "-v"], capture_output=True, text=True, timeout=30)
    words = (found.stderr or found.stdout).split()
    return words[2] if len(words) > 2 else ""


def tesseract_languages(languages: Sequence[str]) -> str:
    """ "deu+eng": the asked-for languages that Tesseract has data for (English at least)."""
    available = installed_languages()
    wanted = sorted({TESSERACT_LANGUAGES.get(code, "") for code in languages} & available)
    return "+".join(wanted or ["eng"])


def method(languages: Sequence[str]) -> str:
    return (
        f"pdftoppm {poppler_version()} / tesseract {tesseract_version()} "
        f"({tesseract_languages(languages)})"
    )


def available() -> bool:
    return bool(shutil.which("tesseract") and shutil.which("pdftoppm"))


def read_pages(
    data: bytes, sizes: dict[int, tuple[float, float]], languages: Sequence[str]
) -> dict[int, str]:
    """The text OCR reads on each of the pages numbered in `sizes` (from 1), whose
    width and height in points set the resolution they are rendered at."""
    if len(sizes) > limits.OCR_MAX_PAGES:
        raise Refused(
            _(
                "The PDF has more scanned pages (%(count)s) than Dossier reads by OCR "
                "(%(limit)s). Split it into smaller files."
            ),
            count=len(sizes),
            limit=limits.OCR_MAX_PAGES,
        )
    if not available():
        raise Refused(_("The PDF is scanned, and OCR (Tesseract) is not installed on this server."))
    deadline = time.monotonic() + limits.OCR_TIME_LIMIT
    language = tesseract_languages(languages)
    with tempfile.TemporaryDirectory(prefix="dossier-ocr-") as folder:
        path = os.path.join(folder, "document.pdf")
        with open(path, "wb") as file:
            file.write(data)

        def read(number: int) -> tuple[int, str]:
            return number, read_page(path, number, sizes[number], language, deadline)

        try:
            with ThreadPoolExecutor(max_workers=limits.OCR_WORKERS) as pool:
                return dict(pool.map(read, sorted(sizes)))
        except TimeLimit:
            raise Refused(
                _(
                    "Reading the scanned pages by OCR took longer than %(minutes)s minutes "
                    "and was stopped. Split the PDF into smaller files."
                ),
                minutes=limits.OCR_TIME_LIMIT // 60,
            ) from None
        except subprocess.CalledProcessError:
            raise Refused(
                _("The PDF's scanned pages could not be rendered for OCR: it is damaged.")
            ) from None


def read_page(
    path: str, number: int, size: tuple[float, float], language: str, deadline: float
) -> str:
    width, height = size
    area = max(width / 72 * height / 72, 1e-6)  # square inches
    dpi = max(min(limits.OCR_DPI, int(math.sqrt(limits.OCR_MAX_PIXELS / area))), 10)
    image = run(
        ["pdftoppm", "-f", str(number), "-l", str(number), "-r", str(dpi), "-gray", "-png",
         "-singlefile", path],
        None,
        deadline,
    )  # fmt: skip
    return run(["tesseract", "stdin", "stdout", "-l", language], image, deadline).decode(
        "utf-8", errors="replace"
    )


def run(command: list[str], given: bytes | None, deadline: float) -> bytes:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise TimeLimit
    try:
        return subprocess.run(
            command,
            input=given,
            capture_output=True,
            check=True,
            timeout=remaining,
            env=ENVIRONMENT,
        ).stdout
    except subprocess.TimeoutExpired:
        raise TimeLimit from None
