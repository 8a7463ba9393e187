"""MkDocs hook: one language site from data/. Thin by design: it scopes MkDocs events and hands
the work to cvatlas (load and validate, then render), which knows nothing of MkDocs.

Per build: on_config loads the catalogue, renders every page and download of the language, sets
the navigation, the language switch and the .bib for mkdocs-bibtex; on_files adds the generated
files; on_page_markdown checks citations and adds the reference list and tooltips; on_page_context
sets edit links; on_post_page and on_post_build write pages and the search index compactly.

Preview mode (`extra.atlas.preview`, config/preview-<lang>.yml, run by `make serve`): the pages are
already on disk, rendered by tools/preview.py with their metadata as front matter, and MkDocs
rebuilds only those that changed (`mkdocs serve --dirty`); the catalogue comes from the watcher's
snapshot, and hooks/preview_mode.py makes up what a dirty build leaves out.
"""

from __future__ import annotations

import functools
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import FileSystemBytecodeCache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # cvatlas lives at the repository root, beside hooks/
    sys.path.insert(0, str(ROOT))

import bibtex_citations  # noqa: E402  (hooks/ is importable while MkDocs loads this file)
import compact_output  # noqa: E402
import preview_mode  # noqa: E402

from cvatlas.citeformats import CitationExports  # noqa: E402
from cvatlas.index import build_index  # noqa: E402
from cvatlas.languagetree import language_url, site_root  # noqa: E402
from cvatlas.model import LANGS, Catalogue  # noqa: E402
from cvatlas.navigation import site_navigation  # noqa: E402
from cvatlas.pagemarkdown import finished_markdown  # noqa: E402
from cvatlas.pages import OutputFile, abbreviations, formatted_references, plan_site  # noqa: E402
from cvatlas.previewlayout import PreviewLayout  # noqa: E402
from cvatlas.problems import DataError  # noqa: E402
from cvatlas.snapshot import catalogue_for_build  # noqa: E402
from cvatlas.textcheck import cited_keys  # noqa: E402

DATA_DIR = Path(os.environ.get("ATLAS_DATA_DIR", ROOT / "data"))
CACHE_DIR = Path(os.environ.get("ATLAS_CACHE_DIR", ROOT / ".cache"))


@dataclass
class _Build:
    """What one build of one language carries from on_config to the page events."""

    lang: str = ""
    outputs: dict[str, OutputFile] = field(default_factory=dict)  # generated files to add (not in preview)
    sources: dict[str, str | None] = field(default_factory=dict)  # generated path -> data file it comes from
    paper_ids: set[str] = field(default_factory=set)
    references: dict[str, str] = field(default_factory=dict)
    abbreviations: dict[str, str] = field(default_factory=dict)
    references_title: str = ""
    preview: _Preview | None = None


@dataclass
class _Preview:
    layout: PreviewLayout
    batch: int  # the watcher's batch this build covers
    manifest: Any
    search: preview_mode.SearchEntries
    files: Files | None = None
    pages: list[Page] = field(default_factory=list)  # every page of this build, in order


build = _Build()


@functools.cache
def _theme_bytecode_cache() -> FileSystemBytecodeCache | None:
    folder = CACHE_DIR / "jinja-theme"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # a read-only checkout compiles every time
    return FileSystemBytecodeCache(str(folder))


def _derived(cat: Catalogue, exports: CitationExports) -> dict[str, Any]:
    """Every paper's reference text (footnotes) and BibTeX (mkdocs-bibtex's .bib)."""
    return {"references": formatted_references(cat), "bibtex": exports.bibtex(cat.papers.values())}


def _shared(config: MkDocsConfig, cat: Catalogue, lang: str, derived: dict[str, Any]) -> None:
    """What both modes set: names, addresses, language switch, navigation, references, the .bib."""
    atlas = config.extra["atlas"]
    config.site_name = cat.ui[lang]["site.name"]
    config.site_description = cat.ui[lang]["site.description"]
    # `make serve` runs one server per language behind a proxy; pages must know the proxy's address
    # (Material maps the language switch through the sitemap, which uses site_url).
    if os.environ.get("ATLAS_PUBLIC_URL"):
        config.site_url = os.environ["ATLAS_PUBLIC_URL"]
    root = site_root(config.site_url, lang)
    config.site_url = language_url(root, lang)
    build.lang = lang
    build.paper_ids = set(cat.papers)
    build.references = derived["references"]
    build.abbreviations = abbreviations(cat, lang)
    build.references_title = cat.ui[lang]["references.title"]
    # Sibling language sites: ../en/ from /ko/ for the language switch (the theme partial appends the
    # page's path), and absolute roots for hreflang links, the sitemap and x-default.
    config.extra["alternate"] = [
        {"name": cat.ui[code]["site.language_name"], "link": f"../{code}/", "lang": code,
         "root": language_url(root, code)} for code in LANGS
    ]
    config.extra["atlas_default_lang"] = "en"
    config.extra["atlas_feed_title"] = cat.ui[lang]["feeds.site_title"]
    config.nav = site_navigation(cat, lang, atlas["handwritten"])
    fresh = build.preview is not None and derived.setdefault("bib_new", True)
    bibtex_citations.write_bib(config, derived["bibtex"], CACHE_DIR, fresh=fresh)
    derived["bib_new"] = False


