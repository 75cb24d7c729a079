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
]


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
    question = Question.objects.get(slug="unrest-instigators")
    assert question.value_type == "text" and question.agreement == "accounts"
    # The yes-or-no dispute over instigation from abroad keeps its own question, both sides in it.
    holds(
        "unrest-foreign-instigation",
        (DLF, "ministry-of-foreign-affairs-of-russia", "„von außen inspirierten Versuch“"),
        (A, "jen-psaki", "„völlig unwahr“"),
    )


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
