"""The demo's disputes: each stands under one question, with its answers from every side.

One test per dispute the re-reading of the five texts reworked (docs/analysts/demo-dossier.md,
"The disputes of the five texts"): the question holds each side's answer, named by its source
and its wording, and the questions merged into it are gone.
"""

import pytest

from claims.models import Claim, Question

pytestmark = pytest.mark.django_db

A = "antwort-auf-eine-frage-kasachstan-2022-01-15"
DLF = "dlf-kasachstan-proteste-ovks-ueberblick-2022-01"
RT = "rt-de-kazakhstan-balancing-act-part-1"
DWN = "dwn-2022-01-10-putin-no-colour-revolution-kazakhstan"
P_ALIYEV = "portnikov-aliyev-joins-central-asia-2025"
P_NAZ = "portnikov-putin-nazarbayev-against-tokayev-2025"
P_JUST = "portnikov-putin-justifies-himself-to-tokayev-2025"
P_FIGHT = "portnikov-kazakhs-fight-for-putin-2025"
P_TOKAYEV = "portnikov-tokayev-punishes-russia-2025"

MERGED_AWAY = [
    "unrest-attempted-coup",
    "unrest-start-spontaneous",
    "unrest-elite-power-struggle",
    "tokayev-on-russian-help",
    "csto-deployment-helped-tokayev",
    "unrest-shooting-peaceful-demonstrators",
    "csto-withdrawal-linked-to-ukraine-war",
    "unrest-foreign-instigation",
]
SURVIVORS = {
    "unrest-attempted-coup": "unrest-instigators",
    "unrest-start-spontaneous": "unrest-instigators",
    "unrest-foreign-instigation": "unrest-instigators",
    "unrest-elite-power-struggle": "unrest-trigger",
    "tokayev-on-russian-help": "csto-saved-kazakh-leadership",
    "csto-deployment-helped-tokayev": "csto-saved-kazakh-leadership",
    "unrest-shooting-peaceful-demonstrators": "unrest-shooting-order-target",
    "csto-withdrawal-linked-to-ukraine-war": "csto-troops-permanent",
}


@pytest.fixture
def dossier(demo_for_module):
    """The demo dossier: every test of this module reads it, so it is loaded once."""


def answers(slug: str) -> set[tuple[str, str, str]]:
    """(source, actor or "", stated wording) of every answer under the question."""
    claims = Claim.objects.filter(question__slug=slug).select_related("source", "actor")
    return {(c.source.slug, c.actor.slug if c.actor else "", c.stated_value) for c in claims}


def holds(slug: str, *sides: tuple[str, str, str]) -> None:
    held = answers(slug)
    missing = [side for side in sides if side not in held]
    assert not missing, f"{slug} lacks {missing}; it holds {sorted(held)}"


def test_the_questions_merged_into_others_are_gone(dossier):
    assert not Question.objects.filter(slug__in=MERGED_AWAY).exists()


@pytest.mark.parametrize(("old", "survivor"), sorted(SURVIVORS.items()))
def test_a_merged_questions_old_address_leads_to_its_survivor(client, dossier, old, survivor):
    assert set(SURVIVORS) == set(MERGED_AWAY)
    response = client.get(f"/questions/{old}/")
    assert response.status_code == 301
    assert response["Location"] == f"/questions/{survivor}/"


def test_what_the_unrest_was_stands_under_one_question(dossier):
    holds(
        "unrest-instigators",
        (A, "", "spontan - wie es scheint-"),
        (DLF, "", "teils gewaltsame Proteste gegen die Regierung"),
        (DLF, "kassym-jomart-tokayev", "„versuchten Staatsstreich“"),
        (DWN, "kassym-jomart-tokayev", "versuchter Umsturz"),
        (A, "yermukhamet-yertysbayev", "„Versuch eines Staatsstreichs“"),
        (RT, "pepe-escobar", "Putschversuch für einen Regimewechsel"),
        (DLF, "vladimir-putin", "Ziel von „internationalem Terrorismus“"),
        (DWN, "vladimir-putin", "spontane Proteste und Kundgebungen wegen der Treibstoffpreise"),
        (A, "", "auch die USA ihre Finger im Spiel haben"),
    )
    assert Question.objects.get(slug="unrest-instigators").value_type == "text"


