"""A chance on the pages reads as certain (0% or 100%) only when the model says it is."""

import pytest

from innen.web.prediction_parts import percent


@pytest.mark.parametrize(
    ("chance", "shown"), [(0.996, 99), (0.004, 1), (1.0, 100), (0.0, 0), (0.5, 50)]
)
def test_a_chance_reads_as_certain_only_when_it_is(chance, shown):
    assert percent(chance) == shown
