"""Read and claim in Chromium: select a passage, confirm the proposed claim, see it compared.

Every response carries a strict Content-Security-Policy (no inline script), as production
will: the reading view's script must work under it.
"""

import re

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from playwright.sync_api import Page, expect  # noqa: E402, I001

from claims.models import Claim, Question  # noqa: E402
from sources.models import Source  # noqa: E402
from tests.test_browser import (  # noqa: F401  (fixtures)
    ARTIFACTS,
    browser_type_launch_args,
    restore_migration_data,
)

pytestmark = pytest.mark.django_db(transaction=True)

CSP = "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'"
DWN = "dwn-2022-01-10-putin-no-colour-revolution-kazakhstan"
DEATH_TOLL = (
    "Bei den schwersten Unruhen in Kasachstan seit der Unabhängigkeit von Russland vor 30 "
    "Jahren waren nach Angaben von Regierung und Polizei 164 Menschen gestorben."
)


@pytest.fixture
def demo():
    call_command("loaddata", "kazakhstan-2022", verbosity=0)


@pytest.fixture
def editor(django_user_model):
    """A staff user with the Editors group's rights on the dossier's data.

    Given directly: the Editors group comes from a data migration, and the flush that
    ends each transactional test removes it.
    """
    user = django_user_model.objects.create_user("erika", password="correct horse battery")
    user.is_staff = True
    user.save()
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label__in=["claims", "sources"])
    )
    return user


@pytest.fixture
def strict_page(page: Page):
    """A page whose every response forbids inline scripts, recording what the policy blocks."""
    blocked = []

    def with_policy(route):
        response = route.fetch(max_redirects=0)
        route.fulfill(
            response=response,
            headers={**response.headers, "content-security-policy": CSP},
        )

    # On the context, so that the admin's "add another" popups get the policy too.
    page.context.route("**/*", with_policy)
    page.context.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.blocked = blocked
    yield page
    # Requests still in flight when the test ends (the next page, a favicon) are dropped.
    page.context.unroute_all(behavior="ignoreErrors")


def log_in(page: Page, live_server, user) -> None:
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#user-tools")).to_contain_text(user.username)


def select_text(page: Page, needle: str) -> None:
    """Drag the mouse over the needle in the reading view's text, as an editor would."""
    page.wait_for_load_state("load")  # the page's script listens from then on
    box = page.evaluate(
        """(needle) => {
            const text = document.getElementById("reading-text");
            const at = text.textContent.indexOf(needle);
            if (at < 0) return null;
            function point(offset) {
                const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
                let node, seen = 0;
                while ((node = walker.nextNode())) {
                    if (seen + node.data.length > offset) return [node, offset - seen];
                    seen += node.data.length;
                }
            }
            function rect(offset) {
                const [node, inner] = point(offset);
                const range = document.createRange();
                range.setStart(node, inner);
                range.setEnd(node, inner + 1);
                return range.getClientRects()[0];
            }
            point(at)[0].parentElement.scrollIntoView({block: "center"});
            const first = rect(at), last = rect(at + needle.length - 1);
            return {x1: first.left + 1, y1: first.top + first.height / 2,
                    x2: last.right - 1, y2: last.top + last.height / 2};
        }""",
        needle,
    )
    assert box, f"{needle!r} is not in the text"
    page.mouse.move(box["x1"], box["y1"])
    page.mouse.down()
    page.mouse.move(box["x2"], box["y2"], steps=8)
    page.mouse.up()
    assert page.evaluate("document.getSelection().toString()") == needle


def screenshot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / name, full_page=True)


def test_an_editor_claims_a_selected_passage(strict_page: Page, live_server, demo, editor):
    page = strict_page
    source = Source.objects.get(slug=DWN)
    question = Question.objects.get(slug="unrest-death-toll")
    before = set(Claim.objects.values_list("pk", flat=True))
    page.set_viewport_size({"width": 1440, "height": 900})
    log_in(page, live_server, editor)

    # From the source's change page to its reading view.
    page.goto(f"{live_server.url}/admin/sources/source/{source.pk}/change/")
    page.get_by_role("link", name="Read and claim").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Read and claim: {source.title}")
    expect(page.locator("#not-yet-claimed")).to_contain_text("10.01.2022")
    screenshot(page, "reading-1440.png")

    bar = page.locator("#selection-bar")
    expect(bar).to_be_hidden()
    select_text(page, DEATH_TOLL)
    expect(bar).to_be_visible()
    expect(bar).to_contain_text("Bei den schwersten Unruhen")
    page.get_by_role("link", name="Claim this passage").click()

    # The claim form, prefilled: the editor confirms each proposal and picks the question.
    expect(page).to_have_url(re.compile(r"/admin/claims/claim/add/\?"))
    expect(page.locator("#id_quote")).to_have_value(DEATH_TOLL)
    expect(page.locator("#id_stated_value")).to_have_value("164")
    expect(page.locator("#id_bound")).to_have_value("exact")
    expect(page.locator("#id_value")).to_have_value("164")
    expect(page.locator("#id_source")).to_have_value(str(source.pk))
    expect(page.locator(".messagelist")).to_contain_text("The passage also states: vor 30 Jahren")
    page.locator(".field-question .select2-selection").click()
    page.locator(".select2-search__field").fill("How many people died")
    page.locator(".select2-results__option", has_text=question.text_en).click()
    expect(page.locator("#id_question")).to_have_value(str(question.pk))
    screenshot(page, "reading-claim-form.png")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()

    (new,) = set(Claim.objects.values_list("pk", flat=True)) - before
    claim = Claim.objects.get(pk=new)
    assert (claim.question, claim.source, claim.quote) == (question, source, DEATH_TOLL)
    # Back in the reading, where the passage is now highlighted as claimed.
    expect(page).to_have_url(re.compile(rf"/admin/sources/source/{source.pk}/read/#quote-{new}$"))
    expect(page.locator(f"#quote-{new}")).to_be_attached()

    # A draft: in the editor's preview of the comparison, marked, with the quote as the
    # source gives it; readers see it once a reviewer publishes it.
    assert claim.status == "draft" and claim.drafted_by == editor
    page.goto(live_server.url + question.get_absolute_url() + "?preview=1")
    article = page.locator(f"article#claim-{new}")
    expect(article.locator(".stated")).to_have_text("164")
    expect(article.locator(".review-mark")).to_have_text("Draft")
    expect(article.locator("blockquote")).to_contain_text("164 Menschen gestorben")
    page.goto(live_server.url + question.get_absolute_url())
    expect(page.locator(f"article#claim-{new}")).to_have_count(0)
    assert page.blocked == []


