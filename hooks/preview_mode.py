"""The hook's preview mode (`make serve`): MkDocs' dirty rebuilds of the docs tree that
tools/preview.py keeps under .cache/preview/<lang>/ (cvatlas.previewlayout).

A dirty build rebuilds only pages whose file is newer than their HTML, and the watcher rewrites
only files whose content changed. What a full build would do that a dirty one does not is made
up here, per build of one language:

- the catalogue comes from the watcher's snapshot, unpickled only when the watcher rewrote it;
  the generated pages come from the tree, their metadata from front matter, their sources and
  order from its manifest (cvatlas.pagefiles);
- files are put in the order a full build adds them (hand-written, theme, then generated), so
  the sitemap and the search index come out in the same order;
- pages the dirty build skipped get the title of their last build (the navigation of every
  rebuilt page shows the titles of the others, and MkDocs knows a title only once it read it);
- the search index stays whole: Material's search plugin keeps the last index across dirty
  builds but assumes one page changed (it drops the entries whose address starts with the first
  rebuilt page's, every entry if that is the home page, and never those of deleted pages), so
  entries are kept here per page, compacted once (hooks/compact_output.py), and the whole index
  is written again, byte for byte what a full build writes;
- the sitemap and the 404 page, which every build renders again from every page (0.2 s at 2,000
  papers), are rendered only when the pages, the navigation or the site's settings changed;
- the generated downloads live outside docs_dir (cvatlas.previewlayout): they are added to the
  build as files made once and kept (links to them resolve as in a full build), and copied into
  the site only when their file changed, rather than MkDocs comparing 6,000 times on every build;
- the HTML of pages that are gone is removed (a dirty build never cleans the site);
- `live_reload_server` makes `mkdocs serve` watch only the watcher's signal folder, polled every
  POLL_SECONDS, through `on_serve`, which may hand MkDocs another server;
- the batch a build covered is reported to the watcher (cvatlas.previewlayout).

MkDocs loads the hook file once per process; this module holds what outlives one build anyway.
"""

from __future__ import annotations

import json
import logging
import os
import pickle
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import compact_output
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from cvatlas.model import Catalogue
from cvatlas.pagefiles import MANIFEST, Manifest, is_page, read_manifest

POLL_SECONDS = 0.1  # one small folder to poll; MkDocs' default of 0.5 s polls the whole docs tree
_DIRTY_WARNING = "A 'dirty' build is being performed"


@dataclass
class _Kept:
    """What one `mkdocs serve` process keeps from build to build."""

    snapshot_key: tuple[int, int, int] | None = None
    catalogue: Catalogue | None = None
    derived: dict[str, Any] = field(default_factory=dict)  # values computed once per snapshot
    titles: dict[str, str] = field(default_factory=dict)  # page src_uri -> title at its last build
    search: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # page url -> its search entries
    outputs: set[str] | None = None  # every file the last build wrote (absolute paths)
    manifest_key: tuple[int, int, int] | None = None
    manifest: Manifest | None = None
    site_key: Any = None  # what the sitemap and the 404 page were last rendered from
    downloads_key: Any = None  # (site_dir, downloads folder, use_directory_urls) the downloads were made for
    downloads: dict[str, File] = field(default_factory=dict)  # download path -> its file in the build
    copied: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # path -> signature when copied


kept = _Kept()


class _QuietDirtyWarning(logging.Filter):
    """MkDocs warns on every dirty build that links may be stale; the preview keeps them right."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(_DIRTY_WARNING)


def quiet_dirty_warning() -> None:
    logger = logging.getLogger("mkdocs.commands.build")
    if not any(isinstance(f, _QuietDirtyWarning) for f in logger.filters):
        logger.addFilter(_QuietDirtyWarning())


def catalogue(snapshot: Path) -> tuple[Catalogue, dict[str, Any]]:
    """The watcher's catalogue and the values derived from it, unpickled only when it changed."""
    stat = snapshot.stat()
    key = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
    if key != kept.snapshot_key:
        # Written by tools/preview.py in this checkout's .cache, a directory of this user.
        kept.catalogue = pickle.loads(snapshot.read_bytes())
        kept.derived = {}
        kept.snapshot_key = key
    assert kept.catalogue is not None
    return kept.catalogue, kept.derived


def manifest(docs_dir: Path) -> Manifest:
    """The tree's manifest, read again only when the watcher rewrote it."""
    stat = (docs_dir / MANIFEST).stat()
    key = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
    if key != kept.manifest_key:
        kept.manifest, kept.manifest_key = read_manifest(docs_dir), key
    assert kept.manifest is not None
    return kept.manifest


def ordered_files(files: Files, manifest: Manifest) -> Files:
    """Hand-written and theme files as MkDocs found them, then the generated ones in build order."""
    generated = sorted((f for f in files if f.src_uri in manifest.order), key=lambda f: manifest.order[f.src_uri])
    others = [f for f in files if f.src_uri not in manifest.order]
    for file in generated:
        if file.src_uri in manifest.unlisted:
            file.inclusion = InclusionLevel.NOT_IN_NAV
    return Files(others + generated)


