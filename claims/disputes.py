"""The verdicts a question's answers get, and their order from the sharpest dispute to none.

The index sorts by this order ("disputes first") and the front page's panel picks by
it; both read an index on the same expression (Question.Meta.indexes).
"""

from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _


class Agreement(models.TextChoices):
    """The verdicts, as Question.Agreement stores them (claims.analysis names the same)."""

    UNANSWERED = "unanswered", _("Unanswered")
    SINGLE = "single", _("Single source")
    AGREE = "agree", _("Sources agree")
    SPELLING = "spelling", _("Differ only in spelling")
    OVER_TIME = "over_time", _("Count grew over time")
    DEFINITION = "definition", _("Differ in definition")
    FRAMING = "framing", _("Framing")
    ACCOUNTS = "accounts", _("Compare the accounts")
    CONFLICT = "conflict", _("Conflict")


# The verdicts from the sharpest disagreement to none: the meaning behind "disputes
# first". The choices above keep the order editors pick them in; this ranks the same
# members, so a verdict added there and not ranked here fails at import.
# "framing" is a verdict of the editors' analysis; ordering by it costs nothing where no
# question has it yet.
DISPUTE_ORDER = [
    Agreement.CONFLICT,
    Agreement.DEFINITION,
    Agreement.FRAMING,
    Agreement.OVER_TIME,
    Agreement.ACCOUNTS,
    Agreement.SPELLING,
    Agreement.AGREE,
    Agreement.SINGLE,
    Agreement.UNANSWERED,
]
if sorted(DISPUTE_ORDER) != sorted(Agreement):
    raise ValueError("DISPUTE_ORDER must rank every Agreement exactly once.")

# Voices disagree in these, the verdicts ranked before "spelling": the index's "disputed
# only" filter and the front page's panel.
DISPUTED = DISPUTE_ORDER[: DISPUTE_ORDER.index(Agreement.SPELLING)]


class DisputeRank(models.Case):
    """0 for a conflict, up to 8 for an unanswered question: sorts by the verdict's meaning.

    The codes and ranks are written into the SQL as literals, quoted by the database's
    own schema editor as Django does for an index's expression: SQLite matches a query's
    expression to an indexed one only when both are written alike, and it cannot match
    a bound parameter.
    """

    def __init__(self):
        super().__init__(
            *[
                models.When(agreement=code, then=models.Value(place))
                for place, code in enumerate(DISPUTE_ORDER)
            ],
            default=models.Value(len(DISPUTE_ORDER)),
            output_field=models.IntegerField(),
        )

    def as_sql(self, compiler, connection, **extra):
        sql, params = super().as_sql(compiler, connection, **extra)
        quote = connection.schema_editor().quote_value
        return sql % tuple(quote(param) for param in params), ()


def dispute_rank() -> DisputeRank:
    """The same expression is indexed (Question.Meta.indexes): keep the two identical."""
    return DisputeRank()


def dispute_ordering(reverse: bool = False) -> list:
    """Disputes first, then the most voices, then by slug; reversed as a whole, so that
    either direction reads the same index."""
    if reverse:
        return [dispute_rank().desc(), F("source_count").asc(), F("slug").desc()]
    return [dispute_rank().asc(), F("source_count").desc(), F("slug").asc()]
