"""Walk the desk and the portal as the demo owner and collect what reads as English.

Two signs of English on a Dutch page: a msgid the pages asked gettext for that the Dutch
catalogue does not hold (it shows in English), and English words in the text a reader sees
(text no one marked for translation). The demo's data is Dutch, so English words in a page
come from innen itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urldefrag, urlsplit

from django.utils import translation
from django.utils.translation import trans_real

# Words that only English text has; each is no Dutch word and no name the demo makes up.
ENGLISH = re.compile(
    r"\b(the|and|with|from|which|when|nothing|none|Invoice|invoices?|Customer|customers?"
    r"|Reminder|Policy|Date|Next|Recorded|skipped|planned|payment|amount|days|since|due"
    r"|until|before|after|sent|letter|email|call_task|pre_due_notice|reminder)\b"
)
# Where a URL's numbers are, so that one page of each kind is enough.
NUMBERS = re.compile(r"\d+")
SKIP = re.compile(
    r"/(logout|i18n|admin|api|media)/|\.(pdf|csv|zip|json|txt|png|svg|js|css)$|/pdf/|/download/|/export"
)


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "pre", "code", "textarea", "svg"):
            self._skip += 1
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.links.append(str(values["href"]))
        for name in ("title", "placeholder", "aria-label", "alt"):
            if values.get(name):
                self.text.append(str(values[name]))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "pre", "code", "textarea", "svg") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)


def page_text(html: str) -> tuple[str, list[str]]:
    page = _Page()
    page.feed(html)
    return " ".join(page.text), page.links


@contextmanager
def missing_msgids(language: str) -> Iterator[set[str]]:
    """The msgids asked for while inside that `language`'s catalogue does not hold."""
    missing: set[str] = set()
    catalogue = trans_real.translation(language)._catalog  # type: ignore[attr-defined]
    # A label already said in `language` (a language's own name) is asked for again.
    said = {value for _, value in catalogue.items() if isinstance(value, str)}
    real = translation._trans  # type: ignore[attr-defined]
    originals = {name: getattr(real, name) for name in ("gettext", "ngettext", "pgettext")}

    def check(msgid: str) -> None:
        if translation.get_language() != language or not msgid.strip() or msgid in said:
            return
        if msgid not in catalogue and (msgid, 0) not in catalogue:
            missing.add(msgid)

    def gettext(message: str) -> str:
        check(message)
        return originals["gettext"](message)

    def ngettext(singular: str, plural: str, number: int) -> str:
        check(singular)
        return originals["ngettext"](singular, plural, number)

    def pgettext(context: str, message: str) -> str:
        check(f"{context}\x04{message}")
        return originals["pgettext"](context, message)

    for name, made in (("gettext", gettext), ("ngettext", ngettext), ("pgettext", pgettext)):
        setattr(real, name, made)
    try:
        yield missing
    finally:
        for name, original in originals.items():
            setattr(real, name, original)


# The pages whose words depend most on the data (the dossier, the explanation): many of each.
MANY = re.compile(r"^/(customers|invoices)/#/$")


def walk(
    get: Callable[[str], Any], starts: list[str], limit: int = 400, many: int = 40
) -> Iterator[tuple[str, str]]:
    """(url, visible text) of each page reached from `starts`: one page per URL shape, or
    `many` of the customer and invoice pages."""
    seen_shapes: dict[str, int] = {}
    queue = list(starts)
    visited: set[str] = set()
    while queue and len(seen_shapes) < limit:
        url = urldefrag(queue.pop(0)).url
        parts = urlsplit(url)
        if parts.netloc not in ("", "testserver") or not parts.path.startswith("/"):
            continue
        shape = NUMBERS.sub("#", parts.path) + ("?" if parts.query else "")
        if url in visited:
            continue
        visited.add(url)
        seen = seen_shapes.get(shape, 0)
        if seen >= (many if MANY.match(shape) else 1) or SKIP.search(parts.path):
            continue
        seen_shapes[shape] = seen + 1
        response = get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        text, links = page_text(response.content.decode())
        yield url, text
        queue.extend(links)
