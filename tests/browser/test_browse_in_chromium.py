"""In a real browser: from the home page to a scheme's A-Z index and tree, then a class page
with its instances; no page asks another host for anything."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from conftest import LiveServer
from selenium.webdriver.common.by import By


def _hosts(browser: Any) -> set[str]:
    """The hosts the pages sent requests to since the log was last read (reading empties it)."""
    hosts = set()
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            url = urlsplit(message["params"]["request"]["url"])
            if url.scheme not in ("data", "blob"):
                hosts.add(url.netloc)
    return hosts


def test_from_home_to_index_tree_and_class(browser: Any, site: LiveServer) -> None:
    browser.get_log("performance")
    browser.get(f"{site.base_url}/?lang=en")
    scheme = browser.find_element(By.XPATH, "//li[a[text()='energies (test)']]")
    scheme.find_element(By.LINK_TEXT, "A-Z index").click()
    assert browser.find_element(By.ID, "title").text == "energies (test) — A-Z index"
    assert "renewable energy" in browser.find_element(By.ID, "letter-R").text
    browser.find_element(By.ID, "view-tree").click()
    tree = browser.find_element(By.ID, "tree")
    nested = tree.find_element(By.CSS_SELECTOR, "li > ul > li")
    assert nested.text == "solar energy"
    browser.get(f"{site.base_url}/def/Commune.html?lang=en")
    instances = browser.find_element(By.ID, "instances")
    assert "Loos-en-Gohelle" in instances.text
    assert _hosts(browser) == {urlsplit(site.base_url).netloc}
