"""In Chromium: disputes first, the answers on one screen, claim pages, passages.

Screenshots of each page at 1440×900 and 390×844 go to test-artifacts/.
"""

from claims.models import Claim, Question  # noqa: E402
from tests.test_browser import (  # noqa: F401  (fixtures, shared with the other browser tests)
    ARTIFACTS,
    Page,
    browser_type_launch_args,
    expect,
)

DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}


def shoot(page: Page, name: str) -> None:
    """The first screen and the whole page, at the viewport's size."""
    ARTIFACTS.mkdir(exist_ok=True)
    size = page.viewport_size
    page.screenshot(path=ARTIFACTS / f"{name}-{size['width']}.png")
    page.screenshot(path=ARTIFACTS / f"{name}-{size['width']}-full.png", full_page=True)


def within_first_screen(page: Page, locator) -> None:
    box = locator.bounding_box()
    assert box is not None
    view = page.viewport_size
    assert box["x"] >= 0 and box["x"] + box["width"] <= view["width"], box
    assert box["y"] >= 0 and box["y"] + box["height"] <= view["height"], box


def test_disputes_come_first_on_the_front_page(page: Page, demo_server):
    page.set_viewport_size(DESKTOP)
    page.goto(demo_server.url + "/")
    panel = page.locator("section.disputes")
    within_first_screen(page, panel)
    assert panel.locator(".badge-conflict").count() > 0
    table = page.locator("table.questions")
    assert table.get_by_role("link", name="How many people died in the January 2022 unrest?")
    badges = table.locator(".badge").evaluate_all("els => els.map(e => e.className)")
    assert badges[0] == "badge badge-conflict"
    shoot(page, "index")
    page.set_viewport_size(PHONE)
    page.goto(demo_server.url + "/")
    within_first_screen(page, page.locator("section.disputes h3").first)
    shoot(page, "index")


def test_the_death_tolls_answers_fit_the_first_screen(page: Page, demo_server):
    question = Question.objects.get(slug="unrest-death-toll")
    claims = list(question.claims.select_related("source__outlet", "actor"))
    page.set_viewport_size(DESKTOP)
    page.goto(demo_server.url + question.get_absolute_url())
    table = page.locator("table.answers")
    within_first_screen(page, table)
    rows = table.locator("tr.answer-row")
    assert rows.count() == len(claims) == 2
    for claim in claims:
        row = table.locator(f"#row-{claim.pk}")
        within_first_screen(page, row)
        assert claim.stated_value in row.inner_text()
        within_first_screen(page, row.get_by_role("link", name=claim.source.title))
        actor = row.locator("td.actor")
        cited = claim.actor.name if claim.actor else "the source itself"
        assert cited in actor.inner_text()
        within_first_screen(page, actor)
    shoot(page, "comparison")
    # the row's card link lands on the card
    rows.first.get_by_role("link", name="Card").click()
    assert page.url.endswith(f"#claim-{claims[0].pk}") or page.url.endswith(
        f"#claim-{claims[1].pk}"
    )
    page.set_viewport_size(PHONE)
    page.goto(demo_server.url + question.get_absolute_url())
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
    shoot(page, "comparison")


def test_eight_answers_fit_the_first_screen(page: Page, demo_server):
    question = Question.objects.get(slug="unrest-death-toll")
    first = question.claims.first()
    for number in range(6):
        first.pk = None
        first.stated_value = f"{170 + number}"
        first.value = first.value_min = first.value_max = 170 + number
        first.bound = "exact"
        first.save()
    question.refresh_analysis()
    page.set_viewport_size(DESKTOP)
    page.goto(demo_server.url + question.get_absolute_url())
    assert page.locator("table.answers tr.answer-row").count() == 8
    within_first_screen(page, page.locator("table.answers"))


def test_claim_page_and_its_citation(page: Page, demo_server):
    claim = Claim.objects.get(question__slug="unrest-death-toll", stated_value="164")
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        page.goto(demo_server.url + claim.get_absolute_url())
        assert page.locator("blockquote.in-context mark.quote").inner_text().strip()
        citation = page.locator("#cite-text").input_value()
        assert claim.source.title in citation and claim.get_absolute_url() in citation
        assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
        shoot(page, "claim")


def test_show_in_the_source_lands_on_a_highlight(page: Page, demo_server):
    # a passage that backs several claims
    claim = Claim.objects.get(question__slug="unrest-death-toll", stated_value="164")
    page.set_viewport_size(DESKTOP)
    page.goto(demo_server.url + claim.card_url)
    page.locator(f"#claim-{claim.pk}").get_by_role("link", name="Show in the source").click()
    target = page.locator(f"mark.quote:has(#quote-{claim.pk})")
    assert target.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(255, 216, 77)"
    box = target.bounding_box()
    assert 0 <= box["y"] < DESKTOP["height"]
    shoot(page, "source")
    page.set_viewport_size(PHONE)
    page.goto(demo_server.url + claim.source.get_absolute_url() + f"#quote-{claim.pk}")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shoot(page, "source")


def test_filters_suggest_names(page: Page, demo_server):
    page.set_viewport_size(DESKTOP)
    page.goto(demo_server.url + "/?disputed=1")
    page.get_by_label("Actor:", exact=True).fill("Toka")
    # the suggestions follow what was typed: only names with "Toka" in them
    options = page.locator("#suggest-actor option")
    expect(options.filter(has_text="Kassym-Jomart Tokayev")).to_have_attribute(
        "value", "kassym-jomart-tokayev"
    )
    expect(options).to_have_count(2)  # and "Spokesman of President Tokayev"
    page.get_by_label("Actor:", exact=True).fill("kassym-jomart-tokayev")
    page.get_by_role("button", name="Apply filters").click()
    assert "actor=kassym-jomart-tokayev" in page.url and "disputed=1" in page.url
    assert page.locator("table.questions tbody tr").count() > 0
