"""Headless Chromium driven by Selenium, on a live ``coopgraph serve`` with sample content.

Needs Debian's ``chromium`` and ``chromium-driver`` (no browser is downloaded); the tests skip
with the reason when they are absent.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from conftest import LiveServer, StartServer
from support.linked_data_content import make_content_root

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1280,1000",
    "--lang=fr-FR",
)


@pytest.fixture(scope="module")
def site(
    start_server: StartServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """A live server with the ontology, a geography sample and the Linked Data sample."""
    content = make_content_root(tmp_path_factory.mktemp("content"))
    with start_server(COOPGRAPH_LOAD_CONTENT="true", COOPGRAPH_CONTENT_ROOT=str(content)) as server:
        yield server


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """A headless Chromium, or a skip naming what is missing."""
    webdriver = pytest.importorskip("selenium.webdriver", reason="pip install selenium")
    for program in (CHROMIUM, CHROMEDRIVER):
        if shutil.which(program) is None:
            pytest.skip(f"{program} not found: apt-get install -y chromium chromium-driver")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"intl.accept_languages": "fr-FR,fr"})
    # Chrome's DevTools performance log: every request a page makes (test_offline.py reads it).
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(CHROMEDRIVER))
    driver.implicitly_wait(5)
    try:
        yield driver
    finally:
        driver.quit()
