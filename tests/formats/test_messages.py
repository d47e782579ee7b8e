"""The readers' messages are English text that keeps what it was made from, so the Django
layer (`innen.file_messages`) can say it again in the reader's language."""

import ast
import copy
import pickle
from pathlib import Path

import pytest
from django.utils import translation

import innen.formats
from innen.file_messages import translated, translated_line_error
from innen.formats import messages as m
from innen.formats.errors import LineError
from innen.formats.ledger_csv import read_invoices
from innen.formats.messages import comma, say

FORMATS = Path(innen.formats.__file__).parent


def test_a_message_reads_as_its_english_and_keeps_its_msgid_and_values():
    said = say(m.ALREADY_ON_LINE, what=say(m.INVOICE_NUMBER, number="F1"), first=2)
    assert said == 'invoice number "F1" is already on line 2'
    assert (said.msgid, said.values["first"]) == (m.ALREADY_ON_LINE, 2)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", 'nov.csv, line 3: invoice number "F1" is already on line 2'),
        ("nl", 'nov.csv, regel 3: factuurnummer "F1" staat al op regel 2'),
    ],
)
def test_translated_says_a_message_and_the_messages_inside_it_in_the_active_language(
    language, expected
):
    where = say(m.FILE_LINE, name="nov.csv", line=3)
    problem = say(m.ALREADY_ON_LINE, what=say(m.INVOICE_NUMBER, number="F1"), first=2)
    with translation.override(language):
        assert f"{translated(where)}: {translated(problem)}" == expected


def test_places_joined_by_commas_are_translated_part_by_part():
    where = comma("nov.940", say(m.STATEMENT, number=1), say(m.ENTRY_NUMBER, number=4))
    assert where == "nov.940, statement 1, entry 4"
    with translation.override("nl"):
        assert translated(where) == "nov.940, afschrift 1, boeking 4"
        assert translated(comma()) == ""


def test_a_line_error_of_a_ledger_file_names_line_and_column_in_dutch():
    header = b"Factuurnummer;Klantnummer;Factuurdatum;Vervaldatum;Totaal\n"
    parsed = read_invoices(header + b"F1;K1;;01-12-2026;121,00\n")
    (error,) = parsed.errors
    with translation.override("nl"):
        dutch = translated_line_error(error)
    assert dutch == LineError(2, "Factuurdatum", "is leeg maar verplicht")


def _marked_messages() -> list[str]:
    found = []
    for path in sorted(FORMATS.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = getattr(node, "func", None)
            called = getattr(name, "id", None) or getattr(name, "attr", None)
            if isinstance(node, ast.Call) and called == "N_" and node.args:
                found.append(node.args[0].value)  # type: ignore[attr-defined]
    return found


def test_every_message_of_the_readers_has_its_dutch():
    messages = _marked_messages()
    assert len(messages) > 80
    with translation.override("nl"):
        untranslated = [msgid for msgid in messages if translation.gettext(msgid) == msgid]
    # Names that are the same in both languages.
    same = {"%(column)s: %(reason)s", '"%(text)s": %(reason)s', "namespace '%(namespace)s'"}
    assert set(untranslated) <= same


def test_a_copy_or_a_pickle_of_a_message_keeps_what_it_was_made_from():
    said = say(m.NOT_AN_AMOUNT, text="x")
    for again in (copy.deepcopy(said), pickle.loads(pickle.dumps(said))):
        assert (again, again.msgid, again.values) == (said, said.msgid, {"text": "x"})
