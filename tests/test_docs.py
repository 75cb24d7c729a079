"""The README documents what the product offers."""

from pathlib import Path

from claims.filters import ClaimFilter, QuestionFilter
from claims.models import Question

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()


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
