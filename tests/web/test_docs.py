"""The API documentation, Swagger UI and Redoc, served from this server's own files (npm's)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import make_settings, running_client
from fastapi.testclient import TestClient

from coopgraph.iris import CANONICAL_BASE
from coopgraph.web import templating as web_templating
from coopgraph.web.routes.docs import POLICY
from coopgraph.web.templating import REDOC, SWAGGER_UI, VENDORS, YASGUI, vendor_directory

_SOURCES = re.compile(r"""(?:src|href)=["']([^"']+)["']""")
_BUNDLED = Path(web_templating.__file__).parent / "static" / "vendor"


def _loaded(page: str) -> list[str]:
    """The URLs a page's tags load (scripts, styles, icons)."""
    return _SOURCES.findall(page)


@pytest.mark.parametrize(
    ("path", "script"),
    [
        ("/docs", "/static/swagger-ui/swagger-ui-bundle.js"),
        ("/redoc", "/static/redoc/redoc.standalone.js"),
    ],
    ids=["swagger-ui", "redoc"],
)
def test_each_documentation_page_loads_its_files_from_this_server(
    client: TestClient, path: str, script: str
) -> None:
    page = client.get(path)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    loaded = _loaded(page.text)
    assert script in loaded
    assert all(url.startswith("/static/") for url in loaded), loaded
    assert "/openapi.json" in page.text
    assert page.headers["content-security-policy"] == POLICY  # Redoc's logo from its CDN: no
    assert "https://" not in page.text  # no CDN, no Google Fonts, no favicon elsewhere
    for url in loaded:
        asset = client.get(url)
        assert asset.status_code == 200, url
        assert len(asset.content) > 500, url


def test_swagger_ui_sends_nothing_to_the_online_validator(client: TestClient) -> None:
    assert '"validatorUrl": null' in client.get("/docs").text


def test_the_documentation_pages_are_not_api_operations(client: TestClient) -> None:
    paths = set(client.get("/openapi.json").json()["paths"])
    assert not {"/docs", "/redoc", "/docs/oauth2-redirect"} & paths


def test_without_npm_ci_the_pages_say_how_to_install_their_files(tmp_path: Path) -> None:
    (tmp_path / "queries").mkdir()
    settings = make_settings(content_root=tmp_path)
    bundled = [v for v in (SWAGGER_UI, REDOC) if (_BUNDLED / v.name / v.files[0]).is_file()]
    with running_client(settings) as client:
        for path, vendor in (("/docs", SWAGGER_UI), ("/redoc", REDOC)):
            page = client.get(path)
            if vendor in bundled:  # an installed wheel carries the files
                assert page.status_code == 200
                continue
            assert page.status_code == 503
            assert "npm ci" in page.text
            assert "n'est pas installé" in page.text
            assert "is not installed" in page.text
            assert client.get(f"/static/{vendor.name}/{vendor.files[0]}").status_code == 404


@pytest.mark.parametrize("vendor", VENDORS, ids=lambda v: v.name)
def test_each_vendor_is_found_where_npm_installs_it(
    tmp_path: Path, vendor: web_templating.Vendor
) -> None:
    settings = make_settings(content_root=tmp_path)
    bundled = _BUNDLED / vendor.name
    in_the_wheel = bundled if (bundled / vendor.files[0]).is_file() else None
    assert vendor_directory(settings, vendor) == in_the_wheel
    folder = tmp_path / "node_modules" / vendor.npm_folder
    folder.mkdir(parents=True)
    for name in vendor.files:
        (folder / name).write_text("//", encoding="utf-8")
    assert vendor_directory(settings, vendor) == (in_the_wheel or folder)


def test_the_checkout_serves_what_npm_ci_installed(client: TestClient) -> None:
    for vendor in VENDORS:
        for name in vendor.files:
            assert client.get(f"{vendor.mount}/{name}").status_code == 200, (vendor, name)


def test_the_wheel_carries_every_file_pages_load() -> None:
    pyproject = (Path(__file__).parents[2] / "pyproject.toml").read_text(encoding="utf-8")
    for vendor in VENDORS:
        for name in vendor.files:
            line = (
                f'"node_modules/{vendor.npm_folder}/{name}" = '
                f'"coopgraph/web/static/vendor/{vendor.name}/{name}"'
            )
            assert line in pyproject


def test_the_documentation_pages_may_load_from_this_server_only() -> None:
    directives = dict(d.strip().split(" ", 1) for d in POLICY.split(";"))
    assert directives["default-src"] == "'self'"
    assert all("http" not in sources and "*" not in sources for sources in directives.values())


def test_yasgui_opens_result_iris_on_this_server() -> None:
    settings = make_settings(public_base="https://graph.example.org/coop/")
    with running_client(settings) as client:
        page = client.get("/sparql", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert f'"base": "{CANONICAL_BASE}"' in page.text
    assert '"site": "https://graph.example.org/coop"' in page.text
    assert '"namespaces": ["def", "ref", "id", "shapes"]' in page.text
    assert "delete Yasgui.Yasqe.Autocompleters[name]" in page.text
    assert YASGUI.files[0] in page.text
