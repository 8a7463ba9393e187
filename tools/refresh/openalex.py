"""OpenAlex works by DOI: DOIs -> OpenAlexWork (citation count, DOI, venue), 50 DOIs per request.

`GET /works?filter=doi:A|B|...` with the key from OPENALEX_API_KEY as `api_key` (required by
OpenAlex since February 2026); arXiv-only papers are looked up by their DataCite DOI
10.48550/arXiv.<id>. The key is never part of a message.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass

import requests

from .session import TIMEOUT, endpoint, in_batches, polite_session

BATCH = 50
FIELDS = "id,doi,display_name,publication_year,cited_by_count,primary_location"


class OpenAlexError(Exception):
    """OpenAlex could not be asked or gave an unusable answer."""


@dataclass(frozen=True)
class OpenAlexWork:
    openalex_id: str
    doi: str | None  # bare, lower case
    title: str
    cited_by_count: int
    venue: str | None  # the primary location's source when it is a journal or conference
    venue_type: str | None


def datacite_doi(arxiv_id: str) -> str:
    """The DOI arXiv gives every paper, which OpenAlex knows even when there is no published version."""
    return f"10.48550/arxiv.{arxiv_id}".lower()


def bare_doi(doi: str) -> str:
    return doi.lower().removeprefix("https://doi.org/").removeprefix("http://doi.org/").strip()


def _work(raw: dict) -> OpenAlexWork:
    location = raw.get("primary_location") or {}
    source = location.get("source") or {}
    kind = source.get("type")
    venue = source.get("display_name") if kind in ("journal", "conference") else None
    count = raw.get("cited_by_count")
    if not isinstance(count, int) or count < 0:
        raise OpenAlexError(f"a work has no usable cited_by_count ({count!r})")
    return OpenAlexWork(
        openalex_id=str(raw.get("id", "")),
        doi=bare_doi(raw["doi"]) if raw.get("doi") else None,
        title=str(raw.get("display_name") or ""),
        cited_by_count=count,
        venue=venue,
        venue_type=kind,
    )


class OpenAlexClient:
    def __init__(self, session: requests.Session | None = None) -> None:
        self.url = endpoint("openalex") + "/works"
        self.session = session or polite_session()
        self.key = os.environ.get("OPENALEX_API_KEY", "")

    def fetch_batch(self, dois: list[str]) -> dict[str, OpenAlexWork]:
        params = {"filter": "doi:" + "|".join(dois), "per-page": str(BATCH), "select": FIELDS}
        if self.key:
            params["api_key"] = self.key
        try:
            response = self.session.get(self.url, params=params, timeout=TIMEOUT)
        except requests.RequestException as error:
            raise OpenAlexError(f"cannot reach OpenAlex ({type(error).__name__})") from error
        if response.status_code != 200:
            raise OpenAlexError(f"OpenAlex answered HTTP {response.status_code}")
        try:
            results = response.json()["results"]
            works = [_work(raw) for raw in results]
        except (ValueError, KeyError, TypeError) as error:
            raise OpenAlexError(f"OpenAlex's answer is not the expected JSON ({type(error).__name__})") from error
        return {work.doi: work for work in works if work.doi}

    def fetch(self, dois: Iterable[str]) -> tuple[dict[str, OpenAlexWork], dict[str, str]]:
        """Works by bare lower-case DOI, and the DOIs whose batch failed with the reason."""
        return in_batches((bare_doi(d) for d in dois), BATCH, self.fetch_batch, OpenAlexError)
