"""The query parameters a page reads: what makes one page differ from another."""

from django.http import QueryDict


def filter_parameters(filterset_class) -> set[str]:
    """The parameters a FilterSet reads, a range filter's two (`value_min`, `value_max`),
    and those of the filtersets it reads the same query with (`also_reads`)."""
    names = set()
    for other in getattr(filterset_class, "also_reads", ()):
        names |= filter_parameters(other)
    for name, field in filterset_class().form.fields.items():
        suffixes = getattr(field.widget, "suffixes", None)
        names |= {f"{name}_{suffix}" for suffix in suffixes} if suffixes else {name}
    return names


def only_parameters(request, names) -> None:
    """Leave in the request's query only the parameters its page reads, in one order.

    Anything else (a tracking tag, junk) would otherwise make a page of its own in the
    cache, and be repeated in the links of a page kept for every visitor.
    """
    request = getattr(request, "_request", request)  # REST framework's wraps Django's
    query = QueryDict(mutable=True)
    for name in sorted(set(request.GET) & set(names)):
        query.setlist(name, request.GET.getlist(name))
    query._mutable = False
    request.GET = query
    request.META["QUERY_STRING"] = query.urlencode()
