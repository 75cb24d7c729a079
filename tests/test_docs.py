"""The documentation (README.md and the site in docs/) covers what the product offers."""

import re
from pathlib import Path

from claims.filters import ClaimFilter, QuestionFilter
from claims.models import Question
from dossier.parameters import filter_parameters

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
README_PATH = ROOT / "README.md"

FILTERS_PAGE = DOCS / "analysts" / "index-and-filters.md"
AGREEMENT_PAGE = DOCS / "analysts" / "agreement-analysis.md"
CONFIGURATION_PAGE = DOCS / "operators" / "configuration.md"

# Markdown links: [text](target), the target without its #anchor.
LINK = re.compile(r"\]\(([^)\s#]+)(?:#[^)\s]*)?\)")


def table_keys(page: Path) -> set[str]:
    """The `names` in the first cell of each row of the page's tables."""
    keys = set()
    for line in page.read_text().splitlines():
        if line.startswith("| `"):
            first_cell = line.split("|")[1]
            keys |= set(re.findall(r"`([^`]+)`", first_cell))
    return keys


def test_filters_page_has_a_row_for_every_index_filter():
    documented = table_keys(FILTERS_PAGE)
    for parameter in filter_parameters(QuestionFilter) | filter_parameters(ClaimFilter):
        assert parameter in documented, f"{parameter}: add a row to {FILTERS_PAGE.name}"


def test_agreement_page_explains_every_agreement_status():
    text = AGREEMENT_PAGE.read_text()
    for status in Question.Agreement.values:
        # Each verdict is a list item that names it: "- **Sources agree** (`agree`): …"
        assert re.search(rf"^- \*\*.+\(`{status}`\)", text, re.MULTILINE), status


def test_configuration_page_has_a_row_for_every_environment_variable():
    settings_source = (ROOT / "dossier" / "settings.py").read_text()
    names = set(re.findall(r'(?:getenv|envbool|envint|envlist)\(\s*"([A-Z_]+)"', settings_source))
    assert {"CACHE_URL", "DATABASE_REPLICA_URLS", "DATABASE_POOL_MAX_SIZE"} <= names
    documented = table_keys(CONFIGURATION_PAGE)
    for name in names:
        assert name in documented, f"{name}: add a row to {CONFIGURATION_PAGE.name}"


def test_readme_fits_on_two_screens_with_the_quick_start():
    readme = README_PATH.read_text()
    assert len(readme.splitlines()) <= 150
    assert "make demo" in readme and "make test" in readme


def test_readme_links_lead_to_pages_that_exist():
    targets = [t for t in LINK.findall(README_PATH.read_text()) if "://" not in t]
    assert any(t.startswith("docs/") for t in targets)
    for target in targets:
        assert (ROOT / target).is_file(), target


def test_every_docs_page_sits_in_a_readers_part():
    """The site lists docs/<reader>/*.md by itself; a page elsewhere would need its own entry."""
    readers = {"analysts", "editors", "operators", "developers"}
    for page in DOCS.rglob("*.md"):
        relative = page.relative_to(DOCS)
        if "_build" in relative.parts or relative == Path("index.md"):
            continue
        assert relative.parts[0] in readers and len(relative.parts) == 2, relative
