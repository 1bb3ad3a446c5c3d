"""FastAPI's templates over the one Jinja environment, and where YASGUI's files are found."""

from __future__ import annotations

from pathlib import Path

from conftest import make_settings
from fastapi.testclient import TestClient

from coopgraph.templating import environment
from coopgraph.web import templating as web_templating
from coopgraph.web.templating import templates, yasgui_directory


def test_pages_render_in_the_one_environment(client: TestClient) -> None:
    assert templates.env is environment
    form = client.get("/validate", params={"lang": "en"})
    assert form.status_code == 200
    assert form.headers["content-type"] == "text/html; charset=utf-8"
    assert "Upload a file or paste RDF data" in form.text


def test_yasgui_is_found_where_npm_installs_it(tmp_path: Path) -> None:
    settings = make_settings(content_root=tmp_path)
    bundled = Path(web_templating.__file__).parent / "static" / "vendor" / "yasgui"
    in_the_wheel = bundled if (bundled / "yasgui.min.js").is_file() else None
    assert yasgui_directory(settings) == in_the_wheel
    build = tmp_path / "node_modules" / "@zazuko" / "yasgui" / "build"
    build.mkdir(parents=True)
    (build / "yasgui.min.js").write_text("//", encoding="utf-8")
    assert yasgui_directory(settings) == (in_the_wheel or build)  # the wheel's copy first
