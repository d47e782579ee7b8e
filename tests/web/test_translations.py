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


def _messages(catalog) -> dict:
    def frozen(value):
        return tuple(value) if isinstance(value, list | tuple) else value

    return {frozen(m.id): frozen(m.string) for m in catalog if m.id}


def test_the_compiled_catalog_holds_what_the_po_file_says():
    source = _messages(read_po((LOCALE / "django.po").open("rb")))
    compiled = _messages(read_mo((LOCALE / "django.mo").open("rb")))
    assert compiled == source, "run `make messages` to compile the .po file"
