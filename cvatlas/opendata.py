"""Catalogue -> the open-data JSON file: every paper's facts, texts in both languages, code links and
relations, plus the vocabularies, so others can reuse the atlas without parsing YAML or HTML.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from .index import AtlasIndex
from .jsonout import record_lines
from .model import Catalogue, Paper

FORMAT_VERSION = 2  # 2: results, benchmarks and datasets; code health
LICENCE = {
    "data": "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)",
    "code": "MIT",
    "attribution": "CV Paper Atlas contributors",
}


def _paper(paper: Paper, index: AtlasIndex) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": paper.id,
        "title": paper.title,
        "name": paper.display_name,
        "aliases": paper.aliases,
        "authors": paper.authors,
        "year": paper.year,
        "venue": paper.venue,
        "arxiv": paper.arxiv,
        "arxiv_class": paper.arxiv_class,
        "doi": paper.doi,
        "url": paper.url,
        "topics": paper.topics,
        "tags": paper.tags,
        "summary": paper.summary,
        "details": paper.details,
        "code": [
            {"url": c.url, "framework": c.framework, "official": c.official, "library": c.library,
             "health": dataclasses.asdict(c.health) if c.health else None}
            for c in paper.code
        ],
        "relations": [{"type": r.type, "target": r.target, "note": r.note} for r in paper.relations],
        "related": [p.id for p in index.related[paper.id]],
        "results": [
            {"benchmark": r.benchmark, "model": r.model, "value": r.value, "extra_data": list(r.extra_data),
             "resolution": r.resolution, "params_m": r.params, "tta": r.tta, "source": dataclasses.asdict(r.source),
             "note": r.note}
            for r in paper.results
        ],
        "citations": (
            {"count": paper.citations.count, "as_of": paper.citations.as_of, "source": paper.citations.source}
            if paper.citations else None
        ),
    }
    return record


def open_data(cat: Catalogue, index: AtlasIndex) -> dict[str, Any]:
    return {
        "format_version": FORMAT_VERSION,
        "licence": LICENCE,
        "papers": [_paper(p, index) for p in cat.papers.values()],
        "topics": [{"id": t.id, "name": t.name, "description": t.description} for t in cat.topics],
        "tags": [{"id": t.id, "name": t.name, "description": t.description} for t in cat.tags.values()],
        "relation_types": [{"id": r.id, "label": r.label, "inverse": r.inverse} for r in cat.relation_types.values()],
        "benchmarks": [dataclasses.asdict(b) for b in cat.benchmarks.values()],
        "datasets": [dataclasses.asdict(d) for d in cat.datasets.values()],
        "glossary": [
            {"id": g.id, "abbr": g.abbr, "term": g.term, "definition": g.definition, "papers": g.papers}
            for g in cat.glossary
        ],
    }


def open_data_json(cat: Catalogue, index: AtlasIndex) -> str:
    return record_lines(open_data(cat, index))
