"""The page of a PDF a quote stands on, for citing a claim as "p. 3"."""

from sources.text import find_quote

from .models import Document


def pages_holding(pages: list, start: int, end: int) -> tuple[int, int] | None:
    """The first and last page (counted from 1) of the text from start to end, given
    where each page begins and ends in it (Document.pages); None past the last page.

    The blank line between two pages counts with the page before it, and a page without
    text holds nothing."""
    if not pages or end > max(last for _, last in pages):
        return None

    def page_at(offset: int) -> int:
        return max(
            (number for number, (first, last) in enumerate(pages, start=1)
             if first < last and first <= offset),
            default=1,
        )  # fmt: skip

    return page_at(start), page_at(max(start, end - 1))


def quote_pages(source_id: int, quote: str) -> tuple[int, int] | None:
    """The pages of the PDF the source was read from that hold the quote, or None when
    it was not read from a PDF. The quote is found in the text as read, which the pages
    describe, even if an editor has corrected the source's text since."""
    document = (
        Document.objects.filter(source_id=source_id).exclude(pages=[]).only("text", "pages").first()
    )
    if document is None:
        return None
    span = find_quote(document.text, quote)
    return pages_holding(document.pages, *span) if span else None
