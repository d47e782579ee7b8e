"""Browser tests: Playwright drives Debian's chromium against a live server.

The fixtures are registered once, in tests/conftest.py, so every folder's browser tests
share one browser: a second Playwright started beside the first would find its event loop.

Chromium comes from the system (`.ci/run` installs the Debian package); Playwright only
drives it, so no browser is downloaded. Screenshots for people go to docs/screenshots/ when
`make screenshots` runs them.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "") or shutil.which("chromium") or "/usr/bin/chromium"
# Tests never write tracked files: screenshots go to var/screenshots/ (ignored by git, kept
# to look at after a run) unless `make screenshots` names docs/screenshots/ in
# INNEN_SCREENSHOTS_DIR.
REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(os.environ.get("INNEN_SCREENSHOTS_DIR", "") or REPO / "var" / "screenshots")


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    # Django refuses database access from inside a running event loop; Playwright's sync
    # API runs one. The live server's own thread is not affected. Only while browsing.
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as playwright:
            launched = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=["--no-sandbox"]
            )
            yield launched
            launched.close()
    finally:
        if before is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


@pytest.fixture
def page(browser, live_server) -> Iterator[object]:
    context = browser.new_context(
        base_url=live_server.url, locale="nl-NL", viewport={"width": 1280, "height": 900}
    )
    opened = context.new_page()
    opened.set_default_timeout(15_000)
    yield opened
    context.close()


def screenshot(page, name: str) -> Path:
    """Save what the page shows now as <name>.png in SCREENSHOTS, for a person to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
