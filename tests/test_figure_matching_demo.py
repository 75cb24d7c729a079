"""The reading view's suggestions for a figure, measured on the demo dossier: each claim
hidden in turn, is its question the first suggestion for its figure? (bench/figure_matching.py
prints the same measurement; docs/developers/benchmarks.md records it.)"""

import pytest

from bench.figure_matching import measure

pytestmark = pytest.mark.django_db

# Measured on the demo (53% first, 74% among the first three of 73 claims), rounded down.
FIRST = 0.53
TOP_THREE = 0.73


@pytest.fixture
def demo(demo_for_module):
    """The demo dossier, loaded once for the module."""


def test_the_question_of_a_hidden_claim_is_suggested_first_as_often_as_measured(demo):
    measured = measure()
    assert measured.measured >= 60, measured  # most figures of the demo are measured
    assert measured.first_share >= FIRST, measured
    assert measured.top_three_share >= TOP_THREE, measured
