"""The editors' reading view: a source's text, what it already backs, and what it does not yet.

Selecting a passage (static/js/reading.js) or following "Claim this" opens the claim
form prefilled with the source, the passage as stored and what claims.parsing proposes.
"""

import bisect
import re
from urllib.parse import urlencode

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from dossier.views import requested_page, text_page_links
from sources.text import find_quote, highlight, page_holding, quote_spans, text_pages

from .coverage import MAX_QUOTE, Sentences, context, coverage, trimmed
from .models import Claim, Question
from .parsing import FIGURE, find_all, propose
from .similar import FigureMatcher

# In the address of a claim form opened here: once saved, the claim admin returns here.
FROM_READING = "from_reading"

# What the browser counts differently from Python: characters outside the Basic
# Multilingual Plane (two UTF-16 units), carriage returns (the HTML parser reads CR LF
# and CR as one line feed) and NUL (dropped).
UNEVEN = re.compile("[\r\0\U00010000-\U0010ffff]")


class DomOffsets:
    """Offsets into a source's text as the browser counts them in the rendered page."""

    def __init__(self, text: str):
        self.text = text
        self.dom = None
        self.length = len(text)
        if UNEVEN.search(text):
            self.dom, position = [0], 0
            for i, char in enumerate(text):
                if char == "\0" or (char == "\r" and text[i + 1 : i + 2] == "\n"):
                    width = 0
                else:
                    width = 2 if ord(char) > 0xFFFF else 1
                position += width
                self.dom.append(position)
            self.length = position

    def to_dom(self, offset: int) -> int:
        return self.dom[offset] if self.dom else offset

    def to_text(self, offset: int) -> int:
        return bisect.bisect_left(self.dom, offset) if self.dom else offset


def can_claim(request) -> bool:
    return request.user.has_perm("claims.add_claim")


def source_or_denied(request, model_admin, object_id):
    source = model_admin.get_object(request, unquote(object_id))
    if source is None:
        raise Http404(_("There is no such source."))
    if not model_admin.has_view_permission(request, source):
        raise PermissionDenied
    return source


def claim_url(request, claim: Claim) -> str:
    if request.user.has_perm("claims.change_claim") or request.user.has_perm("claims.view_claim"):
        return reverse("admin:claims_claim_change", args=[claim.pk])
    return claim.get_absolute_url()


def reading_html(text: str, window, claims, spans, refs, unclaimed, claim_this) -> SafeString:
    """One page of the text (text[window[0]:window[1]]) as escaped HTML: quoted runs
    marked and referenced to their claims, unclaimed figures marked with a link to
    claim them (when claim_this gives one).

    The page's script maps a selection back to the stored text by counting the
    characters of the rendered page, so the references add no text: their labels are
    drawn by the stylesheet from data-n.
    """
    parts, position, figures = [], window[0], iter(unclaimed)
    figure = next(figures, None)
    for segment in highlight(text, claims, window, spans):
        end = position + len(segment.text)
        for claim in segment.starts:
            parts.append(refs[claim.pk])
        if segment.claims:
            parts.append(
                format_html(
                    '<mark class="quote" data-claims="{}">{}</mark>',
                    " ".join(str(claim.pk) for claim in segment.claims),
                    segment.text,
                )
            )
        else:
            cursor = position
            while figure is not None and figure.end <= end:
                if figure.start >= cursor:
                    parts.append(escape(text[cursor : figure.start]))
                    parts.append(
                        format_html(
                            '<span class="unclaimed" id="figure-{}">{}</span>',
                            figure.start,
                            text[figure.start : figure.end],
                        )
                    )
                    if claim_this:
                        parts.append(
                            format_html(
                                '<a class="claim-this" href="{}" aria-label="{}" title="{}"></a>',
                                claim_this(figure),
                                _("Claim this: %s") % figure.stated_value,
                                _("Claim this"),
                            )
                        )
                    cursor = figure.end
                figure = next(figures, None)
            parts.append(escape(text[cursor:end]))
        position = end
    return mark_safe("".join(parts))


