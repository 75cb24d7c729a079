import hashlib

from django.core.cache import cache
from django.core.exceptions import BadRequest
from django.db.models import Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from dossier.views import page_of
from sources.models import Actor, Source
from sources.text import in_context

from .charts import range_chart, timeline_chart
from .citation import ClaimCitation, QuestionCitation
from .export import write_csv, write_json
from .filters import QuestionFilter
from .models import Claim, Event, Question

QUESTIONS_PER_PAGE = 25
# The front page's panel: so many of each event's most disputed questions.
DISPUTES_PER_EVENT = 3
SUGGESTIONS = 20
COMPARISON_CACHE_SECONDS = 24 * 3600


@require_safe
def question_list(request):
    filterset = QuestionFilter(request.GET, queryset=Question.objects.for_index())
    if filterset.is_valid():
        questions, status = filterset.qs, 200
    else:
        # Never show unfiltered results for a filter we could not apply.
        questions, status = filterset.queryset.none(), 400
    ctx = {
        "filter": filterset,
        "page": page_of(request, questions, QUESTIONS_PER_PAGE),
        "query_string": request.GET.urlencode(),
    }
    if not request.GET:
        # The front page: each event's sharpest disputes, above the fold.
        ctx["disputes"] = Question.objects.disputes_by_event(DISPUTES_PER_EVENT)
    return render(request, "claims/question_list.html", ctx, status=status)


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


def comparison_cache_key(question: Question) -> str:
    """Changes whenever anything the comparison shows is saved, or the language does.

    Every object on the page carries its last-changed time: one light query reads
    them all, so the rendered comparison is reused only while none has changed.
    """
    stamps = [question.pk, question.updated_at, question.event.updated_at]
    stamps += question.claims.comparison_stamps()
    digest = hashlib.sha256(repr(stamps).encode()).hexdigest()
    return f"comparison:{get_language()}:{digest}"


@require_safe
def question_detail(request, slug):
    question = get_object_or_404(Question.objects.select_related("event"), slug=slug)
    key = comparison_cache_key(question)
    comparison = cache.get(key)
    if comparison is None:
        claims = list(question.claims.for_comparison())
        analysis = question.analyse(claims)
        is_year = question.value_type == Question.ValueType.YEAR
        ctx = {
            "question": question,
            "claims": claims,
            "analysis": analysis,
            "range_chart": range_chart(claims, from_zero=not is_year, grouped=not is_year),
            "timeline_chart": (
                timeline_chart(claims, grouped=not is_year) if question.is_numeric else None
            ),
        }
        comparison = render_to_string("claims/comparison.html", ctx)
        cache.set(key, comparison, COMPARISON_CACHE_SECONDS)
    ctx = {"question": question, "comparison": mark_safe(comparison)}
    return render(request, "claims/question_detail.html", ctx)


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
    others = list(question.claims.exclude(pk=claim.pk).for_comparison())
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
        "questions": event.questions.all(),
    }
    return render(request, "claims/event_detail.html", ctx)


EXPORT_FORMATS = {
    "csv": ("text/csv; charset=utf-8", write_csv),
    "json": ("application/json", write_json),
}


def export_response(claims, fmt: str, name: str) -> HttpResponse:
    content_type, write = EXPORT_FORMATS[fmt]
    response = HttpResponse(content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    write(claims, response)
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
    questions = filterset.qs.order_by().values("pk")
    return export_response(Claim.objects.filter(question__in=questions), fmt, "dossier-claims")


@require_safe
def question_export(request, slug, fmt):
    """Every claim the comparison page shows."""
    question = get_object_or_404(Question, slug=slug)
    return export_response(question.claims.all(), fmt, f"{question.slug}-claims")
