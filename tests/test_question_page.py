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
    assert (
        f'href="/sources/bilanz-der-januarereignisse/?quote={claim_225.pk}#quote-{claim_225.pk}"'
        in page
    )


def test_comparison_analyses_agreement(client, claim_164, claim_225):
    page = client.get(URL).content.decode()
    assert "Agreement analysis" in page
    assert "Count grew over time" in page
    assert "Answer group 1" in page and "Answer group 2" in page


def test_editors_note_is_marked_as_not_a_claim(client, death_toll):
    death_toll.editorial_note = "The official toll was later revised."
    death_toll.save()
    page = client.get(URL).content.decode()
    assert "Editors' note" in page
    assert "It is not a claim of any source." in page


def test_unknown_question_is_404(client):
    assert client.get("/questions/no-such-question/").status_code == 404


# The comparison's cache and its query budget: tests/test_comparison_cache.py
