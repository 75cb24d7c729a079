"""The editors' reading view: read a source, see what is claimed, claim a selected passage."""

import datetime
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.urls import reverse

from claims.coverage import Sentences
from claims.models import Claim
from claims.reading import FROM_READING, DomOffsets, has_field
from sources.models import Source
from tests.admin_forms import opened_form

pytestmark = pytest.mark.django_db


def read_url(source):
    return reverse("admin:sources_source_read", args=[source.pk])


def claim_url(source, **params):
    return reverse("admin:sources_source_read_claim", args=[source.pk]), params


def prefill(response) -> dict:
    """The claim form's GET parameters the passage was turned into (less the mark that
    sends the saved claim back to the reading)."""
    assert response.status_code == 302, response.content[:500]
    location = urlsplit(response["Location"])
    assert location.path == reverse("admin:claims_claim_add")
    fields = {key: values[0] for key, values in parse_qs(location.query).items()}
    assert fields.pop(FROM_READING) == "1"
    return fields


@pytest.fixture
def reader(django_user_model):
    """Staff who may view sources and claims, but not add claims."""
    user = django_user_model.objects.create_user("rudi", password="correct horse battery")
    user.is_staff = True
    user.save()
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_source", "view_claim"])
    )
    return user


@pytest.fixture
def long_report(tagesblatt):
    return Source.objects.create(
        status="published",
        text_public=True,
        title="Die Woche in Almaty",
        slug="die-woche-in-almaty",
        outlet=tagesblatt,
        published_on=datetime.date(2022, 1, 12),
        published_precision="day",
        kind=Source.Kind.NEWS_REPORT,
        text=(
            "Die Woche in Almaty\n\n"
            "Nach Angaben von Regierung und Polizei kamen\n164 Menschen ums Leben. "
            "Fast 8000 Personen wurden festgenommen, darunter viele Ausländer.\r\n"
            "Die Allianz schickte mehrere Tausend Soldaten 🪖 nach Kasachstan.\n"
            "Sie sollen bis Ende Juni abziehen."
        ),
    )


# --- Who may read, who may claim ----------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_login(client, report_164):
    response = client.get(read_url(report_164))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_staff_without_the_view_permission_are_refused(client, django_user_model, report_164):
    user = django_user_model.objects.create_user("karl", password="x", is_staff=True)
    client.force_login(user)
    assert client.get(read_url(report_164)).status_code == 403


def test_an_editor_reads_and_may_claim(editor_client, long_report):
    response = editor_client.get(read_url(long_report))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'src="/static/js/reading.js"' in page
    assert "data-propose-url=" in page
    assert "Claim this passage" in page
    assert page.count('class="button claim-link"') == 4  # 164, Fast 8000, mehrere Tausend, Juni


def test_staff_without_the_claim_add_permission_read_only(client, reader, long_report):
    client.force_login(reader)
    response = client.get(read_url(long_report))
    assert response.status_code == 200
    page = response.content.decode()
    assert "reading.js" not in page
    assert "data-propose-url" not in page
    assert "claim-link" not in page and 'class="claim-this"' not in page
    assert "Fast 8000" in page  # the figures are still listed
    path, params = claim_url(long_report, start=0, end=10)
    assert client.get(path, params).status_code == 403


def test_a_missing_source_is_not_found(editor_client):
    response = editor_client.get(reverse("admin:sources_source_read", args=[999999]))
    assert response.status_code == 404


def test_the_source_admin_links_to_the_reading_view(editor_client, report_164):
    change = editor_client.get(reverse("admin:sources_source_change", args=[report_164.pk]))
    assert f'href="{read_url(report_164)}"' in change.content.decode()
    changelist = editor_client.get(reverse("admin:sources_source_changelist"))
    assert f'href="{read_url(report_164)}"' in changelist.content.decode()


# --- What the page shows ------------------------------------------------------------------------


def test_quoted_passages_are_highlighted_and_linked_to_their_claims(
    editor_client, report_225, claim_225, django_assert_num_queries
):
    # session, user, source, claims with their questions, the user's and groups' permissions,
    # the document the text was read from (to say whether OCR read it)
    with django_assert_num_queries(7):
        response = editor_client.get(read_url(report_225))
    page = response.content.decode()
    mark = re.search(rf'<mark class="quote" data-claims="{claim_225.pk}">(.*?)</mark>', page)
    assert mark and mark.group(1) == claim_225.quote
    change = reverse("admin:claims_claim_change", args=[claim_225.pk])
    assert f'<a class="ref" id="quote-{claim_225.pk}" href="{change}" data-n="1"' in page
    # The only figure is claimed: nothing is left to claim.
    assert "1 of 1 figure or date in the text is quoted by a claim." in page
    assert "claim-link" not in page


