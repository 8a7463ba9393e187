"""Semantic Scholar's batch endpoint: ids like ARXIV:1512.03385 or DOI:10.1109/... -> citation counts.

`POST /graph/v1/paper/batch?fields=...` with `{"ids": [...]}`; the answer is a list in the same
order, null for an id it does not know. The key, when S2_API_KEY is set, goes in `x-api-key`.
Used for the papers OpenAlex did not find.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass

import requests

from .session import TIMEOUT, endpoint, in_batches, polite_session

BATCH = 100  # the endpoint takes up to 500
FIELDS = "title,year,venue,citationCount,externalIds"


class SemanticScholarError(Exception):
    """Semantic Scholar could not be asked or gave an unusable answer."""


@dataclass(frozen=True)
class S2Paper:
    paper_id: str
    title: str
    citation_count: int
    doi: str | None
    venue: str | None


class SemanticScholarClient:
    def __init__(self, session: requests.Session | None = None) -> None:
        self.url = endpoint("s2") + "/graph/v1/paper/batch"
        key = os.environ.get("S2_API_KEY", "")
        self.session = session or polite_session({"x-api-key": key} if key else None)

    def fetch_batch(self, ids: list[str]) -> dict[str, S2Paper]:
        try:
            response = self.session.post(self.url, params={"fields": FIELDS}, json={"ids": ids}, timeout=TIMEOUT)
        except requests.RequestException as error:
            raise SemanticScholarError(f"cannot reach Semantic Scholar ({type(error).__name__})") from error
        if response.status_code != 200:
            raise SemanticScholarError(f"Semantic Scholar answered HTTP {response.status_code}")
        try:
            answer = response.json()
            if not isinstance(answer, list) or len(answer) != len(ids):
                raise ValueError("not one entry per id")
            found = {}
            for wanted, raw in zip(ids, answer, strict=True):
                if raw is None:
                    continue
                count = raw["citationCount"]
                if not isinstance(count, int) or count < 0:
                    raise ValueError(f"citationCount {count!r}")
                external = raw.get("externalIds") or {}
                found[wanted] = S2Paper(str(raw.get("paperId", "")), str(raw.get("title") or ""), count,
                                        external.get("DOI"), raw.get("venue") or None)
        except (ValueError, KeyError, TypeError) as error:
            raise SemanticScholarError(f"Semantic Scholar's answer is not the expected JSON ({error})") from error
        return found

    def fetch(self, ids: Iterable[str]) -> tuple[dict[str, S2Paper], dict[str, str]]:
        return in_batches(ids, BATCH, self.fetch_batch, SemanticScholarError)
