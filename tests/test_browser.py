"""Real-browser tests: what a reader sees and does in Chromium against a live server.

Run with `.venv/bin/pytest tests/test_browser.py`. They use Debian's /usr/bin/chromium
(Playwright's own browsers cannot be downloaded here) and are skipped when it is missing.
Full-page screenshots go to test-artifacts/ in the project root.
"""

import datetime
import os
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(
        f"browser tests need Chromium at {CHROMIUM}; it is not installed",
        allow_module_level=True,
    )

# The live server runs in a thread while Playwright's sync API runs an event loop in
# this one; Django refuses ORM calls from a thread with a running loop unless told.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from playwright.sync_api import Page, expect  # noqa: E402

from claims.models import Claim  # noqa: E402
from sources.models import Source  # noqa: E402

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
HOSTILE = "<script>window.pwned=1</script>"

# live_server needs committed data, hence transactional tests.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module", autouse=True)
def restore_migration_data(django_db_setup, django_db_blocker):
    """Put back what migrations created (the Editors group, permissions) after the flush.

    Transactional tests empty the database when they end, and pytest groups tests by the
    session-scoped browser_name parameter, so tests expecting the migrated data may run
    after these. (serialized_rollback cannot help: Playwright's event loop gives these
    tests a different connection object than the one Django stored the data on.)
    """
    from django.db import connection

    with django_db_blocker.unblock():
        migrated = connection.creation.serialize_db_to_string()
    yield
    with django_db_blocker.unblock():
        # The flush re-created content types and permissions under new keys: empty it
        # again, without that, so the snapshot loads as it was.
        call_command("flush", verbosity=0, interactive=False, inhibit_post_migrate=True)
        connection.creation.deserialize_db_from_string(migrated)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def answered(death_toll, claim_164, claim_225):
    """The death-toll question with both answers, analysed as the index shows it."""
    death_toll.refresh_analysis()
    return death_toll


@pytest.fixture
def hostile_claim(answered):
    source = Source.objects.create(
        status="published",
        text_public=True,
        title="Augenzeugenbericht",
        slug="augenzeugenbericht",
        published_on=datetime.date(2022, 1, 12),
        published_precision="day",
        kind=Source.Kind.NEWS_REPORT,
        text=f"Ein Zeuge schrieb: Es waren 300 Tote {HOSTILE} in Almaty. Mehr sagte er nicht.",
    )
    claim = Claim.objects.create(
        status="published",
        question=answered,
        source=source,
        stated_value=f"300 {HOSTILE}",
        bound=Claim.Bound.EXACT,
        value=Decimal(300),
        value_min=Decimal(300),
        value_max=Decimal(300),
        quote=f"Es waren 300 Tote {HOSTILE} in Almaty.",
    )
    answered.refresh_analysis()
    return claim


def screenshot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / name, full_page=True)


def questions_table(page: Page):
    return page.locator("table.questions tbody")


def test_index_filters_through_the_form(page: Page, live_server, answered):
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Questions")
    question_link = questions_table(page).get_by_role("link", name=answered.text_en)
    expect(question_link).to_be_visible()
    expect(page.locator("p.count")).to_have_text("1 question")
    screenshot(page, "index.png")

    # "at least 225" overlaps 200–300, so the question stays listed.
    page.locator("details summary", has_text="Filters").click()
    # The event is typed by name; the suggestion chosen puts its slug in the link.
    event = page.get_by_label("Event")
    event.fill("January 2022")
    suggestion = page.locator("#suggest-event option")
    expect(suggestion).to_have_attribute("label", "January 2022 unrest in Kazakhstan")
    event.fill(suggestion.get_attribute("value"))
    page.locator("input[name=value_min]").fill("200")
    page.locator("input[name=value_max]").fill("300")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"[?&]value_min=200(&|$)"))
    expect(page).to_have_url(re.compile(r"[?&]value_max=300(&|$)"))
    expect(page).to_have_url(re.compile(r"[?&]event=kazakhstan-unrest-2022(&|$)"))
    expect(question_link).to_be_visible()
    # The applied filters stay in the form, which stays open.
    expect(page.locator("form.filters details")).to_have_attribute("open", "")
    expect(page.locator("input[name=value_min]")).to_have_value("200")

    # Both answers lie above 100. (1000–2000 would still match: "at least 225" is
    # open-ended upwards, so its bounds overlap any range above 225.)
    page.locator("input[name=value_min]").fill("10")
    page.locator("input[name=value_max]").fill("100")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"[?&]value_max=100(&|$)"))
    expect(questions_table(page)).to_contain_text("No questions match.")
    expect(question_link).to_have_count(0)
    expect(page.locator("p.count")).to_have_text("0 questions")


