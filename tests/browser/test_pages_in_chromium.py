"""In a real browser: the home page, a concept in French and English, links to a narrower
concept and to a territory, and a query run in YASGUI. Screenshots go to tmp_path."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from conftest import LiveServer
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait


def _title(browser: Any) -> str:
    text: str = browser.find_element(By.ID, "title").text
    return text


def _shot(browser: Any, folder: Path, name: str) -> None:
    path = folder / f"{name}.png"
    assert browser.save_screenshot(str(path))
    assert path.stat().st_size > 1000


def test_home_page(browser: Any, site: LiveServer, tmp_path: Path) -> None:
    browser.get(f"{site.base_url}/?lang=en")
    _shot(browser, tmp_path, "home")
    assert _title(browser) == "The knowledge graph of territories in transition"
    links = {a.get_attribute("id") for a in browser.find_elements(By.CSS_SELECTOR, "#explore a")}
    assert {"link-sparql", "link-validate", "link-api", "link-ontology"} <= links


def test_concept_in_french_then_english(browser: Any, site: LiveServer, tmp_path: Path) -> None:
    browser.get(f"{site.base_url}/ref/test-energy/renewable")
    _shot(browser, tmp_path, "concept-fr")
    assert _title(browser) == "énergie renouvelable"
    assert "Énergie tirée de sources" in browser.find_element(By.ID, "definition").text
    browser.find_element(By.LINK_TEXT, "English").click()
    _shot(browser, tmp_path, "concept-en")
    assert _title(browser) == "renewable energy"
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"


def test_follow_narrower_then_territory(browser: Any, site: LiveServer, tmp_path: Path) -> None:
    browser.get(f"{site.base_url}/ref/test-energy/renewable?lang=fr")
    browser.find_element(By.CSS_SELECTOR, "#hierarchy tr.narrower a").click()
    _shot(browser, tmp_path, "narrower")
    assert _title(browser) == "énergie solaire"
    assert "/ref/test-energy/solar.html" in browser.current_url
    browser.find_element(By.LINK_TEXT, "Loos-en-Gohelle").click()
    _shot(browser, tmp_path, "territory")
    assert _title(browser) == "Loos-en-Gohelle"
    browser.find_element(By.PARTIAL_LINK_TEXT, "Lens").click()
    assert "/id/epci/246200364.html" in browser.current_url
    assert "Loos-en-Gohelle" in browser.find_element(By.ID, "incoming").text


def test_yasgui_runs_a_query(browser: Any, site: LiveServer, tmp_path: Path) -> None:
    query = (
        "SELECT ?label WHERE { "
        "<https://w3id.org/coopgraph/id/commune/62528> "
        "<http://www.w3.org/2000/01/rdf-schema#label> ?label }"
    )
    browser.get(f"{site.sparql}?query={quote(query)}")
    WebDriverWait(browser, 20).until(
        lambda b: (
            b.execute_script("return document.readyState") == "complete"
            and b.execute_script("return typeof yasgui !== 'undefined' && !!yasgui.getTab()")
        )
    )
    button = WebDriverWait(browser, 20).until(
        expected_conditions.element_to_be_clickable((By.CSS_SELECTOR, ".yasqe_queryButton"))
    )
    assert "62528" in browser.find_element(By.CSS_SELECTOR, ".CodeMirror").text
    _run_until_results(browser, button, "Loos-en-Gohelle")
    _shot(browser, tmp_path, "yasgui")
    rows = browser.find_elements(By.CSS_SELECTOR, ".yasr table tbody tr")
    assert len(rows) == 1
    assert "Loos-en-Gohelle" in rows[0].text


def _run_until_results(browser: Any, button: Any, expected: str) -> None:
    """Click YASGUI's run button until the table shows ``expected`` (a click that lands while
    the editor is still starting is sometimes swallowed)."""
    table = (By.CSS_SELECTOR, ".yasr table tbody")
    for _attempt in range(3):
        button.click()
        try:
            WebDriverWait(browser, 8).until(
                expected_conditions.text_to_be_present_in_element(table, expected)
            )
            return
        except TimeoutException:
            continue
    raise AssertionError(f"YASGUI showed no row with {expected!r} after three runs")
