"""Settings: defaults, the COOPGRAPH_ environment prefix, validation."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import SecretStr, ValidationError

from coopgraph.settings import Settings, default_store_path


def test_defaults() -> None:
    settings = Settings()
    assert settings.query_timeout == 30.0
    assert settings.row_cap == 10_000
    assert settings.store == str(default_store_path())
    assert settings.admin_secret() is None
    assert not settings.is_memory
    assert not settings.is_remote
    assert not settings.allow_federation


def test_the_default_store_is_per_user() -> None:
    assert default_store_path().is_relative_to(Path.home())


@pytest.mark.parametrize(
    ("store", "memory", "remote"),
    [
        ("memory", True, False),
        ("/srv/coopgraph", False, False),
        ("https://example.org/sparql", False, True),
    ],
    ids=["memory", "folder", "remote"],
)
def test_kinds_of_store(store: str, memory: bool, remote: bool) -> None:
    settings = Settings(store=store)
    assert (settings.is_memory, settings.is_remote) == (memory, remote)


def test_store_path_expands_the_home_folder() -> None:
    assert Settings(store="~/graph").store_path == Path.home() / "graph"


def test_the_admin_token_stays_secret() -> None:
    settings = Settings(admin_token=SecretStr("s3cret"))
    assert settings.admin_secret() == "s3cret"
    assert "s3cret" not in repr(settings)


@pytest.mark.parametrize(
    "values",
    [{"query_timeout": 0}, {"row_cap": -1}, {"query_workers": 0}],
    ids=["zero-timeout", "negative-row-cap", "no-workers"],
)
def test_values_out_of_range_are_refused(values: dict[str, int]) -> None:
    with pytest.raises(ValidationError):
        Settings(**values)  # type: ignore[arg-type]


def test_settings_are_frozen() -> None:
    with pytest.raises(ValidationError):
        Settings().row_cap = 3


def test_the_environment_is_read_with_the_coopgraph_prefix(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COOPGRAPH_STORE", "memory")
    monkeypatch.setenv("COOPGRAPH_ADMIN_TOKEN", "from-env")
    monkeypatch.setenv("COOPGRAPH_QUERY_TIMEOUT", "2.5")
    monkeypatch.setenv("COOPGRAPH_PUBLIC_BASE", "https://graph.example.org")
    monkeypatch.setenv("COOPGRAPH_ROW_CAP", "50")
    monkeypatch.setenv("ROW_CAP", "7")
    settings = Settings()
    assert settings.is_memory
    assert settings.admin_secret() == "from-env"
    assert settings.query_timeout == 2.5
    assert settings.public_base == "https://graph.example.org"
    assert settings.row_cap == 50


def test_arguments_override_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COOPGRAPH_STORE", "memory")
    assert Settings(store="/srv/graph").store == "/srv/graph"


def test_a_bad_environment_value_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COOPGRAPH_QUERY_TIMEOUT", "soon")
    with pytest.raises(ValidationError, match="query_timeout"):
        Settings()


@pytest.mark.slow
def test_a_fresh_process_reads_the_environment(tmp_path: Path) -> None:
    program = "from coopgraph.settings import Settings; s = Settings(); print(s.store, s.row_cap)"
    done = subprocess.run(
        [sys.executable, "-c", program],
        env={"COOPGRAPH_STORE": str(tmp_path), "COOPGRAPH_ROW_CAP": "12", "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.split() == [str(tmp_path), "12"]
