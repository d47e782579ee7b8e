"""Every action a writer stores in the dossier reads as words, in Dutch and in English."""

import re
from pathlib import Path

from django.utils import translation

from innen.arrangements.models import PromiseStatus
from innen.casefile.actions import EventAction
from innen.casefile.timeline import describe

SRC = Path(__file__).resolve().parents[2] / "src" / "innen"
# `"action": "x"` (or `"x" if … else "y"`) in a payload; the action a helper is handed.
IN_PAYLOAD = re.compile(r'"action":\s*(f?"[^"]+"(?:\s+if\s[^"\n]*else\s+"[^"]+")?)')
HANDED = re.compile(
    r"(?<!\w)(?:portal_event(?:_once_a_day)?|_record|_note|record_notice_event)\((?P<args>[^)]*)\)",
    re.DOTALL,
)
NAME = re.compile(r'"([a-z]+(?:_[a-z]+)*)"')


def written_actions() -> set[str]:
    """The actions found in the writers' source: every literal where an action is written."""
    found: set[str] = set()
    for path in SRC.rglob("*.py"):
        if "tests" in path.parts or path.parent.name == "casefile":
            continue
        source = path.read_text()
        for line in IN_PAYLOAD.findall(source):
            if 'f"promise_' in line:
                found |= {f"promise_{state}" for state in PromiseStatus.values if state != "open"}
            found |= set(NAME.findall(line))
        for call in HANDED.finditer(source):
            names = NAME.findall(call["args"])
            found |= set(names[:1])
    return found


def test_the_writers_actions_are_found():
    actions = written_actions()
    assert {"policy_chosen", "promise_kept", "signed_in_by_code", "notice_emailed"} <= actions


def test_every_action_a_writer_stores_has_a_label():
    assert written_actions() - set(EventAction.values) == set()


def test_an_event_without_text_reads_as_its_actions_label_never_the_raw_name():
    for action in written_actions():
        for language in ("nl", "en"):
            with translation.override(language):
                line = describe({"action": action, "invoices": ["V1"]})
            said = line.split(" · ")[0]
            assert said != action and "_" not in line and "action" not in line, (language, line)
    with translation.override("nl"):
        assert describe({"action": "policy_chosen"}) == "Aanmaningsbeleid gekozen"
    with translation.override("en"):
        assert describe({"action": "policy_chosen"}) == "Dunning policy chosen"


def test_an_event_with_text_reads_as_its_text_not_its_action():
    with translation.override("en"):
        assert describe({"action": "written_off", "text": "Written off"}) == "Written off"
