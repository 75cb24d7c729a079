"""The public pages of sources and actors: what each published, and what each said."""

from functools import partial

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from dossier.publication import WITHDRAWN
from dossier.views import page_of, requested_page, text_page_links
from pages.changes import INDEX, name, names
from pages.kept import kept_or_previewed, kept_page
from sources.models import Actor, Source
from sources.text import (
    Segment,
    find_quote,
    highlight,
    page_holding,
    passage,
    quote_spans,
    text_pages,
)

from .analysis import CONFLICT, analyse
from .models import Claim, Question
from .publication import SHOWN, gone_page
from .text import shorten

SOURCES_PER_PAGE = 50
# An actor page shows so many of the questions the actor is cited on at a time.
QUESTIONS_PER_ACTOR_PAGE = 20


def contradicts_itself(question, claims) -> bool:
    """Do one actor's answers to a question conflict, by the comparison's own rules?

    The actor's answers are analysed as the comparison analyses a question's: ranges
    that overlap agree, a place spelled two ways is one place, a count that grew between
    its dates and a figure revised or measuring something else are explained, free text
    that differs is only accounts to compare, and a deprecated answer is no voice. What
    the comparison would call a conflict is one; nothing else.
    """
    answers = [claim.as_answer() for claim in claims]
    return analyse(question.value_type, answers).status == CONFLICT


@require_safe
def source_list(request):
    page = kept_page(request, lambda: source_list_page(request), params={"page"})
    return render(request, "kept_page.html", page)


def source_list_page(request) -> dict:
    # Counted per source on the page (a subquery), not by grouping every claim there is;
    # count(*), not of the ids, so that the source index alone answers (no table reads).
    claims = Claim.objects.published().filter(source=OuterRef("pk")).order_by()
    claim_total = claims.values("source").annotate(n=Count("*")).values("n")
    sources = (
        Source.objects.published()
        .select_related("outlet")
        .defer("text")  # long, and shown on the source's own page only
        .annotate(claim_total=Coalesce(Subquery(claim_total), 0))
        .order_by("-published_on", "title")
    )
    page = page_of(request, sources, SOURCES_PER_PAGE)
    content = render_to_string("sources/source_list_content.html", {"page": page}, request)
    return {"title": _("Sources"), "content": content, "shows": [INDEX]}


@require_safe
def source_detail(request, slug):
    if "quote" in request.GET:
        return redirect(quote_on_its_page(request, slug))
    page = kept_or_previewed(request, partial(source_page, request, slug), params={"page"})
    if page.get("status") == 410:
        return render(request, "kept_page.html", page, status=410)
    # Editors only, outside the page kept for every reader: the original it was read
    # from, served by the documents app after its own permission check.
    if request.user.is_staff and Source.objects.filter(slug=slug, document__isnull=False).exists():
        page = page | {
            "editor_links": [
                (_("Original file"), reverse("documents:source_original", args=[slug]))
            ]
        }
    return render(request, "kept_page.html", page)


def quote_on_its_page(request, slug) -> str:
    """?quote=<claim>: the page of the text that holds the claim's quote, at the quote.

    Links to a quote go through here: a long source is shown a page at a time, and
    which page holds a quote is known only from the text.
    """
    source = get_object_or_404(
        Source.objects.published().only("slug", "text", "text_public"), slug=slug
    )
    claim = request.GET["quote"]
    quote = Claim.objects.published().filter(source=source, pk=claim)
    quote = quote.values_list("quote", flat=True)
    quote = quote.first() if claim.isascii() and claim.isdigit() and len(claim) <= 18 else None
    found = find_quote(source.text, quote) if quote else None
    if not source.text_public:
        # Its passages only, all on one page.
        return f"{source.get_absolute_url()}#quote-{claim}" if found else source.get_absolute_url()
    page = page_holding(text_pages(source.text), found[0]) if found else 1
    url = source.get_absolute_url() + (f"?page={page}" if page > 1 else "")
    return f"{url}#quote-{claim}" if found else url


