"""A filtered index counts its questions only so far past the page it shows."""

import pytest

from claims import views
from claims.models import Question

pytestmark = pytest.mark.django_db


@pytest.fixture
def questions_120(unrest, monkeypatch):
    """120 numeric questions, and an index that counts 50 past the start of its page."""
    monkeypatch.setattr(views, "COUNTED_PAST_PAGE", 50)
    Question.objects.bulk_create(
        Question(
            status="published",
            event=unrest,
            slug=f"q-{i:03}",
            text_en=f"Question {i:03}",
            value_type="count",
        )
        for i in range(120)
    )


def test_a_filter_matching_more_than_it_counts_says_more_than(client, questions_120):
    page = client.get("/?value_type=count&sort=question").content.decode()
    assert "More than 50 questions" in page
    assert "counted no further: narrow the filters for an exact total" in page
    assert "Page 1 of more than 2" in page
    # The parameters in one order, whatever the address's (dossier.parameters).
    assert 'rel="next" href="?sort=question&amp;value_type=count&amp;page=2"' in page


def test_pages_past_the_count_can_still_be_read(client, questions_120):
    page = client.get("/?value_type=count&sort=question&page=4").content.decode()
    # Counted 50 past the page's start (75): all 120 now, exactly.
    assert "120 questions" in page and "More than" not in page
    assert "Page 4 of 5" in page
    assert "Question 075" in page and "Question 099" in page
    assert "Question 074" not in page and "Question 100" not in page


def test_a_filter_matching_no_more_than_it_counts_gives_the_exact_total(
    client, unrest, questions_120
):
    Question.objects.filter(slug__gte="q-040").update(value_type="percentage")
    page = client.get("/?value_type=count").content.decode()
    assert "40 questions" in page and "More than" not in page
    assert "Page 1 of 2" in page


def test_a_page_far_past_the_end_shows_the_last_with_the_exact_total(client, questions_120):
    page = client.get("/?value_type=count&sort=question&page=900").content.decode()
    assert "120 questions" in page and "Page 5 of 5" in page
    assert "Question 119" in page