@event_priority(100)  # before mkdocs-bibtex's on_config, which reads the .bib written here
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    atlas = config.extra["atlas"]
    lang = atlas["lang"]
    if atlas.get("preview"):
        layout = PreviewLayout.of_docs_dir(config.docs_dir)
        batch = layout.signalled(lang)  # read first: the build covers every file written before it
        cat, derived = preview_mode.catalogue(layout.snapshot)
        if not derived:  # once per snapshot, not once per build
            derived.update(references=formatted_references(cat), bibtex=bibtex_citations.keys_only(list(cat.papers)))
        manifest = preview_mode.manifest(Path(config.docs_dir))
        search = preview_mode.SearchEntries(preview_mode.search_plugin(config))
        build.preview = _Preview(layout, batch, manifest, search)
        _shared(config, cat, lang, derived)
        build.outputs = {}
        build.sources = dict(manifest.sources)
        preview_mode.quiet_dirty_warning()
        return config
    try:
        cat = catalogue_for_build(DATA_DIR)
    except DataError as error:
        raise PluginError(error.report()) from None
    exports = CitationExports(cat)  # each paper formatted once, for its pages, downloads and the .bib
    derived = _derived(cat, exports)
    _shared(config, cat, lang, derived)
    build.preview = None
    plan = plan_site(cat, lang, atlas["repository"], build_index(cat), exports, config.site_url, derived["references"])
    outputs = [render() for render in plan.values()]
    build.outputs = {f.path: f for f in outputs}
    build.sources = {f.path: f.source for f in outputs}
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    if build.preview:
        layout, manifest = build.preview.layout, build.preview.manifest
        made = preview_mode.downloads(config, manifest, layout.downloads(build.lang))
        return preview_mode.ordered_files(Files([*files, *made]), manifest)
    for output in build.outputs.values():
        if files.get_file_from_path(output.path) is not None:
            raise PluginError(f"docs/{build.lang}/{output.path} clashes with a page generated from data/: "
                              "rename or remove the hand-written file")
        inclusion = InclusionLevel.UNDEFINED if output.listed else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, output.path, content=output.content, inclusion=inclusion))
    return files


def on_pre_build(config: MkDocsConfig) -> None:
    bibtex_citations.use_references(config, build.references)
    if build.preview:
        build.preview.search.start()


@event_priority(50)  # before mkdocs-bibtex turns [@key] into footnotes
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    output = build.outputs.get(page.file.src_uri)
    if output:
        page.meta.update(output.meta)
    keys = cited_keys(markdown)
    unknown = [key for key in keys if key not in build.paper_ids]
    if unknown:
        source = build.sources.get(page.file.src_uri)
        where = source if source else f"docs/{build.lang}/{page.file.src_uri}"
        raise PluginError(f"{where}: page {page.file.src_uri!r} cites unknown paper(s) "
                          f"{', '.join('[@' + k + ']' for k in unknown)}; cite a paper id from data/papers/")
    return finished_markdown(markdown, bool(keys), build.references_title, build.abbreviations)


def on_env(env: Any, config: MkDocsConfig, files: Files) -> Any:
    # MkDocs makes a new theme environment for every build, and compiling Material's templates again
    # costs about 0.4 s of each build; Jinja's bytecode cache keeps them compiled, checked against
    # each template's source.
    env.bytecode_cache = _theme_bytecode_cache()
    if build.preview:
        build.preview.files = files
        build.preview.pages = [f.page for f in files.documentation_pages() if f.page is not None]
        preview_mode.restore_titles(build.preview.pages)
        preview_mode.skip_unchanged_static_pages(config, build.preview.pages)
    return env


@event_priority(-50)  # after Material's search plugin has indexed the page
def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: object) -> dict:
    atlas = config.extra["atlas"]
    src = page.file.src_uri
    source = build.sources.get(src, f"docs/{build.lang}/{src}")
    page.edit_url = f"{atlas['repository']}/edit/{atlas['branch']}/{source}" if source else None
    if build.preview:
        build.preview.search.after_page(page)
    return context


@event_priority(-100)  # the last change to a page, after every other plugin
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return compact_output.page_html(output)


@event_priority(-100)  # after Material's search plugin has written its index
def on_post_build(config: MkDocsConfig) -> None:
    if build.preview and build.preview.files is not None:
        preview_mode.write_search_index(config, build.preview.pages, build.preview.search)
        preview_mode.remember_titles(build.preview.pages)
        preview_mode.copy_downloads()
        preview_mode.remove_gone(config, build.preview.files)
        build.preview.layout.report_built(build.lang, build.preview.batch, ok=True)
        return
    compact_output.search_index(Path(config.site_dir) / "search" / "search_index.json")


def on_build_error(error: Exception) -> None:
    if build.preview:  # the watcher waits for this batch; the last good pages stay served
        build.preview.layout.report_built(build.lang, build.preview.batch, ok=False)


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    if build.preview:
        return preview_mode.live_reload_server(server, build.preview.layout.signal_dir(build.lang), builder)
    return server
