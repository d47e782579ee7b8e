"""Can this machine make PDF letters? `python -m innen.letters.pdf_support` exits 0 if so.

WeasyPrint is a Python package, but it draws text with Pango, a system library pip cannot
install. When it is missing, say which system package to install and exit 1. HarfBuzz's
subsetting library is optional: without it WeasyPrint falls back to a slow subsetter (about
0.8 s a letter instead of 0.2 s), so it is mentioned but not required.
"""

from __future__ import annotations

import sys

PANGO_HINT = """\
innen makes PDF letters with WeasyPrint, which needs the Pango library from the system:

  Debian/Ubuntu:  apt-get install libpango-1.0-0 libpangoft2-1.0-0
  Fedora:         dnf install pango
  Alpine:         apk add pango
  macOS:          brew install pango

Error: {error}
"""

SUBSET_HINT = """\
Note: PDF letters work, but slowly: the HarfBuzz subsetting library is missing.
  Debian/Ubuntu:  apt-get install libharfbuzz-subset0
  Alpine:         apk add so:libharfbuzz-subset.so.0
  (Fedora's harfbuzz and Homebrew's pango include it.)
"""


def check() -> str | None:
    """None when WeasyPrint imports and renders a page; else the error."""
    try:
        from innen.letters.pdf import html_to_pdf

        pdf = html_to_pdf("<p>innen</p>")
    except Exception as exc:  # OSError when Pango is missing; anything else is as fatal
        return f"{type(exc).__name__}: {exc}"
    if not pdf.startswith(b"%PDF"):
        return "WeasyPrint made no PDF"
    return None


def fast_subsetting() -> bool:
    from weasyprint.text.ffi import harfbuzz_subset

    return harfbuzz_subset is not None


def main() -> int:
    error = check()
    if error is not None:
        print(PANGO_HINT.format(error=error), file=sys.stderr)
        return 1
    if not fast_subsetting():
        print(SUBSET_HINT, file=sys.stderr)
    print("PDF letters: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
