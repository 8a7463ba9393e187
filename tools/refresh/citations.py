"""Citation counts: papers -> `citations: {count, as_of, source}` from OpenAlex, else Semantic Scholar.

OpenAlex is asked first, by DOI (the paper's, or arXiv's DataCite DOI for a paper with only an
arXiv id), 50 per request; the papers it does not find are asked of Semantic Scholar's batch
endpoint (ARXIV:<id> or DOI:<doi>). A count that did not change keeps its date unless that date is
older than four weeks; a count that fell by more than half is reported, not written, since it more
likely means a wrong match than lost citations.
"""

from __future__ import annotations

import datetime as dt

from ruamel.yaml.comments import CommentedMap

from . import yamledit
from .lookups import Lookups
from .papers import PaperFile, set_fields, stale
from .report import Report

OPENALEX = "OpenAlex"
S2 = "Semantic Scholar"


def _s2_id(paper_file: PaperFile) -> str | None:
    paper = paper_file.paper
    if paper.arxiv:
        return f"ARXIV:{paper.arxiv}"
    return f"DOI:{paper.doi}" if paper.doi else None


def refresh_citations(files: list[PaperFile], lookups: Lookups, report: Report, today: dt.date) -> None:
    askable = [f for f in files if lookups.doi_for(f.paper)]
    for paper_file in files:
        if paper_file not in askable:
            report.skip("citations", paper_file.paper.id, "no DOI and no arXiv id to look the paper up by")
    works, failed = lookups.openalex_works([f.paper for f in askable])
    counts: dict[str, tuple[int, str]] = {}
    missing: list[PaperFile] = []
    for paper_file in askable:
        work = works.get(paper_file.paper.id)
        if work is not None:
            counts[paper_file.paper.id] = (work.cited_by_count, OPENALEX)
        else:
            missing.append(paper_file)
    if missing:
        ids = {f.paper.id: _s2_id(f) for f in missing}
        found, s2_failed = lookups.s2.fetch([i for i in ids.values() if i])
        for paper_file in missing:
            paper_id = paper_file.paper.id
            s2_paper = found.get(ids[paper_id] or "")
            if s2_paper is not None:
                counts[paper_id] = (s2_paper.citation_count, S2)
                report.fallbacks.append(paper_id)
                continue
            why_openalex = failed.get(paper_id, "not found")
            why_s2 = s2_failed.get(ids[paper_id] or "", "not found")
            report.skip("citations", paper_id, f"OpenAlex: {why_openalex}; Semantic Scholar: {why_s2}")
    for paper_file in askable:
        if paper_file.paper.id in counts:
            _write(paper_file, *counts[paper_file.paper.id], report, today)


def _write(paper_file: PaperFile, count: int, source: str, report: Report, today: dt.date) -> None:
    paper = paper_file.paper
    old = paper.citations
    if old is not None and old.count > 0 and count < old.count / 2:
        report.skip("citations", paper.id, f"{source} counts {count}, less than half of the {old.count} recorded "
                    f"({old.source}): check that it found the right work, then update by hand")
        return
    if old is not None and old.count == count and old.source == source and not stale(old.as_of, today):
        return
    if not paper_file.editable:
        report.skip("citations", paper.id, paper_file.problem or "the file cannot be edited")
        return
    data = paper_file.data
    assert data is not None
    values = {"count": count, "as_of": today, "source": source}
    if "citations" in data:
        changed = set_fields(data["citations"], values)
    else:
        before = "added" if "added" in data else "translation" if "translation" in data else None
        yamledit.insert(data, "citations", CommentedMap(values), before=before)
        changed = True
    if changed:
        paper_file.changed.add("citations")
        if old is None or old.count != count or old.source != source:
            report.citations.append({"paper": paper.id, "old": old.count if old else None,
                                     "old_source": old.source if old else None, "new": count, "source": source})
