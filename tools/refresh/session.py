"""Polite HTTP for the refresh: environment -> a requests Session per API, with retries and pacing.

Every client names the project in its User-Agent, retries 429 and 5xx answers with exponential
backoff (honouring Retry-After) through urllib3's Retry, and keeps one connection per API. The
endpoints come from the environment so that tests replay recorded answers from a local server:

    ATLAS_ARXIV_API      https://export.arxiv.org/api/query
    ATLAS_OPENALEX_API   https://api.openalex.org
    ATLAS_S2_API         https://api.semanticscholar.org
    ATLAS_GITHUB_API     https://api.github.com
    ATLAS_REFRESH_DELAY  seconds between two arXiv requests (3, the arXiv rule)
    ATLAS_REFRESH_BACKOFF  backoff factor of the retries in seconds (1: waits 0, 2, 4, 8 s)
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

import requests
from requests.adapters import HTTPAdapter
from urllib3.util import Retry

USER_AGENT = "cv-paper-atlas-refresh/1 (+https://github.com/cv-paper-atlas/cv-paper-atlas)"
TIMEOUT = (10, 60)  # connect, read (seconds)
MAX_RETRY_AFTER = 120.0  # a longer wait asked for is cut to this: the job has a time limit
ENDPOINTS = {
    "arxiv": ("ATLAS_ARXIV_API", "https://export.arxiv.org/api/query"),
    "openalex": ("ATLAS_OPENALEX_API", "https://api.openalex.org"),
    "s2": ("ATLAS_S2_API", "https://api.semanticscholar.org"),
    "github": ("ATLAS_GITHUB_API", "https://api.github.com"),
}


def endpoint(api: str) -> str:
    variable, default = ENDPOINTS[api]
    return (os.environ.get(variable) or default).rstrip("/")


def _seconds(variable: str, default: float) -> float:
    try:
        return max(0.0, float(os.environ.get(variable, default)))
    except ValueError:
        return default


def arxiv_delay() -> float:
    return _seconds("ATLAS_REFRESH_DELAY", 3.0)


class _CappedRetry(Retry):
    """urllib3's Retry, with a ceiling on how long a Retry-After header can make the job wait, and a floor
    under the backoff (urllib3 retries the first time at once, which arXiv's one-every-3-s rule forbids).
    """

    min_wait = 0.0  # a class attribute: Retry.new() makes each next attempt's Retry from the standard fields

    def get_retry_after(self, response: Any) -> float | None:
        wait = super().get_retry_after(response)
        return None if wait is None else min(wait, MAX_RETRY_AFTER)

    def get_backoff_time(self) -> float:
        return max(super().get_backoff_time(), self.min_wait)


def polite_session(headers: dict[str, str] | None = None, retries: int = 4, min_wait: float = 0.0) -> requests.Session:
    """A Session that retries what is worth retrying, waiting at least `min_wait` seconds before a retry;
    other answers are returned to the caller as they are.
    """
    retry_class = type("_PacedRetry", (_CappedRetry,), {"min_wait": min_wait}) if min_wait else _CappedRetry
    retry = retry_class(
        total=retries,
        connect=2,
        read=2,
        status=retries,
        backoff_factor=_seconds("ATLAS_REFRESH_BACKOFF", 1.0),
        status_forcelist=(429, 500, 502, 503, 504),
        allowed_methods=frozenset({"GET", "HEAD", "POST"}),  # our POSTs (batch look-ups) only read
        respect_retry_after_header=True,
        raise_on_status=False,
    )
    session = requests.Session()
    adapter = HTTPAdapter(max_retries=retry, pool_connections=1, pool_maxsize=1)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    session.headers["User-Agent"] = USER_AGENT
    session.headers.update(headers or {})
    return session


Found = TypeVar("Found")


def in_batches(keys: Iterable[str], size: int, fetch_batch: Callable[[list[str]], Mapping[str, Found]],
               error: type[Exception]) -> tuple[dict[str, Found], dict[str, str]]:
    """Look keys up `size` at a time: what was found, and the keys of each batch that failed with the reason
    (`error`: the API's own failure; anything else is a bug and propagates).
    """
    wanted = list(dict.fromkeys(keys))
    found: dict[str, Found] = {}
    failed: dict[str, str] = {}
    for start in range(0, len(wanted), size):
        batch = wanted[start:start + size]
        try:
            found.update(fetch_batch(batch))
        except error as problem:
            failed.update(dict.fromkeys(batch, str(problem)))
    return found, failed


class Pacing:
    """At most one request every `interval` seconds (arXiv: one every 3 s), counted from the end of the last answer."""

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self._last: float | None = None

    def wait(self) -> None:
        if self._last is not None:
            remaining = self.interval - (time.monotonic() - self._last)
            if remaining > 0:
                time.sleep(remaining)

    def done(self) -> None:
        self._last = time.monotonic()
