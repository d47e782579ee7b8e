"""The choices the models store are the pure dunning package's enums, member for member.

The models add only translated labels; a member the planner knows but a form could not
offer (or the other way round) would be a value one side cannot read.
"""

import pytest

from innen.collection import models as collection
from innen.dunning import planner, policy
from innen.ledger import models as ledger

# The planner makes this reason up for days before the organisation started; nobody stores it.
NEVER_STORED = {planner.HoldReason.BEFORE_START}

PAIRS = [
    (collection.StepKind, policy.StepKind),
    (collection.Anchor, policy.Anchor),
    (collection.DayCount, policy.DayCount),
    (collection.Channel, policy.Channel),
    (ledger.CustomerKind, policy.CustomerKind),
    (collection.HoldReason, planner.HoldReason),
]


@pytest.mark.parametrize(("stored", "pure"), PAIRS, ids=lambda enum: enum.__qualname__)
def test_a_stored_enum_has_the_pure_enums_members_and_values(stored, pure):
    wanted = {(m.name, m.value) for m in pure if m not in NEVER_STORED}
    assert {(m.name, m.value) for m in stored} == wanted


@pytest.mark.parametrize(("stored", "pure"), PAIRS, ids=lambda enum: enum.__qualname__)
def test_a_stored_value_reads_back_as_the_pure_member(stored, pure):
    for member in stored:
        assert pure(member.value) == member
