"""A web page's article text and its metadata, by trafilatura."""

import functools
from datetime import date
from importlib.metadata import version

import trafilatura
from django.utils.translation import gettext_lazy as _
from trafilatura.settings import use_config

from .results import Extracted, Refused
from .text import paragraphs


@functools.cache
def config():
    found = use_config()
    # Give up on a page of more elements than this; a real article page has a few thousand.
    found.set("DEFAULT", "MAX_TREE_SIZE", "500000")
    # The file's size is bounded before it gets here (limits.MAX_BYTES).
    found.set("DEFAULT", "MAX_FILE_SIZE", str(200 * 1024 * 1024))
    return found


@functools.cache
def method() -> str:
    return f"trafilatura {version('trafilatura')}"


def extract_html(html: str) -> Extracted:
    """The main text, without navigation, adverts, comments or scripts, as plain text."""
    found = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        include_formatting=False,
        config=config(),
    )
    if found is None or not (found.text or "").strip():
        raise Refused(_("The web page has no article text that Dossier could find."))
    published_on = None
    if found.date:
        try:
            published_on = date.fromisoformat(found.date[:10])
        except ValueError:
            published_on = None
    authors = [name.strip() for name in (found.author or "").split(";") if name.strip()]
    return Extracted(
        # trafilatura puts each paragraph, heading or list item on a line of its own.
        text=paragraphs(found.text.replace("\n", "\n\n")),
        kind="html",
        method=method(),
        title=(found.title or "").strip(),
        authors=authors,
        outlet=(found.sitename or "").strip(),
        published_on=published_on,
        published_precision="day" if published_on else "",
        url=(found.url or "").strip(),
    )
