"""Catalogue -> the same AtlasIndex as `index.build_index`, with related papers ranked on demand.

Ranking every paper's related papers is most of build_index's time (0.3 s of 0.35 s at 2,000
papers); the preview's first batch renders one or two paper pages, so it ranks only theirs, and
the rest when something asks (the second batch, the open data). Everything else is built by
index.py's own `index_without_related`, and ranked by its own `_related`; tests/test_live.py
checks that the two indexes are equal.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .index import AtlasIndex, _related, index_without_related
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
    """index.build_index, except that related papers wait until asked for."""
    index, topic_years = index_without_related(cat)
    index.related = _RelatedOnDemand(index, topic_years)
    return index
