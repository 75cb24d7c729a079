"""The charts draw each answer as the analysis reads it, on axes any figure can have.

The demo's charts, as drawn, are read back in tests/test_charts_demo.py.
"""

import datetime
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.charts import MAX_TICKS, nice_ticks, range_chart, timeline_chart
from claims.models import Claim, Event, Question
from sources.models import Source

pytestmark = pytest.mark.django_db

LAYOUTS = ("wide", "narrow")


def svgs(page: str, kind: str) -> dict[str, ET.Element]:
    """The page's charts of one kind, by layout, parsed."""
    found = {}
    for layout in LAYOUTS:
        match = re.search(rf'<svg class="{kind}-chart chart-{layout}".*?</svg>', page, re.S)
        if match:
            found[layout] = ET.fromstring(match.group(0))
    return found


def comparison(client, slug: str) -> str:
    response = client.get(f"/questions/{slug}/")
    assert response.status_code == 200
    return response.content.decode()


# Axes that never hang --------------------------------------------------------------

MODEL_MAX = Decimal("9999999999999999.9999")  # max_digits=20, decimal_places=4
figures = st.decimals(min_value=-MODEL_MAX, max_value=MODEL_MAX, places=4)


@given(figures, figures, st.integers(1, 10), st.booleans())
def test_ticks_cover_any_two_figures_in_few_even_steps(a, b, count, integer):
    ticks = nice_ticks(a, b, count, integer)
    assert 2 <= len(ticks) <= MAX_TICKS
    assert ticks[0] <= min(a, b) and ticks[-1] >= max(a, b)
    steps = {later - earlier for earlier, later in zip(ticks, ticks[1:], strict=False)}
    assert len(steps) == 1 and steps.pop() > 0


def unsaved_claim(bound: str, value=None, low=None, high=None, day=1) -> Claim:
    source = Source(status="published", text_public=True, title="Bericht", slug="bericht", text="…")
    claim = Claim(
        status="published",
        source=source,
        stated_value=str(value if value is not None else low),
        bound=bound,
        value=value,
        value_min=low,
        value_max=high,
        as_of=datetime.date(2022, 1, day),
        as_of_precision="day",
    )
    claim.fill_bounds()
    return claim


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.sampled_from([b for b in Claim.Bound.values if b not in ("range", "vague")]),
            figures,
        ),
        min_size=1,
        max_size=6,
    ),
    st.sampled_from(Question.NUMERIC_TYPES),
)
def test_charts_draw_any_figures_the_model_accepts(answers, value_type):
    claims = [unsaved_claim(bound, value, day=i + 1) for i, (bound, value) in enumerate(answers)]
    chart = range_chart(claims, value_type)
    for layout in chart["layouts"]:
        assert 2 <= len(layout.ticks) <= MAX_TICKS
        for row in layout.rows:
            for x in (row.x_low, row.x_high, row.x_point, row.x_end):
                assert x is None or layout.plot_left - 0.5 <= x <= layout.plot_right + 0.5
    timeline = timeline_chart(claims, value_type)
    if len(claims) > 1:
        for layout in timeline["layouts"]:
            assert 2 <= len(layout.value_ticks) <= MAX_TICKS


# Very large, very close, equal or single figures, stored and rendered on each database.
EXTREMES = [
    ("exact", ["1000000000000000", "1000000000000000.25"]),
    ("exact", ["-1000000000000000", "-1000000000000000.25"]),
    ("exact", ["123456789.0001", "123456789.0001"]),
    ("exact", ["0.0001"]),
    ("exact", ["-0.0001", "0"]),
    ("approximate", ["999999999999999", "-999999999999999"]),
    ("at_least", ["1000000000000000", "1000000000000000.25"]),
    ("almost", ["-1000000000000000.25", "0.0001"]),
    ("at_most", ["100000000000000", "99999999999999.9999"]),
]
if connection.vendor == "postgresql":
    # SQLite cannot read these back (a float holds about 15 significant digits).
    EXTREMES += [
        ("exact", ["9999999999999999.9999", "-9999999999999999.9999"]),
        ("exact", ["9999999999999999.9998", "9999999999999999.9999"]),
    ]


@pytest.fixture
def extremes_event():
    return Event.objects.create(name="Extremes", slug="extremes")


@pytest.mark.parametrize("value_type", ["count", "year", "quantity"])
@pytest.mark.parametrize("bound,values", EXTREMES)
def test_extreme_stored_figures_render_both_charts(
    client, extremes_event, value_type, bound, values
):
    question = Question.objects.create(
        status="published",
        event=extremes_event,
        slug="extreme",
        text_en="?",
        text_de="?",
        value_type=value_type,
    )
    for i, value in enumerate(values):
        source = Source.objects.create(
            status="published",
            text_public=True,
            title=f"Quelle {i}",
            slug=f"quelle-{i}",
            kind="news_report",
            text=value,
        )
        claim = Claim(
            status="published",
            question=question,
            source=source,
            stated_value=value,
            bound=bound,
            value=Decimal(value),
            quote=value,
            as_of=datetime.date(2022, 1, i + 1),
            as_of_precision="day",
        )
        claim.fill_bounds()
        claim.save()
    question.refresh_analysis()
    page = comparison(client, "extreme")
    charts = list(svgs(page, "range").values()) + list(svgs(page, "timeline").values())
    assert len(charts) == (4 if len(values) > 1 else 2)
    for svg in charts:
        ticks = [t for t in svg.iter("line") if t.get("class") == "grid"]
        assert 2 <= len(ticks) <= MAX_TICKS
