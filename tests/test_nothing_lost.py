"""Broken input never half-writes data, and a dump reloads exactly."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.utils.dateparse import parse_datetime

from claims.models import Claim, ClaimRelation, Event, Measure, Question, Verdict
from sources.models import Actor, ActorAlias, Source

pytestmark = pytest.mark.django_db

DOSSIER_MODELS = [
    "sources.actor",
    "sources.actoralias",
    "sources.source",
    "claims.event",
    "claims.question",
    "claims.claim",
    "claims.measure",
    "claims.verdict",
    "claims.claimrelation",
]


def counts():
    return [m.objects.count() for m in (Actor, ActorAlias, Source, Event, Question, Claim)]


def dump() -> str:
    out = io.StringIO()
    call_command(
        "dumpdata", *DOSSIER_MODELS, natural_foreign=True, natural_primary=True, stdout=out
    )
    return out.getvalue()


def as_read(text: str) -> list[dict]:
    """A dump's objects with times as times: Django's JSON writes 5.0004 s as "05.000"
    and, once loaded, writes it back as "05", the same millisecond."""
    objects = json.loads(text)
    for obj in objects:
        for name, value in obj["fields"].items():
            if name.endswith("_at") and value:
                obj["fields"][name] = parse_datetime(value)
    return objects


def write(tmp_path, text: str):
    path = tmp_path / "broken.json"
    path.write_text(text)
    return str(path)


GOOD_ACTOR = {
    "model": "sources.actor",
    "fields": {
        "slug": "new",
        "name": "New",
        "kind": "person",
        "updated_at": "2022-01-01T00:00:00Z",
    },
}


@pytest.mark.parametrize(
    "content, message",
    [
        ('[{"model": "sources.actor", "fields": {', "Problem installing fixture"),
        (
            # the good actor comes first: it must not stay behind
            [
                GOOD_ACTOR,
                {
                    "model": "claims.claim",
                    "pk": 999,
                    "fields": {
                        "question": ["unrest-death-toll"],
                        "source": ["unruhen-in-kasachstan"],
                        "stated_value": "mindestens 225",
                        "bound": "at_least",
                        "value": "225",
                        "value_min": "225",
                        "value_max": "300",
                        "quote": "x",
                        "updated_at": "2022-01-01T00:00:00Z",
                    },
                },
            ],
            "claims_claim_bounds_fit_bound",
        ),
        (
            [
                GOOD_ACTOR,
                {
                    "model": "claims.question",
                    "fields": {
                        "slug": "q",
                        "event": ["no-such-event"],
                        "text_en": "?",
                        "text_de": "?",
                        "value_type": "count",
                        "updated_at": "2022-01-01T00:00:00Z",
                    },
                },
            ],
            "Could not load claims.Question",
        ),
    ],
)
def test_a_broken_fixture_changes_nothing_and_says_why(tmp_path, claim_164, content, message):
    before = counts()
    text = content if isinstance(content, str) else json.dumps(content)
    with pytest.raises(Exception) as excinfo:
        call_command("loaddata", write(tmp_path, text), verbosity=0)
    assert message in str(excinfo.value)
    assert counts() == before
    assert not Actor.objects.filter(slug="new").exists()


def test_dump_and_load_reproduce_the_dossier_exactly(tmp_path):
    call_command("loaddata", "kazakhstan-2022", verbosity=0)
    # with the editors' structured judgement: a measure, a relation and a verdict
    question = Question.objects.get(slug="unrest-death-toll")
    first, *others = question.claims.order_by("pk")
    measure = Measure.objects.create(question=question, slug="all", name="All deaths")
    Claim.objects.filter(pk=first.pk).update(measure=measure, tolerance=5)
    ClaimRelation.objects.create(claim=others[0], other=first, kind="revises")
    verdict, _created = Verdict.objects.update_or_create(
        question=question, defaults={"agreement": "conflict", "reason": "Because."}
    )
    verdict.rests_on.set([first])
    # a time between two milliseconds, as a save can give
    edited = datetime.datetime(2026, 12, 1, 18, 36, 17, 500, tzinfo=datetime.UTC)
    Verdict.objects.filter(pk=verdict.pk).update(updated_at=edited)
    original = dump()
    Claim.objects.all().delete()
    Question.objects.all().delete()
    Event.objects.filter(parent__isnull=False).delete()
    for model in (Event, Source, ActorAlias, Actor):
        model.objects.all().delete()
    assert counts() == [0] * 6
    path = tmp_path / "dump.json"
    path.write_text(original)
    call_command("loaddata", str(path), verbosity=0)
    assert as_read(dump()) == as_read(original)
