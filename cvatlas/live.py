"""data/ kept in memory for the preview: a reload reads again only the paper files that changed.

`LiveCatalogue.reload()` returns what `load_catalogue` returns for the files as they are now, and
raises the same DataError, with the same report, when they are broken:

- the first time, after a broken state, and whenever anything but paper files changed (a
  vocabulary, notes, UI texts, any other file), it is `load_catalogue` itself;
- when only files in data/papers/ were edited, added or removed, it reads and checks those files
  with catalogue.py's own reader and checks, and runs the checks that involve other papers as
  load_catalogue runs them: identities against the papers sharing an identifier, every paper's
  references when the set of ids changed, topics left without papers. Any problem hands over to
  load_catalogue, so a report always lists every problem as `make check` prints it.

Reading a paper file costs about 2 ms, so at 2,000 papers a full load takes seconds where an
edit takes milliseconds. tests/test_live.py checks reload() against load_catalogue() after edits
of every kind.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import fnmatch
import os
from pathlib import Path

from . import catalogue as checks
from .catalogue import ID_PATTERN, TEMPLATE_NAME, load_catalogue, normalised_title
from .model import Catalogue, Paper
from .problems import Problems
from .translation import stale_texts

Signature = tuple[int, int, int]  # modification time (ns), size, inode


def scan(data_dir: Path) -> dict[str, Signature]:
    """Every file under data/ with its signature; a changed signature means the file may have changed."""
    found: dict[str, Signature] = {}
    folders = [str(data_dir)]
    while folders:
        try:
            entries = list(os.scandir(folders.pop()))
        except FileNotFoundError:  # removed while listed
            continue
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)
                    continue
                stat = entry.stat(follow_symlinks=False)
            except FileNotFoundError:
                continue
            found[entry.path] = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
    return found


def _read_by_load(path: str, papers_dir: str) -> bool:
    """Whether load_catalogue may read the file: YAML (notes are globbed as *.y*ml), not the template."""
    folder, name = os.path.split(path)
    return fnmatch.fnmatch(name, "*.y*ml") and not (folder == papers_dir and name == TEMPLATE_NAME)


def _paper_file(path: str, papers_dir: str) -> bool:
    folder, name = os.path.split(path)
    return folder == papers_dir and name.endswith((".yaml", ".yml")) and name != TEMPLATE_NAME


def _identities(paper: Paper) -> set[tuple[str, str]]:
    """What no two paper files may share (catalogue._check_identities)."""
    keys = set()
    if title := normalised_title(paper.title):
        keys.add(("title", title))
    if paper.arxiv:
        keys.add(("arxiv", paper.arxiv))
    if paper.doi:
        keys.add(("doi", paper.doi.lower()))
    return keys


class LiveCatalogue:
    def __init__(self, data_dir: Path, today: dt.date | None = None) -> None:
        self.data_dir = Path(data_dir)
        self.today = today
        self.catalogue: Catalogue | None = None  # the last good one
        self._files: dict[str, Signature] = {}
        self._broken = True  # until a load succeeds, the files are not what self.catalogue holds
        self._identity: dict[str, tuple[Paper, set[tuple[str, str]]]] = {}

    def reload(self) -> Catalogue:
        files = scan(self.data_dir)
        papers_dir = str(self.data_dir / "papers")
        changed = {path for path in files.keys() | self._files.keys()
                   if files.get(path) != self._files.get(path) and _read_by_load(path, papers_dir)}
        if self.catalogue is not None and not self._broken:
            if not changed:  # nothing load_catalogue reads (an editor's swap file, a README)
                self._files = files
                return self.catalogue
            if all(_paper_file(path, papers_dir) for path in changed):
                fresh = self._papers_only(files, changed)
                if fresh is not None:
                    self._accept(fresh, files)
                    return fresh
        return self._full(files)

    # ------------------------------------------------------------ paths

    def _full(self, files: dict[str, Signature]) -> Catalogue:
        self._files = files  # taken before reading: a file changed meanwhile is read again next time
        self._broken = True
        cat = load_catalogue(self.data_dir, today=self.today)
        self._accept(cat, files)
        return cat

    def _accept(self, cat: Catalogue, files: dict[str, Signature]) -> None:
        self.catalogue, self._files, self._broken = cat, files, False

    def _papers_only(self, files: dict[str, Signature], changed: set[str]) -> Catalogue | None:
        """The new catalogue if only paper files changed and all is well; None to load it all."""
        old = self.catalogue
        assert old is not None
        data_dir, papers_dir = self.data_dir, str(self.data_dir / "papers")
        # Sorted as load_catalogue sorts them (one folder: by name); the stem is the id.
        stems = [os.path.splitext(os.path.basename(path))[0]
                 for path in sorted(path for path in files if _paper_file(path, papers_dir))]
        if not stems or len(set(stems)) != len(stems) or not all(ID_PATTERN.match(s) for s in stems):
            return None  # load_catalogue explains these
        papers = dict(old.papers)
        problems = Problems()
        edited = set()
        for name in changed:
            path = Path(name)
            papers.pop(path.stem, None)
            if name not in files:
                continue
            raw = checks._read(path, "paper", data_dir, problems)
            if raw is None or ("id" in raw and raw["id"] != path.stem):
                return None
            papers[path.stem] = checks._paper(path.stem, checks._display(path, data_dir), raw)
            edited.add(path.stem)
        papers = {stem: papers[stem] for stem in stems}  # load_catalogue's order: by file name
        ids = set(papers)
        known = checks._Known(
            papers=ids, topics={t.id for t in old.topics}, tags=set(old.tags), venues=set(old.venues),
            relation_types=set(old.relation_types), libraries=set(old.libraries), datasets=set(old.datasets),
            benchmarks=old.benchmarks,
        )
        # Other papers' checks depend on the set of ids (relation targets, citations) and vocabularies.
        to_check = list(papers.values()) if ids != set(old.papers) else [papers[pid] for pid in sorted(edited)]
        today = self.today or dt.date.today()
        for paper in to_check:
            checks._check_paper(paper, known, today, problems)
            checks._check_results(paper, known, problems)
        checks._check_identities(self._sharing_identities(papers, edited), problems)
        cat = dataclasses.replace(old, papers=papers, stale={})
        checks._check_vocabularies(cat, known, data_dir, problems)
        if problems.items:
            return None
        for pid, paper in papers.items():
            stale = old.stale.get(pid, []) if pid not in edited else [s.lang for s in stale_texts(paper)]
            if stale:
                cat.stale[pid] = stale
        return cat

    def _sharing_identities(self, papers: dict[str, Paper], edited: set[str]) -> dict[str, Paper]:
        """The edited papers and every paper with one of their arXiv ids, DOIs or titles."""
        for pid, paper in papers.items():
            cached = self._identity.get(pid)
            if cached is None or cached[0] is not paper:
                self._identity[pid] = (paper, _identities(paper))
        for pid in set(self._identity) - set(papers):
            del self._identity[pid]
        wanted = set().union(*(self._identity[pid][1] for pid in edited)) if edited else set()
        return {pid: paper for pid, paper in papers.items() if pid in edited or self._identity[pid][1] & wanted}
