from django.shortcuts import render
from django.views.decorators.http import require_safe

from dossier.views import page_of

from . import engine
from .forms import SearchForm


@require_safe
def search(request):
    """Everything that matches the query, grouped by kind, best first.

    With `kind`, every match of that one kind, page by page.
    """
    form = SearchForm(request.GET)
    ctx = {"form": form, "max_length": engine.MAX_QUERY_LENGTH}
    if not request.GET.get("q", "").strip():
        return render(request, "search/search.html", ctx)  # the help
    if not form.is_valid():
        return render(request, "search/search.html", ctx, status=400)
    query = engine.parse(form.cleaned_data["q"])
    ctx["query"] = query
    kind = form.cleaned_data["kind"]
    if kind:
        results = engine.results_of(engine.KINDS_BY_NAME[kind], query)
        ctx |= {"kind": kind, "page": page_of(request, results, engine.RESULTS_PER_PAGE)}
    else:
        ctx["results"] = engine.search(query)
    return render(request, "search/search.html", ctx)
