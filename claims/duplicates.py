"""The editors' list of possible duplicates: pairs of existing questions that may ask
the same thing (claims/similar.py: possible_duplicates), each with a link to merge them
and a button to judge them distinct, which takes the pair off the list for good."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from .models import DistinctPair, Question
from .similar import possible_duplicates


def merge_url(first, second) -> str:
    """The merge page for the pair, the question more sources answer proposed as the
    survivor (as the changelist's merge action does); the editor may swap them there."""
    merged, into = sorted([first, second], key=lambda q: (q.source_count, -q.pk))
    return reverse("admin:claims_question_merge", args=[merged.pk]) + f"?into={into.pk}"


@require_safe
def question_duplicates(request, model_admin):
    """Pairs of questions that may ask the same thing, closest first: for editors who
    may change questions."""
    if not model_admin.has_change_permission(request):
        raise PermissionDenied
    pairs = [
        {
            "pair": pair,
            "first_url": reverse("admin:claims_question_change", args=[pair.first.pk]),
            "second_url": reverse("admin:claims_question_change", args=[pair.second.pk]),
            "merge_url": merge_url(pair.first, pair.second),
        }
        for pair in possible_duplicates()
    ]
    ctx = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": _("Possible duplicate questions"),
        "pairs": pairs,
    }
    return TemplateResponse(request, "admin/claims/question/duplicates.html", ctx)


@require_POST
def judge_distinct(request, model_admin):
    """The pair posted is not a duplicate: it leaves the list (the admin's “Pairs of
    distinct questions” keeps the judgement, and deleting it there lists the pair again)."""
    if not model_admin.has_change_permission(request):
        raise PermissionDenied
    ids = [request.POST.get("first", ""), request.POST.get("second", "")]
    questions = list(Question.objects.filter(pk__in=ids)) if all(i.isdigit() for i in ids) else []
    if len(questions) != 2:
        messages.error(
            request,
            _("One of the two questions no longer exists (merged or deleted): look again."),
        )
    else:
        DistinctPair.judge(*questions, by=request.user)
        messages.success(
            request,
            _("“%(first)s” and “%(second)s” ask different things: no longer listed here.")
            % {"first": questions[0], "second": questions[1]},
        )
    return redirect("admin:claims_question_duplicates")