def test_instigation_from_abroad_stands_beside_the_other_accounts_of_the_unrest(dossier):
    # Moscow, Astana and the CSTO's chair blame outside interference; Washington denies
    # any US part in it: answers to what the unrest was, side by side with the others.
    holds(
        "unrest-instigators",
        (DLF, "ministry-of-foreign-affairs-of-russia", "„von außen inspirierten Versuch“"),
        (A, "russia", "ausländischen Kräften, vor allem den USA"),
        (DLF, "nikol-pashinyan", 'durch "äußere Einmischung" ausgelöst'),
        (DWN, "vladimir-putin", "ausländische Kräfte fachen die Proteste an"),
        (A, "jen-psaki", "„völlig unwahr“"),
        (DLF, "united-states", "wiesen Berichte über mögliche Verwicklungen zurück"),
    )
    question = Question.objects.get(slug="unrest-instigators")
    assert question.agreement == "conflict"
    assert "Washington" in question.verdict.reason and "Washington" in question.verdict.reason_de
    # The foreign-directed answers keep their quotes, as text answers in both languages.
    psaki = question.claims.get(actor__slug="jen-psaki")
    assert psaki.quote.startswith("Sie betonte, dass diese Vorwürfe „völlig unwahr“ seien")
    assert psaki.boolean_value is None and psaki.text_value and psaki.text_value_de
    # One passage of one voice is one answer, not two cards.
    quotes = list(question.claims.values_list("source", "actor", "quote"))
    assert len(quotes) == len(set(quotes))


def test_the_ambassador_calls_the_protests_turned_riot(dossier):
    holds(
        "unrest-instigators",
        (
            A,
            "ambassador-of-kazakhstan-to-turkey",
            "von aufrührerischen und illegalen Praktiken unterlaufen",
        ),
        (A, "", "spontan - wie es scheint-"),
        (DLF, "kassym-jomart-tokayev", "„versuchten Staatsstreich“"),
    )
    claim = Claim.objects.get(actor__slug="ambassador-of-kazakhstan-to-turkey")
    assert claim.attribution == "direct_quote"
    assert claim.quote.startswith("Der kasachische Botschafter in Ankara kommentierte")
    assert "Botschafter in Ankara" in " ".join(claim.actor.aliases.values_list("name", flat=True))


def test_one_or_the_largest_uranium_producer_stand_side_by_side(dossier):
    holds(
        "kazakhstan-largest-uranium-producer",
        (A, "", "zu den weltweit größten Uranproduzenten"),
        (DWN, "", "der weltgrößte Uran-Produzent"),
    )
    question = Question.objects.get(slug="kazakhstan-largest-uranium-producer")
    assert question.value_type == "text"
    # "The largest" is one of "the largest": the Antwort says less, not otherwise.
    assert question.agreement == "agree"


def test_putins_stated_aim_and_the_restored_constitutional_order_share_a_question(dossier):
    holds(
        "csto-deployment-purpose",
        (
            DWN,
            "vladimir-putin",
            "um zu verhindern, dass bewaffnete Gruppen in Kasachstan die Macht der Regierung "
            "aushöhlen",
        ),
        (
            RT,
            "",
            "die Lage wieder in den Griff zu bekommen und die konstitutionelle Ordnung "
            "wiederherzustellen",
        ),
        (DLF, "csto", "Schutz wichtiger staatlicher und militärischer Einrichtungen"),
        (A, "", "um die Proteste in Kasachstan mit harter Hand niederzuschlagen"),
    )
    assert Question.objects.get(slug="csto-deployment-purpose").agreement == "accounts"


def test_whom_the_troops_saved_stands_under_one_question(dossier):
    holds(
        "csto-saved-kazakh-leadership",
        (RT, "", "nur mit Hilfe dieser Allianz"),
        (RT, "", "die konstitutionelle Ordnung wiederherzustellen"),
        (
            RT,
            "kassym-jomart-tokayev",
            "fälschlicherweise so darzustellen, als ob Russland Kasachstan damals gerettet hätte",
        ),
        (
            A,
            "kassym-jomart-tokayev",
            "„Ich richte meinen besonderen Dank an den russischen Präsidenten Putin“",
        ),
        (P_NAZ, "", "trug die russische Invasion dazu bei"),
    )
    assert Question.objects.get(slug="csto-saved-kazakh-leadership").agreement == "conflict"


def test_the_order_to_shoot_and_tokayevs_assurance_stand_together(dossier):
    holds(
        "unrest-shooting-order-target",
        (A, "kassym-jomart-tokayev", "Terroristen"),
        (DLF, "kassym-jomart-tokayev", "würden die Sicherheitskräfte niemals schießen"),
        (A, "", "auf Demonstranten zu schießen"),
        (DWN, "", "zur Niederschlagung möglicher weiterer Unruhen"),
    )


def test_what_drove_the_protests_stands_under_one_question(dossier):
    holds(
        "unrest-trigger",
        (A, "", "aufgrund der auf das Doppelte angestiegenen Flüssiggaspreise"),
        (DLF, "sebastian-schiek", "Wirtschaftliche Probleme … große politische Unzufriedenheit"),
        (
            DLF,
            "sebastian-schiek",
            "könne auch im Zusammenhang mit einem Machtkampf innerhalb der Elite stehen",
        ),
        (DLF, "", "Unklar"),
        (DWN, "vladimir-putin", "Kundgebungen wegen der Treibstoffpreise"),
    )
    assert Question.objects.get(slug="unrest-trigger").agreement == "accounts"


