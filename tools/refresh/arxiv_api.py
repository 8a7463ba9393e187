"""The arXiv API (`id_list`, Atom): arXiv ids -> ArxivRecord (title, authors, dates, DOI, journal ref).

A small client rather than the `arxiv` package: that package names itself in every request's
User-Agent and parses with lxml's recovering parser, which turns a truncated answer into a record
with a truncated author list instead of an error. Here the Atom text is parsed strictly, every
entry must be complete, and an answer that lists fewer entries than it announces is refused.
Requests go through one connection, one every ATLAS_REFRESH_DELAY seconds (3 by default), with at
most BATCH ids each.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass

import requests

from .session import TIMEOUT, Pacing, arxiv_delay, endpoint, in_batches, polite_session

BATCH = 50
NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "arxiv": "http://arxiv.org/schemas/atom",
    "opensearch": "http://a9.com/-/spec/opensearch/1.1/",
}
# New-style ids (0704.0001 on) and old-style ones (hep-th/9901001), each with an optional version.
_ID = re.compile(r"^(?P<id>\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v(?P<version>\d+))?$")
_ENTRY_ID = re.compile(r"arxiv\.org/abs/(?P<id>.+?)v(?P<version>\d+)$")


class ArxivError(Exception):
    """arXiv could not be asked, or answered with something that is not a complete feed."""


@dataclass(frozen=True)
class ArxivRecord:
    arxiv_id: str  # without version
    version: int  # the latest version
    title: str  # on one line, spaces normalised
    authors: tuple[str, ...]  # in order, as arXiv writes them
    published: dt.date  # first version
    updated: dt.date  # latest version
    primary_category: str
    doi: str | None
    journal_ref: str | None


def parse_id(text: str) -> tuple[str, int | None]:
    """'arXiv:1512.03385v2', 'https://arxiv.org/abs/1512.03385' or '1512.03385' -> ('1512.03385', 2 or None)."""
    cleaned = text.strip()
    cleaned = re.sub(r"^(?:https?://(?:export\.)?arxiv\.org/(?:abs|pdf)/|arxiv:)", "", cleaned, flags=re.IGNORECASE)
    cleaned = cleaned.removesuffix(".pdf")
    match = _ID.match(cleaned)
    if not match:
        raise ValueError(f"{text!r} is not an arXiv id (expected e.g. 1512.03385, 1512.03385v2 or hep-th/9901001)")
    version = match.group("version")
    return match.group("id"), int(version) if version else None


def one_line(text: str) -> str:
    """Titles and names arrive broken over lines and indented: one line, single spaces."""
    return " ".join(text.split())


def _date(value: str | None, what: str) -> dt.date:
    if not value:
        raise ArxivError(f"an entry has no <{what}>")
    try:
        return dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00")).date()
    except ValueError as error:
        raise ArxivError(f"an entry's <{what}> is not a date: {value!r}") from error


def _text(element: ET.Element, path: str) -> str | None:
    found = element.find(path, NS)
    return found.text if found is not None and found.text is not None else None


def _record(entry: ET.Element) -> ArxivRecord:
    entry_id = (_text(entry, "atom:id") or "").strip()
    if "/api/errors" in entry_id:
        raise ArxivError(f"arXiv answered with an error: {one_line(_text(entry, 'atom:summary') or entry_id)}")
    match = _ENTRY_ID.search(entry_id)
    if not match:
        raise ArxivError(f"an entry's <id> is not an arXiv abstract address: {entry_id!r}")
    title = one_line(_text(entry, "atom:title") or "")
    authors = tuple(one_line(_text(author, "atom:name") or "") for author in entry.findall("atom:author", NS))
    if not title or not authors or not all(authors):
        raise ArxivError(f"the entry for {match.group('id')} has no title or an author without a name")
    primary = entry.find("arxiv:primary_category", NS)
    doi = _text(entry, "arxiv:doi")
    journal_ref = _text(entry, "arxiv:journal_ref")
    return ArxivRecord(
        arxiv_id=match.group("id"),
        version=int(match.group("version")),
        title=title,
        authors=authors,
        published=_date(_text(entry, "atom:published"), "published"),
        updated=_date(_text(entry, "atom:updated"), "updated"),
        primary_category=primary.get("term", "") if primary is not None else "",
        doi=one_line(doi) if doi else None,
        journal_ref=one_line(journal_ref) if journal_ref else None,
    )


def parse_feed(content: bytes) -> list[ArxivRecord]:
    """An Atom answer -> its records; ArxivError for anything malformed, truncated or incomplete."""
    try:
        root = ET.fromstring(content)
    except ET.ParseError as error:
        raise ArxivError(f"the answer is not well-formed Atom (truncated or malformed: {error})") from error
    if root.tag != f"{{{NS['atom']}}}feed":
        raise ArxivError(f"the answer is not an Atom feed (root element {root.tag!r})")
    records = [_record(entry) for entry in root.findall("atom:entry", NS)]
    total = _text(root, "opensearch:totalResults")
    if total is not None and total.strip().isdigit() and int(total) > len(records):
        raise ArxivError(f"the answer announces {int(total)} entries but holds {len(records)} (incomplete)")
    return records


class ArxivClient:
    """Looks up arXiv ids in batches, on one connection, one request every ATLAS_REFRESH_DELAY seconds."""

    def __init__(self, session: requests.Session | None = None, delay: float | None = None) -> None:
        self.url = endpoint("arxiv")
        interval = arxiv_delay() if delay is None else delay
        self.session = session or polite_session(min_wait=interval)  # a retry is a request too
        self.pacing = Pacing(interval)

    def fetch_batch(self, ids: list[str]) -> dict[str, ArxivRecord]:
        """One request for up to BATCH ids; ids arXiv does not know are missing from the result."""
        self.pacing.wait()
        params = {"id_list": ",".join(ids), "start": "0", "max_results": str(len(ids))}
        try:
            response = self.session.get(self.url, params=params, timeout=TIMEOUT)
        except requests.RequestException as error:
            raise ArxivError(f"cannot reach the arXiv API at {self.url} ({type(error).__name__}: {error})") from error
        finally:
            self.pacing.done()
        if response.status_code != 200:
            detail = ""
            try:
                parse_feed(response.content)
            except ArxivError as error:
                detail = f": {error}"
            raise ArxivError(f"the arXiv API answered HTTP {response.status_code}{detail}")
        return {record.arxiv_id: record for record in parse_feed(response.content)}

    def fetch(self, ids: Iterable[str]) -> tuple[dict[str, ArxivRecord], dict[str, str]]:
        """Records by id, and the ids that could not be looked up with the reason."""
        wanted = list(dict.fromkeys(ids))
        records, failed = in_batches(wanted, BATCH, self.fetch_batch, ArxivError)
        failed.update({i: "arXiv has no paper with this id (empty answer)"
                       for i in wanted if i not in records and i not in failed})
        return records, failed
