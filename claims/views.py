from functools import partial

from django.core.exceptions import BadRequest
from django.core.paginator import EmptyPage, Paginator
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from dossier.parameters import filter_parameters
from dossier.publication import PUBLISHED, WITHDRAWN, previewing
from dossier.views import MAX_PAGE_DIGITS, CappedCountPaginator, page_of
from pages.changes import INDEX, name, names
from pages.kept import kept_or_previewed, kept_page
from sources.models import Actor, Source
from sources.text import passage

from .analysis import Analysis, analyse
from .answer_pages import ANSWERS_PER_PAGE, GROUPS_LISTED, groups_on, in_order, overview
from .charts import range_chart, timeline_chart
from .citation import ClaimCitation, QuestionCitation, quote_pages
from .export import ClaimsExport
from .filters import QuestionFilter
from .limits import Released, take_export_slot
from .models import Claim, ClaimRelation, Event, Question
from .publication import SHOWN, corrections, gone, gone_page, public_history
from .redirects import follows_merges
from .structured_data import json_ld, question_data

QUESTIONS_PER_PAGE = 25
# How many questions a filtered index counts past the start of its page, at most.
COUNTED_PAST_PAGE = 1000
# The front page's panel: so many of each event's most disputed questions.
DISPUTES_PER_EVENT = 3
SUGGESTIONS = 20


# What the index reads of its address: its filters and the page.
INDEX_PARAMETERS = filter_parameters(QuestionFilter) | {"page"}


@require_safe
def question_list(request):
    """The index, kept as rendered while the data does not change."""
    page = kept_page(request, lambda: question_list_page(request), params=INDEX_PARAMETERS)
    return render(request, "kept_page.html", page, status=page["status"])


def question_list_page(request) -> dict:
    ctx, status = question_list_context(request)
    return {
        "title": _("Questions"),
        "content": render_to_string("claims/question_list_content.html", ctx, request),
        "scripts": ["js/suggest.js"],
        "status": status,
        "shows": [INDEX],
    }


def question_list_context(request) -> tuple[dict, int]:
    filterset = QuestionFilter(request.GET, queryset=Question.objects.published().for_index())
    if filterset.is_valid():
        questions, status = filterset.qs, 200
    else:
        # Never show unfiltered results for a filter we could not apply.
        questions, status = filterset.queryset.none(), 400
    # A filter's questions are counted only so far (COUNTED_PAST_PAGE past the page):
    # counting all those a figure filter selects among a million claims took 0.5 s.
    paginator = partial(CappedCountPaginator, cap=COUNTED_PAST_PAGE) if request.GET else Paginator
    ctx = {
        "filter": filterset,
        "page": page_of(request, questions, QUESTIONS_PER_PAGE, paginator),
        "query_string": request.GET.urlencode(),
    }
    if not request.GET:
        # The front page: each event's sharpest disputes, above the fold.
        ctx["disputes"] = Question.objects.published().disputes_by_event(DISPUTES_PER_EVENT)
    return ctx, status


# What the filters' name inputs suggest: kind → (objects, the field that names them).
SUGGESTED = {
    "event": (Event.objects.all(), "name"),
    "actor": (Actor.objects.all(), "name"),
    "outlet": (Actor.objects.filter(outlet_sources__status=PUBLISHED).distinct(), "name"),
    "source": (Source.objects.published(), "title"),
}


@require_safe
def suggest(request, kind):
    """Names that contain what was typed, with the slugs the filters read: for a datalist."""
    if kind not in SUGGESTED:
        raise Http404
    objects, name = SUGGESTED[kind]
    typed = " ".join(request.GET.get("q", "").split())[:100]
    if typed:
        objects = objects.filter(Q(**{f"{name}__icontains": typed}) | Q(slug__icontains=typed))
    rows = objects.order_by(name, "slug").values_list("slug", name)[:SUGGESTIONS]
    return JsonResponse({"results": [{"slug": slug, "name": text} for slug, text in rows]})


@require_safe
@follows_merges
def question_detail(request, slug):
    """The comparison, kept as rendered while nothing it shows changes.

    A question with more answers than fit on one page shows them a page at a time
    (?page=2), judged and summarised on all of them.
    """
    if len(slug) > Question._meta.get_field("slug").max_length:
        # No question has it, and as part of a cache key it would be too long for some caches.
        raise Http404
    number = answers_page_number(request)
    page = kept_or_previewed(request, partial(comparison_page, slug, number), params={"page"})
    if page.get("status") == 410:
        return render(request, "kept_page.html", page, status=410)
    return render(request, "claims/question_detail.html", page)


def answers_page_number(request) -> int:
    """The page of answers asked for: a number that is no whole number is a bad request."""
    number = request.GET.get("page", "1")
    if not (number.isascii() and number.isdigit() and len(number) <= MAX_PAGE_DIGITS):
        raise BadRequest(
            _("The page number must be a whole number of at most %(digits)d digits.")
            % {"digits": MAX_PAGE_DIGITS}
        )
    return int(number)