def test_unclaimed_figures_are_listed_with_their_context(editor_client, long_report):
    page = editor_client.get(read_url(long_report)).content.decode()
    unclaimed = re.findall(r'<a href="#figure-\d+">(.*?)</a>', page)
    assert [re.search("<strong>(.*)</strong>", item).group(1) for item in unclaimed] == [
        "164",
        "Fast 8000",
        "mehrere Tausend",
        "Ende Juni",
    ]
    assert "0 of 4 figures and dates in the text are quoted by a claim." in page
    # each marked in the text, where it stands
    at = long_report.text.index("164")
    assert f'<span class="unclaimed" id="figure-{at}">164</span>' in page


def test_the_text_is_escaped(editor_client, report_164):
    report_164.text = "Es waren <script>alert(1)</script> 300 Tote."
    report_164.save()
    page = editor_client.get(read_url(report_164)).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# --- From a passage to the claim form -----------------------------------------------------


def test_a_selected_passage_prefills_the_claim_form(editor_client, long_report):
    text = long_report.text
    start = text.index("Nach Angaben")
    end = text.index("ums Leben.") + len("ums Leben.")
    path, params = claim_url(long_report, start=start, end=end)
    fields = prefill(editor_client.get(path, params))
    assert fields == {
        "source": str(long_report.pk),
        # exactly as stored, line break and all
        "quote": "Nach Angaben von Regierung und Polizei kamen\n164 Menschen ums Leben.",
        "stated_value": "164",
        "bound": "exact",
        "value": "164",
        "value_min": "164",
        "value_max": "164",
    }


def test_the_claim_form_opens_with_the_proposal(editor_client, report_225):
    path, params = claim_url(report_225, start=0, end=len(report_225.text))
    response = editor_client.get(path, params, follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0].startswith(reverse("admin:claims_claim_add"))
    assert 'name="stated_value" value="mindestens 225"' in page
    assert '<option value="at_least" selected>' in page
    assert 'name="value" value="225"' in page
    assert f">\n{report_225.text}</textarea>" in page
    assert f'<option value="{report_225.pk}" selected>{report_225.title}</option>' in page
    assert "Proposed from the passage you selected" in page


def test_a_claim_saved_from_a_passage_returns_to_the_reading(editor_client, report_225, death_toll):
    path, params = claim_url(report_225, start=0, end=len(report_225.text))
    form_page = editor_client.get(path, params, follow=True)
    form_url = form_page.redirect_chain[-1][0]
    data = opened_form(form_page) | {"question": death_toll.pk, "_save": "Save"}
    response = editor_client.post(form_url, data)
    claim = Claim.objects.get(source=report_225)
    assert response.status_code == 302
    assert response["Location"] == f"{read_url(report_225)}#quote-{claim.pk}"
    reading = editor_client.get(response["Location"]).content.decode()
    assert f'id="quote-{claim.pk}"' in reading
    assert "was added successfully" in reading
    # "Save and add another" still means another form
    data["_addanother"] = "Save and add another"
    claim.delete()
    response = editor_client.post(form_url, data)
    assert response["Location"].startswith(reverse("admin:claims_claim_add"))


def test_offsets_are_counted_as_the_browser_counts_them(editor_client, long_report):
    """CR LF is one character in the page, the helmet two: the quote is still exact."""
    text = long_report.text
    offsets = DomOffsets(text)
    start = text.index("Die Allianz")
    end = text.index("Kasachstan.", start) + len("Kasachstan.")
    assert offsets.to_dom(start) == start - 1  # after one CR LF
    assert offsets.to_dom(end) == end - 1 + 1  # and a character outside the BMP
    path, params = claim_url(long_report, start=offsets.to_dom(start), end=offsets.to_dom(end))
    fields = prefill(editor_client.get(path, params))
    assert fields["quote"] == "Die Allianz schickte mehrere Tausend Soldaten 🪖 nach Kasachstan."
    assert (fields["stated_value"], fields["bound"], fields["value_min"]) == (
        "mehrere Tausend",
        "vague",
        "2000",
    )


def test_whitespace_around_a_selection_is_left_out(editor_client, report_225):
    path, params = claim_url(report_225, start=0, end=len(report_225.text))
    report_225.text = "\n  " + report_225.text + "  \n"
    report_225.save()
    path, params = claim_url(report_225, start=0, end=len(report_225.text))
    assert prefill(editor_client.get(path, params))["quote"] == report_225.text.strip()


def test_a_derived_year_is_proposed_as_a_date_with_its_tolerance(editor_client, long_report):
    long_report.text = "Seit der Unabhängigkeit vor 30 Jahren regiert die Partei."
    long_report.save()
    path, params = claim_url(long_report, start=0, end=len(long_report.text))
    fields = prefill(editor_client.get(path, params))
    assert (fields["stated_value"], fields["date_value"], fields["date_precision"]) == (
        "vor 30 Jahren",
        "1992-01-01",
        "year",
    )
    # Only where claims carry a tolerance.
    assert ("tolerance" in fields) == has_field(Claim, "tolerance")


