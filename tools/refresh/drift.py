"""Drift: papers with an arXiv id -> findings where arXiv or OpenAlex now says something the data does not.

Compared: the title (normalised as the duplicate check does), the author list (order included,
accents and "Family, Given" folded), the latest arXiv version (against the versions results cite
and the one seen by the previous run), and a venue or DOI that has appeared (arXiv's journal
reference or DOI, or OpenAlex's venue or DOI for the work). Findings are reported, never applied:
title, authors, venue and DOI are curated by people, and arXiv's list may be the one that is wrong.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

from cvatlas.catalogue import normalised_title
from cvatlas.model import Paper

from .arxiv_api import ArxivRecord
from .journal_ref import venue_of
from .lookups import Lookups
from .papers import PaperFile
from .report import Report

_RESULT_VERSION = re.compile(r"^arXiv v(\d+)$")


def folded_name(name: str) -> str:
    """'Li, Fuxin' and 'Fuxin Li', 'Jégou' and 'Jegou': the same person for the comparison."""
    if name.count(",") == 1:
        family, given = (part.strip() for part in name.split(","))
        name = f"{given} {family}"
    stripped = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w\s]", " ", stripped.casefold()).split())


def _authors_finding(data: list[str], arxiv: tuple[str, ...]) -> str | None:
    ours, theirs = [folded_name(a) for a in data], [folded_name(a) for a in arxiv]
    if ours == theirs:
        return None
    if sorted(ours) == sorted(theirs):
        return "the same authors in another order"
    only_ours = [a for a, f in zip(data, ours, strict=True) if f not in theirs]
    only_theirs = [a for a, f in zip(arxiv, theirs, strict=True) if f not in ours]
    parts = [f"{len(data)} in the data, {len(arxiv)} on arXiv"]
    if only_theirs:
        parts.append("only on arXiv: " + ", ".join(only_theirs))
    if only_ours:
        parts.append("only in the data: " + ", ".join(only_ours))
    return "; ".join(parts)


def _cited_versions(paper: Paper) -> list[int]:
    return sorted({int(m.group(1)) for r in paper.results if (m := _RESULT_VERSION.match(r.source.version))})


def find_drift(files: list[PaperFile], lookups: Lookups, report: Report, venues: dict[str, str],
               seen_file: Path, remember: bool = True) -> None:
    """Record findings in `report`; `remember` keeps the versions seen for the next run (not in a dry run)."""
    papers = [f.paper for f in files if f.paper.arxiv]
    records, failed = lookups.arxiv_records(papers)
    for paper_id, reason in failed.items():
        report.skip("drift", paper_id, f"arXiv: {reason}")
    seen = _read_seen(seen_file)
    for paper in papers:
        record = records.get(paper.id)
        if record is not None:
            _compare(paper, record, report, venues, seen.get(paper.arxiv or ""))
            seen[record.arxiv_id] = record.version
    lacking = [p for p in papers if not p.venue or not p.doi]
    works, _failed = lookups.openalex_works(lacking)  # failures are the citation step's to report
    for paper in lacking:
        work = works.get(paper.id)
        if work is None:
            continue
        if not paper.doi and work.doi and not work.doi.startswith("10.48550/"):
            report.finding(paper.id, "doi", None, work.doi, "OpenAlex", "OpenAlex has a DOI for the work")
        if not paper.venue and work.venue and "arxiv" not in work.venue.casefold():
            report.finding(paper.id, "venue", None, work.venue, "OpenAlex",
                           f"OpenAlex places the work in a {work.venue_type}")
    if remember:
        _write_seen(seen_file, seen)


def _compare(paper: Paper, record: ArxivRecord, report: Report, venues: dict[str, str],
             last_seen: int | None) -> None:
    if normalised_title(paper.title) != normalised_title(record.title):
        report.finding(paper.id, "title", paper.title, record.title, "arXiv", "arXiv's title differs")
    authors = _authors_finding(paper.authors, record.authors)
    if authors:
        report.finding(paper.id, "authors", len(paper.authors), len(record.authors), "arXiv", authors)
    cited = _cited_versions(paper)
    if cited and max(cited) < record.version:
        report.finding(paper.id, "version", f"v{max(cited)}", f"v{record.version}", "arXiv",
                       f"results cite arXiv v{max(cited)}; arXiv now has v{record.version} "
                       f"(updated {record.updated.isoformat()}): check the numbers")
    elif last_seen is not None and last_seen < record.version:
        report.finding(paper.id, "version", f"v{last_seen}", f"v{record.version}", "arXiv",
                       f"a new arXiv version since the last refresh (updated {record.updated.isoformat()})")
    if not paper.venue and record.journal_ref:
        mapped = venue_of(record.journal_ref, venues, paper.year)
        note = f"maps to venue {mapped!r}" if mapped else "does not map to one venue of data/venues.yaml"
        report.finding(paper.id, "venue", None, record.journal_ref, "arXiv", f"arXiv has a journal reference; {note}")
    if not paper.doi and record.doi:
        report.finding(paper.id, "doi", None, record.doi, "arXiv", "arXiv lists a DOI")


def _read_seen(path: Path) -> dict[str, int]:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
        return {str(k): int(v) for k, v in value.get("versions", {}).items()}
    except (OSError, ValueError, AttributeError, TypeError):
        return {}


def _write_seen(path: Path, seen: dict[str, int]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"versions": dict(sorted(seen.items()))}, indent=1) + "\n", encoding="utf-8")
