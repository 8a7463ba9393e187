"""`make serve`'s watcher: data/, docs/ and templates/ -> the preview's docs trees, kept current.

One process holds the catalogue (cvatlas.live re-reads only the paper files that changed), its
index and every paper's formatted reference and exports. On an edit it validates (a broken edit
prints the report and keeps the last good preview), works out what the edit touches
(cvatlas.affected), renders just that in both languages and writes the files whose text changed
into .cache/preview/<lang>/ (cvatlas.pagefiles), in two batches: first the edited papers' own
pages, then every page and download that lists or links them. Each batch is announced to the
language's `mkdocs serve --dirty` through its signal folder (cvatlas.previewlayout); MkDocs
rebuilds only the pages whose files changed and reloads the browser, and the next batch waits
until that build is done (a dirty build compares times, so a file must not change while its page
is being built).

A file whose text is unchanged but whose page would look different is touched instead, so MkDocs
rebuilds it: a page citing a paper whose reference changed (its footnotes show the reference);
every page when the navigation, the interface texts, the abbreviations or a hand-written page's
title changed (every page shows them).
"""

from __future__ import annotations

import contextlib
import gc
import pickle
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cvatlas.affected import Changes, affected, changes, first_outputs
from cvatlas.citeformats import CitationExports, apa_reference
from cvatlas.index import AtlasIndex
from cvatlas.languagetree import clashes, handwritten_files, language_url
from cvatlas.live import LiveCatalogue
from cvatlas.liveindex import build_index_on_demand
from cvatlas.model import LANGS, Catalogue
from cvatlas.navigation import site_navigation
from cvatlas.pagefiles import DocsTree, is_page, page_text
from cvatlas.pagemarkdown import split_front_matter
from cvatlas.pages import OutputFile, Render, abbreviations, formatted_references, plan_site
from cvatlas.previewlayout import PreviewLayout, write_atomically
from cvatlas.problems import DataError
from cvatlas.textcheck import cited_keys

ROOT = Path(__file__).resolve().parent.parent
BUILD_TIMEOUT = 300.0  # seconds to wait for a language's build before writing its files anyway
CHUNK = 25  # outputs rendered between two looks at whether a newer edit is waiting


class CarriedExports(CitationExports):
    """The exports of a new catalogue, starting from the entries already formatted for the papers
    that did not change (formatting every paper's BibTeX again costs 0.6 s at 2,000 papers).
    """

    def __init__(self, cat: Catalogue, earlier: CitationExports | None = None, changed: Iterable[str] = ()) -> None:
        super().__init__(cat)
        if earlier is not None:
            changed = set(changed)
            for mine, theirs in ((self._bibtex, earlier._bibtex), (self._ris, earlier._ris),
                                 (self._csl, earlier._csl)):
                mine.update((pid, entry) for pid, entry in theirs.items() if pid not in changed)


@dataclass
class _State:
    """One valid state of the data, with everything derived from it that pages need."""

    cat: Catalogue
    index: AtlasIndex
    exports: CitationExports
    references: dict[str, str]
    plans: dict[str, dict[str, Render]]


@dataclass
class _Language:
    """One language's docs tree and what the watcher knows of each file in it."""

    lang: str
    tree: DocsTree  # pages and hand-written files: MkDocs' docs_dir
    downloads: DocsTree  # generated downloads, outside docs_dir (see PreviewLayout)
    docs: dict[str, bytes] = field(default_factory=dict)  # hand-written pages copied in
    made: dict[str, tuple[str | None, bool]] = field(default_factory=dict)  # generated path -> (source, listed)
    prints: dict[str, tuple[str | None, ...]] = field(default_factory=dict)  # page -> references it shows
    cited_by: dict[str, set[str]] = field(default_factory=dict)  # paper id -> pages citing it
    site_key: Any = None  # what every page shows: navigation, interface texts, abbreviations, titles
    pending: set[str] = field(default_factory=set)  # outputs still to render again
    changed: bool = False  # files written or touched since the last signal
    count: int = 0  # files written or touched, for the log
    manifest: Any = None  # what the manifest was last written from


