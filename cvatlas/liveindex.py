"""Catalogue -> the same AtlasIndex as `index.build_index`, with related papers ranked on demand.

Ranking every paper's related papers is most of build_index's time (0.3 s of 0.35 s at 2,000
papers); the preview's first batch renders one or two paper pages, so it ranks only theirs, and
the rest when something asks (the second batch, the open data). Everything else is built as
build_index builds it, with index.py's own ranking; tests/test_live.py checks that the two
indexes are equal.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .index import AtlasIndex, Link, _related, newest_first
from .leaderboards import build_leaderboards
from .model import Catalogue, Paper


class _RelatedOnDemand(dict):
    """paper id -> related papers, ranked the first time they are asked for."""

    def __init__(self, index: AtlasIndex, topic_years: dict[str, dict[int, list[str]]]) -> None:
        super().__init__()
        self._index, self._topic_years = index, topic_years

    def __missing__(self, paper_id: str) -> list[Paper]:
        paper = self._index.cat.papers[paper_id]  # KeyError for a paper that is not there, as a dict
        ranked = self[paper_id] = _related(paper, self._index, self._topic_years)
        return ranked

    def complete(self) -> dict[str, list[Paper]]:
        return {pid: self[pid] for pid in self._index.cat.papers}

    def __contains__(self, paper_id: object) -> bool:
        return paper_id in self._index.cat.papers

    def __iter__(self) -> Iterator[str]:
        return iter(self._index.cat.papers)

    def __len__(self) -> int:
        return len(self._index.cat.papers)

    def get(self, paper_id: str, default: Any = None) -> Any:
        try:
            return self[paper_id]
        except KeyError:
            return default

    def items(self) -> Any:
        return self.complete().items()

    def values(self) -> Any:
        return self.complete().values()

    def keys(self) -> Any:
        return self._index.cat.papers.keys()

    def __eq__(self, other: object) -> bool:
        return self.complete() == other

    __hash__ = None  # type: ignore[assignment]


def build_index_on_demand(cat: Catalogue) -> AtlasIndex:
    """index.build_index, step for step, except that related papers wait until asked for."""
    index = AtlasIndex(cat)
    topic_lists: dict[str, list[Paper]] = {t.id: [] for t in cat.topics}
    tag_lists: dict[str, list[Paper]] = {t: [] for t in cat.tags}
    library_lists: dict[str, list[Paper]] = {lib: [] for lib in cat.libraries}
    for paper in cat.papers.values():
        index.builds_on[paper.id] = []
        index.built_upon_by.setdefault(paper.id, [])
        index.terms[paper.id] = []
        index.notes[paper.id] = []
        for topic in paper.topics:
            topic_lists[topic].append(paper)
        for tag in paper.tags:
            tag_lists[tag].append(paper)
        for library in sorted({link.library for link in paper.code if link.library}):
            library_lists[library].append(paper)
    for paper in cat.papers.values():
        for relation in paper.relations:
            target = cat.papers[relation.target]
            index.builds_on[paper.id].append(Link(target, relation))
            index.built_upon_by.setdefault(target.id, []).append(Link(paper, relation))
    for links in index.built_upon_by.values():
        links.sort(key=lambda link: (link.paper.year, link.paper.id))
    for term in cat.glossary:
        for paper_id in term.papers:
            index.terms[paper_id].append(term)
    for note in cat.notes:
        for entry in note.entries:
            if note not in index.notes[entry.paper]:
                index.notes[entry.paper].append(note)
    index.by_topic = {topic: newest_first(papers) for topic, papers in topic_lists.items()}
    index.by_tag = {tag: newest_first(papers) for tag, papers in tag_lists.items()}
    index.by_library = {lib: newest_first(papers) for lib, papers in library_lists.items()}
    topic_years: dict[str, dict[int, list[str]]] = {}
    for topic, papers in topic_lists.items():
        years = topic_years.setdefault(topic, {})
        for paper in papers:
            years.setdefault(paper.year, []).append(paper.id)
    index.related = _RelatedOnDemand(index, topic_years)
    index.leaderboards = build_leaderboards(cat)
    return index
