"""The demo dossier's verdicts: every disputed question shows what the texts support, and why."""

import datetime
import math

import pytest

from claims.models import Question, Verdict

pytestmark = pytest.mark.django_db

# Every question of the demo that two or more voices (a source and the actor it
# cites) answer: the verdict shown, the automatic analysis, and why.
# fmt: off
EXPECTED = [
    ("unrest-death-toll", "over_time", "over_time",
     "164 (withdrawn as an error) was revised to the official 225 of 15 January"),
    ("unrest-arrests", "over_time", "over_time",
     "a running count: about 2,000 on 6 January, almost 8,000 on 10 January, then 10,000"),
    ("unrest-start-place", "spelling", "agree",
     "Zanauzin and Schangaösen are one town; Aktau, its region's capital, shares the sentence"),
    ("unrest-start-date", "agree", "agree", "5 January 2022 lies within 'last January'"),
    ("unrest-shooting-order", "agree", "agree",
     "Tokayev and three outlets say an order to shoot was given"),
    ("unrest-terrorists", "agree", "agree", "20,000 in both, though they count different things"),
    ("csto-troop-strength", "agree", "agree", "2,500 is 'several thousand'"),
    ("csto-founding-date", "definition", "definition", "1992 is the treaty, 2002 the organisation"),
    ("csto-member-count", "agree", "agree", "the same six states"),
    ("kazakhstan-population", "agree", "agree", "about 19 million in both"),
    ("russian-minority-share", "definition", "definition",
     "ethnic Russians against all Russian speakers"),
    ("russian-minority-size", "definition", "definition",
     "ethnic Russians against all Russian speakers"),
    ("unrest-trigger", "accounts", "accounts",
     "all name the gas price rise as the spark; what drove the protests is told otherwise"),
    ("unrest-instigators", "conflict", "conflict",
     "protest, riot, coup attempt, terrorism, forces from abroad: competing accounts, and "
     "Moscow, Astana and the CSTO's chair blaming outside interference while Washington "
     "denies any US part"),
    ("kazakhstan-largest-uranium-producer", "agree", "accounts",
     "'the world's largest' is one of 'the world's largest uranium producers'"),
    ("csto-online-summit-date", "agree", "agree", "10 January 2022, 'Monday' in DWN"),
    ("kazakhstan-capital", "over_time", "spelling",
     "Nur-Sultan and Nursultan in 2022, Astana again in 2025: the city was renamed"),
    ("csto-first-troops-sent-date", "agree", "agree", "6 January lies within January 2022"),
    ("csto-deployment-requested-by-kazakhstan", "agree", "agree", "all say Tokayev asked"),
    ("csto-member-states", "spelling", "accounts", "the same six states, spelled differently"),
    ("kazakhstan-recognises-donetsk-luhansk", "agree", "agree", "all report non-recognition"),
    ("kazakhstan-oil-exports-via-russia-share", "agree", "agree", "about 80 % in both"),
    ("csto-deployment-purpose", "accounts", "accounts",
     "stated aims and the order RT DE says was restored, against critics' judgements"),
    ("kazakhstan-independence-date", "agree", "agree",
     "'vor 30 Jahren' is about 1992, within a year of 1991"),
    ("masimov-charge", "agree", "accounts", "treason in both"),
    ("csto-deployment-justified", "accounts", "conflict",
     "a judgement: the positions of Moscow, Astana and Washington, all in one source"),
    ("csto-chair-january-2022", "agree", "spelling", "Pashinyan in both"),
    ("csto-secretary-general", "over_time", "accounts", "Zas in 2022, Tasmagambetov in 2025"),
    ("presidential-handover-date", "agree", "agree", "March 2019 lies within 2019"),
    ("nazarbayev-role-after-2019", "over_time", "accounts",
     "real power in January 2022, long no longer even national leader in 2025"),
    ("csto-saved-kazakh-leadership", "conflict", "accounts",
     "RT DE: saved only by the alliance; Tokayev: 'Russia saved Kazakhstan' is false"),
    ("tokayev-jubilee-with-xi", "agree", "agree", "both of Portnikov's articles say so"),
    ("sadykov-murder-place", "agree", "agree", "Kyiv in both"),
    ("sadykov-suspects-security-links", "agree", "agree", "both link them to the services"),
    ("sadykov-suspects-location", "agree", "spelling", "Kazakhstan in both"),
    ("sadykov-murder-solved", "agree", "agree", "unsolved in both"),
    ("kazakhstan-acknowledges-citizens-in-russian-army", "definition", "definition",
     "the official position against acknowledgement in fact"),
    ("kazakhstan-neutral-on-ukraine-war", "agree", "agree", "officially neutral in both"),
    ("akhmedyarov-detained-over-reporting", "agree", "agree", "all voices say so"),
    ("lavrov-tokayev-interview-outlet", "agree", "spelling", "Kommersant in both"),
    ("lavrov-tokayev-interview-content", "agree", "accounts", "two descriptions of one interview"),
    ("tokayev-spief-speech-year", "agree", "agree", "2022 in both"),
    ("lavrov-response-years-after-speech", "agree", "agree",
     "three years in both articles; 'ein Jahr später' is a slip inside one, ranked "
     "deprecated: no voice in the analysis"),
    ("lavrov-remarks-signal-to-kazakhstan", "agree", "agree", "a signal in both"),
    ("russia-could-use-russian-minority", "agree", "agree", "yes in all three articles"),
    ("unrest-shooting-order-target", "framing", "accounts",
     "one order: 'terrorists' (never peaceful demonstrators), 'demonstrators', 'further unrest'"),
    ("orange-revolution-year", "conflict", "conflict",
     "DWN's 2013/14 against Portnikov's account of 2004"),
    ("csto-deployment-name", "framing", "accounts",
     "one deployment: peacekeeping force, intervention, invasion"),
    ("csto-troops-permanent", "accounts", "conflict",
     "Putin and the CSTO: for a limited time; Portnikov: perhaps not, but for the war"),
    ("ukraine-war-name", "framing", "accounts",
     "one war: 'military operation' against 'war of aggression'"),
    ("kazakhstan-independence-from", "framing", "accounts",
     "independence from the Soviet Union, called 'from Russia' or 'from an empire'"),
    ("kazakhstan-importance-for-russia", "accounts", "accounts",
     "second after Ukraine, after Belarus, one of the closest allies: other yardsticks"),
    ("kazakhstan-protests-before-2022", "definition", "definition",
     "many protests, mostly peaceful, against rare larger protests"),
    ("kazakhstan-main-partner-russia-or-china", "accounts", "accounts",
     "Russia in 2022 (RT DE), China in 2025 (Portnikov)"),
    ("kazakhstan-independence-from-russia-in-fact", "accounts", "accounts",
     "only formally, always at a distance, at stake in the war"),
]
# fmt: on


