from django.shortcuts import get_object_or_404, render

from .models import Actor, Source


def source_detail(request, slug):
    source = get_object_or_404(Source.objects.select_related("outlet"), slug=slug)
    return render(request, "sources/source_detail.html", {"source": source})


def actor_detail(request, slug):
    actor = get_object_or_404(Actor, slug=slug)
    return render(request, "sources/actor_detail.html", {"actor": actor})
