import pytest

from claims.models import Claim, Question

pytestmark = pytest.mark.django_db


@pytest.fixture
def shooting_order(unrest, report_164, report_225, tokayev):
    question = Question.objects.create(
        status="published",
        event=unrest,
        slug="unrest-shooting-order",
        text_en="Were security forces ordered to shoot at protesters?",
        text_de="Erhielten die Sicherheitskräfte den Befehl zu schießen?",
        value_type="yes_no",
    )
    for source, answer, quote in [
        (report_164, True, "Schießbefehl ohne Vorwarnung"),
        (report_225, False, "würden niemals auf friedliche Demonstranten schießen"),
    ]:
        Claim.objects.create(
            status="published",
            question=question,
            source=source,
            actor=tokayev,
            attribution="paraphrase",
            stated_value=quote,
            boolean_value=answer,
            quote=quote,
        )
    return question


def test_actor_page_lists_what_the_actor_is_cited_as_saying(client, shooting_order, tokayev):
    page = client.get("/actors/kassym-jomart-tokayev/").content.decode()
    assert "Kassym-Jomart Tokayev" in page
    assert "Tokajew" in page  # its alias
    assert "Were security forces ordered to shoot at protesters?" in page
    assert "Schießbefehl ohne Vorwarnung" in page


def test_actor_page_flags_self_contradiction(client, shooting_order, tokayev):
    page = client.get("/actors/kassym-jomart-tokayev/").content.decode()
    assert "Contradicts itself" in page
    assert "contradict each other on 1 question." in page


def test_consistent_actor_is_not_flagged(client, claim_164, government):
    page = client.get("/actors/government/").content.decode()
    assert "164" in page
    assert "Contradicts itself" not in page


def test_actor_page_runs_a_fixed_number_of_queries(
    client, django_assert_num_queries, shooting_order, tokayev
):
    # Expect 8 queries:
    # * the actor
    # * the questions it is cited on, counted
    # * the page's questions
    # * its claims on them, with their questions, sources, outlets, places and measures
    # * their relations (the analysis that finds a self-contradiction reads them)
    # * its aliases
    # * the sources it published or wrote
    # * the versions of what it shows (pages/kept.py), read once it is built
    with django_assert_num_queries(8):
        client.get("/actors/kassym-jomart-tokayev/")


@pytest.fixture
def cited_on_25_questions(unrest, report_164, report_225, tokayev):
    """Tokayev cited on 25 questions, twice each; on the first he contradicts himself."""
    for n in range(25):
        question = Question.objects.create(
            status="published",
            event=unrest,
            slug=f"question-{n:02}",
            text_en=f"Question number {n:02}?",
            value_type="yes_no",
        )
        for source, answer in [(report_164, True), (report_225, n != 0)]:
            Claim.objects.create(
                status="published",
                question=question,
                source=source,
                actor=tokayev,
                attribution="paraphrase",
                stated_value="Ja",
                boolean_value=answer,
                quote="Ja",
            )


def test_actor_page_shows_twenty_questions_a_page(client, cited_on_25_questions):
    first = client.get("/actors/kassym-jomart-tokayev/").content.decode()
    assert "Question number 00?" in first and "Question number 19?" in first
    assert "Question number 20?" not in first
    assert "Cited on 25 questions; this page shows 1–20." in first
    assert "Page 1 of 2" in first and 'rel="next" href="?page=2"' in first
    second = client.get("/actors/kassym-jomart-tokayev/?page=2").content.decode()
    assert "Question number 19?" not in second and "Question number 24?" in second
    assert "this page shows 21–25." in second


def test_actor_page_counts_contradictions_on_the_page_it_shows(client, cited_on_25_questions):
    first = client.get("/actors/kassym-jomart-tokayev/").content.decode()
    assert "On this page, this actor's own statements contradict each other on 1 question." in (
        first
    )
    second = client.get("/actors/kassym-jomart-tokayev/?page=2").content.decode()
    assert "contradict each other" not in second


def test_actor_page_queries_do_not_grow_with_its_questions(
    client, django_assert_num_queries, cited_on_25_questions
):
    # The same 8 queries as for one question (see above), for a page of 20 of 25.
    with django_assert_num_queries(8):
        client.get("/actors/kassym-jomart-tokayev/?page=2")


def test_actor_page_number_that_is_no_number_is_a_bad_request(client, cited_on_25_questions):
    response = client.get("/actors/kassym-jomart-tokayev/?page=two")
    assert response.status_code == 400
    assert "The page number must be a whole number" in response.content.decode()


def test_event_page_lists_its_questions(client, death_toll, claim_164):
    death_toll.refresh_analysis()
    page = client.get("/events/kazakhstan-unrest-2022/").content.decode()
    assert "January 2022 unrest in Kazakhstan" in page
    assert "Jan. 2, 2022" in page and "Kazakhstan" in page
    assert "How many people died in the January 2022 unrest?" in page
    assert "Single source" in page


def test_event_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries, death_toll):
    # Expect 4 queries:
    # * the event with its place and parent
    # * its questions, counted
    # * its parts
    # * a page of its questions with their verdicts
    with django_assert_num_queries(4):
        client.get("/events/kazakhstan-unrest-2022/")


def test_event_page_shows_its_questions_a_page_at_a_time(client, unrest):
    for n in range(30):
        Question.objects.create(
            status="published",
            event=unrest,
            slug=f"question-{n:02}",
            text_en=f"Question {n:02}?",
            value_type="count",
        )
    first = client.get("/events/kazakhstan-unrest-2022/").content.decode()
    assert "30 questions" in first and "Page 1 of 2" in first
    assert "Question 24?" in first and "Question 25?" not in first
    second = client.get("/events/kazakhstan-unrest-2022/?page=2").content.decode()
    assert "Question 25?" in second and "Question 29?" in second and "Question 24?" not in second


@pytest.mark.parametrize("url", ["/actors/nobody/", "/events/nothing/"])
def test_unknown_pages_are_404(client, url):
    assert client.get(url).status_code == 404
