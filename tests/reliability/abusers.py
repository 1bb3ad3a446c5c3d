"""Abusive clients in a process of their own (so they share no interpreter lock with the
well-behaved ones they are measured against): each sends the query on its command line back to
back, waiting 50 ms after a 429, until standard input closes; then prints how many 429 came.

One client per TOKEN argument: its bearer token, or ``-`` for a made-up token on every request
(a client trying to pass for many).

    python abusers.py BASE_URL QUERY TOKEN... < pipe
"""

from __future__ import annotations

import secrets
import sys
import threading
import time

import httpx

MADE_UP = "-"


def _abuse(
    base_url: str, query: str, token: str, stop: threading.Event, refused: list[int]
) -> None:
    headers = {"Content-Type": "application/sparql-query"}
    with httpx.Client(base_url=base_url, timeout=30, headers=headers) as http:
        while not stop.is_set():
            secret = secrets.token_urlsafe(16) if token == MADE_UP else token
            response = http.post(
                "/sparql", content=query.encode(), headers={"Authorization": f"Bearer {secret}"}
            )
            if response.status_code == 429:
                refused.append(1)
                time.sleep(0.05)  # hammering, not spinning a core of the test machine


def main() -> None:
    """Abuse until standard input closes; every abusive query has ended when this returns."""
    base_url, query, tokens = sys.argv[1], sys.argv[2], sys.argv[3:]
    stop, refused = threading.Event(), list[int]()
    threads = [
        threading.Thread(target=_abuse, args=(base_url, query, token, stop, refused))
        for token in tokens
    ]
    for thread in threads:
        thread.start()
    sys.stdin.read()
    stop.set()
    for thread in threads:
        thread.join()
    print(len(refused))


if __name__ == "__main__":
    main()