def comparison_page(slug, number: int = 1, preview: bool = False) -> dict:
    """The comparison readers see; with `preview`, an editor's: drafts too, marked."""
    questions = (
        Question.objects.exclude(status=WITHDRAWN)
        if preview
        else Question.objects.filter(status__in=SHOWN)
    )
    question = get_object_or_404(
        questions.select_related("event", "verdict__decided_by").annotate(
            answer_count=answer_count(preview)
        ),
        slug=slug,
    )
    if question.is_withdrawn:
        return gone_page(question, {name("question", question.pk)})
    if question.answer_count <= ANSWERS_PER_PAGE:
        # Every answer on one page, read with all it shows.
        claims = list(answers_of(question, preview).for_comparison())
        analysis = question.analyse(claims)
    else:
        analysis, claims = large_comparison(question, number, preview)
    paginator = Paginator(in_order(analysis), ANSWERS_PER_PAGE, allow_empty_first_page=True)
    try:
        answers_page = paginator.page(number)
    except EmptyPage as empty:
        raise Http404(_("This question's answers have no such page.")) from empty
    link_relations(claims)
    verdict = question.public_verdict if not preview else previewed_verdict(question)
    paged = paginator.num_pages > 1
    ctx = {
        "question": question,
        "claims": claims,
        "analysis": analysis,
        "groups": groups_on(analysis, question.value_type, answers_page),
        "group_count": len(analysis.groups),
        "answers_page": answers_page if paged else None,
        "overview": overview(analysis, question.value_type, ANSWERS_PER_PAGE) if paged else [],
        "overview_rest": max(len(analysis.groups) - GROUPS_LISTED, 0),
        "verdict": verdict,
        # Withdrawn after readers saw it: said so, with why, where it stood.
        "withdrawn_verdict": withdrawn_verdict(question),
        "rests_on": verdict.rests_on_among(claims) if verdict else [],
        # Read from its history only once corrected: most verdicts never are.
        "verdict_corrections": corrections(verdict) if verdict and verdict.corrected_at else [],
        "range_chart": range_chart(claims, question.value_type),
        "timeline_chart": (
            timeline_chart(claims, question.value_type) if question.is_numeric else None
        ),
    }
    return {
        "title": question.text,
        # Kept as rendered: nothing per reader (no CSRF token, no user) inside.
        "comparison": mark_safe(render_to_string("claims/comparison.html", ctx)),
        # schema.org data for search engines, in the page's head.
        "json_ld": json_ld(question_data(question, claims, verdict)),
        "feed": reverse("claims:question_feed", args=[question.slug]),
        # The question (its verdict and measures with it), its event, and the sources,
        # outlets, actors and places its claims name.
        "shows": {name("question", question.pk), name("event", question.event_id)}
        | names("source", (claim.source_id for claim in claims))
        | names(
            "actor",
            (
                pk
                for claim in claims
                for pk in (claim.actor_id, claim.place_id, claim.source.outlet_id)
            ),
        ),
    }


def answers_of(question, preview: bool = False):
    """The question's answers readers see, or an editor's preview shows."""
    return question.claims.previewed() if preview else question.claims.voiced()


def withdrawn_verdict(question):
    verdict = getattr(question, "verdict", None)
    return verdict if verdict is not None and verdict.is_withdrawn else None


def previewed_verdict(question):
    verdict = getattr(question, "verdict", None)
    return verdict if verdict is not None and not verdict.is_withdrawn else None


def answer_count(preview: bool = False) -> Subquery:
    """The question's claims, counted in the query that reads the question."""
    claims = Claim.objects.previewed() if preview else Claim.objects.voiced()
    claims = claims.filter(question=OuterRef("pk")).order_by().values("question")
    return Coalesce(Subquery(claims.annotate(count=Count("pk")).values("count")), 0)


def large_comparison(
    question: Question, number: int, preview: bool = False
) -> tuple[Analysis, list[Claim]]:
    """The analysis of all of a large question's answers, read as rows, and the claims of
    the page asked for, read whole: the page's queries do not grow with its answers."""
    answers = answers_of(question, preview).answers().get(question.pk, [])
    # In the order the page shows them, which the analysis's groups follow.
    order = answers_of(question, preview).preferred_first().values_list("pk", flat=True)
    place = {pk: position for position, pk in enumerate(order)}
    answers.sort(key=lambda answer: place.get(answer.id, len(place)))  # one added meanwhile: last
    analysis = analyse(question.value_type, answers)
    analysis.label = Question.Agreement(analysis.status).label
    shown = in_order(analysis)[(number - 1) * ANSWERS_PER_PAGE : number * ANSWERS_PER_PAGE]
    claims = answers_of(question, preview).for_comparison().filter(pk__in=[a.id for a in shown])
    loaded = {claim.pk: claim for claim in claims}
    for answer in shown:
        answer.claim = loaded.get(answer.id)
    return analysis, [answer.claim for answer in shown if answer.claim is not None]


