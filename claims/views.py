import hashlib

from django.core.cache import cache
from django.core.exceptions import BadRequest
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from dossier.views import page_of

from .charts import range_chart, timeline_chart
from .export import write_csv, write_json
from .filters import QuestionFilter
from .models import Claim, Event, Question, link_relations

QUESTIONS_PER_PAGE = 25
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
    return render(request, "claims/question_list.html", ctx, status=status)


def comparison_cache_key(question: Question) -> str:
    """Changes whenever anything the comparison shows is saved, or the language does.

    Every object on the page carries its last-changed time: one light query reads
    them all, so the rendered comparison is reused only while none has changed.
    """
    verdict = getattr(question, "verdict", None)
    stamps = [question.pk, question.updated_at, question.event.updated_at]
    stamps += [verdict.pk, verdict.updated_at] if verdict else [None]
    stamps += question.claims.comparison_stamps()
    digest = hashlib.sha256(repr(stamps).encode()).hexdigest()
    return f"comparison:{get_language()}:{digest}"


@require_safe
def question_detail(request, slug):
    question = get_object_or_404(
        Question.objects.select_related("event", "verdict__decided_by"), slug=slug
    )
    key = comparison_cache_key(question)
    comparison = cache.get(key)
    if comparison is None:
        claims = list(question.claims.for_comparison())
        analysis = question.analyse(claims)
        link_relations(claims)
        verdict = getattr(question, "verdict", None)
        is_year = question.value_type == Question.ValueType.YEAR
        ctx = {
            "question": question,
            "claims": claims,
            "analysis": analysis,
            "verdict": verdict,
            "rests_on": verdict.rests_on_among(claims) if verdict else [],
            "range_chart": range_chart(claims, from_zero=not is_year, grouped=not is_year),
            "timeline_chart": (
                timeline_chart(claims, grouped=not is_year) if question.is_numeric else None
            ),
        }
        comparison = render_to_string("claims/comparison.html", ctx)
        cache.set(key, comparison, COMPARISON_CACHE_SECONDS)
    ctx = {"question": question, "comparison": mark_safe(comparison)}
    return render(request, "claims/question_detail.html", ctx)


@require_safe
def event_detail(request, slug):
    event = get_object_or_404(Event.objects.select_related("place", "parent"), slug=slug)
    ctx = {
        "event": event,
        "children": event.children.all(),
        "questions": event.questions.select_related("verdict"),
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
