"""``coopgraph validate`` through a running server: its POST /validate, and where it listens.

``coopgraph serve`` records where it listens (``server.json`` in the store's private folder:
its URL and process id), written at start and removed at stop. ``validate`` reads that record
only when the store is held by another process, and follows it only while the recorded process
lives; otherwise a URL comes from the user (``--server``), never from anywhere else.

Each file is sent as its own multipart upload (the server's form takes one file per request);
the report comes back in the format and language asked, and the exit code is told by the
server's ``Coopgraph-Conforms`` header: 0 conforms, 1 violations, 2 unreadable input (a 4xx
answer), 3 the server unreachable or failing (5xx).
"""

from __future__ import annotations

import gzip
import json
import os
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

from coopgraph import formats
from coopgraph.errors import CoopgraphError

SERVER_RECORD = "server.json"
"""The file, in the private folder, where ``coopgraph serve`` says where it listens."""
CONFORMS_HEADER = "Coopgraph-Conforms"
"""The response header of POST /validate: ``true`` or ``false``."""
_TIMEOUT = 300.0


@dataclass(frozen=True)
class Answer:
    """What the server said about one file: the text to print, and the exit code it means."""

    text: str
    code: int

    @property
    def is_report(self) -> bool:
        """True when ``text`` is a validation report (else an error message)."""
        return self.code in (0, 1)


def listening_url(host: str, port: int) -> str:
    """The URL a local client reaches a server listening on ``host``:``port`` at.

    >>> listening_url("0.0.0.0", 8000), listening_url("::1", 8080)
    ('http://127.0.0.1:8000', 'http://[::1]:8080')
    """
    reachable = {"0.0.0.0": "127.0.0.1", "": "127.0.0.1", "::": "::1"}.get(host, host)
    return f"http://[{reachable}]:{port}" if ":" in reachable else f"http://{reachable}:{port}"


def record_server(private: Path, url: str) -> Path:
    """Write where this process serves (URL and process id) into the private folder."""
    private.mkdir(parents=True, exist_ok=True)
    record = private / SERVER_RECORD
    partial = record.with_suffix(".partial")
    partial.write_text(json.dumps({"url": url, "pid": os.getpid()}), encoding="utf-8")
    partial.replace(record)
    return record


def forget_server(private: Path) -> None:
    """Remove the record, if this process wrote it."""
    record = private / SERVER_RECORD
    if _read_record(record).get("pid") == os.getpid():
        record.unlink(missing_ok=True)


def recorded_server(private: Path | None) -> str | None:
    """The URL of the ``coopgraph serve`` recorded in ``private``, if that process lives."""
    if private is None:
        return None
    found = _read_record(private / SERVER_RECORD)
    url, pid = found.get("url"), found.get("pid")
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        return None
    if not isinstance(pid, int) or not _alive(pid):
        return None
    return url


def _read_record(record: Path) -> dict[str, object]:
    try:
        found = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process: alive
    return True


def validate_remotely(url: str, path: Path, report_format: str, lang: str) -> Answer:
    """Send one file to ``url``/validate; the report, or the error, with its exit code."""
    try:
        body, content_type = _multipart(path, report_format, lang)
    except OSError as exc:
        return Answer(f"cannot read {path} / lecture impossible : {exc.strerror}", 2)
    except CoopgraphError as exc:
        return Answer(exc.in_language(lang), 2)
    query = urllib.parse.urlencode({"format": report_format, "lang": lang})
    request = urllib.request.Request(
        f"{url.rstrip('/')}/validate?{query}",
        data=body,
        method="POST",
        headers={"Content-Type": content_type, "Accept-Language": lang},
    )
    try:
        with urllib.request.urlopen(request, timeout=_TIMEOUT) as response:
            text = response.read().decode("utf-8", errors="replace")
            conforms = response.headers.get(CONFORMS_HEADER, "")
    except urllib.error.HTTPError as exc:
        said = exc.read().decode("utf-8", errors="replace").strip()
        return Answer(f"{url} answered {exc.code} for {path}: {said}", 3 if exc.code >= 500 else 2)
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        return Answer(f"cannot reach {url} / serveur injoignable : {reason}", 3)
    if conforms not in ("true", "false"):
        return Answer(f"{url} is not a coopgraph server: no {CONFORMS_HEADER} header", 3)
    return Answer(text, 0 if conforms == "true" else 1)


def _multipart(path: Path, report_format: str, lang: str) -> tuple[bytes, str]:
    """The form of one file: its bytes (gunzipped), its name, its media type."""
    data = path.read_bytes()
    name = path.name
    if path.suffix.lower() == ".gz":
        data, name = gzip.decompress(data), path.stem
    media_type = formats.submitted_media_type_for_path(Path(name))
    boundary = uuid.uuid4().hex
    fields = [("lang", lang), ("format", report_format)]
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in fields
    ]
    quoted = urllib.parse.quote(name)
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{quoted}"\r\n'
        f"Content-Type: {media_type}\r\n\r\n"
    ).encode()
    parts.append(head + data + f"\r\n--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def validate_through(url: str, files: list[Path], report_format: str, lang: str) -> int:
    """Validate each file through the server at ``url``, printing the reports (errors on
    standard error); the exit code of the worst answer."""
    import typer

    worst = 0
    for path in files:
        answer = validate_remotely(url, path, report_format, lang)
        if answer.is_report:
            typer.echo(answer.text, nl=False)
        else:
            typer.secho(f"error: {answer.text}", err=True, fg=typer.colors.RED)
        worst = max(worst, answer.code)
        if answer.code == 3:
            break
    return worst