def test_at_picks_another_figure_of_the_passage(editor_client, report_164):
    report_164.text = "Vor 30 Jahren wurde das Land unabhängig; 164 Menschen starben."
    report_164.save()
    path, params = claim_url(report_164, start=0, end=len(report_164.text))
    response = editor_client.get(path, params)
    assert prefill(response)["stated_value"] == "164"
    page = editor_client.get(response["Location"]).content.decode()
    assert "The passage also states:" in page
    assert "Vor 30 Jahren</a>" in page
    fields = prefill(editor_client.get(path, {**params, "at": 0}))
    assert (fields["stated_value"], fields["date_value"]) == ("Vor 30 Jahren", "1992-01-01")


def test_a_passage_without_a_figure_proposes_its_wording(editor_client, report_164):
    report_164.text = "Kasachstans Präsident spricht von einem versuchten Staatsstreich."
    report_164.save()
    start = report_164.text.index("versuchten")
    path, params = claim_url(report_164, start=start, end=start + len("versuchten Staatsstreich"))
    fields = prefill(editor_client.get(path, params))
    assert fields["stated_value"] == fields["quote"] == "versuchten Staatsstreich"
    assert "bound" not in fields


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"start": "x", "end": "5"},
        {"start": "5", "end": "5"},
        {"start": "10", "end": "5"},
        {"start": "-1", "end": "5"},
        {"start": "0", "end": "999999"},
        {"start": "0", "end": "9" * 5000},
        {"start": "0", "end": "5", "at": "zwei"},
    ],
)
def test_a_bad_selection_is_sent_back_with_a_message(editor_client, report_164, params):
    path, _params = claim_url(report_164)
    response = editor_client.get(path, params, follow=True)
    assert response.redirect_chain == [(read_url(report_164), 302)]
    assert "Select a passage in the text to claim it." in response.content.decode()


def test_a_passage_longer_than_a_quote_is_refused(editor_client, report_164):
    report_164.text = "Ein Satz mit 12 Wörtern. " * 100
    report_164.save()
    path, params = claim_url(report_164, start=0, end=len(report_164.text))
    response = editor_client.get(path, params, follow=True)
    assert response.redirect_chain == [(read_url(report_164), 302)]
    assert "select at most 1000" in response.content.decode()


def test_unclaimed_figures_link_to_their_sentence(editor_client, long_report):
    page = editor_client.get(read_url(long_report)).content.decode()
    links = re.findall(r'class="button claim-link" href="([^"]+)"', page)
    second = links[1].replace("&amp;", "&")
    fields = prefill(editor_client.get(second))
    assert fields["quote"] == "Fast 8000 Personen wurden festgenommen, darunter viele Ausländer."
    assert (fields["stated_value"], fields["bound"], fields["value"]) == (
        "Fast 8000",
        "almost",
        "8000",
    )


# --- claim_coverage ----------------------------------------------------------------------


def test_claim_coverage_names_an_unknown_source():
    with pytest.raises(Exception, match="No source with the slug 'nope'"):
        call_command("claim_coverage", "--source", "nope")


DWN = "dwn-2022-01-10-putin-no-colour-revolution-kazakhstan"


def test_the_reading_view_speaks_german(editor_client, long_report):
    page = editor_client.get(read_url(long_report), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Lesen und erfassen: Die Woche in Almaty" in page
    assert "Noch nicht erfasst" in page
    assert "0 von 4 Zahlen und Daten im Text sind von Angaben zitiert." in page
    assert "Diese Stelle erfassen" in page


@pytest.mark.parametrize(
    ("text", "figure", "sentence"),
    [
        (
            "Vorher. Am 6. Januar 2022 kamen ca. 164 Menschen ums Leben. Danach nicht.",
            "164",
            "Am 6. Januar 2022 kamen ca. 164 Menschen ums Leben.",
        ),
        ("Titel\n\nFast 8000 Personen wurden festgenommen\nAktualisiert", "8000",
         "Fast 8000 Personen wurden festgenommen"),
        ("„Es waren 300.“ Sagte er.", "300", "„Es waren 300.“"),
    ],
)  # fmt: skip
def test_a_figure_is_proposed_with_its_sentence(text, figure, sentence):
    at = text.index(figure)
    start, end = Sentences(text).around(at, at + len(figure))
    assert text[start:end] == sentence


def test_the_reading_views_only_read(editor_client, report_164):
    path, _params = claim_url(report_164)
    assert editor_client.post(read_url(report_164)).status_code == 405
    assert editor_client.post(path, {"start": 0, "end": 5}).status_code == 405
