from django import template

from claims.models import shorten
from dossier.translation import localized as localized_text

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced, for links that keep filters."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query[key] = value
    return query.urlencode()


@register.filter
def localized(obj, field):
    """`{{ event|localized:"name" }}`: the German text in German mode, else the English one."""
    return localized_text(obj, field)


@register.filter
def cut(text, length):
    """`{{ text|cut:80 }}`: cut at a word boundary with "…"; pair it with a title."""
    return shorten(str(text), int(length))
