from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from dossier.views import page_of
from pages.changes import INDEX
from pages.kept import kept_page

from . import engine
from .forms import SearchForm

# What a search page reads of its address.
PARAMETERS = {*SearchForm.base_fields, "page"}


@require_safe
def search(request):
    """Everything that matches the query, grouped by kind, best first.

    With `kind`, every match of that one kind, page by page. Kept as rendered while
    the data does not change.
    """
    page = kept_page(request, lambda: search_page(request), params=PARAMETERS)
    return render(request, "kept_page.html", page, status=page["status"])


def search_page(request) -> dict:
    form = SearchForm(request.GET)
    ctx = {"form": form, "max_length": engine.MAX_QUERY_LENGTH}
    title, status = _("Search"), 200
    if not request.GET.get("q", "").strip():
        pass  # the help
    elif not form.is_valid():
        status = 400
    else:
        ctx["query"] = query = engine.parse(form.cleaned_data["q"])
        title = f"{query.text} · {title}"
        kind = form.cleaned_data["kind"]
        if kind:
            results = engine.results_of(engine.KINDS_BY_NAME[kind], query)
            ctx |= {"kind": kind, "page": page_of(request, results, engine.RESULTS_PER_PAGE)}
        else:
            ctx["results"] = engine.search(query)
    content = render_to_string("search/search_content.html", ctx, request)
    # Whatever matches: every change renews the index.
    return {"title": title, "content": content, "status": status, "shows": [INDEX]}
