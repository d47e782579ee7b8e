"""`innen.dossier.said` can say every sentence a writer stores as an event's text.

The writers store English sentences (the evidence); the pages say them again in the reader's
language by recognising them (`innen.dossier.said.STORED`). This finds the sentences in the
writers' source (a literal, an f-string with its values, or a module constant) and checks
that each one is said in Dutch, so a writer cannot add a sentence the dossier shows in English.
"""

import importlib
import re
from datetime import date
from pathlib import Path

from django.utils import translation

from innen.dossier.said import said

DAY = date(2026, 12, 6)

SRC = Path(__file__).resolve().parents[2] / "src"
# No event writers here (pages, pure packages, benchmarks), or text a person typed (notes).
SKIP = ("web", "casefile", "bench", "formats", "matching", "letters", "portal/fake_mollie.py")
SKIP += ("dossier/services.py",)
SENTENCE = re.compile(r"[A-Z][a-z]")
STRING = r'f?"(?:[^"\\\n]|\\.)*"'
WRITTEN = (
    # "text": "…" / f"…" (possibly several literals in parentheses) or "text": A_CONSTANT
    re.compile(r'"text":\s*\(?\s*((?:' + STRING + r"\s*)+|[A-Z][A-Z_]+\b)"),
    # text = "…" + …   (a sentence built before the payload)
    re.compile(r"\btext = (" + STRING + r")(\s*\+)?"),
    # _record(…, "action", f"…", …): the policy and notice helpers hand the text on
    re.compile(r"\b_record\([^()]*?\"[a-z_]+\",\s*(" + STRING + r")"),
)
LITERAL = re.compile(STRING)
VALUE = re.compile(r"\{[^{}]*\}")


def sample(source: str, module: str, appended: bool) -> str:
    """The sentence a writer's source makes, each value written as "V"."""
    if re.fullmatch(r"[A-Z][A-Z_]+", source):
        return str(getattr(importlib.import_module(module), source))
    text = "".join(
        VALUE.sub("V", part[2:-1]) if part.startswith("f") else part[1:-1]
        for part in LITERAL.findall(source)
    )
    return text + "V" if appended else text


def written_sentences() -> list[tuple[str, str]]:
    found = []
    for path in sorted((SRC / "innen").rglob("*.py")):
        where = path.relative_to(SRC / "innen").as_posix()
        if where.startswith(SKIP) or "/tests/" in where or "/migrations/" in where:
            continue
        module = path.relative_to(SRC).with_suffix("").as_posix().replace("/", ".")
        source = path.read_text()
        for pattern in WRITTEN:
            for match in pattern.finditer(source):
                appended = len(match.groups()) > 1 and bool(match.group(2))
                sentence = sample(match.group(1), module, appended)
                if SENTENCE.match(sentence):
                    found.append((where, sentence))
    return found


def test_the_writers_sentences_are_found():
    sentences = {sentence for _, sentence in written_sentences()}
    assert "Dunning policy made: V" in sentences
    assert "Proposed a payment plan of V monthly instalments for V" in sentences
    assert "Known IBAN added" in sentences


def test_every_sentence_a_writer_stores_is_said_in_dutch():
    with translation.override("nl"):
        unsaid = [(where, s) for where, s in written_sentences() if s and said(s) == s]
    assert unsaid == []


def test_a_sentence_written_with_say_is_stored_in_english_and_said_from_its_msgid(db):
    from innen.casefile.timeline import describe
    from innen.dossier.models import Event
    from innen.dossier.record import NewEvent, append
    from innen.translatable import N_, say
    from tests import factories

    org = factories.organisation()
    customer = factories.customer(org)
    msgid = N_("dated %(issued)s, due %(due)s")  # in the catalogue, not in `said`'s list
    text = say(msgid, issued="01-12-2026", due="31-12-2026")
    append(org.pk, [NewEvent("note", DAY, customer_id=customer.pk, payload={"text": text})])
    with translation.override("nl"):
        assert said(str(text)) == str(text)  # the list does not know it ...
        event = Event.objects.get(customer=customer, payload__has_key="text_said")
        assert event.payload["text"] == "dated 01-12-2026, due 31-12-2026"  # the evidence
        assert describe(event.payload) == "gedateerd 01-12-2026, vervalt 31-12-2026"  # ... yet
