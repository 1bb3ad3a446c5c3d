"""Settings: every COOPGRAPH_* value, read from the environment once and passed in.

Nothing else in coopgraph reads ``os.environ``; tests build ``Settings(...)`` directly.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_store_path() -> Path:
    """The per-user store folder: ``~/.local/share/coopgraph/store``."""
    return Path.home() / ".local" / "share" / "coopgraph" / "store"


def default_content_root() -> Path:
    """The folder holding ontology/, shapes/, queries/ and data/.

    A source checkout has them beside ``src/``; an installed wheel carries them in
    ``coopgraph/_content``.
    """
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "ontology").is_dir():
        return checkout
    return Path(__file__).resolve().parent / "_content"


class Settings(BaseSettings):
    """Every setting of coopgraph; environment variables are ``COOPGRAPH_<NAME>``."""

    model_config = SettingsConfigDict(env_prefix="COOPGRAPH_", frozen=True)

    store: str = Field(
        default_factory=lambda: str(default_store_path()),
        description="A folder for the embedded store, `memory`, or an http(s) SPARQL query URL.",
    )
    update_url: str | None = Field(default=None, description="SPARQL Update URL of a remote store.")
    store_user: str | None = Field(default=None, description="User of a remote store.")
    store_password: SecretStr | None = Field(default=None, description="Its password.")
    store_auth: Literal["digest", "basic"] = Field(
        default="digest", description="How a remote store checks the user: HTTP digest or basic."
    )
    admin_token: SecretStr | None = Field(default=None, description="Bearer token for writes.")
    public_base: str | None = Field(
        default=None,
        description="The URL this deployment is reached at; defaults to the request's.",
    )
    private_folder: Path | None = Field(
        default=None,
        description="Folder for steward tokens (hashed) and every version of submitted "
        "descriptions, never served as is; default: `private/` in an embedded store's folder.",
    )
    content_root: Path = Field(default_factory=default_content_root)
    load_content: bool = Field(
        default=True,
        description="Bring the store up to date with ontology/, shapes/, data/ on start.",
    )
    examples: bool = Field(
        default=False,
        description="Also load data/examples/ (illustrative, not facts) into graph/examples/.",
    )
    background_start: bool = Field(
        default=False,
        description="Open the port at once and load the content behind it: until it is ready, "
        "every request is answered 503 with Retry-After and the progress (coopgraph serve).",
    )
    host: str = "127.0.0.1"
    port: int = 8000
    query_timeout: float = Field(
        default=30.0, gt=0, description="Seconds before a public query ends."
    )
    row_cap: int = Field(default=10_000, gt=0, description="Most rows or triples in one answer.")
    answer_bytes: int = Field(
        default=64 * 1_048_576,
        gt=0,
        description="Most bytes in one query answer: past it, fewer rows, marked truncated.",
    )
    max_query_bytes: int = Field(
        default=1_048_576, gt=0, description="Largest query or update text."
    )
    max_upload_bytes: int = Field(default=64 * 1_048_576, gt=0, description="Largest RDF upload.")
    max_validation_bytes: int = Field(
        default=16 * 1_048_576, gt=0, description="Largest submission to validate, all files."
    )
    max_triples: int = Field(
        default=1_000_000,
        gt=0,
        description="Most triples in one submission or Graph Store upload, counted while parsing.",
    )
    validation_timeout: float = Field(
        default=60.0, gt=0, description="Seconds to parse and validate one submission."
    )
    validation_workers: int = Field(
        default=2, gt=0, description="Worker processes that parse and validate uploads."
    )
    reserved_validation_workers: int = Field(
        default=1,
        ge=0,
        description="More validation workers, kept for token holders (submissions, Graph Store "
        "uploads): anonymous /validate never holds them.",
    )
    max_nesting: int = Field(default=200, gt=0, description="Deepest nesting of { ( [ in a query.")
    query_workers: int = Field(default=2, gt=0, description="Worker processes for public queries.")
    worker_memory_mb: int = Field(default=4096, gt=0, description="Address-space cap per worker.")
    allow_federation: bool = Field(
        default=False, description="Let public queries use SERVICE (never on a public deployment)."
    )
    fair_share_concurrency: int = Field(
        default=4, gt=0, description="Most /sparql and /api requests one client runs at once."
    )
    fair_share_seconds: float = Field(
        default=60.0, gt=0, description="Most query time (s) one client spends per window."
    )
    fair_share_window: float = Field(
        default=60.0, gt=0, description="The sliding window (s) of the query-time limit."
    )
    fair_share_heavy_seconds: float = Field(
        default=10.0,
        ge=0,
        description="Query time (s) in the window past which a client is heavy: heavy clients "
        "together hold all query workers but one.",
    )
    answer_cache_bytes: int = Field(
        default=128 * 1024 * 1024,
        ge=0,
        description="Memory (bytes) for answers kept until the next write: Linked Data pages, "
        "/sparql and /api; 0 keeps none. An answer over 1/16 of it is never kept.",
    )
    backup_folder: Path | None = Field(
        default=None,
        description="Where POST /admin/backup writes; default: `backups/` in an embedded "
        "store's folder.",
    )

    def admin_secret(self) -> str | None:
        """The admin token's value, or None when writes are disabled."""
        return self.admin_token.get_secret_value() if self.admin_token else None

    @property
    def private_path(self) -> Path | None:
        """Where tokens and versions live; None (submissions off) in memory or remote, unset."""
        if self.private_folder is not None:
            return self.private_folder.expanduser()
        if self.is_memory or self.is_remote:
            return None
        return self.store_path / "private"

    @property
    def backup_path(self) -> Path | None:
        """Where backups go; None (no default) for a store in memory or a remote store."""
        if self.backup_folder is not None:
            return self.backup_folder.expanduser()
        if self.is_memory or self.is_remote:
            return None
        return self.store_path / "backups"

    @property
    def is_memory(self) -> bool:
        """True when the store lives in memory only (tests, throw-away servers)."""
        return self.store == "memory"

    @property
    def is_remote(self) -> bool:
        """True when the store is a remote SPARQL server."""
        return self.store.startswith(("http://", "https://"))

    @property
    def store_path(self) -> Path:
        """The embedded store's folder."""
        return Path(self.store).expanduser()