def test_whether_the_troops_would_have_stayed_stands_under_one_question(dossier):
    holds(
        "csto-troops-permanent",
        (DWN, "vladimir-putin", "nicht dauerhaft"),
        (DLF, "csto", "auf begrenzte Zeit"),
        (
            P_FIGHT,
            "",
            "ohne Putins Absicht, in die Ukraine einzufallen, vielleicht nicht rausgegangen wäre",
        ),
    )
    said = dict(
        Claim.objects.filter(question__slug="csto-troops-permanent").values_list(
            "source__slug", "boolean_value"
        )
    )
    assert said[DWN] is False and said[P_FIGHT] is True and said[P_JUST] is True


def test_the_capital_holds_its_later_name(dossier):
    holds(
        "kazakhstan-capital",
        (A, "", "Hauptstadt Nur-Sultan (ehemals Astana)"),
        (RT, "", "Hauptstadt Nursultan"),
        (P_ALIYEV, "", "Astana"),
    )
    assert Question.objects.get(slug="kazakhstan-capital").agreement == "over_time"


def test_nazarbayevs_power_then_and_later(dossier):
    holds(
        "nazarbayev-role-after-2019",
        (DLF, "", "als Chef des nationalen Sicherheitsrats und „Führer der Nation“"),
        (P_NAZ, "", "schon lange nicht mehr einmal nationaler Führer"),
    )
    assert Question.objects.get(slug="nazarbayev-role-after-2019").agreement == "over_time"


def test_kazakhstans_importance_for_russia(dossier):
    holds(
        "kazakhstan-importance-for-russia",
        (A, "", "Nach der Ukraine … an zweiter Stelle"),
        (DLF, "", "nach Belarus als einer der wichtigsten Verbündeten"),
        (RT, "", "einer der engsten russischen Verbündeten"),
    )


def test_whether_protests_were_common_before_2022(dossier):
    holds(
        "kazakhstan-protests-before-2022",
        (DLF, "sebastian-schiek", "viel protestiert"),
        (DLF, "", "größere Proteste … selten"),
    )
    question = Question.objects.get(slug="kazakhstan-protests-before-2022")
    assert question.automatic_agreement == "definition"


def test_russia_or_china_as_kazakhstans_partner(dossier):
    holds(
        "kazakhstan-main-partner-russia-or-china",
        (RT, "", "sehr eng mit Russland verbunden"),
        (P_ALIYEV, "", "China … ein wesentlich wichtigerer … Partner"),
    )


def test_how_independent_of_russia_kazakhstan_is(dossier):
    holds(
        "kazakhstan-independence-from-russia-in-fact",
        (A, "", "nicht nur formell wie Kasachstan"),
        (DLF, "sebastian-schiek", "auf Unabhängigkeit gepocht"),
        (
            P_FIGHT,
            "",
            "nicht nur ihre Unabhängigkeit, sondern auch ihre Souveränität zu verteidigen",
        ),
    )


@pytest.mark.parametrize(
    ("slug", "verdict"),
    [
        ("unrest-start-place", "spelling"),
        ("csto-member-states", "spelling"),
        ("csto-secretary-general", "over_time"),
        ("lavrov-response-years-after-speech", "agree"),
    ],
)
def test_reread_verdicts(dossier, slug, verdict):
    assert Question.objects.get(slug=slug).agreement == verdict


def test_the_slip_inside_one_article_is_deprecated_not_a_conflict(dossier):
    slip = Claim.objects.get(
        question__slug="lavrov-response-years-after-speech", stated_value="ein Jahr später"
    )
    assert slip.rank == "deprecated"
    assert Question.objects.get(slug="lavrov-response-years-after-speech").agreement != "conflict"


def test_figures_without_a_date_in_the_passage_carry_no_as_of_date(dossier):
    # The publication date stands in for them; it is not written in as if the passage said it.
    undated = Claim.objects.filter(
        question__slug__in=["unrest-death-toll", "unrest-arrests", "csto-secretary-general"],
        source__slug__in=[DWN, DLF, P_NAZ],
    ).exclude(stated_value="etwa 2.000")
    assert undated.count() == 4
    assert set(undated.values_list("as_of", flat=True)) == {None}
    dated = Claim.objects.get(question__slug="unrest-arrests", stated_value="etwa 2.000")
    assert str(dated.as_of) == "2022-01-06"  # "(Stand 6. Januar)"


def test_unnamed_official_voices_are_the_sources_own(dossier):
    # "Offiziell wurde ... begründet" and "in Astana wurde betont" name no body as their speaker.
    for slug in ("russia-kazakh-oil-transit-halt-reason", "sadykov-suspect-extradition"):
        claim = Claim.objects.get(
            question__slug=slug, quote__regex=r"^(Offiziell wurde|Doch in Astana)"
        )
        assert (claim.actor, claim.attribution) == (None, "own")
    holds(
        "russia-kazakh-oil-transit-halt-reason",
        (P_TOKAYEV, "", "mit neuen Anforderungen des russischen Inlandsgeheimdienstes FSB"),
        (P_TOKAYEV, "", "eine Art „erzieherische Maßnahme“"),
    )