@pytest.fixture
def dossier(demo_for_module):
    """The demo dossier: every test of this module reads it, so it is loaded once."""


def disputed_questions() -> set[str]:
    """The questions two or more voices answer."""
    voices: dict[str, set] = {}
    for question in Question.objects.prefetch_related("claims"):
        voices[question.slug] = {(c.source_id, c.actor_id) for c in question.claims.all()}
    return {slug for slug, said in voices.items() if len(said) >= 2}


def test_the_table_holds_every_disputed_question_once(dossier):
    slugs = [row[0] for row in EXPECTED]
    assert len(slugs) == len(set(slugs))
    assert set(slugs) == disputed_questions()


def test_every_disputed_question_shows_its_expected_verdict(dossier):
    Question.objects.all().refresh_analysis()  # fresh, not only as stored
    shown = dict(Question.objects.values_list("slug", "agreement"))
    automatic = dict(Question.objects.values_list("slug", "automatic_agreement"))
    wrong = [
        f"{slug}: shows {shown[slug]}, automatic {automatic[slug]}; expected {verdict}, "
        f"{machine} ({why})"
        for slug, verdict, machine, why in EXPECTED
        if (shown[slug], automatic[slug]) != (verdict, machine)
    ]
    assert not wrong, "\n".join(wrong)


def test_every_disputed_question_has_the_editors_reason_in_both_languages(dossier):
    verdicts = Verdict.objects.select_related("question").prefetch_related("rests_on")
    by_question = {verdict.question.slug: verdict for verdict in verdicts}
    for slug, agreement, _machine, _why in EXPECTED:
        verdict = by_question[slug]
        assert verdict.agreement == agreement == verdict.question.agreement
        assert verdict.reason.strip() and verdict.reason_de.strip()
        assert verdict.rests_on.exists()
        assert {claim.question_id for claim in verdict.rests_on.all()} == {verdict.question_id}


def span(claim, value_type: str) -> tuple[float, float]:
    """What a claim allows, read as generously as the comparison reads it."""
    tolerance = float(claim.tolerance or 0)
    if value_type == "date":
        first = claim.date_value
        if claim.date_precision == "year":
            last = datetime.date(first.year, 12, 31)
        elif claim.date_precision == "month":
            last = (first.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
            last -= datetime.timedelta(days=1)
        else:
            last = first
        return first.toordinal() - tolerance, last.toordinal() + tolerance
    low = float(claim.value_min) if claim.value_min is not None else -math.inf
    high = float(claim.value_max) if claim.value_max is not None else math.inf
    if claim.bound in ("approximate", "almost") and not tolerance:
        tolerance = abs(float(claim.value)) / 10
    return low - tolerance, high + tolerance


def incompatible(a, b, value_type: str) -> bool:
    if value_type in Question.NUMERIC_TYPES or value_type == "date":
        (a_low, a_high), (b_low, b_high) = span(a, value_type), span(b, value_type)
        return a_high < b_low or b_high < a_low
    if value_type == "place":
        return a.place_id != b.place_id
    if value_type == "yes_no":
        return a.boolean_value != b.boolean_value
    return " ".join(a.text_value.casefold().split()) != " ".join(b.text_value.casefold().split())


def test_no_badge_says_conflict_unless_two_sources_contradict_each_other(dossier):
    conflicts = Question.objects.filter(agreement=Question.Agreement.CONFLICT)
    assert conflicts.exists()
    for question in conflicts.prefetch_related("claims"):
        claims = list(question.claims.all())
        assert any(
            a.source_id != b.source_id and incompatible(a, b, question.value_type)
            for a in claims
            for b in claims
        ), f"{question.slug} shows a conflict no two sources make"


def test_one_sources_dispute_of_its_own_is_not_shown_as_a_conflict(dossier):
    # The automatic analysis sees two voices of one source disagree; the editors do not
    # call that a conflict between sources.
    one_source = [
        question
        for question in Question.objects.filter(automatic_agreement="conflict")
        if question.claims.values("source").distinct().count() == 1
    ]
    assert one_source
    assert all(question.agreement != "conflict" for question in one_source)