@contextlib.contextmanager
def _collecting_afterwards() -> Iterator[None]:
    """No garbage collection during a round, one after it.

    Rendering makes many objects; each time Python's collector goes through the whole heap (the
    catalogue, the index, what the trees hold) it pauses for tenths of a second at 2,000 papers,
    which halved the first batch's speed. Once a round is written, it collects at leisure.
    """
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.collect()


def _title(text: bytes) -> str | None:
    """A hand-written page's title as the navigation shows it: its first heading."""
    _, body = split_front_matter(text.decode("utf-8", "replace"))
    for line in body.splitlines():
        if line.strip():
            return line.strip() if line.startswith("# ") else None
    return None


class Preview:
    """The preview's docs trees, kept equal to what a full build would read."""

    def __init__(self, data_dir: Path, docs_dir: Path, layout: PreviewLayout, public_root: str, repo_url: str,
                 handwritten: dict[str, list[str]], log: Callable[[str], None] | None = None) -> None:
        self.data_dir, self.docs_dir, self.layout = data_dir, docs_dir, layout
        self.public_root, self.repo_url, self.handwritten = public_root, repo_url, handwritten
        self.live = LiveCatalogue(data_dir)
        self.languages = {lang: _Language(lang, DocsTree(layout.docs(lang)), DocsTree(layout.downloads(lang)))
                          for lang in LANGS}
        self.state: _State | None = None
        self.batch = 0
        self.error: str | None = None  # the last validation report, while the data is broken
        self.log = log or (lambda message: print(message, file=sys.stderr, flush=True))
        self._hook_key: Any = None
        self.wake = threading.Event()  # set when a newer edit is waiting

    # ------------------------------------------------------------ state

    def _new_state(self, cat: Catalogue, old: _State | None, edited: set[str] | None) -> _State:
        """Index, references and exports of a catalogue; `edited` None: nothing carries over."""
        index = build_index_on_demand(cat)  # the first batch ranks only its own papers' related papers
        if old is None or edited is None:
            references = formatted_references(cat)
            exports: CitationExports = CarriedExports(cat)
        else:
            references = {pid: old.references[pid] if pid not in edited and pid in old.references
                          else apa_reference(paper, cat) for pid, paper in cat.papers.items()}
            exports = CarriedExports(cat, old.exports, edited)
        plans = {lang: plan_site(cat, lang, self.repo_url, index, exports, language_url(self.public_root, lang),
                                 references) for lang in LANGS}
        return _State(cat, index, exports, references, plans)

    def _site_key(self, lang: str) -> Any:
        assert self.state is not None
        cat = self.state.cat
        titles = {path: _title(data) for path, data in self.languages[lang].docs.items() if is_page(path)}
        return (site_navigation(cat, lang, self.handwritten), cat.ui, abbreviations(cat, lang), titles)

    def _hook_inputs(self) -> Any:
        """What the hook reads from the snapshot (see hooks/atlas_site.py `_shared`)."""
        assert self.state is not None
        cat = self.state.cat
        return (list(cat.papers), self.state.references, cat.ui, cat.topics, cat.glossary)

    # ------------------------------------------------------------ files

    def _record_citations(self, language: _Language, path: str, markdown: str) -> tuple[str | None, ...]:
        assert self.state is not None
        keys = cited_keys(markdown)
        for key in keys:
            language.cited_by.setdefault(key, set()).add(path)
        return tuple(self.state.references.get(key) for key in keys)

    def _put(self, language: _Language, output: OutputFile) -> None:
        language.made[output.path] = (output.source, output.listed)
        if not is_page(output.path):
            written = language.downloads.write(output.path, output.content)
            language.changed |= written
            language.count += written
            return
        shown = self._record_citations(language, output.path, output.content)
        self._put_page(language, output.path, page_text(output), shown)

    def _put_page(self, language: _Language, path: str, text: str | bytes, shown: tuple[str | None, ...]) -> None:
        written = language.tree.write(path, text)
        if not written and path in language.prints and language.prints[path] != shown:
            language.tree.touch(path)  # same Markdown, other footnotes
            written = True
        language.prints[path] = shown
        language.changed |= written
        language.count += written

    def _sync_docs(self, language: _Language) -> None:
        assert self.state is not None
        docs = handwritten_files(self.docs_dir / language.lang)
        problems = clashes(list(self.state.plans[language.lang]), list(docs), language.lang)
        for problem in problems:
            self.log(f"error: {problem}")
        for path in set(language.docs) - set(docs):
            language.tree.remove(path)
            language.prints.pop(path, None)
            language.changed = True
        language.docs = {path: data for path, data in docs.items() if path not in self.state.plans[language.lang]}
        for path, data in language.docs.items():
            if is_page(path):
                _, body = split_front_matter(data.decode("utf-8", "replace"))
                self._put_page(language, path, data, self._record_citations(language, path, body))
            else:
                language.changed |= language.tree.write(path, data)

    def _render_now(self, language: _Language, wanted: Iterable[str]) -> None:
        assert self.state is not None
        plan = self.state.plans[language.lang]
        for path in sorted(set(wanted)):
            language.pending.discard(path)
            if path in plan:
                self._put(language, plan[path]())

    def _render_later(self, language: _Language, wanted: Iterable[str]) -> bool:
        """Render outputs again (with those still pending); False if a newer edit interrupted."""
        assert self.state is not None
        plan = self.state.plans[language.lang]
        language.pending.update(wanted)
        for count, path in enumerate(sorted(language.pending)):
            if count % CHUNK == 0 and self.wake.is_set():
                return False
            if path in plan:
                self._put(language, plan[path]())
            language.pending.discard(path)
        return True

    def _finish(self, language: _Language) -> None:
        """Remove what is no longer generated, rewrite the manifest, touch all if the site changed."""
        assert self.state is not None
        plan = self.state.plans[language.lang]
        for path in set(language.made) - set(plan):
            del language.made[path]
            language.prints.pop(path, None)
            (language.tree if is_page(path) else language.downloads).remove(path)
            language.changed = True
        generated = [(path, *language.made[path]) for path in plan if path in language.made]
        if (generated, sorted(language.docs)) != language.manifest:
            language.tree.write_manifest(language.lang, generated, list(language.docs))
            language.manifest = (generated, sorted(language.docs))
        key = self._site_key(language.lang)
        if language.site_key is not None and key != language.site_key:
            for path in list(language.prints):
                language.tree.touch(path)
            language.changed = True
        language.site_key = key

    def _publish(self) -> None:
        """Write the snapshot if the hook's inputs changed, then signal every language with changes."""
        key = self._hook_inputs()
        if key != self._hook_key:
            assert self.state is not None
            self.layout.snapshot.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.layout.snapshot.with_suffix(".writing")
            temporary.write_bytes(pickle.dumps(self.state.cat, protocol=pickle.HIGHEST_PROTOCOL))
            temporary.replace(self.layout.snapshot)
            self._hook_key = key
        for language in self.languages.values():
            if language.changed:
                self.batch += 1
                self.layout.signal(language.lang, self.batch)
                language.changed = False

    def wait_until_built(self, timeout: float = BUILD_TIMEOUT) -> None:
        """Until every language's last signalled batch is built: its files may be read until then."""
        deadline = time.monotonic() + timeout
        for lang in LANGS:
            while self.layout.built(lang)[0] < self.layout.signalled(lang) and time.monotonic() < deadline:
                time.sleep(0.02)

    def idle(self) -> bool:
        return all(self.layout.built(lang)[0] >= self.layout.signalled(lang) for lang in LANGS) and not any(
            language.pending for language in self.languages.values())

    # ------------------------------------------------------------ entry points

    def start(self) -> bool:
        """Write both trees from scratch (files already there and unchanged keep their times)."""
        for lang in LANGS:
            self.layout.built_file(lang).unlink(missing_ok=True)
            write_atomically(self.layout.signal_dir(lang) / "batch", "0\n")
        try:
            cat = self.live.reload()
        except DataError as error:
            self._report(error)
            return False
        self.state = self._new_state(cat, None, None)
        earlier = {lang: language.tree.known() for lang, language in self.languages.items()}
        for lang, language in self.languages.items():
            self._sync_docs(language)
            self._render_now(language, self.state.plans[lang])
            for path in earlier[lang] - set(self.state.plans[lang]) - set(language.docs):
                language.tree.remove(path)
                language.downloads.remove(path)
            for path in earlier[lang] & set(self.state.plans[lang]):
                if not is_page(path) and (language.tree.root / path).is_file():
                    language.tree.remove(path)  # a download where a preview before the split wrote it
            self._finish(language)
            language.changed = False
        self._publish()
        for language in self.languages.values():
            language.count = 0  # the first edit's log counts its own files
        self.log(f"preview: {len(cat.papers)} papers in {self.layout.root}")
        gc.collect()
        gc.freeze()  # what lasts the session (most of the catalogue) is left out of every later collection
        return True

    def update(self, data: bool = True, docs: bool = False, templates: bool = False, snippets: bool = False) -> None:
        """One round after an edit: what changed, in two batches. A newer edit cuts the second short."""
        with _collecting_afterwards():
            self._update(data, docs, templates, snippets)

    def _update(self, data: bool, docs: bool, templates: bool, snippets: bool) -> None:
        self.wake.clear()
        started = time.perf_counter()
        old = self.state
        if old is None:  # the data was never valid: start from scratch once it is
            if self.start():
                self.error = None
            return
        try:
            cat = self.live.reload() if data else old.cat
        except DataError as error:
            self._report(error)
            return
        if self.error:
            self.log("preview: the data is valid again")
            self.error = None
        change = changes(old.cat, cat)
        if change.none and not (docs or templates or snippets):
            return
        self.state = self._new_state(cat, old, None if change.other else set(change.papers))
        everything = change.other or templates
        first = frozenset() if everything else first_outputs(change)
        self.wait_until_built()
        for language in self.languages.values():
            if docs:
                self._sync_docs(language)
            if snippets:  # pages that include CONTRIBUTING.md (pymdownx.snippets)
                for path, data in language.docs.items():
                    if b"--8<--" in data:
                        language.tree.touch(path)
                        language.changed = True
            self._render_now(language, first)
            self._finish(language)
        self._publish()
        what = f"{len(change.papers)} paper(s)" if change.papers and not change.other else "the data"
        self._log_batch(f"{what} changed: written", started)
        then = self._then(old, change) if not everything else frozenset(self.state.plans[LANGS[0]])
        self.wait_until_built()  # the first batch builds alone, so it shows soonest
        for language in self.languages.values():
            if not self._render_later(language, then - first):
                return  # the newer edit renders what is left (pending) after its own first batch
        for language in self.languages.values():
            self._sync_docs(language)  # hand-written pages citing a paper whose reference changed
            self._finish(language)
        self._publish()
        self._log_batch("then the pages and downloads that list or link it", started)

    def _then(self, old: _State, change: Changes) -> frozenset[str]:
        """Everything else the edit may have changed (cvatlas.affected)."""
        assert self.state is not None
        new = self.state
        references_changed = {pid for pid in old.references.keys() | new.references.keys()
                              if old.references.get(pid) != new.references.get(pid)}
        cited_by: dict[str, set[str]] = {}
        for language in self.languages.values():
            for key, pages in language.cited_by.items():
                cited_by.setdefault(key, set()).update(pages)
        return affected(old.cat, old.index, new.cat, new.index, change, cited_by, references_changed).then

    def _log_batch(self, what: str, started: float) -> None:
        count = sum(language.count for language in self.languages.values())
        for language in self.languages.values():
            language.count = 0
        if count:
            self.log(f"preview: {what}: {count} file(s) in both languages after {time.perf_counter() - started:.2f} s")

    def continue_pending(self) -> None:
        """Finish a second batch that a newer edit interrupted."""
        if not any(language.pending for language in self.languages.values()):
            return
        with _collecting_afterwards():
            self._continue_pending()

    def _continue_pending(self) -> None:
        self.wake.clear()
        self.wait_until_built()
        for language in self.languages.values():
            if not self._render_later(language, ()):
                return
        for language in self.languages.values():
            self._finish(language)
        self._publish()

    def _report(self, error: DataError) -> None:
        report = error.report()
        if report != self.error:
            self.log(f"{report}\n\nThe preview keeps showing the last valid data; fix the problems above.")
        self.error = report