def reading_url(source_pk: int, page: int) -> str:
    url = reverse("admin:sources_source_read", args=[source_pk])
    return f"{url}?page={page}" if page > 1 else url


def quote_url(claim: Claim) -> str:
    """The reading view at the page holding the claim's quote, and at the quote."""
    text = claim.source.text
    found = find_quote(text, claim.quote)
    page = page_holding(text_pages(text), found[0]) if found else 1
    return f"{reading_url(claim.source_id, page)}#quote-{claim.pk}"


@require_safe
def read_source(request, model_admin, object_id):
    """A page of the full text, with the claims it backs and the figures and dates no
    claim quotes yet; and every claim of the source, each linked to its page.

    A long report (2 MB) is read a page at a time (sources.text.text_pages): its
    figures are found and its quotes marked only on the page shown.
    """
    source = source_or_denied(request, model_admin, object_id)
    claims = list(Claim.objects.by_source(source).select_related("question").order_by("pk"))
    text = source.text
    pages = text_pages(text)
    number = requested_page(request, len(pages))
    window = pages[number - 1]
    spans = quote_spans(text, [claim.quote for claim in claims])
    found = coverage(text, spans, source.language, source.published_on, window)
    low, high = window
    offsets, sentences = DomOffsets(text[low:high]), Sentences(text[low:high])
    propose_url = reverse("admin:sources_source_read_claim", args=[source.pk])

    def around(figure) -> tuple[int, int]:
        start, end = sentences.around(figure.start - low, figure.end - low)
        return start + low, end + low

    def claim_this(figure) -> str:
        start, end = around(figure)
        params = {"start": start, "end": end, "at": figure.start}
        query = {key: offsets.to_dom(value - low) for key, value in params.items()}
        return f"{propose_url}?{urlencode({**query, 'page': number})}"

    allowed = can_claim(request)
    numbered = []
    refs = {}
    for number_of_claim, (claim, span) in enumerate(zip(claims, spans, strict=True), start=1):
        url = claim_url(request, claim)
        page = page_holding(pages, span[0]) if span else number
        numbered.append(
            {
                "number": number_of_claim,
                "claim": claim,
                "url": url,
                "quote_url": "" if page == number else reading_url(source.pk, page),
            }
        )
        refs[claim.pk] = format_html(
            '<a class="ref" id="quote-{}" href="{}" data-n="{}" aria-label="{}" title="{}"></a>',
            claim.pk,
            url,
            number_of_claim,
            _("Claim %(number)s: %(stated)s")
            % {"number": number_of_claim, "stated": claim.stated_value},
            f"{claim.question.text} — {claim.stated_value}",
        )
    # The questions each figure may answer, best first: claiming under one is one choice.
    matcher = FigureMatcher(text, claims) if allowed and found.unclaimed else None
    unclaimed = [
        {
            "figure": figure,
            "context": context(text, figure.start, figure.end),
            "url": claim_this(figure) if allowed else "",
            "questions": [
                {
                    "suggestion": suggestion,
                    "url": f"{claim_this(figure)}&question={suggestion.question.pk}",
                }
                for suggestion in matcher.suggest(figure, around(figure))
            ]
            if matcher
            else [],
        }
        for figure in found.unclaimed
    ]
    opts = model_admin.opts
    ctx = {
        **model_admin.admin_site.each_context(request),
        "opts": opts,
        "title": _("Read and claim: %s") % source.title,
        "source": source,
        "original": source,
        "claims": numbered,
        "coverage": found,
        "unclaimed": unclaimed,
        "can_claim": allowed,
        "propose_url": propose_url,
        "max_quote": MAX_QUOTE,
        "page_number": number,
        "text_pages": text_page_links(number, len(pages), lambda n: reading_url(source.pk, n)),
        "text_html": reading_html(
            text, window, claims, spans, refs, found.unclaimed, claim_this if allowed else None
        ),
    }
    return TemplateResponse(request, "admin/sources/source/reading.html", ctx)


