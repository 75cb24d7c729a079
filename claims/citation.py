"""
Citations of a claim or a question: plain text, CSL-JSON and BibTeX.

A claim is cited as its source (the publication that makes it) with the claim's
words and its Dossier address in the note; a question as a dataset of Dossier.
Every text is escaped for its format: JSON by the json module, BibTeX here.
"""

import json
import re

from sources.models import DatePrecision, Source
from sources.text import find_quote, pages_holding

# CSL item types and BibTeX entry types by the kind of source.
CSL_TYPES = {
    Source.Kind.NEWS_REPORT: "article-newspaper",
    Source.Kind.ANALYSIS: "article",
}
BIBTEX_TYPES = {Source.Kind.NEWS_REPORT: "article", Source.Kind.ANALYSIS: "article"}

BIBTEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "#": r"\#",
    "$": r"\$",
    "%": r"\%",
    "&": r"\&",
    "_": r"\_",
    "^": r"\^{}",
    "~": r"\~{}",
}
BIBTEX_SPECIAL = re.compile("[" + re.escape("".join(BIBTEX_SPECIALS)) + "]")


def bibtex_escape(text: str) -> str:
    """Text as a BibTeX value: braces balanced, TeX's special characters literal."""
    text = " ".join(str(text).split())  # no line breaks or runs of spaces inside a field
    return BIBTEX_SPECIAL.sub(lambda match: BIBTEX_SPECIALS[match.group()], text)


def bibtex_url(url: str) -> str:
    """A URL for a BibTeX url field, which is read verbatim: only braces and spaces could
    break it, and they are percent-encoded, as they would be in any valid address."""
    replacements = {"{": "%7B", "}": "%7D", "\\": "%5C", " ": "%20", '"': "%22"}
    return "".join(replacements.get(char, char) for char in url.strip())


def bibtex(entry_type: str, key: str, fields: dict[str, str]) -> str:
    lines = [f"@{entry_type}{{{key},"]
    for name, value in fields.items():
        if value:
            text = bibtex_url(value) if name == "url" else bibtex_escape(value)
            lines.append(f"  {name} = {{{text}}},")
    lines.append("}")
    return "\n".join(lines) + "\n"


def date_parts(day, precision: str) -> list[int]:
    if precision == DatePrecision.YEAR:
        return [day.year]
    if precision == DatePrecision.MONTH:
        return [day.year, day.month]
    return [day.year, day.month, day.day]


def iso_date(day, precision: str) -> str:
    return "-".join(f"{part:02d}" for part in date_parts(day, precision))


def quote_pages(claim) -> tuple[int, int] | None:
    """The first and last page of the PDF the claim's source was read from that hold its
    quote, or None when the source was not read from a PDF.

    The documents app keeps where each page begins and ends in the text as read (read
    here through the relation's name: claims import nothing of documents), and the quote
    is found in that text, which the offsets describe, even if an editor has corrected
    the source's text since."""
    read = (
        Source.objects.filter(pk=claim.source_id, document__isnull=False)
        .exclude(document__pages=[])
        .values_list("document__text", "document__pages")
        .first()
    )
    if read is None:
        return None
    text, pages = read
    span = find_quote(text, claim.quote)
    return pages_holding(pages, *span) if span else None


def page_label(pages: tuple[int, int]) -> str:
    first, last = pages
    return f"p. {first}" if first == last else f"pp. {first}–{last}"


class ClaimCitation:
    """How to cite one claim; `url` is the claim page's absolute address, `pages` the
    first and last page of a PDF its quote stands on (quote_pages())."""

    def __init__(self, claim, url: str, pages: tuple[int, int] | None = None):
        self.claim, self.url, self.pages = claim, url, pages
        self.source = claim.source
        self.authors = [author.name for author in self.source.authors.all()]

    @property
    def key(self) -> str:
        return f"dossier-claim-{self.claim.pk}"

    @property
    def note(self) -> str:
        claim = self.claim
        said = f"„{claim.quote}“"
        if claim.actor:
            said = f"{claim.actor.name}: {said}"
        return f"{claim.question.text_en} {claim.stated_value}. {said} Dossier: {self.url}"

    def plain_text(self) -> str:
        source = self.source
        parts = []
        if self.authors:
            parts.append(", ".join(self.authors) + ".")
        parts.append(f"„{source.title}“.")
        if source.outlet:
            parts.append(f"{source.outlet.name},")
        if source.published_on:
            parts.append(f"{source.published_display}.")
        if self.pages:
            parts.append(f"{page_label(self.pages)}.")
        if source.url:
            parts.append(source.url + ".")
        parts.append(f"Claim: {self.claim.stated_value} — „{self.claim.quote}“.")
        parts.append(f"Dossier: {self.url}")
        return " ".join(parts)

    def csl(self) -> dict:
        source = self.source
        item = {
            "id": self.key,
            "type": CSL_TYPES.get(source.kind, "document"),
            "title": source.title,
            "URL": source.url or self.url,
            "note": self.note,
            "language": source.language,
        }
        if self.authors:
            item["author"] = [{"literal": name} for name in self.authors]
        if source.outlet:
            item["container-title"] = source.outlet.name
        if source.published_on:
            parts = date_parts(source.published_on, source.published_precision)
            item["issued"] = {"date-parts": [parts]}
        if self.pages:
            first, last = self.pages
            item["page"] = str(first) if first == last else f"{first}-{last}"
        return item

    def csl_json(self) -> str:
        return json.dumps([self.csl()], ensure_ascii=False, indent=2) + "\n"

    def bibtex(self) -> str:
        source = self.source
        fields = {
            "title": source.title,
            "author": " and ".join(self.authors),
            "journal" if source.outlet and source.kind in BIBTEX_TYPES else "publisher": (
                source.outlet.name if source.outlet else ""
            ),
            "date": (
                iso_date(source.published_on, source.published_precision)
                if source.published_on
                else ""
            ),
            "year": str(source.published_on.year) if source.published_on else "",
            "pages": (
                "--".join(str(page) for page in sorted(set(self.pages))) if self.pages else ""
            ),
            "url": source.url or self.url,
            "langid": source.language,
            "note": self.note,
        }
        return bibtex(BIBTEX_TYPES.get(source.kind, "misc"), self.key, fields)


class QuestionCitation:
    """How to cite one question's comparison; `url` is its page's absolute address."""

    def __init__(self, question, url: str):
        self.question, self.url = question, url

    @property
    def key(self) -> str:
        return f"dossier-question-{self.question.slug}"

    @property
    def note(self) -> str:
        question = self.question
        summary = f"{question.answer_summary} {question.unit}".strip()
        return f"{question.event.name}. {question.get_agreement_display()}: {summary}".strip()

    def plain_text(self) -> str:
        changed = self.question.updated_at.date().isoformat()
        return f"Dossier: „{self.question.text_en}“ ({self.note}). {self.url} ({changed})."

    def csl(self) -> dict:
        changed = self.question.updated_at.date()
        return {
            "id": self.key,
            "type": "dataset",
            "title": self.question.text_en,
            "publisher": "Dossier",
            "URL": self.url,
            "note": self.note,
            "issued": {"date-parts": [[changed.year, changed.month, changed.day]]},
        }

    def csl_json(self) -> str:
        return json.dumps([self.csl()], ensure_ascii=False, indent=2) + "\n"

    def bibtex(self) -> str:
        changed = self.question.updated_at.date()
        fields = {
            "title": self.question.text_en,
            "publisher": "Dossier",
            "date": changed.isoformat(),
            "year": str(changed.year),
            "url": self.url,
            "note": self.note,
        }
        return bibtex("misc", self.key, fields)
