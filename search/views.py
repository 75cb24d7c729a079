from django.shortcuts import render
from django.views.decorators.http import require_safe

from . import engine
from .forms import SearchForm


@require_safe
def search(request):
    """Everything that matches the query, grouped by kind, best first."""
    form = SearchForm(request.GET)
    ctx = {"form": form, "max_length": engine.MAX_QUERY_LENGTH}
    if not request.GET.get("q", "").strip():
        return render(request, "search/search.html", ctx)  # the help
    if not form.is_valid():
        return render(request, "search/search.html", ctx, status=400)
    query = engine.parse(form.cleaned_data["q"])
    ctx |= {"query": query, "results": engine.search(query)}
    return render(request, "search/search.html", ctx)
