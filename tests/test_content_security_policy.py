"""The Content-Security-Policy: strict, and every page works under it in Chromium.

Chromium reports each thing the policy blocks as a `securitypolicyviolation` event and
a console error; a page passes only if it reports none, after its scripts have run.
"""

import os

import pytest

from tests.test_browser import (  # noqa: F401 (fixtures)
    CHROMIUM,
    browser_type_launch_args,
    restore_migration_data,
    screenshot,
)

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from playwright.sync_api import Page, expect  # noqa: E402

from claims.models import Question, Verdict  # noqa: E402
from sources.models import ActorAlias  # noqa: E402

pytestmark = pytest.mark.django_db(transaction=True)

# Collects violations from the first moment of every document the page opens.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  window.__violations.push(`${event.violatedDirective} blocked ${event.blockedURI} at ${where}`);
});
"""


def test_every_response_carries_a_strict_policy(client):
    policy = client.get("/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in policy


@pytest.fixture
def watched(page: Page):
    """The page, and every violation or console error it reports."""
    console = []
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    page.add_init_script(RECORD_VIOLATIONS)

    def reported() -> list[str]:
        violations = page.evaluate("window.__violations")
        blocked = [line for line in console if "Content Security Policy" in line]
        return violations + blocked

    return page, reported


@pytest.fixture
def dossier(death_toll, claim_164, claim_225, tokayev):
    Question.objects.all().refresh_analysis()


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Chromium")
def test_the_public_pages_report_no_violations(watched, live_server, dossier):
    page, reported = watched
    for name, path, visible in [
        ("index", "/", "table.questions"),
        ("comparison", "/questions/unrest-death-toll/", "svg"),
        ("source", "/sources/unruhen-in-kasachstan/", "h1"),
        ("search", "/search/?q=Tokajew", "mark"),
    ]:
        page.goto(live_server.url + path)
        expect(page.locator(visible).first).to_be_visible()
        page.wait_for_load_state("networkidle")
        assert reported() == [], name
        screenshot(page, f"csp-{name}.png")
    # From a claim to its quote, highlighted in the source.
    page.goto(live_server.url + "/questions/unrest-death-toll/")
    page.get_by_text("Show in the source").first.click()
    expect(page.locator("mark").first).to_be_visible()
    assert reported() == [], "show in the source"


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Chromium")
def test_the_api_docs_run_under_the_policy(watched, live_server, dossier):
    page, reported = watched
    page.goto(live_server.url + "/api/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Dossier API")
    page.locator(".opblock-summary-path", has_text="/api/questions/").first.click()
    expect(page.locator(".opblock-body").first).to_be_visible()
    page.wait_for_load_state("networkidle")
    screenshot(page, "csp-api-docs.png")
    assert reported() == []


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Chromium")
def test_the_admin_runs_under_the_policy(watched, live_server, dossier, django_user_model):
    page, reported = watched
    django_user_model.objects.create_superuser("root", password="a long admin secret")
    page.goto(live_server.url + "/admin/login/?next=/admin/")
    assert reported() == [], "login"
    page.fill("#id_username", "root")
    page.fill("#id_password", "a long admin secret")
    page.click("input[type=submit]")
    expect(page.locator("#site-name")).to_be_visible()

    page.goto(live_server.url + "/admin/claims/claim/")
    expect(page.locator("#result_list")).to_be_visible()
    page.locator("#action-toggle").check()  # the changelist's own script
    assert reported() == [], "changelist"

    claim = Question.objects.get(slug="unrest-death-toll").claims.first()
    page.goto(live_server.url + f"/admin/claims/claim/{claim.pk}/change/")
    page.locator("#id_actor + .select2 .select2-selection").click()
    page.locator(".select2-search__field").fill("Kaz")
    expect(page.locator(".select2-results__option", has_text="Kazakh officials")).to_be_visible()
    page.wait_for_load_state("networkidle")
    screenshot(page, "csp-admin-change-form.png")
    assert reported() == [], "change form"


def admin_pages(question, claim, verdict, alias) -> list[tuple[str, str]]:
    """(name, path) of every kind of admin page an editor opens."""
    pages = [("index", "/admin/")]
    for obj in [question, claim, verdict, alias, claim.source, claim.actor, question.event]:
        base = f"/admin/{obj._meta.app_label}/{obj._meta.model_name}/"
        record = obj.history.earliest()
        pages += [
            (f"{obj._meta.model_name} changelist", base),
            (f"{obj._meta.model_name} change form", f"{base}{obj.pk}/change/"),
            (f"{obj._meta.model_name} history", f"{base}{obj.pk}/history/"),
            (f"{obj._meta.model_name} revert", f"{base}{obj.pk}/history/{record.history_id}/"),
            (f"{obj._meta.model_name} add form", f"{base}add/"),
            (f"{obj._meta.model_name} delete", f"{base}{obj.pk}/delete/"),
        ]
    for path in ["claims/claim", "claims/question", "sources/actor"]:
        pages += [(f"{path} import", f"/admin/{path}/import/")]
        pages += [(f"{path} export", f"/admin/{path}/export/")]
    return pages


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Chromium")
def test_every_kind_of_page_reports_no_violations(watched, live_server, dossier, admin_user):
    """Public pages, the browsable API and its docs, and every kind of admin page."""
    page, reported = watched
    question = Question.objects.get(slug="unrest-death-toll")
    claim = question.claims.select_related("source", "actor").first()
    verdict = Verdict.objects.create(
        status="published", question=question, agreement="conflict", reason="Split."
    )
    claim.save()  # a second version, so the history has something to compare
    alias = ActorAlias.objects.first()
    public = [
        ("index", "/"),
        ("comparison", f"/questions/{question.slug}/"),
        ("claim", claim.get_absolute_url()),
        ("source", claim.source.get_absolute_url()),
        ("actor", claim.actor.get_absolute_url()),
        ("search", "/search/?q=Tokajew"),
        ("not found", "/questions/no-such-question/"),
        ("browsable API root", "/api/"),
        ("browsable API list", "/api/questions/?page=1"),
        ("browsable API detail", f"/api/claims/{claim.pk}/"),
        ("browsable API filtered", "/api/claims/?question=unrest-death-toll"),
        ("API docs", "/api/docs/"),
    ]
    for name, path in public:
        page.goto(live_server.url + path, wait_until="networkidle")
        assert reported() == [], name

    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", admin_user.username)
    page.fill("#id_password", "password")  # pytest-django's admin_user
    page.click("input[type=submit]")
    expect(page.locator("#site-name")).to_be_visible()
    for name, path in admin_pages(question, claim, verdict, alias):
        response = page.goto(live_server.url + path, wait_until="networkidle")
        assert response.status == 200, name
        assert reported() == [], name
