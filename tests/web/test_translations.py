from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

import innen

LOCALE = Path(innen.__file__).parent / "locale" / "nl" / "LC_MESSAGES"


def test_every_message_has_a_dutch_translation():
    catalog = read_po((LOCALE / "django.po").open("rb"))
    untranslated = [
        message.id
        for message in catalog
        if message.id
        and not (all(message.string) if isinstance(message.string, tuple) else message.string)
    ]
    assert untranslated == []


def test_the_compiled_catalog_holds_what_the_po_file_says():
    source = {m.id: m.string for m in read_po((LOCALE / "django.po").open("rb")) if m.id}
    compiled = {m.id: m.string for m in read_mo((LOCALE / "django.mo").open("rb")) if m.id}
    assert compiled == source, "run `make messages` to compile the .po file"
