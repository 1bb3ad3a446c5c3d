"""Without the internet: every page loads its files from the server's own host only.

Chromium's DevTools performance log lists every request a page makes (``goog:loggingPrefs``,
set in conftest.py); each test reads it after the page has drawn itself.
"""

from __future__ import annotations

import json
import time
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from conftest import LiveServer
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait

from coopgraph.iris import CANONICAL_BASE

PAGES = {
    "home": ("/?lang=en", "#title"),
    "ontology": ("/def.html", "h1"),
    "referential": ("/doc/referential", "h1"),
    "shapes": ("/doc/shapes", "h1"),
    "concept": ("/ref/test-energy/renewable.html", "#title"),
    "commune": ("/id/commune/62528.html", "#title"),
    "not-found": ("/id/commune/00000.html", "h1"),
    "validate": ("/validate", "form"),
    "steward": ("/steward?lang=en", "#title"),
    "dumps": ("/dumps?lang=en", "h1"),
    "sparql": ("/sparql", ".yasqe .CodeMirror"),
    "swagger-ui": ("/docs", ".swagger-ui .info .title"),
    "redoc": ("/redoc", ".api-info h1"),
}
"""Each page, and what it shows once drawn (Swagger UI and Redoc draw from /openapi.json)."""
LOCAL_SCHEMES = ("data", "blob")
BLOCKED_BY_POLICY = {"https://cdn.redoc.ly/redoc/logo-mini.svg"}
"""What a page asks for and its Content-Security-Policy refuses: Redoc's maker's logo."""


def _requested(browser: Any) -> list[str]:
    """The URLs the page sent requests to since the log was last read (reading empties it).

    A request the page's Content-Security-Policy blocked was never sent: it is left out, and
    must be one of :data:`BLOCKED_BY_POLICY`.
    """
    urls: dict[str, str] = {}
    blocked: set[str] = set()
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        params = message["params"]
        if message["method"] == "Network.requestWillBeSent":
            urls[params["requestId"]] = params["request"]["url"]
        elif message["method"] == "Network.loadingFailed" and params.get("blockedReason"):
            blocked.add(params["requestId"])
    assert {urls[i] for i in blocked if i in urls} <= BLOCKED_BY_POLICY
    return [url for request, url in urls.items() if request not in blocked]


def _elsewhere(urls: list[str], site: LiveServer) -> list[str]:
    """The URLs of another host than the server's."""
    own = urlsplit(site.base_url).netloc
    return [
        u for u in urls if urlsplit(u).scheme not in LOCAL_SCHEMES and urlsplit(u).netloc != own
    ]


def _open(browser: Any, site: LiveServer, path: str, drawn: str) -> list[str]:
    """Load a page, wait until it shows ``drawn``; the URLs it requested."""
    _requested(browser)
    browser.get(site.base_url + path)
    WebDriverWait(browser, 30).until(
        expected_conditions.visibility_of_element_located((By.CSS_SELECTOR, drawn))
    )
    WebDriverWait(browser, 10).until(
        lambda b: b.execute_script("return document.readyState") == "complete"
    )
    return _requested(browser)


def _wait_for_the_dumps(site: LiveServer) -> None:
    """The first set of dumps is made behind the started service (/dumps answers 503 until
    then, tested in tests/web/test_dumps.py): wait for it, far above the seconds it takes."""
    deadline = time.monotonic() + 300
    while httpx.get(f"{site.base_url}/dumps?format=json", timeout=30).status_code == 503:
        assert time.monotonic() < deadline, "the first dumps were not made in 300 s"
        time.sleep(0.5)


@pytest.mark.parametrize("page", PAGES.keys())
def test_a_page_loads_nothing_from_another_host(browser: Any, site: LiveServer, page: str) -> None:
    path, drawn = PAGES[page]
    if page == "dumps":
        _wait_for_the_dumps(site)
    requested = _open(browser, site, path, drawn)
    assert f"{site.base_url}{path}" in requested
    assert _elsewhere(requested, site) == []


def test_the_api_documentation_link_opens_the_local_swagger_ui(
    browser: Any, site: LiveServer
) -> None:
    _open(browser, site, "/ref/test-energy/renewable.html?lang=en", "#title")
    browser.find_element(By.LINK_TEXT, "API documentation").click()
    WebDriverWait(browser, 30).until(
        expected_conditions.text_to_be_present_in_element(
            (By.CSS_SELECTOR, ".swagger-ui .info .title"), "coopgraph"
        )
    )
    assert browser.current_url == f"{site.base_url}/docs"
    operations = browser.find_elements(By.CSS_SELECTOR, ".swagger-ui .opblock")
    assert len(operations) > 5
    assert _elsewhere(_requested(browser), site) == []


def test_redoc_lists_the_operations(browser: Any, site: LiveServer) -> None:
    _open(browser, site, "/redoc", ".api-info h1")
    assert "coopgraph" in browser.find_element(By.CSS_SELECTOR, ".api-info h1").text
    assert "/sparql" in browser.find_element(By.CSS_SELECTOR, ".api-content").text


def test_yasgui_completes_without_outside_services(browser: Any, site: LiveServer) -> None:
    _open(browser, site, "/sparql", ".yasqe .CodeMirror")
    complete = (
        "const yasqe = yasgui.getTab().getYasqe(); yasqe.setValue(arguments[0]); yasqe.focus();"
        "yasqe.execCommand('goDocEnd'); yasqe.autocomplete();"
        "return Object.keys(yasqe.autocompleters).filter((n) => yasqe.autocompleters[n]);"
    )
    property_ = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nSELECT * { ?s rdfs:lab"
    enabled = browser.execute_script(complete, property_)  # LOV's place, were it enabled
    assert sorted(enabled) == ["prefixes", "variables"]
    browser.execute_script(complete, "PREFIX foa")  # the bundled prefixes still complete
    hints = WebDriverWait(browser, 10).until(
        expected_conditions.visibility_of_element_located((By.CSS_SELECTOR, ".CodeMirror-hints"))
    )
    assert "foaf: <http://xmlns.com/foaf/0.1/>" in hints.text
    assert _elsewhere(_requested(browser), site) == []


def test_yasgui_result_links_open_the_local_pages(browser: Any, site: LiveServer) -> None:
    _open(browser, site, "/sparql", ".yasqe .CodeMirror")
    query = (
        "SELECT ?territory WHERE { ?territory <http://www.w3.org/2000/01/rdf-schema#label> ?label "
        'FILTER(STR(?label) = "Loos-en-Gohelle") }'
    )
    browser.execute_script(
        "yasgui.getTab().getYasqe().setValue(arguments[0]); yasgui.getTab().getYasqe().query();",
        query,
    )
    link = WebDriverWait(browser, 30).until(
        expected_conditions.visibility_of_element_located((By.CSS_SELECTOR, ".yasr a.iri"))
    )
    assert link.text == f"{CANONICAL_BASE}id/commune/62528"  # shown as it is
    assert link.get_attribute("href") == f"{site.base_url}/id/commune/62528"
    editor = browser.current_window_handle
    link.click()
    WebDriverWait(browser, 10).until(lambda b: len(b.window_handles) == 2)
    browser.switch_to.window(next(h for h in browser.window_handles if h != editor))
    try:
        WebDriverWait(browser, 30).until(
            expected_conditions.text_to_be_present_in_element((By.ID, "title"), "Loos-en-Gohelle")
        )
        assert browser.current_url == f"{site.base_url}/id/commune/62528.html"
    finally:
        browser.close()
        browser.switch_to.window(editor)
    assert _elsewhere(_requested(browser), site) == []