def source_page(request, slug, preview: bool = False) -> dict:
    """The source as readers see it; with `preview`, an editor's: drafts too, marked."""
    sources = (
        Source.objects.exclude(status=WITHDRAWN)
        if preview
        else Source.objects.filter(status__in=SHOWN)
    )
    source = get_object_or_404(sources.select_related("outlet", "parent", "republishes"), slug=slug)
    if source.is_withdrawn:
        return gone_page(source, {name("source", source.pk)})
    # What the page prints of each claim: its quote, value and question (hundreds of
    # claims in a long source, so no column more).
    claims = list(
        (Claim.objects.previewed() if preview else Claim.objects.published())
        .by_source(source)
        .select_related("question")
        .only(
            "quote",
            "stated_value",
            "actor_id",
            "status",
            "question__text_en",
            "question__text_de",
        )
        .order_by("pk")
    )
    # A long text a page at a time (2 MB would be 11 MB of HTML): only the claims on
    # this page are marked; the list of claims links each to its page.
    pages = text_pages(source.text)
    number = requested_page(request, len(pages))
    spans = quote_spans(source.text, [claim.quote for claim in claims])
    for claim, span in zip(claims, spans, strict=True):
        page = page_holding(pages, span[0]) if span else number
        claim.page_query = "" if page == number else f"?page={page}"
    url = source.get_absolute_url()
    ctx = {
        "source": source,
        "authors": source.authors.all(),
        "parts": source.parts.published(),
        "republications": list(source.republications.published()),
        "claims": claims,
    }
    if source.text_public:
        ctx["text_pages"] = text_page_links(
            number, len(pages), lambda n: url + (f"?page={n}" if n > 1 else "")
        )
        ctx["text_html"] = highlighted_html(
            highlight(source.text, claims, pages[number - 1], spans)
        )
    else:
        # Another outlet's article: what its claims quote, with their context, only.
        for claim in claims:
            claim.page_query = ""
        ctx["passages"] = [(claim, passage(source, claim.quote)) for claim in claims]
    content = render_to_string("sources/source_detail_content.html", ctx)
    # The source, its parent and parts, its outlet and authors, and the questions and
    # actors its claims name.
    shows = (
        {name("source", source.pk), name("claims-of-source", source.pk)}
        | names("source", [source.parent_id, *(part.pk for part in ctx["parts"])])
        | names("source", [source.republishes_id, *(other.pk for other in ctx["republications"])])
        | names("actor", [source.outlet_id, *(author.pk for author in ctx["authors"])])
        | names("question", (claim.question_id for claim in claims))
        | names("actor", (claim.actor_id for claim in claims))
    )
    return {"title": source.title, "content": content, "shows": shows}


@require_safe
def actor_detail(request, slug):
    page = kept_page(request, lambda: actor_page(request, slug), params={"page"})
    return render(request, "kept_page.html", page)


def actor_page(request, slug) -> dict:
    actor = get_object_or_404(Actor, slug=slug)
    # A page of the questions the actor is cited on, then all its claims on those: an
    # actor cited thousands of times costs a page's worth, and no question is cut in two.
    page = page_of(request, Question.objects.published().citing(actor), QUESTIONS_PER_ACTOR_PAGE)
    claims = (
        Claim.objects.published()
        .by_actor(actor)
        .filter(question__in=[question.pk for question in page])
        .for_analysis()  # what contradicts_itself() reads, with what the page shows
        .select_related("question")
        .order_by("question__slug", "pk")
    )
    by_question = {}
    for claim in claims:
        by_question.setdefault(claim.question, []).append(claim)
    statements = [
        {
            "question": question,
            "claims": question_claims,
            "contradicts_itself": contradicts_itself(question, question_claims),
        }
        for question, question_claims in by_question.items()
    ]
    ctx = {
        "actor": actor,
        "aliases": actor.aliases.all(),
        "page": page,
        "statements": statements,
        "contradictions": sum(s["contradicts_itself"] for s in statements),
        "sources": Source.objects.published().filter(Q(outlet=actor) | Q(authors=actor)).distinct(),
    }
    content = render_to_string("sources/actor_detail_content.html", ctx, request)
    # The actor, and the questions, sources and places its claims name, and the sources
    # it published or wrote.
    shows = (
        {name("actor", actor.pk), name("claims-of-actor", actor.pk)}
        | names("question", (claim.question_id for claim in claims))
        | names("source", (claim.source_id for claim in claims))
        | names("actor", (claim.place_id for claim in claims))
        | names("source", (source.pk for source in ctx["sources"]))
    )
    return {"title": actor.name, "content": content, "shows": shows}


def highlighted_html(segments: list[Segment]) -> SafeString:
    """The text as escaped HTML, quoted runs marked and linked to every claim they back.

    Each claim's anchor (`quote-<id>`) sits inside the first marked run of its quote,
    so a link to it always lands on a highlight, however quotes overlap or repeat.
    A run that backs several claims links to each of them.
    Built here rather than in a template loop: a long source has hundreds of runs.
    """
    parts, urls = [], {}

    def url_of(claim) -> str:
        # Once a claim, not once a run: reversing a URL costs as much as the run's HTML.
        if claim.pk not in urls:
            urls[claim.pk] = claim.get_absolute_url()
        return urls[claim.pk]

    for segment in segments:
        if not segment.claims:
            parts.append(escape(segment.text))
            continue
        anchors = "".join(
            format_html('<span class="anchor" id="quote-{}"></span>', claim.pk)
            for claim in segment.starts
        )
        first, *others = segment.claims
        also = "".join(
            format_html(
                '<a class="also" href="{}" title="{}">{}</a>',
                url_of(claim),
                f"{claim.question.text}: {claim.stated_value}",
                shorten(claim.stated_value, 30),
            )
            for claim in others
        )
        parts.append(
            format_html(
                '<mark class="quote" data-claims="{}">{}<a href="{}" title="{}">{}</a>{}</mark>',
                " ".join(str(claim.pk) for claim in segment.claims),
                mark_safe(anchors),
                url_of(first),
                first.question.text,
                segment.text,
                mark_safe(format_html('<sup class="quote-claims">{}</sup>', mark_safe(also)))
                if also
                else "",
            )
        )
    return mark_safe("".join(parts))