class PreviewDownload(File):
    """A generated download of the preview: other files link to it as in a full build, and
    `copy_downloads` copies it into the site after the build, only when its file changed.
    """

    def copy_file(self, dirty: bool = False) -> None:
        pass


def downloads(config: MkDocsConfig, manifest: Manifest, folder: Path) -> list[File]:
    """The manifest's downloads as files of this build, made once per path and kept from build to build."""
    key = (config.site_dir, str(folder), config.use_directory_urls)
    if key != kept.downloads_key:
        kept.downloads, kept.copied, kept.downloads_key = {}, {}, key
    made: dict[str, File] = {}
    for path in manifest.order:
        if is_page(path):
            continue
        file = kept.downloads.get(path)
        if file is None:
            file = PreviewDownload(path, str(folder), config.site_dir, config.use_directory_urls,
                                   inclusion=InclusionLevel.INCLUDED)
        made[path] = file
    kept.downloads = made
    return list(made.values())


def copy_downloads() -> None:
    """Copy into the site the downloads whose file changed since they were last copied (one stat each)."""
    for path, file in kept.downloads.items():
        assert file.abs_src_path is not None
        stat = os.stat(file.abs_src_path)
        signature = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
        if kept.copied.get(path) != signature:
            os.makedirs(os.path.dirname(file.abs_dest_path), exist_ok=True)
            shutil.copyfile(file.abs_src_path, file.abs_dest_path)
            kept.copied[path] = signature
    for path in set(kept.copied) - set(kept.downloads):
        del kept.copied[path]


def restore_titles(pages: list[Page]) -> None:
    for page in pages:
        if page.markdown is None and page.file.src_uri in kept.titles:
            page.title = kept.titles[page.file.src_uri]  # a weak property: MkDocs lets it be set


def skip_unchanged_static_pages(config: MkDocsConfig, pages: list[Page]) -> None:
    """Leave the sitemap and the 404 page of the last build when nothing they show changed."""
    key = ([(page.url, page.title) for page in pages], json.dumps(config.nav, sort_keys=True), config.site_name,
           config.site_description, config.site_url, json.dumps(config.extra, sort_keys=True, default=str))
    if key == kept.site_key:
        config.theme.static_templates -= {"sitemap.xml", "404.html"}
    kept.site_key = key


@dataclass
class SearchEntries:
    """The entries Material's search plugin adds during one build, told apart by page."""

    plugin: Any
    seen: int = 0
    rebuilt: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def start(self) -> None:
        # Without a previous index the plugin writes only this build's entries; the whole index is
        # written in `write_search_index`.
        self.plugin.search_index_prev = None

    def after_page(self, page: Page) -> None:
        """Called after the plugin's on_page_context: the entries it just added are this page's."""
        entries = self.plugin.search_index.entries
        self.rebuilt[page.url] = [compact_output.search_entry(dict(entry)) for entry in entries[self.seen:]]
        self.seen = len(entries)


def search_plugin(config: MkDocsConfig) -> Any:
    return config.plugins.get("material/search") or config.plugins.get("search")


def write_search_index(config: MkDocsConfig, pages: list[Page], entries: SearchEntries) -> None:
    """The index a full build writes: every page's entries, in the order of the pages, compacted."""
    kept.search.update(entries.rebuilt)
    urls = {page.url for page in pages}
    for url in set(kept.search) - urls:
        del kept.search[url]
    index = entries.plugin.search_index
    index.entries = []  # the plugin's own serialisation of its settings, as a full build has it
    settings = json.loads(index.generate_search_index(None))["config"]
    docs = [entry for page in pages for entry in kept.search.get(page.url, [])]
    path = Path(config.site_dir) / "search" / "search_index.json"
    path.write_text(compact_output.index_text({"config": settings, "docs": docs}), encoding="utf-8")


def remember_titles(pages: list[Page]) -> None:
    for page in pages:
        if page.markdown is not None:
            kept.titles[page.file.src_uri] = page.title


def remove_gone(config: MkDocsConfig, files: Files) -> None:
    """Delete what earlier builds wrote for files that no longer exist."""
    current = {file.abs_dest_path for file in files}
    if kept.outputs is not None:
        site = Path(config.site_dir)
        for gone in kept.outputs - current:
            path = Path(gone)
            path.unlink(missing_ok=True)
            for parent in path.parents:
                if parent == site or not parent.is_dir() or any(parent.iterdir()):
                    break
                parent.rmdir()
    kept.outputs = current


def live_reload_server(server: LiveReloadServer, signal_dir: Path, builder: Any) -> LiveReloadServer:
    """The same server, watching only the watcher's signal folder, polled every POLL_SECONDS."""
    host, port = server.server_address[:2]
    fresh = LiveReloadServer(builder=builder, host=host, port=port, root=server.root, mount_path=server.mount_path,
                             polling_interval=POLL_SECONDS)
    fresh.error_handler = server.error_handler
    signal_dir.mkdir(parents=True, exist_ok=True)
    fresh.watch(str(signal_dir))
    return fresh
