"""A person at a browser: the steps journeys are written in, with axe on every page.

Every page the browser loads is recorded; `Visitor.check()` runs axe-core on the page in
front of the visitor. When the journey ends, a page that was loaded but never checked fails
it, so a new step cannot quietly skip the accessibility check.
"""

import datetime
import os
import re
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

ROOT = Path(__file__).resolve().parents[2]
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "docs" / "screenshots"
PASSWORD = "correct horse battery staple"  # what the `trust` fixture gives every persona

# WCAG 2.2 AA, as axe-core tags it: the levels below AA are included by naming them.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

SCRIPT_ELEMENT = re.compile(r"<script\b.*?</script>", re.DOTALL | re.IGNORECASE)

RUN_AXE = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map(n => n.target.join(' ')),
  }));
}"""


def describe(violations: list[dict]) -> str:
    return "\n".join(
        f"  {v['id']} ({v['impact']}): {v['help']}\n    at " + "\n    at ".join(v["targets"])
        for v in violations
    )


STYLES_LOADED = """() => {
  const links = [...document.querySelectorAll('link[rel=stylesheet]')];
  return links.length > 0 && links.every(link => link.sheet !== null);
}"""


def axe_violations(page: Page) -> list[dict]:
    """Run axe-core's WCAG 2.2 AA rules on the page as it stands, styled as users see it."""
    # Without its styles a page fails for the wrong reasons (or passes): say so plainly.
    assert page.evaluate(STYLES_LOADED), (
        f"the styles of {page.url} did not load: is frontend/dist built (npm run build)?"
    )
    page.add_script_tag(path=AXE_SCRIPT)
    return page.evaluate(RUN_AXE, WCAG_TAGS)


def enter_date(scope: Page | Locator, legend: str, day: datetime.date) -> None:
    """Type a date into the GOV.UK date input (Day, Month, Year) under the legend named."""
    group = scope.get_by_role("group", name=legend, exact=True)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def short_date(day: datetime.date) -> str:
    """A date as the pages print a short one ("j M Y"): 5 Mar 2026."""
    return f"{day.day} {day:%b %Y}"


def long_date(day: datetime.date) -> str:
    """A date as the pages print a long one ("j F Y"): 5 March 2026."""
    return f"{day.day} {day:%B %Y}"


class Visitor:
    """One person at one browser tab, taking the steps a journey describes."""

    def __init__(self, page: Page, *, javascript: bool = True):
        self.page = page
        self.javascript = javascript
        self.loaded: list[str] = []
        self.checked: set[int] = set()
        page.on("load", lambda loaded: self.loaded.append(loaded.url))

    # Steps

    def go(self, path: str) -> Page:
        self.page.goto(path)
        self.check()
        return self.page

    def press(self, button: str) -> Page:
        """Press a button (or a link styled as one) and check the page that answers."""
        self.page.get_by_role("button", name=button, exact=True).click()
        self.check()
        return self.page

    def follow(self, link: str | re.Pattern) -> Page:
        """Follow a link, named exactly (or matching a pattern), and check the page."""
        self.page.get_by_role("link", name=link, exact=True).click()
        self.check()
        return self.page

    def sign_in(self, username: str, password: str = PASSWORD) -> Page:
        self.go("/login/")
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password").fill(password)
        return self.press("Sign in")

    def sign_out(self) -> Page:
        page = self.press("Sign out")
        expect(page).to_have_url(re.compile(r"/login/$"))
        return page

    # Checks

    def check(self) -> None:
        """Fail the journey if axe finds a WCAG 2.2 AA violation on the current page."""
        self.page.wait_for_load_state("load")
        if self.javascript:
            violations = axe_violations(self.page)
        else:
            violations = self._axe_in_a_scripted_copy()
        self.checked.add(len(self.loaded) - 1)
        assert not violations, (
            f"axe found {len(violations)} accessibility violation(s) on {self.page.url}:\n"
            + describe(violations)
        )

    def _axe_in_a_scripted_copy(self) -> list[dict]:
        """Axe cannot run where scripts are off, so check the same markup in a scripted tab.

        The page's own scripts are left out of the copy, so what axe sees is what a browser
        without JavaScript shows; a <base> keeps the styles, which colour contrast depends on.
        """
        html = SCRIPT_ELEMENT.sub("", self.page.content())
        html = html.replace("<head>", f'<head><base href="{self.page.url}">', 1)
        copy = self.page.context.browser.new_page(viewport=self.page.viewport_size)
        try:
            copy.set_content(html, wait_until="load")
            return axe_violations(copy)
        finally:
            copy.close()

    def unchecked_pages(self) -> list[str]:
        return [url for i, url in enumerate(self.loaded) if i not in self.checked]

    def screenshot(self, name: str) -> None:
        """Save a full-page picture for the docs, only when OPENCSC_SCREENSHOTS=1."""
        if os.environ.get("OPENCSC_SCREENSHOTS") != "1":
            return
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
