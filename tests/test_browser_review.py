"""An editor's draft walked through review in Chromium: sent for review by its author,
published by a reviewer from the review queue, and only then on the public page."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from playwright.sync_api import Browser, Page, expect

from claims.models import Claim
from tests.test_browser import (  # noqa: F401  (fixtures)
    browser_type_launch_args,
    restore_migration_data,
)
from tests.test_browser_reading import log_in

pytestmark = pytest.mark.django_db(transaction=True)

QUESTION = "/questions/unrest-death-toll/"


def staff(django_user_model, username: str, publishes: bool):
    """A staff user with the Editors' rights, and a reviewer's where `publishes` (given
    directly: the groups come from a data migration, which the tests' flush removes)."""
    user = django_user_model.objects.create_user(username, password="correct horse battery")
    user.is_staff = True
    user.save()
    rights = Permission.objects.filter(content_type__app_label__in=["claims", "sources"])
    if not publishes:
        rights = rights.exclude(codename__startswith="publish_")
    user.user_permissions.add(*rights)
    return user


@pytest.fixture
def draft(death_toll, claim_164, report_164, government, django_user_model):
    erika = staff(django_user_model, "erika", publishes=False)
    claim = Claim.objects.create(
        question=death_toll,
        source=report_164,
        actor=government,
        stated_value="164 Menschen",
        bound=Claim.Bound.EXACT,
        value=Decimal(164),
        value_min=Decimal(164),
        value_max=Decimal(164),
        quote="kamen 164 Menschen ums Leben",
        notes="Drafted: waiting for a second pair of eyes.",
        drafted_by=erika,
    )
    return erika, claim


def test_a_draft_goes_through_review_to_the_public_page(
    page: Page, browser: Browser, live_server, draft, django_user_model
):
    erika, claim = draft
    rita = staff(django_user_model, "rita", publishes=True)
    reader = browser.new_page()
    reader.goto(live_server.url + QUESTION)
    expect(reader.locator("main")).not_to_contain_text("waiting for a second pair of eyes")

    # The author sends it for review; publishing is not hers to do.
    log_in(page, live_server, erika)
    page.goto(f"{live_server.url}/admin/claims/claim/{claim.pk}/change/")
    expect(page.locator(".review-status")).to_have_text("Draft")
    page.get_by_role("link", name="Review", exact=True).click()
    expect(page.get_by_role("button", name="Publish")).to_have_count(0)
    page.get_by_role("button", name="Send for review").click()
    expect(page.locator(".messagelist")).to_contain_text("Send for review: done")
    reader.reload()
    expect(reader.locator("main")).not_to_contain_text("waiting for a second pair of eyes")

    # The reviewer finds it in the queue, sees what it adds, and publishes it.
    page.context.clear_cookies()
    log_in(page, live_server, rita)
    page.get_by_role("link", name="Review queue").click()
    row = page.locator(".review-queue-table tr", has_text="164 Menschen")
    expect(row).to_contain_text("erika")
    row.get_by_role("link").first.click()
    expect(page.locator("#review-changes")).to_contain_text("Drafted: waiting")
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".messagelist")).to_contain_text("Publish: done")

    # Readers see it at once, unmarked.
    reader.reload()
    card = reader.locator(f"#claim-{claim.pk}")
    expect(card).to_contain_text("waiting for a second pair of eyes")
    expect(card.locator(".review-mark")).to_have_count(0)
    reader.close()
