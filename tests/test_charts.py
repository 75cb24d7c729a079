"""The charts draw each answer as the analysis reads it, on axes any figure can have.

The geometry is read back from the rendered SVG: a value's x is found from the
axis' own tick labels, so these tests check what a reader sees, not our arithmetic.
"""

import datetime
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.charts import MAX_TICKS, nice_ticks, range_chart, timeline_chart
from claims.models import Claim, Event, Question
from sources.models import Source

pytestmark = pytest.mark.django_db

LAYOUTS = ("wide", "narrow")


@pytest.fixture
def dossier():
    call_command("loaddata", "kazakhstan-2022", verbosity=0)


def svgs(page: str, kind: str) -> dict[str, ET.Element]:
    """The page's charts of one kind, by layout, parsed."""
    found = {}
    for layout in LAYOUTS:
        match = re.search(rf'<svg class="{kind}-chart chart-{layout}".*?</svg>', page, re.S)
        if match:
            found[layout] = ET.fromstring(match.group(0))
    return found


def figure(label: str) -> float:
    return float(label.replace("\u202f", "").replace(",", "."))


def value_scale(svg: ET.Element, attribute: str):
    """value -> coordinate along the axis, from the positions of the axis' tick labels."""
    ticks = [t for t in svg.iter("text") if t.get("class") == "tick"]
    pairs = []
    for tick in ticks:
        try:
            pairs.append((figure(tick.text), float(tick.get(attribute))))
        except ValueError:
            continue  # a date label on the timeline
    (v0, p0), (v1, p1) = pairs[0], pairs[-1]
    return lambda value: p0 + (value - v0) / (v1 - v0) * (p1 - p0), [v for v, _p in pairs]


def mark(svg: ET.Element, claim_pk: int) -> ET.Element:
    link = next(a for a in svg.iter("a") if a.get("href") == f"#claim-{claim_pk}")
    return next(g for g in link.iter("g") if g.get("class") == "mark")


def claim_pk(question: str, stated: str) -> int:
    return Claim.objects.get(question__slug=question, stated_value=stated).pk


def close(a: float, b: float, tolerance: float = 1.5) -> bool:
    return abs(a - b) <= tolerance


def comparison(client, slug: str) -> str:
    response = client.get(f"/questions/{slug}/")
    assert response.status_code == 200
    return response.content.decode()


# The demo's death toll and arrests, as drawn --------------------------------------


def test_almost_10000_spans_9000_to_10000_and_does_not_reach_zero(client, dossier):
    page = comparison(client, "unrest-arrests")
    for svg in svgs(page, "range").values():
        x, ticks = value_scale(svg, "x")
        assert ticks[0] == 0
        shape = mark(svg, claim_pk("unrest-arrests", "fast 10.000"))
        assert shape.get("data-shape") == "almost"
        span = shape.find("line")
        assert close(float(span.get("x1")), x(9000)) and close(float(span.get("x2")), x(10000))
        assert float(span.get("x1")) > x(0) + 50
        assert shape.find("path[@class='arrow-head']") is None


def test_approximate_2000_has_a_whisker_from_1800_to_2200(client, dossier):
    page = comparison(client, "unrest-arrests")
    for svg in svgs(page, "range").values():
        x, _ticks = value_scale(svg, "x")
        shape = mark(svg, claim_pk("unrest-arrests", "etwa 2.000"))
        assert shape.get("data-shape") == "approximate"
        whisker = shape.find("line[@class='whisker']")
        assert close(float(whisker.get("x1")), x(1800)) and close(float(whisker.get("x2")), x(2200))
        assert close(float(shape.find("circle").get("cx")), x(2000))


def test_at_least_225_is_an_arrow_to_the_right_and_164_a_point(client, dossier):
    page = comparison(client, "unrest-death-toll")
    for svg in svgs(page, "range").values():
        x, _ticks = value_scale(svg, "x")
        plot_right = float(svg.get("data-plot-right"))
        at_least = mark(svg, claim_pk("unrest-death-toll", "mindestens 225"))
        assert at_least.get("data-shape") == "at_least"
        line = at_least.find("line[@class='open']")
        assert close(float(line.get("x1")), x(225))
        assert float(line.get("x2")) == plot_right > x(225)
        head = at_least.find("path[@class='arrow-head']").get("d")
        assert head.startswith(f"M{plot_right:.1f},")
        exact = mark(svg, claim_pk("unrest-death-toll", "164"))
        assert exact.get("data-shape") == "exact"
        assert exact.find("line") is None
        assert close(float(exact.find("circle").get("cx")), x(164))


