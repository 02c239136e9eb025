"""Browser journeys: Debian's Chromium, driven by Playwright, against pytest-django's live server.

The journeys run wherever Chromium is found (/usr/bin/chromium, or $OPENCSC_CHROMIUM). Where it
is not, they are skipped with a banner at the end of the run, or fail when
OPENCSC_REQUIRE_BROWSER=1, as CI sets it. `playwright install` is never needed: the browser is
the operating system's.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings

from .browser import Visitor

CHROMIUM = Path(os.environ.get("OPENCSC_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1024, "height": 768}
_not_run: list[str] = []


@pytest.fixture(scope="session")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        reason = (
            f"Chromium not found at {CHROMIUM}: the browser journeys did NOT run. Install "
            "Debian's chromium package, or set OPENCSC_CHROMIUM to a Chromium binary."
        )
        if settings.TEST_BROWSER_REQUIRED:
            pytest.fail(reason + " (OPENCSC_REQUIRE_BROWSER=1)", pytrace=False)
        _not_run.append(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; Django refuses database calls
    # from such a thread unless told they are deliberate.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


def _visitor(browser, live_server, *, javascript: bool):
    context = browser.new_context(
        base_url=live_server.url, viewport=VIEWPORT, locale="en-GB", java_script_enabled=javascript
    )
    context.set_default_timeout(10_000)
    visitor = Visitor(context.new_page(), javascript=javascript)
    yield visitor
    context.close()
    unchecked = visitor.unchecked_pages()
    assert not unchecked, f"pages loaded but never checked with axe: {unchecked}"


@pytest.fixture
def visitor(browser, live_server, trust):
    """Someone at a fresh browser with JavaScript on, in front of the demo trust's service."""
    yield from _visitor(browser, live_server, javascript=True)


@pytest.fixture
def visitor_without_javascript(browser, live_server, trust):
    yield from _visitor(browser, live_server, javascript=False)


def pytest_terminal_summary(terminalreporter):
    if _not_run:
        terminalreporter.write_sep("!", "BROWSER JOURNEYS NOT RUN", red=True, bold=True)
        terminalreporter.write_line(_not_run[0], red=True)
