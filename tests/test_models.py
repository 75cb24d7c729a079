import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from claims.models import Claim, Question

pytestmark = pytest.mark.django_db


def make_claim(question, source, **fields):
    defaults = {"stated_value": "164", "quote": "164 Menschen"}
    return Claim(status="published", question=question, source=source, **(defaults | fields))


@pytest.mark.parametrize(
    "fields",
    [
        # lower bound above the upper bound
        {"bound": "range", "value_min": Decimal(300), "value_max": Decimal(200)},
        # "at least 225" has no upper bound
        {"bound": "at_least", "value": Decimal(225), "value_min": Decimal(225), "value_max": 300},
        # an exact figure is its own bounds
        {"bound": "exact", "value": Decimal(164)},
        # a range has no single value
        {"bound": "range", "value": Decimal(250), "value_min": 200, "value_max": 300},
        # a number needs its bound
        {"bound": "", "value": Decimal(164), "value_min": 164, "value_max": 164},
        # two kinds of answer at once
        {
            "bound": "exact",
            "value": Decimal(164),
            "value_min": 164,
            "value_max": 164,
            "text_value": "many",
        },
        # no answer at all
        {},
    ],
)
def test_database_rejects_dishonest_bounds(death_toll, report_164, fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_claim(death_toll, report_164, **fields).save()


@pytest.mark.parametrize(
    "bound, lower, upper",
    [
        ("exact", 164, 164),
        ("approximate", 2000, 2000),
        ("at_least", 225, None),
        ("more_than", 225, None),
        ("almost", None, 10000),
        ("at_most", None, 10000),
    ],
)
def test_full_clean_derives_bounds_from_the_stated_figure(
    death_toll, report_164, bound, lower, upper
):
    value = lower or upper
    claim = make_claim(death_toll, report_164, bound=bound, value=Decimal(value))
    claim.full_clean()
    claim.save()
    claim.refresh_from_db()
    assert claim.value_min == (None if lower is None else Decimal(lower))
    assert claim.value_max == (None if upper is None else Decimal(upper))


def test_full_clean_explains_a_range_in_the_wrong_order(death_toll, report_164):
    claim = make_claim(death_toll, report_164, bound="range", value_min=300, value_max=200)
    with pytest.raises(ValidationError) as excinfo:
        claim.full_clean()
    assert "lower bound must not exceed the upper bound" in str(excinfo.value)


def test_answer_must_fit_the_question_type(unrest, report_164):
    founding = Question.objects.create(
        status="published",
        event=unrest,
        slug="csto-founding-date",
        text_en="When was the CSTO founded?",
        text_de="Wann wurde die OVKS gegründet?",
        value_type=Question.ValueType.DATE,
    )
    claim = make_claim(founding, report_164, bound="exact", value=Decimal(1992))
    with pytest.raises(ValidationError) as excinfo:
        claim.full_clean()
    assert excinfo.value.message_dict["date_value"] == ["This question takes a date."]

    claim = make_claim(
        founding,
        report_164,
        stated_value="7. Oktober 2002",
        date_value=datetime.date(2002, 10, 7),
        date_precision="day",
    )
    claim.full_clean()


def test_attributed_claim_names_its_actor(death_toll, report_164):
    claim = make_claim(
        death_toll, report_164, bound="exact", value=164, value_min=164, value_max=164
    )
    claim.attribution = Claim.Attribution.ACCORDING_TO
    with pytest.raises(IntegrityError), transaction.atomic():
        claim.save()


def test_rank_other_than_normal_needs_a_reason(claim_164):
    claim_164.rank = Claim.Rank.DEPRECATED
    with pytest.raises(IntegrityError), transaction.atomic():
        claim_164.save()
    claim_164.rank_reason = "Superseded by the official final count."
    claim_164.save()


def test_quote_is_required(death_toll, report_164):
    claim = make_claim(
        death_toll, report_164, quote="", bound="exact", value=164, value_min=164, value_max=164
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        claim.save()


def test_slugs_are_unique(death_toll, unrest):
    with pytest.raises(IntegrityError), transaction.atomic():
        Question.objects.create(
            status="published",
            event=unrest,
            slug=death_toll.slug,
            text_en="Again?",
            text_de="Nochmal?",
            value_type="count",
        )


def test_every_model_names_itself_and_its_page(claim_164, tokayev):
    question, source, event = claim_164.question, claim_164.source, claim_164.question.event
    assert str(claim_164) == "Unruhen in Kasachstan: 164"
    assert str(question) == "How many people died in the January 2022 unrest?"
    assert str(tokayev.aliases.get()) == "Tokajew"
    assert question.get_absolute_url() == "/questions/unrest-death-toll/"
    assert claim_164.get_absolute_url() == f"/claims/{claim_164.pk}/"
    assert claim_164.card_url == f"/questions/unrest-death-toll/#claim-{claim_164.pk}"
    assert source.get_absolute_url() == "/sources/unruhen-in-kasachstan/"
    assert event.get_absolute_url() == "/events/kazakhstan-unrest-2022/"
    assert tokayev.get_absolute_url() == "/actors/kassym-jomart-tokayev/"
