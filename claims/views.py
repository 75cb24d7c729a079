from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from dossier.views import CachedCountPaginator, page_of
from pages.changes import INDEX, name, names
from pages.kept import kept_page
from sources.models import Actor, Source
from sources.text import in_context

from .charts import range_chart, timeline_chart
from .citation import ClaimCitation, QuestionCitation
from .export import ClaimsExport
from .filters import QuestionFilter
from .limits import ExportLimited, Released, take_export_slot
from .models import Claim, Event, Question, link_relations

QUESTIONS_PER_PAGE = 25
# The front page's panel: so many of each event's most disputed questions.
DISPUTES_PER_EVENT = 3
SUGGESTIONS = 20


@require_safe
def question_list(request):
    """The index, kept as rendered while the data does not change."""
    page = kept_page(request, lambda: question_list_page(request))
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
    filterset = QuestionFilter(request.GET, queryset=Question.objects.for_index())
    if filterset.is_valid():
        questions, status = filterset.qs, 200
    else:
        # Never show unfiltered results for a filter we could not apply.
        questions, status = filterset.queryset.none(), 400
    # A filter's questions are counted once per version of the data, as the API's lists
    # are: counting those a figure filter selects among a million claims took 0.3 s.
    paginator = CachedCountPaginator if request.GET else Paginator
    ctx = {
        "filter": filterset,
        "page": page_of(request, questions, QUESTIONS_PER_PAGE, paginator),
        "query_string": request.GET.urlencode(),
    }
    if not request.GET:
        # The front page: each event's sharpest disputes, above the fold.
        ctx["disputes"] = Question.objects.disputes_by_event(DISPUTES_PER_EVENT)
    return ctx, status


# What the filters' name inputs suggest: kind → (objects, the field that names them).
SUGGESTED = {
    "event": (Event.objects.all(), "name"),
    "actor": (Actor.objects.all(), "name"),
    "outlet": (Actor.objects.filter(outlet_sources__isnull=False).distinct(), "name"),
    "source": (Source.objects.all(), "title"),
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
def question_detail(request, slug):
    """The comparison, kept as rendered while nothing it shows changes."""
    if len(slug) > Question._meta.get_field("slug").max_length:
        # No question has it, and as part of a cache key it would be too long for some caches.
        raise Http404
    page = kept_page(request, lambda: comparison_page(slug))
    return render(request, "claims/question_detail.html", page)


def comparison_page(slug) -> dict:
    question = get_object_or_404(
        Question.objects.select_related("event", "verdict__decided_by"), slug=slug
    )
    claims = list(question.claims.for_comparison())
    analysis = question.analyse(claims)
    link_relations(claims)
    verdict = getattr(question, "verdict", None)
    ctx = {
        "question": question,
        "claims": claims,
        "analysis": analysis,
        "verdict": verdict,
        "rests_on": verdict.rests_on_among(claims) if verdict else [],
        "range_chart": range_chart(claims, question.value_type),
        "timeline_chart": (
            timeline_chart(claims, question.value_type) if question.is_numeric else None
        ),
    }
    return {
        "title": question.text,
        # Kept as rendered: nothing per reader (no CSRF token, no user) inside.
        "comparison": mark_safe(render_to_string("claims/comparison.html", ctx)),
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


def claim_history(claim: Claim) -> list[dict]:
    """Each version of the claim, newest first, with the fields it changed."""
    fields = [f for f in Claim._meta.fields if f.name not in ("id", "updated_at", "version")]
    records = list(claim.history.order_by("history_date", "history_id"))
    versions, previous = [], None
    for record in records:
        changed = [
            f.verbose_name
            for f in fields
            if previous is not None and getattr(record, f.attname) != getattr(previous, f.attname)
        ]
        versions.append({"record": record, "changed": changed})
        previous = record
    return versions[::-1]


@require_safe
def claim_detail(request, pk):
    claim = get_object_or_404(
        Claim.objects.select_related("question__event", "source__outlet", "actor", "place"),
        pk=pk,
    )
    question = claim.question
    answers = list(question.claims.for_comparison())
    link_relations(answers)
    claim.linked = next((answer.linked for answer in answers if answer.pk == claim.pk), [])
    others = [answer for answer in answers if answer.pk != claim.pk]
    citation = ClaimCitation(claim, request.build_absolute_uri(claim.get_absolute_url()))
    ctx = {
        "claim": claim,
        "question": question,
        "others": others,
        "context": in_context(claim.source.text, claim.quote),
        "history": claim_history(claim),
        "citation": citation,
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
        Claim.objects.select_related("question", "source__outlet", "actor"), pk=pk
    )
    url = request.build_absolute_uri(claim.get_absolute_url())
    return citation_response(ClaimCitation(claim, url), fmt)


@require_safe
def question_cite(request, slug, fmt):
    question = get_object_or_404(Question.objects.select_related("event"), slug=slug)
    url = request.build_absolute_uri(question.get_absolute_url())
    return citation_response(QuestionCitation(question, url), fmt)


@require_safe
def event_detail(request, slug):
    event = get_object_or_404(Event.objects.select_related("place", "parent"), slug=slug)
    ctx = {
        "event": event,
        "children": event.children.all(),
        "questions": event.questions.select_related("verdict"),
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


def too_many_exports(request, limited: ExportLimited) -> HttpResponse:
    response = render(request, "429.html", {"message": str(limited)}, status=429)
    response["Retry-After"] = str(limited.retry_after)
    return response


@require_safe
def claims_export(request, fmt):
    """Every claim of the questions the filtered index shows, on all its pages."""
    filterset = QuestionFilter(request.GET, queryset=Question.objects.all())
    if not filterset.is_valid():
        errors = "; ".join(
            f"{field}: {' '.join(messages)}" for field, messages in filterset.errors.items()
        )
        raise BadRequest(errors)
    try:
        slot = take_export_slot(request)
    except ExportLimited as limited:
        return too_many_exports(request, limited)
    questions = filterset.qs.order_by().values("pk")
    claims = Claim.objects.filter(question__in=questions)
    return export_response(claims, fmt, "dossier-claims", slot)


@require_safe
def question_export(request, slug, fmt):
    """Every claim the comparison page shows: one question's, so never limited."""
    question = get_object_or_404(Question, slug=slug)
    return export_response(question.claims.all(), fmt, f"{question.slug}-claims")
