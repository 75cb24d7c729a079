from django import template

from search.text import snippet

register = template.Library()


@register.simple_tag
def highlight(text, query):
    """The passage of text around the query's first match, escaped, matches marked."""
    return snippet(text, query.spellings)
