from django.shortcuts import get_object_or_404, render

from .models import Event, Question


def question_list(request):
    questions = Question.objects.select_related("event")
    return render(request, "claims/question_list.html", {"questions": questions})


def question_detail(request, slug):
    question = get_object_or_404(Question.objects.select_related("event"), slug=slug)
    return render(request, "claims/question_detail.html", {"question": question})


def event_detail(request, slug):
    event = get_object_or_404(Event, slug=slug)
    return render(request, "claims/event_detail.html", {"event": event})
