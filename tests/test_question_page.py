import pytest

pytestmark = pytest.mark.django_db

URL = "/questions/unrest-death-toll/"


def test_comparison_shows_every_answer_side_by_side(client, claim_164, claim_225):
    claim_225.quote_translation = "According to official figures, at least 225 people died."
    claim_225.save()
    page = client.get(URL).content.decode()
    # both answers, as stated and normalised
    assert "mindestens 225" in page and "≥ 225" in page and "At least" in page
    assert ">164<" in page
    # who, when, citing whom
    assert "Government of Kazakhstan" in page and "Kazakh officials" in page
    assert "Tagesblatt" in page
    assert "Jan. 10, 2022" in page and "Aug. 6, 2022" in page
    assert "(According to)" in page
    # the quotes with their translation and a link to their place in the source
    assert "Offiziellen Angaben zufolge starben mindestens 225 Menschen." in page
    assert "According to official figures, at least 225 people died." in page
    assert f'href="/sources/bilanz-der-januarereignisse/#quote-{claim_225.pk}"' in page


def test_comparison_analyses_agreement(client, claim_164, claim_225):
    page = client.get(URL).content.decode()
    assert "Agreement analysis" in page
    assert "Count grew over time" in page
    assert "Answer group 1" in page and "Answer group 2" in page


def test_comparison_draws_the_answers_and_their_timeline(client, claim_164, claim_225):
    page = client.get(URL).content.decode()
    assert page.count('<svg class="range-chart"') == 1
    assert page.count('<svg class="timeline-chart"') == 1
    # "at least 225" is open-ended: an arrow, not a point alone
    assert 'marker-end="url(#arrow)"' in page


def test_editors_note_is_marked_as_not_a_claim(client, death_toll):
    death_toll.editorial_note = "The official toll was later revised."
    death_toll.save()
    page = client.get(URL).content.decode()
    assert "Editors' note" in page
    assert "It is not a claim of any source." in page


def test_unknown_question_is_404(client):
    assert client.get("/questions/no-such-question/").status_code == 404


def test_comparison_runs_a_fixed_number_of_queries(
    client, django_assert_num_queries, claim_164, claim_225
):
    # Expect 4 queries the first time:
    # * the question with its event and its editors' verdict
    # * when its claims, and their sources, outlets, actors and places, last changed,
    #   with their measures and relations
    # * its claims with their sources, outlets, actors, places and measures, to render them
    # * their relations to each other, which the analysis and the cards read
    with django_assert_num_queries(4):
        client.get(URL)
    # and 2 while nothing changed: the rendered comparison is reused
    with django_assert_num_queries(2):
        client.get(URL)


def test_cached_comparison_follows_every_change(client, claim_164, claim_225, government):
    assert "Government of Kazakhstan" in client.get(URL).content.decode()
    # a change to the claim, its source, or the actor it cites shows at once
    claim_164.stated_value = "165"
    claim_164.save()
    assert ">165<" in client.get(URL).content.decode()
    source = claim_225.source
    source.title = "Neue Bilanz"
    source.save()
    assert "Neue Bilanz" in client.get(URL).content.decode()
    government.name = "Kazakh government"
    government.save()
    page = client.get(URL).content.decode()
    assert "Kazakh government" in page and "Government of Kazakhstan" not in page
    claim_225.delete()
    assert "mindestens 225" not in client.get(URL).content.decode()


def test_cached_comparison_keeps_each_language(client, claim_164):
    client.get(URL)
    client.cookies["django_language"] = "de"
    page = client.get(URL).content.decode()
    assert "Wie viele Menschen starben bei den Unruhen im Januar 2022?" in page
    assert "Übereinstimmung" in page or "Quelle" in page
