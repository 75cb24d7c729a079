from django.shortcuts import render
from django.urls import include, path


def floor(request):
    """Django's own floor: a view that renders a small template, with no queries."""
    return render(request, "bench/floor.html", {"title": "Floor"})


urlpatterns = [
    path("bench/floor/", floor),
    path("", include("dossier.urls")),
]