def test_the_reading_view_on_a_phone(strict_page: Page, live_server, demo, editor):
    page = strict_page
    source = Source.objects.get(slug=DWN)
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, editor)
    page.goto(f"{live_server.url}/admin/sources/source/{source.pk}/read/")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "reading-390-top.png")
    # The policy is in force: an inline script is refused, and the refusal recorded.
    page.evaluate(
        """() => { const s = document.createElement("script");
                   s.textContent = "window.inlineRan = 1"; document.body.append(s); }"""
    )
    expect(page.locator("body")).to_be_visible()
    assert page.evaluate("typeof window.inlineRan") == "undefined"
    assert len(page.blocked) == 1
    page.blocked.clear()
    select_text(page, "Fast 8000 Personen wurden festgenommen")
    bar = page.locator("#selection-bar")
    expect(bar).to_be_visible()
    expect(bar.get_by_role("link", name="Claim this passage")).to_be_in_viewport()
    screenshot(page, "reading-390.png")
    page.screenshot(path=ARTIFACTS / "reading-390-selected.png")
    page.get_by_role("link", name="Claim this passage").click()
    expect(page.locator("#id_quote")).to_have_value("Fast 8000 Personen wurden festgenommen")
    expect(page.locator("#id_stated_value")).to_have_value("Fast 8000")
    expect(page.locator("#id_bound")).to_have_value("almost")
    assert page.blocked == []


def test_question_event_place_and_actor_are_created_without_leaving_the_form(
    strict_page: Page, live_server, editor, report_164
):
    page = strict_page
    page.set_viewport_size({"width": 1440, "height": 900})
    log_in(page, live_server, editor)
    page.goto(f"{live_server.url}/admin/sources/source/{report_164.pk}/read/")
    page.locator("#not-yet-claimed").get_by_role("link", name="Claim this").click()
    expect(page.locator("#id_stated_value")).to_have_value("164")
    # The "+" links open popups once the admin's scripts have run; before, they navigate.
    page.wait_for_load_state("load")

    # A new question, under a new event in a new place: popups within popups.
    with page.expect_popup() as opened:
        page.locator("#add_id_question").click()
    question_form = opened.value
    question_form.wait_for_load_state("load")
    question_form.locator("#id_text_en").fill("How many died in Almaty?")
    question_form.locator("#id_text_de").fill("Wie viele starben in Almaty?")
    question_form.locator("#id_value_type").select_option("count")
    with question_form.expect_popup() as opened:
        question_form.locator("#add_id_event").click()
    event_form = opened.value
    event_form.wait_for_load_state("load")
    event_form.locator("#id_name").fill("Unrest in Almaty")
    with event_form.expect_popup() as opened:
        event_form.locator("#add_id_place").click()
    place_form = opened.value
    place_form.wait_for_load_state("load")
    place_form.locator("#id_kind").select_option("place")
    place_form.locator("#id_name").fill("Almaty")
    with place_form.expect_event("close"):
        place_form.locator("input[name=_save]").click()
    expect(event_form.locator("#id_place option:checked")).to_have_text("Almaty")
    with event_form.expect_event("close"):
        event_form.locator("input[name=_save]").click()
    expect(question_form.locator("#id_event option:checked")).to_have_text("Unrest in Almaty")
    with question_form.expect_event("close"):
        question_form.locator("input[name=_save]").click()
    expect(page.locator("#id_question option:checked")).to_have_text("How many died in Almaty?")

    # A new actor the source cites.
    with page.expect_popup() as opened:
        page.locator("#add_id_actor").click()
    actor_form = opened.value
    actor_form.wait_for_load_state("load")
    actor_form.locator("#id_kind").select_option("government_body")
    actor_form.locator("#id_name").fill("Almaty police")
    with actor_form.expect_event("close"):
        actor_form.locator("input[name=_save]").click()
    expect(page.locator("#id_actor option:checked")).to_have_text("Almaty police")
    page.locator("#id_attribution").select_option("according_to")

    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    claim = Claim.objects.select_related("question__event__place", "actor").get()
    assert (claim.stated_value, claim.question.text_en, claim.actor.name) == (
        "164",
        "How many died in Almaty?",
        "Almaty police",
    )
    assert (claim.question.event.name, claim.question.event.place.name) == (
        "Unrest in Almaty",
        "Almaty",
    )
    assert page.blocked == []