@require_safe
def claim_from_passage(request, model_admin, object_id):
    """Open the claim form prefilled from a passage: ?start=&end= as the browser counts
    in the rendered text, and optionally at=, where the figure to propose begins."""
    source = source_or_denied(request, model_admin, object_id)
    if not can_claim(request):
        raise PermissionDenied
    # The offsets count in the page of the text the reading view showed (?page=).
    pages = text_pages(source.text)
    number = requested_page(request, len(pages))
    low, high = pages[number - 1]
    read_url = reading_url(source.pk, number)
    offsets = DomOffsets(source.text[low:high])
    try:
        start, end = int(request.GET["start"]), int(request.GET["end"])
        at = int(request.GET["at"]) if request.GET.get("at") else None
    except (KeyError, ValueError):
        start = end = at = None
    if start is None or not 0 <= start < end <= offsets.length:
        messages.error(request, _("Select a passage in the text to claim it."))
        return redirect(read_url)
    start, end = trimmed(source.text, low + offsets.to_text(start), low + offsets.to_text(end))
    if end - start > MAX_QUOTE:
        messages.error(
            request,
            _(
                "That passage is %(length)s characters long; select at most %(limit)s "
                "— the sentence or two that state the figure."
            )
            % {"length": end - start, "limit": MAX_QUOTE},
        )
        return redirect(read_url)
    if start == end:
        messages.error(request, _("Select a passage in the text to claim it."))
        return redirect(read_url)

    quote = source.text[start:end]
    found = find_all(quote, source.language, source.published_on)
    chosen = None
    if at is not None:
        at = low + offsets.to_text(at) - start
        chosen = next((proposal for proposal in found if proposal.start == at), None)
    chosen = chosen or propose(quote, source.language, source.published_on)
    params = {"source": source.pk, "quote": quote, FROM_READING: 1}
    question = request.GET.get("question", "")
    if question.isdigit() and Question.objects.filter(pk=question).exists():
        params["question"] = question  # chosen among the questions the figure may answer
    if chosen:
        params.update(chosen.fields())
    elif len(quote) <= 120:
        # A short passage without a figure is likely the wording itself: "versuchter Umsturz".
        params["stated_value"] = " ".join(quote.split())
    if "tolerance" in params and not has_field(Claim, "tolerance"):
        del params["tolerance"]

    messages.info(
        request,
        _(
            "Proposed from the passage you selected: pick the question, then check the quote, "
            "the stated wording and the %(answer)s against the text, and correct what is wrong."
        )
        % {
            "answer": _("date and its precision")
            if chosen and chosen.kind != FIGURE
            else _("figure and its bound")
        },
    )
    others = [proposal for proposal in found if proposal != chosen]
    if others:
        here = reverse("admin:sources_source_read_claim", args=[source.pk])
        links = format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            (
                (
                    f"{here}?"
                    + urlencode(
                        {
                            "start": request.GET["start"],
                            "end": request.GET["end"],
                            "at": offsets.to_dom(start + other.start - low),
                            "page": number,
                        }
                    ),
                    other.stated_value,
                )
                for other in others
            ),
        )
        messages.info(request, format_html("{} {}", _("The passage also states:"), links))
    return redirect(f"{reverse('admin:claims_claim_add')}?{urlencode(params)}")


def has_field(model, name: str) -> bool:
    return any(field.name == name for field in model._meta.get_fields())


class ReadingAdminMixin:
    """Adds the reading view to the source admin, and a link to it on each row."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/read/",
                view(lambda request, object_id: read_source(request, self, object_id)),
                name="sources_source_read",
            ),
            path(
                "<path:object_id>/read/claim/",
                view(lambda request, object_id: claim_from_passage(request, self, object_id)),
                name="sources_source_read_claim",
            ),
            *super().get_urls(),
        ]

    @admin.display(description=gettext_lazy("read"))
    def read_link(self, source):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:sources_source_read", args=[source.pk]),
            _("Read and claim"),
        )
