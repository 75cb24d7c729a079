"""The README documents what the product offers."""

import re
from pathlib import Path

from claims.filters import ClaimFilter, QuestionFilter
from claims.models import Question

README_PATH = Path(__file__).resolve().parent.parent / "README.md"
README = README_PATH.read_text()
# The README and the documentation pages beside it.
DOCS = README + "".join(
    page.read_text() for page in sorted(README_PATH.parent.glob("docs/**/*.md"))
)


def query_parameters(filterset_class) -> set[str]:
    form = filterset_class().form
    names = set()
    for name, field in form.fields.items():
        widget = field.widget
        suffixes = getattr(widget, "suffixes", None)
        names |= {f"{name}_{suffix}" for suffix in suffixes} if suffixes else {name}
    return names


def test_readme_documents_every_index_filter():
    for parameter in query_parameters(QuestionFilter) | query_parameters(ClaimFilter):
        assert f"`{parameter}`" in README, parameter


def test_readme_documents_every_agreement_status():
    for status in Question.Agreement.values:
        assert f"`{status}`" in README, status


def test_readme_documents_every_environment_variable():
    settings_source = (README_PATH.parent / "dossier" / "settings.py").read_text()
    names = set(re.findall(r'(?:getenv|envbool|envint|envlist)\(\s*"([A-Z_]+)"', settings_source))
    assert {"CACHE_URL", "DATABASE_REPLICA_URLS", "DATABASE_POOL_MAX_SIZE"} <= names
    for name in names:
        assert f"`{name}`" in DOCS, name
