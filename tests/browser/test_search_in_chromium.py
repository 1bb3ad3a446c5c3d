"""In a real browser: type in the search box of a page, see a suggestion, follow it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import LiveServer
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait

SUGGESTION = "#site-search-results a"


def _suggestions(browser: Any, typed: str) -> list[Any]:
    box = browser.find_element(By.ID, "site-search")
    box.clear()
    box.send_keys(typed)
    WebDriverWait(browser, 60).until(  # the first search builds the index
        expected_conditions.visibility_of_element_located((By.CSS_SELECTOR, SUGGESTION))
    )
    found: list[Any] = browser.find_elements(By.CSS_SELECTOR, SUGGESTION)
    return found


def test_a_suggestion_leads_to_its_page(browser: Any, site: LiveServer, tmp_path: Path) -> None:
    browser.get(f"{site.base_url}/doc/referential?lang=en")
    suggestions = _suggestions(browser, "loos en goh")
    assert suggestions[0].text.startswith("Loos-en-Gohelle")
    assert "Pas-de-Calais (62)" in suggestions[0].text
    assert browser.save_screenshot(str(tmp_path / "search-suggestions.png"))
    suggestions[0].click()
    WebDriverWait(browser, 30).until(expected_conditions.url_contains("/id/commune/62528"))
    assert browser.find_element(By.ID, "title").text == "Loos-en-Gohelle"


def test_the_keyboard_chooses_a_suggestion(browser: Any, site: LiveServer) -> None:
    browser.get(f"{site.base_url}/?lang=fr")
    _suggestions(browser, "pas de calais")
    box = browser.find_element(By.ID, "site-search")
    box.send_keys(Keys.ARROW_DOWN)
    chosen = browser.find_element(By.CSS_SELECTOR, SUGGESTION + '[aria-selected="true"]')
    assert chosen.text.startswith("Pas-de-Calais")
    box.send_keys(Keys.ENTER)
    WebDriverWait(browser, 30).until(expected_conditions.url_contains("/id/department/62"))
    assert browser.find_element(By.ID, "title").text == "Pas-de-Calais"
