import pytest

from claims.models import Claim, Question

pytestmark = pytest.mark.django_db


@pytest.fixture
def shooting_order(unrest, report_164, report_225, tokayev):
    question = Question.objects.create(
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
    # Expect 4 queries:
    # * the actor
    # * its claims with their questions, sources and places
    # * its aliases
    # * the sources it published or wrote
    # * the versions of what it shows (pages/kept.py), read once it is built
    with django_assert_num_queries(5):
        client.get("/actors/kassym-jomart-tokayev/")


def test_event_page_lists_its_questions(client, death_toll, claim_164):
    death_toll.refresh_analysis()
    page = client.get("/events/kazakhstan-unrest-2022/").content.decode()
    assert "January 2022 unrest in Kazakhstan" in page
    assert "Jan. 2, 2022" in page and "Kazakhstan" in page
    assert "How many people died in the January 2022 unrest?" in page
    assert "Single source" in page


def test_event_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries, death_toll):
    # Expect 3 queries:
    # * the event with its place and parent
    # * its parts
    # * its questions
    with django_assert_num_queries(3):
        client.get("/events/kazakhstan-unrest-2022/")


@pytest.mark.parametrize("url", ["/actors/nobody/", "/events/nothing/"])
def test_unknown_pages_are_404(client, url):
    assert client.get(url).status_code == 404
