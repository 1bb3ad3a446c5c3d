"""In a real browser, the steward's workspace at /steward: a broken file's report points at
its line, the fixed file's preview names what it adds by label, publishing lists the version;
the token stays in the tab's sessionStorage, and a refusal is said in plain words."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import LiveServer, StartServer
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait
from support.steward_content import LOOS, STEWARD, content_root

from coopgraph.access.keyring import Keyring

WAIT_SECONDS = 30


@pytest.fixture(scope="module")
def steward_site(
    start_server: StartServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[LiveServer, str]]:
    """A live server over the ontology, the shapes and a sample geography, and the token of
    Loos-en-Gohelle's steward."""
    project = content_root(tmp_path_factory.mktemp("steward-browser"))
    with start_server(COOPGRAPH_LOAD_CONTENT="true", COOPGRAPH_CONTENT_ROOT=str(project)) as server:
        secret = Keyring(server.store / "private").create("alice", [LOOS], admin=False)
        yield server, secret


def _wait_for(browser: Any, selector: str) -> Any:
    return WebDriverWait(browser, WAIT_SECONDS).until(
        expected_conditions.visibility_of_element_located((By.CSS_SELECTOR, selector))
    )


def _outcome_says(browser: Any, words: str) -> None:
    WebDriverWait(browser, WAIT_SECONDS).until(
        expected_conditions.text_to_be_present_in_element((By.ID, "outcome"), words)
    )


def _choose(browser: Any, name: str) -> None:
    browser.find_element(By.ID, "file").send_keys(str(STEWARD / name))


def test_check_fix_preview_publish(
    browser: Any, steward_site: tuple[LiveServer, str], tmp_path: Path
) -> None:
    server, secret = steward_site
    browser.get(f"{server.base_url}/steward?lang=en")
    browser.find_element(By.ID, "territory").send_keys("commune/62528")
    _choose(browser, "loos-en-gohelle.ttl")
    browser.find_element(By.ID, "preview").click()
    _outcome_says(browser, "Token missing, unknown or revoked")
    assert "{" not in browser.find_element(By.ID, "outcome").text

    browser.find_element(By.ID, "token").send_keys(secret)
    browser.find_element(By.ID, "token-keep").click()
    assert "Token kept" in browser.find_element(By.ID, "token-status").text
    assert browser.execute_script("return sessionStorage.getItem('coopgraph-steward-token')") == (
        secret
    )
    assert secret not in browser.current_url
    assert secret not in browser.execute_script("return document.cookie")

    _choose(browser, "loos-en-gohelle-broken.ttl")
    browser.find_element(By.ID, "check").click()
    fault = _wait_for(browser, "#report-table tr td.Violation")
    row = fault.find_element(By.XPATH, "..")
    assert "line 28" in row.find_element(By.CSS_SELECTOR, "td.where").text
    assert "polarity" in row.text
    browser.execute_script("arguments[0].scrollIntoView()", row)
    assert browser.save_screenshot(str(tmp_path / "steward-report.png"))

    _choose(browser, "loos-en-gohelle.ttl")
    browser.find_element(By.ID, "check").click()
    _outcome_says(browser, "Conforms")
    browser.find_element(By.ID, "preview").click()
    added = _wait_for(browser, "#changes-added")
    assert "Solar roofs of the church" in added.text
    assert "Loos-en-Gohelle" in added.text

    browser.find_element(By.ID, "publish").click()
    _outcome_says(browser, "Published: version 1")
    versions = _wait_for(browser, "#versions-table")
    assert versions.find_element(By.CSS_SELECTOR, 'tr[data-version="1"]').text.startswith("1")
    browser.execute_script("arguments[0].scrollIntoView()", added)
    assert browser.save_screenshot(str(tmp_path / "steward-versions.png"))
    _revise_then_roll_back(browser)

    browser.find_element(By.ID, "token-forget").click()
    assert browser.execute_script("return sessionStorage.length") == 0


def _revise_then_roll_back(browser: Any) -> None:
    """Preview and publish a second version, read its diff, publish the first one again."""
    _choose(browser, "loos-en-gohelle-v2.ttl")
    browser.find_element(By.ID, "preview").click()
    changed = _wait_for(browser, "#changes-changed")
    assert "Solar roofs of the church" in changed.text
    assert "becomes" in changed.text
    assert "Solar panels on the church roof" in changed.text
    browser.find_element(By.ID, "publish").click()
    _outcome_says(browser, "Published: version 2")
    newest = _wait_for(browser, 'tr[data-version="2"]')
    newest.find_element(By.XPATH, ".//button[text()='Changes']").click()
    assert "Mesuré en 2014." in _wait_for(browser, "ul.diff").text
    first = browser.find_element(By.CSS_SELECTOR, 'tr[data-version="1"]')
    first.find_element(By.CSS_SELECTOR, "button.rollback").click()
    _outcome_says(browser, "Version 1 published again as version 3")
    assert _wait_for(browser, 'tr[data-version="3"]').text.startswith("3")
