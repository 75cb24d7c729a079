import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from claims.models import Claim, Question
from sources.models import ActorAlias, Source

pytestmark = pytest.mark.django_db


def generate(claims: int) -> str:
    out = io.StringIO()
    call_command("generate_dossier", "--claims", str(claims), stdout=out)
    return out.getvalue()


def test_generates_a_realistic_dossier():
    output = generate(500)
    assert "Generated 500 claims" in output
    assert Claim.objects.count() == 500
    assert Question.objects.count() == 50
    assert Source.objects.count() >= 20
    assert ActorAlias.objects.count() > 0
    assert not Claim.objects.filter(as_of__isnull=True).exists()
    # figures come with their qualifiers and honest bounds
    assert Claim.objects.filter(bound="at_least", value_max__isnull=True).exists()
    assert Claim.objects.filter(bound="range", value__isnull=True).exists()
    # and the index can show them at once
    assert not Question.objects.filter(agreement="unanswered").exists()


def test_every_generated_quote_occurs_in_its_source():
    generate(300)
    out = io.StringIO()
    call_command("verify_quotes", stdout=out)
    assert "All 300 quotes found in their sources." in out.getvalue()


def test_generated_rows_satisfy_the_models_validation():
    generate(100)
    for claim in Claim.objects.select_related("question")[:30]:
        claim.full_clean()


def test_refuses_to_generate_twice_or_too_little():
    generate(20)
    with pytest.raises(CommandError, match="already loaded"):
        generate(20)
    with pytest.raises(CommandError, match="at least 10"):
        generate(5)
