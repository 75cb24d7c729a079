import pytest

from claims.filters import MAX_QUERY_LENGTH
from claims.models import Question

pytestmark = pytest.mark.django_db


@pytest.fixture
def analysed(death_toll, claim_164, claim_225):
    death_toll.refresh_analysis()
    return death_toll


@pytest.fixture
def founding(unrest, report_164):
    question = Question.objects.create(
        status="published",
        event=unrest,
        slug="csto-founding-date",
        text_en="When was the CSTO founded?",
        text_de="Wann wurde die OVKS gegründet?",
        value_type="date",
    )
    question.refresh_analysis()
    return question


def test_index_lists_questions_with_sources_range_and_agreement(client, analysed):
    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "How many people died in the January 2022 unrest?" in page
    assert "January 2022 unrest in Kazakhstan" in page
    assert "164 – 225+" in page
    assert "Count grew over time" in page


@pytest.mark.parametrize(
    "query, shown",
    [
        ("value_min=200&value_max=300", True),  # "at least 225" lies in 200–300
        ("value_min=100&value_max=150", False),
        ("value_min=1000", True),  # open-ended above
        ("actor=government", True),
        ("actor=kazakhstan", False),
        ("outlet=tagesblatt", True),
        ("source=bilanz-der-januarereignisse", True),
        ("language=de", True),
        ("language=en", False),
        ("published_after=2022-08-01", True),
        ("published_after=2022-09-01", False),
        ("agreement=over_time", True),
        ("agreement=conflict", False),
        ("value_type=count", True),
        ("value_type=date", False),
        ("event=kazakhstan-unrest-2022", True),
        ("q=died", True),
        ("q=starben", True),
        ("q=founded", False),
    ],
)
def test_filters_filter(client, analysed, founding, query, shown):
    response = client.get(f"/?{query}")
    assert response.status_code == 200
    assert ("How many people died" in response.content.decode()) is shown


def test_claim_filters_apply_to_one_claim_at_once(client, analysed):
    # The government says 164, which is not in 200–300; officials say "at least 225".
    assert "How many people died" in client.get("/?actor=officials&value_min=200").content.decode()
    response = client.get("/?actor=government&value_min=200&value_max=300")
    assert "How many people died" not in response.content.decode()


@pytest.mark.parametrize(
    "query, message",
    [
        ("value_min=lots", "Enter a number."),
        ("published_after=2022-13-45", "Enter a valid date."),
        ("actor=nobody", "Select a valid choice."),
        ("agreement=maybe", "Select a valid choice."),
        ("sort=price", "Select a valid choice."),
        ("language=not a language", "BCP 47"),
        ("q=" + "x" * (MAX_QUERY_LENGTH + 1), "at most 200 characters"),
    ],
)
def test_bad_filters_answer_400_with_errors_and_no_results(client, analysed, query, message):
    response = client.get(f"/?{query}")
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "No questions match." in page


def test_bad_page_number_answers_400(client, analysed):
    response = client.get("/?page=first")
    assert response.status_code == 400
    assert "The page number must be a whole number" in response.content.decode()


def test_sorting_and_pagination_keep_the_filters(client, unrest):
    for i in range(30):
        Question.objects.create(
            status="published",
            event=unrest,
            slug=f"q-{i:02}",
            text_en=f"Question {i:02}",
            text_de="?",
            value_type="count",
        )
    response = client.get("/?sort=question&value_type=count")
    page = response.content.decode()
    assert page.index("Question 00") < page.index("Question 01")
    assert "Question 29" not in page
    assert "?sort=question&amp;value_type=count&amp;page=2" in page
    assert "Question 29" in client.get("/?sort=question&value_type=count&page=2").content.decode()
    assert "Question 29" in client.get("/?sort=-question").content.decode()


def test_index_runs_a_fixed_number_of_queries(
    client, django_assert_num_queries, analysed, founding
):
    # Expect 5 queries on the front page:
    # * count the matching questions
    # * the page of questions with their events
    # * the disputes panel: each event's top disputed questions (as ids)
    # * those questions with their events
    # * the versions of what it shows (pages/kept.py), read once it is built
    with django_assert_num_queries(5):
        client.get("/")
    # A filtered index has no panel: plus one per slug filter, to look the slug up,
    # and the claims subquery is part of the count (capped) and page queries; plus the
    # page's versions.
    with django_assert_num_queries(4):
        client.get("/?actor=officials&value_min=200&published_after=2022-01-01")


def test_an_empty_sort_keeps_the_default_order(client, analysed, founding):
    page = client.get("/?sort=,").content.decode()
    # the most-answered question first, as without the parameter
    assert page.index("How many people died") < page.index("When was the CSTO founded?")
