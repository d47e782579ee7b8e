"""Is what a browser shows Dutch? The English a Dutch page could show, and where it shows.

English on a Dutch page comes from innen's own words: a msgid shown untranslated (a
`translate` missed, a catalogue entry lost in a merge) or text no one marked for translation.
So the English to look for is every msgid of the Dutch catalogue whose translation differs,
cut into its fixed pieces around the placeholders, and a few words every English interface
has. A piece that is also Dutch (a product name the translation keeps, a word both languages
have) is left out: finding it proves nothing.
"""

from __future__ import annotations

import gettext
import re
from functools import cache

from tests.browser.support import REPO

CATALOGUE = REPO / "src" / "innen" / "locale" / "nl" / "LC_MESSAGES" / "django.mo"
# Where a msgid holds a value (%(name)s, %s, {{ name }}, {name}) or markup (<strong>).
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\{[^}]*\}\}|\{[^}]*\}|<[^>]*>")
PUNCTUATION = " .,:;·()“”\"'…!?-–"
URL = re.compile(r"https?://\S+")
# Words an English interface shows and a Dutch one never does (Dutch has none of them).
INTERFACE = (
    "Save",
    "Cancel",
    "Submit",
    "Delete",
    "Edit",
    "Search",
    "Approve",
    "Reject",
    "Send",
    "Sign in",
    "Sign out",
    "Log in",
    "Password",
    "Username",
    "Invoice",
    "Invoices",
    "Customer",
    "Customers",
    "Settings",
    "Worklist",
    "Preview",
    "Required",
    "Please",
    "the",
    "and",
    "with",
    "this",
    "your",
)
# The page's words a reader also meets outside the body's text.
ATTRIBUTES_JS = """() => [document.title, ...[...document.querySelectorAll(
  '[placeholder], [title], [aria-label], img[alt], input[type=submit][value]'
)].flatMap(el => ['placeholder', 'title', 'aria-label', 'alt', 'value']
  .filter(name => el.hasAttribute(name) && (name !== 'value' || el.type === 'submit'))
  .map(name => el.getAttribute(name)))].join('\\n')"""


def _catalogue() -> dict[object, str]:
    with CATALOGUE.open("rb") as mo:
        return dict(gettext.GNUTranslations(mo)._catalog)  # type: ignore[attr-defined]


def _pieces(msgid: str) -> list[str]:
    """The fixed words of a msgid, without the placeholders and the punctuation around them."""
    pieces = (" ".join(piece.split()).strip(PUNCTUATION) for piece in PLACEHOLDER.split(msgid))
    return [piece for piece in pieces if re.search(r"[A-Za-z]{2}", piece)]


@cache
def english_phrases() -> tuple[str, ...]:
    """Each piece of English the Dutch catalogue translates into something else."""
    catalogue = _catalogue()
    dutch = "\n".join(str(value) for value in catalogue.values())
    dutch_words = set(re.findall(r"\w+", dutch))
    phrases: set[str] = set(INTERFACE)
    for key, translated in catalogue.items():
        msgid = (key[0] if isinstance(key, tuple) else str(key)).split("\x04")[-1]
        if not msgid or msgid == translated:
            continue
        for piece in _pieces(msgid):
            if " " in piece:
                if piece not in dutch:
                    phrases.add(piece)
            elif piece not in dutch_words and piece.lower() not in dutch_words:
                phrases.add(piece)
    return tuple(sorted(phrases, key=len, reverse=True))


@cache
def _english() -> re.Pattern[str]:
    alternatives = "|".join(re.escape(phrase) for phrase in english_phrases())
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")


def english_in(text: str) -> list[str]:
    """The English pieces in `text`, each with a little of what surrounds it."""
    found = []
    text = URL.sub(" ", text)  # an address's words are no one's sentence
    for match in _english().finditer(text):
        around = text[max(0, match.start() - 30) : match.end() + 30]
        found.append(f"{match.group(0)!r} in “{' '.join(around.split())}”")
    return found


def shown_text(page) -> str:
    """What a reader of the page sees: the body's text, the title, placeholders and labels."""
    return page.inner_text("body") + "\n" + page.evaluate(ATTRIBUTES_JS)
