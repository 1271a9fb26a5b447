"""A journey: one role doing its main job in headless Chromium by the menus and links alone, at a desktop width
(1366 px) and a phone width (390 px). Every page it passes is checked: no horizontal overflow, no console error,
and (in Chinese) no English text that the catalogue translates."""

import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CATALOGUE = Path(__file__).resolve().parents[2] / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.mo"
WIDTHS = {"desktop": (1366, 768), "phone": (390, 844)}

# Every visible text node of the page, trimmed (text inside <script>, <style> and hidden elements left out).
VISIBLE_TEXTS = """() => {
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const text = node.textContent.trim();
    const parent = node.parentElement;
    if (!text || !parent || ["SCRIPT", "STYLE", "NOSCRIPT", "OPTION"].includes(parent.tagName)) continue;
    if (!parent.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) continue;
    texts.push(text);
  }
  return texts;
}"""


def translated_english() -> frozenset:
    """The English messages of the catalogue that have a Chinese translation: shown as they are on a Chinese page,
    one of them is an untranslated string."""
    with CATALOGUE.open("rb") as file:
        catalogue = gettext.GNUTranslations(file)._catalog
    messages = set()
    for key, value in catalogue.items():
        msgid = (key[0] if isinstance(key, tuple) else key).rpartition("\x04")[2]  # without its context
        if msgid and re.search(r"[A-Za-z]{3}", msgid) and "%" not in msgid and "{" not in msgid and msgid != value:
            messages.add(msgid.strip())
    return frozenset(messages)


@dataclass
class Journey:
    page: object
    base_url: str
    width: str
    language: str
    errors: list = field(default_factory=list)
    pages_checked: list = field(default_factory=list)
    _english: frozenset = frozenset()

    @property
    def phone(self) -> bool:
        return self.width == "phone"

    def start(self, path="/"):
        self.page.goto(self.base_url + path)
        self.check()

    def menu(self, *element_ids):
        """Clicks through the navigation: on a phone the menu button opens it first (and the menu is waited for
        until it has opened); each id is a menu's toggle or an entry's link, the last one leads to a page."""
        toggler = self.page.locator("#nav-toggler")
        if self.phone and toggler.is_visible() and toggler.get_attribute("aria-expanded") != "true":
            toggler.click()
            self.page.wait_for_selector("#main-nav.show")
        *toggles, link = element_ids
        for element_id in toggles:
            self.page.click(f"#{element_id}")
        self.click(f"#{link}")

    def click(self, selector):
        """Clicks a link or a button that leads to a page, and checks the page it leads to."""
        with self.page.expect_navigation():
            self.page.click(selector)
        self.page.wait_for_load_state("load")
        self.check()

    def check(self):
        """The page as it stands: fits the width, logged no error, shows no untranslated message."""
        page = self.page
        url = page.url
        overflow = page.evaluate("() => document.scrollingElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{url} is {overflow} px wider than the {self.width} viewport"
        assert not self.errors, f"console errors on {url}: {self.errors}"
        if self.language == "zh-hans":
            english = sorted({text for text in page.evaluate(VISIBLE_TEXTS) if text in self._english})
            assert not english, f"untranslated on {url}: {english}"
        self.pages_checked.append(url)


@pytest.fixture(params=sorted(WIDTHS))
def journey(request, browser_context, live_server):
    """A journey at both widths, in Chinese; `journey(language="en")` for English."""
    english = translated_english()

    def open_journey(language="zh-hans"):
        width, height = WIDTHS[request.param]
        context = browser_context("zh-CN" if language == "zh-hans" else "en-GB")
        page = context.new_page()
        page.set_viewport_size({"width": width, "height": height})
        trip = Journey(page=page, base_url=live_server.url, width=request.param, language=language, _english=english)
        page.on("console", lambda message: message.type == "error" and trip.errors.append(message.text))
        page.on("pageerror", lambda error: trip.errors.append(str(error)))
        return trip

    return open_journey
