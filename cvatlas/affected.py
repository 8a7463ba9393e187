"""An edit -> the outputs of a language that may have changed (paths, the same in both languages).

`changes(old, new)` compares two catalogues: which papers were added, removed or edited, and
whether anything else changed. For paper edits `affected` lists what to render again:

- `first`: the edited papers' own pages and downloads, which the preview renders and shows first
  (the page being edited is the one being looked at, and every page more costs MkDocs time);
- `then`: every other output that lists or links them: their neighbours in the lineage (both
  ends of a relation), their topics (page, .bib, feed), their
  tags, the home page, explorer, timeline, bibliography, glossary, tag and topic overviews, the
  libraries page if they have implementations in a library, the reading notes that cover them,
  the benchmark pages they have results on (and every paper ranked there), papers whose related
  list or lineage changed or names one of them, pages citing a paper whose reference changed,
  the feeds and the site-wide downloads.

Anything else (a vocabulary, the glossary, notes, UI texts) makes every output a candidate. The
lists are candidates: the caller renders them and writes only what differs.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from . import paths
from .index import AtlasIndex
from .model import Catalogue, Paper

_DOWNLOADS = ("bib", "ris", "json")
_ALWAYS = (paths.HOME, paths.TOPICS, paths.PAPERS, paths.TIMELINE, paths.TAGS, paths.GLOSSARY, paths.BIBLIOGRAPHY,
           paths.FEED, paths.ALL_BIB, paths.ALL_RIS, paths.ALL_CSL, paths.OPEN_DATA)
_OTHER_FIELDS = [f.name for f in dataclasses.fields(Catalogue) if f.name not in ("papers", "stale")]


@dataclass(frozen=True)
class Changes:
    papers: frozenset[str]  # ids added, removed or edited (their translation state included)
    other: bool  # anything else in the catalogue

    @property
    def none(self) -> bool:
        return not self.papers and not self.other


def changes(old: Catalogue, new: Catalogue) -> Changes:
    ids = old.papers.keys() | new.papers.keys()
    edited = {pid for pid in ids
              if old.papers.get(pid) != new.papers.get(pid) or old.stale.get(pid) != new.stale.get(pid)}
    other = any(getattr(old, name) != getattr(new, name) for name in _OTHER_FIELDS)
    return Changes(frozenset(edited), other)


@dataclass(frozen=True)
class Affected:
    first: frozenset[str]
    then: frozenset[str]
    everything: bool = False


def _versions(pid: str, old: Catalogue, new: Catalogue) -> list[Paper]:
    return [paper for paper in (old.papers.get(pid), new.papers.get(pid)) if paper is not None]


def _views(ix: AtlasIndex, pid: str) -> tuple[list[str], list[str], list[str]]:
    """The papers a paper page shows besides itself: earlier, later and related ones."""
    if pid not in ix.cat.papers:
        return [], [], []
    return ([link.paper.id for link in ix.builds_on[pid]], [link.paper.id for link in ix.built_upon_by[pid]],
            [paper.id for paper in ix.related[pid]])


def first_outputs(change: Changes) -> frozenset[str]:
    """The edited papers' own page and downloads: what the preview shows first."""
    return frozenset(path for pid in change.papers
                     for path in (paths.paper(pid), *(paths.paper_download(pid, ext) for ext in _DOWNLOADS)))


def affected(old: Catalogue, old_ix: AtlasIndex, new: Catalogue, new_ix: AtlasIndex, change: Changes,
             cited_by: Mapping[str, Iterable[str]] | None = None, references_changed: Iterable[str] = ()) -> Affected:
    """`cited_by`: paper id -> pages whose Markdown cites it; their footnotes show its reference."""
    if change.other:
        return Affected(frozenset(), frozenset(), everything=True)
    edited = change.papers
    first = first_outputs(change)
    then: set[str] = set(_ALWAYS)
    for pid in edited:
        for ix in (old_ix, new_ix):
            earlier, later, _ = _views(ix, pid)
            then.update(paths.paper(other) for other in earlier + later)
    versions = [paper for pid in edited for paper in _versions(pid, old, new)]
    for paper in versions:
        for topic in paper.topics:
            then.update((paths.topic(topic), paths.topic_bib(topic), paths.topic_feed(topic)))
        then.update(paths.tag(tag) for tag in paper.tags)
    if any(link.library for paper in versions for link in paper.code):
        then.add(paths.LIBRARIES)
    boards = {result.benchmark for paper in versions for result in paper.results}
    if boards:
        then.update((paths.BENCHMARKS, paths.RESULTS_CSV, paths.RESULTS_JSON))
        then.update(paths.benchmark(board) for board in boards)
    for note in old.notes + new.notes:
        if any(entry.paper in edited for entry in note.entries):
            then.update((paths.NOTES, paths.note(note.date)))
    for pid, paper in new.papers.items():
        views = _views(new_ix, pid)
        if (views != _views(old_ix, pid) or any(other in edited for view in views for other in view)
                or any(result.benchmark in boards for result in paper.results)):
            then.add(paths.paper(pid))
    for key in references_changed:
        then.update((cited_by or {}).get(key, ()))
    return Affected(first, frozenset(then - first))
