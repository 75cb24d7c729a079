"""Every page of the demo on a phone, in print and in dark mode; the charts as drawn.

Chromium renders the pages of the demo dossier from a live server; what is measured
is what a reader gets: page width, chart text size and label boxes, colours.
"""

import pytest

from tests.test_browser import (  # noqa: F401  (fixtures shared with the other browser tests)
    ARTIFACTS,
    browser_type_launch_args,
)

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1440, "height": 900}


def demo_pages() -> list[str]:
    from claims.models import Claim, Event, Question
    from sources.models import Actor, Source

    pages = ["/", "/?page=2", "/sources/", "/search/?q=Kasachstan", "/search/?q=OVKS"]
    for model in (Question, Event, Source, Actor, Claim):
        pages += [obj.get_absolute_url().partition("#")[0] for obj in model.objects.all()]
    return list(dict.fromkeys(pages))  # a claim's own page, where it has one


def numeric_questions() -> list[str]:
    from claims.models import Question

    return [
        q.get_absolute_url() for q in Question.objects.filter(value_type__in=Question.NUMERIC_TYPES)
    ]


def test_no_page_of_the_demo_is_wider_than_a_phone(browser, demo_server):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    too_wide = {}
    for url in demo_pages():
        page.goto(demo_server.url + url)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide[url] = width
    assert too_wide == {}
    context.close()


# The rendered size of each visible chart text, and whether its box lies in the chart's.
CHART_TEXTS = """() => {
  const charts = [...document.querySelectorAll('.chart-frame svg')]
    .filter(svg => svg.getBoundingClientRect().width > 0);
  return charts.map(svg => {
    const box = svg.viewBox.baseVal;
    const scale = svg.getBoundingClientRect().width / box.width;
    return [...svg.querySelectorAll('text')].map(text => {
      const b = text.getBBox();
      return {
        text: text.textContent,
        size: parseFloat(getComputedStyle(text).fontSize) * scale,
        inside: b.x >= -0.5 && b.y >= -0.5 && b.x + b.width <= box.width + 0.5
          && b.y + b.height <= box.height + 0.5,
      };
    });
  }).flat();
}"""


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_chart_text_is_legible_and_never_clipped(browser, demo_server, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    small, clipped, charts = [], [], 0
    for url in numeric_questions():
        page.goto(demo_server.url + url)
        body = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
        texts = page.evaluate(CHART_TEXTS)
        charts += page.locator(".chart-frame svg:visible").count()
        small += [(url, t["text"], round(t["size"], 1)) for t in texts if t["size"] < 0.8 * body]
        clipped += [(url, t["text"]) for t in texts if not t["inside"]]
    assert charts > 30
    assert small == []
    assert clipped == []
    context.close()


def luminance(rgb: str) -> float:
    channels = [int(c) / 255 for c in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


COLOURS = """() => {
  const main = getComputedStyle(document.querySelector('main'));
  const svg = [...document.querySelectorAll('.chart-frame svg')]
    .find(s => s.getBoundingClientRect().width > 0);
  const label = getComputedStyle(svg.querySelector('text.row-label'));
  const tick = getComputedStyle(svg.querySelector('text.tick'));
  const arrow = getComputedStyle(svg.querySelector('.arrow-head'));
  return {paper: main.backgroundColor, ink: main.color, label: label.fill, tick: tick.fill,
          arrow: arrow.fill};
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_pages_and_charts_are_readable_in_either_colour_scheme(browser, demo_server, scheme):
    context = browser.new_context(viewport=DESKTOP, color_scheme=scheme)
    page = context.new_page()
    page.goto(demo_server.url + "/questions/unrest-death-toll/")
    colours = page.evaluate(COLOURS)
    assert (luminance(colours["paper"]) < 0.05) == (scheme == "dark")
    for part in ("ink", "label", "tick"):
        assert contrast(colours[part], colours["paper"]) >= 4.5, (part, colours)
    assert contrast(colours["arrow"], colours["paper"]) >= 3, colours
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"death-toll-{scheme}.png", full_page=True)
    context.close()


def test_print_keeps_charts_and_quotes_and_prints_links(browser, demo_server):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.emulate_media(media="print")
    page.goto(demo_server.url + "/questions/unrest-death-toll/")
    assert page.locator("header.site-header").is_hidden()
    assert page.locator(".chart-frame svg.chart-wide").first.is_visible()
    assert page.locator("blockquote").first.is_visible()
    link = page.locator(".claim-facts a").first
    printed = link.evaluate("a => getComputedStyle(a, '::after').content")
    assert link.get_attribute("href") in printed
    page.goto(demo_server.url + "/?q=death")
    assert page.locator(".filters").is_hidden()
    context.close()