def test_question_page_compares_the_answers(page: Page, live_server, answered):
    page.goto(live_server.url + "/")
    questions_table(page).get_by_role("link", name=answered.text_en).click()
    expect(page).to_have_url(live_server.url + answered.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(answered.text_en)

    stated = page.locator("article.claim .stated")
    expect(stated).to_have_count(2)
    expect(stated.filter(has_text=re.compile(r"^164$"))).to_be_visible()
    expect(stated.filter(has_text="mindestens 225")).to_be_visible()
    expect(page.locator("article.claim blockquote").first).to_be_visible()

    analysis = page.locator("section.analysis")
    expect(analysis).to_be_visible()
    expect(analysis.get_by_role("heading", name="Agreement analysis")).to_be_visible()

    chart = page.locator("svg.range-chart:visible")  # the wide or the phone drawing
    expect(chart).to_be_visible()
    expect(chart.locator("text.row-label")).to_have_count(2)
    expect(chart.locator("circle.point")).to_have_count(2)
    screenshot(page, "question.png")


def test_show_in_the_source_highlights_the_quote(page: Page, live_server, answered, claim_225):
    page.goto(live_server.url + answered.get_absolute_url())
    claim = page.locator(f"article#claim-{claim_225.pk}")
    claim.get_by_role("link", name="Show in the source").click()

    expect(page).to_have_url(
        live_server.url + claim_225.source.get_absolute_url() + f"#quote-{claim_225.pk}"
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(claim_225.source.title)
    mark = page.locator(f'mark.quote[data-claims~="{claim_225.pk}"]')
    expect(mark).to_be_visible()
    expect(mark).to_have_text(claim_225.quote)
    expect(page.locator(f"#quote-{claim_225.pk}")).to_have_count(1)
    screenshot(page, "source.png")


def test_switching_to_german(page: Page, live_server, answered):
    page.goto(live_server.url + answered.get_absolute_url())
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.locator("form.language select").select_option(label="Deutsch")
    page.locator("form.language button[type=submit]").click()

    # set_language sends the reader back to the page it came from.
    expect(page).to_have_url(live_server.url + answered.get_absolute_url())
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Wie viele Menschen starben bei den Unruhen im Januar 2022?"
    )
    expect(page.locator("form.language select")).to_have_value("de")

    # The choice sticks: the index now lists the question in German too.
    page.goto(live_server.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(questions_table(page).get_by_role("link", name=answered.text_de)).to_be_visible()


def test_hostile_text_is_shown_as_text(page: Page, live_server, hostile_claim):
    page.goto(live_server.url + hostile_claim.question.get_absolute_url())
    quote = page.locator(f"article#claim-{hostile_claim.pk} blockquote")
    expect(quote).to_contain_text(HOSTILE)
    # the stated value, in the answer card and as the chart's row label
    expect(page.locator(f"article#claim-{hostile_claim.pk} .stated")).to_contain_text(HOSTILE)
    expect(
        page.locator("svg.range-chart:visible .row-label").filter(has_text="300 <script>")
    ).to_have_count(1)
    assert page.evaluate("typeof window.pwned") == "undefined"
    expect(page.locator("main script")).to_have_count(0)

    page.locator(f"article#claim-{hostile_claim.pk}").get_by_role(
        "link", name="Show in the source"
    ).click()
    expect(page).to_have_url(re.compile(rf"#quote-{hostile_claim.pk}$"))
    mark = page.locator(f'mark.quote[data-claims~="{hostile_claim.pk}"]')
    expect(mark).to_be_visible()
    expect(mark).to_have_text(hostile_claim.quote)
    expect(page.locator(".source-text")).to_contain_text("Mehr sagte er nicht.")
    assert page.evaluate("typeof window.pwned") == "undefined"
    expect(page.locator("main script")).to_have_count(0)


def test_hostile_text_is_shown_as_text_in_search_snippets(page: Page, live_server, hostile_claim):
    page.goto(live_server.url + "/search/?q=Almaty")
    snippet = page.locator("#results-claims blockquote").first
    expect(snippet).to_contain_text(HOSTILE)
    expect(snippet.locator("mark")).to_have_text("Almaty")
    expect(page.locator("#results-sources .snippet").first).to_contain_text("<script>")
    assert page.evaluate("typeof window.pwned") == "undefined"
    expect(page.locator("main script")).to_have_count(0)
