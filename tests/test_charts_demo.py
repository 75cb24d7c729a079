"""The demo's charts as drawn: its death toll, arrests and years, on their axes.

The geometry is read back from the rendered SVG: a value's x is found from the
axis' own tick labels, so these tests check what a reader sees, not our arithmetic.
"""

import re
import xml.etree.ElementTree as ET

import pytest

from claims.models import Claim, Question
from tests.test_charts import comparison, svgs

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(demo_for_module):
    """The demo dossier: every test of this module reads it, so it is loaded once."""


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