@require_safe
def claim_detail(request, pk):
    preview = previewing(request)
    claims = Claim.objects.select_related("question__event", "source__outlet", "actor", "place")
    if not preview:
        claims = claims.filter(
            status__in=SHOWN, question__status__in=SHOWN, source__status__in=SHOWN
        )
    claim = get_object_or_404(claims, pk=pk)
    gone_with = next(
        (obj for obj in (claim, claim.question, claim.source) if obj.is_withdrawn), None
    )
    if gone_with is not None:
        # Withdrawn, or its question or source was: so is what it says there.
        return gone(request, gone_with)
    question = claim.question
    answers = list(answers_of(question, preview).for_comparison())
    link_relations(answers)
    claim.linked = next((answer.linked for answer in answers if answer.pk == claim.pk), [])
    others = [answer for answer in answers if answer.pk != claim.pk]
    pages = quote_pages(claim)
    citation = ClaimCitation(claim, request.build_absolute_uri(claim.get_absolute_url()), pages)
    ctx = {
        "claim": claim,
        "question": question,
        "others": others,
        "context": passage(claim.source, claim.quote),
        "history": public_history(claim),
        "preview": preview,
        "citation": citation,
        "pages": pages,
    }
    return render(request, "claims/claim_detail.html", ctx)


CITATION_FORMATS = {
    "bib": ("application/x-bibtex; charset=utf-8", "bibtex"),
    "json": ("application/vnd.citationstyles.csl+json; charset=utf-8", "csl_json"),
}


def citation_response(citation, fmt: str) -> HttpResponse:
    content_type, method = CITATION_FORMATS[fmt]
    response = HttpResponse(getattr(citation, method)(), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{citation.key}.{fmt}"'
    return response


@require_safe
def claim_cite(request, pk, fmt):
    claim = get_object_or_404(
        Claim.objects.published().select_related("question", "source__outlet", "actor"), pk=pk
    )
    url = request.build_absolute_uri(claim.get_absolute_url())
    pages = quote_pages(claim)
    return citation_response(ClaimCitation(claim, url, pages), fmt)


@require_safe
@follows_merges
def question_cite(request, slug, fmt):
    question = get_object_or_404(Question.objects.published().select_related("event"), slug=slug)
    url = request.build_absolute_uri(question.get_absolute_url())
    return citation_response(QuestionCitation(question, url), fmt)


@require_safe
def event_detail(request, slug):
    event = get_object_or_404(Event.objects.select_related("place", "parent"), slug=slug)
    # A page of its questions, as on the index: an event may have hundreds.
    questions = event.questions.published().select_related("verdict").order_by("slug")
    ctx = {
        "event": event,
        "children": event.children.all(),
        "page": page_of(request, questions, QUESTIONS_PER_PAGE),
    }
    return render(request, "claims/event_detail.html", ctx)


EXPORT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


def export_response(claims, fmt: str, name: str, slot: str | None = None):
    """The export streamed as it is read, in constant memory, however many claims."""
    export = ClaimsExport(claims)
    pieces = export.csv() if fmt == "csv" else export.json()
    response = StreamingHttpResponse(Released(pieces, slot), content_type=EXPORT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@require_safe
def claims_export(request, fmt):
    """Every claim of the questions the filtered index shows, on all its pages."""
    filterset = QuestionFilter(request.GET, queryset=Question.objects.published())
    if not filterset.is_valid():
        errors = "; ".join(
            f"{field}: {' '.join(messages)}" for field, messages in filterset.errors.items()
        )
        raise BadRequest(errors)
    slot = take_export_slot(request)
    questions = filterset.qs.order_by().values("pk")
    claims = Claim.objects.voiced().filter(question__in=questions)
    return export_response(claims, fmt, "dossier-claims", slot)


@require_safe
@follows_merges
def question_export(request, slug, fmt):
    """Every claim the comparison page shows: one question's, so never limited."""
    question = get_object_or_404(Question.objects.published(), slug=slug)
    return export_response(question.claims.voiced(), fmt, f"{question.slug}-claims")


def link_relations(claims: list[Claim]) -> None:
    """Give each claim `linked`: its relations both ways, as (phrase, other claim) pairs.

    Reads the relations prefetched with the claims (ClaimQuerySet.for_analysis), so
    the cards show "revises …" and "revised by …" without another query.
    """
    by_pk = {claim.pk: claim for claim in claims}
    for claim in claims:
        claim.linked = []
    for claim in claims:
        for relation in claim.relations.all():
            other = by_pk.get(relation.other_id)
            if other is None:
                continue
            claim.linked.append((ClaimRelation.OUTGOING[relation.kind], other, relation.note))
            other.linked.append((ClaimRelation.INCOMING[relation.kind], claim, relation.note))