def test_time_chart_draws_open_ends_as_arrows_and_almost_as_a_span(client, dossier):
    page = comparison(client, "unrest-death-toll")
    for svg in svgs(page, "timeline").values():
        y, _ticks = value_scale(svg, "y")
        at_least = mark(svg, claim_pk("unrest-death-toll", "mindestens 225"))
        line = at_least.find("line[@class='open']")
        assert close(float(line.get("y1")), y(225))
        assert float(line.get("y2")) < y(225)  # upwards, to the top of the plot
        assert at_least.find("path[@class='arrow-head']") is not None
    page = comparison(client, "unrest-arrests")
    for svg in svgs(page, "timeline").values():
        y, ticks = value_scale(svg, "y")
        assert ticks[0] == 0
        span = mark(svg, claim_pk("unrest-arrests", "Fast 8000")).find("line[@class='span']")
        assert close(float(span.get("y1")), y(7200)) and close(float(span.get("y2")), y(8000))
        whisker = mark(svg, claim_pk("unrest-arrests", "etwa 2.000")).find("line")
        assert close(float(whisker.get("y1")), y(1800)) and close(float(whisker.get("y2")), y(2200))


def test_legend_names_the_shapes_the_chart_uses(client, dossier):
    page = comparison(client, "unrest-arrests")
    legend = re.search(r'<ul class="chart-legend".*?</ul>', page, re.S).group(0)
    assert "Almost N: a short span just below N" in legend
    assert "About N: a point with the margin the analysis allows" in legend
    assert "Exact figure" not in legend and "arrow" not in legend
    legend = re.search(
        r'<ul class="chart-legend".*?</ul>', comparison(client, "unrest-death-toll"), re.S
    )
    assert "At least N: an arrow to the right" in legend.group(0)


def test_table_gives_each_answer_its_bounds_and_date(client, dossier):
    page = comparison(client, "unrest-arrests")
    table = re.search(r'<details class="chart-table">.*?</details>', page, re.S).group(0)
    rows = re.findall(r"<tr>.*?</tr>", table, re.S)[1:]
    assert len(rows) == 3
    text = " ".join(re.sub(r"<[^>]+>", " ", row) for row in rows)
    for expected in ("fast 10.000", "9\u202f000", "10\u202f000", "etwa 2.000", "1\u202f800"):
        assert expected in text
    assert "as of Jan. 6, 2022" in text and "published" in text


def test_year_question_has_a_year_axis(client, dossier):
    page = comparison(client, "nazarbayev-rule-start")
    for svg in svgs(page, "range").values():
        labels = [t.text for t in svg.iter("text") if t.get("class") == "tick"]
        assert "0" not in labels
        assert all(re.fullmatch(r"\d{4}", label) for label in labels), labels


def test_every_demo_chart_keeps_its_labels_whole_or_titled(client, dossier):
    for question in Question.objects.filter(value_type__in=Question.NUMERIC_TYPES):
        page = comparison(client, question.slug)
        for svg in svgs(page, "range").values():
            for link in svg.iter("a"):
                lines = [t.text for t in link.iter("tspan")]
                full = link.find("title").text
                words = " ".join(lines).replace("…", " ").replace(" · ", " ").split()
                # A shortened label ends in "…"; the full text stays in the title.
                assert all(word in full for word in words[:-1])
                assert lines[-1].endswith("…") or words[-1] in full


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
    source = Source(title="Bericht", slug="bericht", text="…")
    claim = Claim(
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
        event=extremes_event, slug="extreme", text_en="?", text_de="?", value_type=value_type
    )
    for i, value in enumerate(values):
        source = Source.objects.create(
            title=f"Quelle {i}", slug=f"quelle-{i}", kind="news_report", text=value
        )
        claim = Claim(
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
