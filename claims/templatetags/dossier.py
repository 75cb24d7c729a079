from urllib.parse import urlsplit

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from claims.text import shorten
from dossier.translation import localized as localized_text
from sources.text import quotation_marks

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


@register.filter(name="shorten")
def shorten_filter(text, length):
    """`{{ text|shorten:80 }}`: cut at a word boundary with "…"; pair it with a title.

    Not named `cut`, which would hide Django's built-in filter of that name."""
    return shorten(str(text), int(length))


@register.filter
def web_link(url, rel="noopener noreferrer nofollow"):
    """A link for an http(s) address; any other address, however it was stored, as plain text."""
    if not url:
        return ""
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        scheme = ""
    if scheme not in ("http", "https"):
        return url
    return format_html('<a href="{}" rel="{}">{}</a>', url, rel, url)


@register.filter(needs_autoescape=True)
def quoted(text, language, autoescape=True):
    """`{{ claim.quote|quoted:claim.source.language }}`: in the marks of the quote's
    language: „…“ in German, “…” in English, « … » in French."""
    opening, closing = quotation_marks(language)
    return mark_safe(opening + (conditional_escape(text) if autoescape else text) + closing)
