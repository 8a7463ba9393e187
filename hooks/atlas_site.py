"""MkDocs hook: one language site from data/. Thin by design: it scopes MkDocs events and hands
the work to cvatlas (load and validate, then render), which knows nothing of MkDocs.

Per build: on_config loads the catalogue, renders every page and download of the language, sets
the navigation, the language switch and the .bib for mkdocs-bibtex; on_files adds the generated
files; on_page_markdown checks citations and adds tooltips; on_page_context sets edit links;
on_post_page and on_post_build write pages and the search index compactly.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

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

from cvatlas.citeformats import CitationExports  # noqa: E402
from cvatlas.index import build_index  # noqa: E402
from cvatlas.model import LANGS  # noqa: E402
from cvatlas.navigation import site_navigation  # noqa: E402
from cvatlas.pages import (  # noqa: E402
    OutputFile,
    abbreviations,
    abbreviations_for,
    formatted_references,
    render_site,
)
from cvatlas.problems import DataError  # noqa: E402
from cvatlas.snapshot import catalogue_for_build  # noqa: E402
from cvatlas.textcheck import cited_keys  # noqa: E402

DATA_DIR = Path(os.environ.get("ATLAS_DATA_DIR", ROOT / "data"))
CACHE_DIR = Path(os.environ.get("ATLAS_CACHE_DIR", ROOT / ".cache"))


@dataclass
class _Build:
    """What one build of one language carries from on_config to the page events."""

    lang: str = ""
    outputs: dict[str, OutputFile] = field(default_factory=dict)
    paper_ids: set[str] = field(default_factory=set)
    references: dict[str, str] = field(default_factory=dict)
    abbreviations: dict[str, str] = field(default_factory=dict)
    references_title: str = ""


build = _Build()


@event_priority(100)  # before mkdocs-bibtex's on_config, which reads the .bib written here
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    atlas = config.extra["atlas"]
    lang = atlas["lang"]
    try:
        cat = catalogue_for_build(DATA_DIR)
    except DataError as error:
        raise PluginError(error.report()) from None
    index = build_index(cat)
    exports = CitationExports(cat)
    config.site_name = cat.ui[lang]["site.name"]
    config.site_description = cat.ui[lang]["site.description"]
    # `make serve` runs one server per language behind a proxy; pages must know the proxy's address
    # (Material maps the language switch through the sitemap, which uses site_url).
    if os.environ.get("ATLAS_PUBLIC_URL"):
        config.site_url = os.environ["ATLAS_PUBLIC_URL"]
    root = config.site_url or "http://127.0.0.1:8000/"
    root = root if root.endswith("/") else root + "/"
    if root.rstrip("/").endswith(f"/{lang}"):
        root = root.rstrip("/").rsplit("/", 1)[0] + "/"
    config.site_url = urljoin(root, f"{lang}/")
    build.lang = lang
    build.outputs = {f.path: f for f in render_site(cat, lang, atlas["repository"], index, exports,
                                                    site_url=config.site_url)}
    build.paper_ids = set(cat.papers)
    build.references = formatted_references(cat)
    build.abbreviations = abbreviations(cat, lang)
    build.references_title = cat.ui[lang]["references.title"]
    # Sibling language sites: ../en/ from /ko/ for the language switch (the theme partial appends the
    # page's path), and absolute roots for hreflang links, the sitemap and x-default.
    config.extra["alternate"] = [
        {"name": cat.ui[code]["site.language_name"], "link": f"../{code}/", "lang": code,
         "root": urljoin(root, f"{code}/")} for code in LANGS
    ]
    config.extra["atlas_default_lang"] = "en"
    config.extra["atlas_feed_title"] = cat.ui[lang]["feeds.site_title"]
    config.nav = site_navigation(cat, lang, atlas["handwritten"])
    bibtex_citations.write_bib(config, exports.bibtex(cat.papers.values()), CACHE_DIR)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for output in build.outputs.values():
        if files.get_file_from_path(output.path) is not None:
            raise PluginError(f"docs/{build.lang}/{output.path} clashes with a page generated from data/: "
                              "rename or remove the hand-written file")
        inclusion = InclusionLevel.UNDEFINED if output.listed else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, output.path, content=output.content, inclusion=inclusion))
    return files


def on_pre_build(config: MkDocsConfig) -> None:
    bibtex_citations.use_references(config, build.references)


@event_priority(50)  # before mkdocs-bibtex turns [@key] into footnotes
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    output = build.outputs.get(page.file.src_uri)
    if output:
        page.meta.update(output.meta)
    keys = cited_keys(markdown)
    unknown = [key for key in keys if key not in build.paper_ids]
    if unknown:
        where = output.source if output and output.source else f"docs/{build.lang}/{page.file.src_uri}"
        raise PluginError(f"{where}: page {page.file.src_uri!r} cites unknown paper(s) "
                          f"{', '.join('[@' + k + ']' for k in unknown)}; cite a paper id from data/papers/")
    if keys:
        markdown = bibtex_citations.with_reference_list(markdown, build.references_title)
    return f"{markdown}\n\n{abbreviations_for(markdown, build.abbreviations)}\n"


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: object) -> dict:
    atlas = config.extra["atlas"]
    output = build.outputs.get(page.file.src_uri)
    source = output.source if output is not None else f"docs/{build.lang}/{page.file.src_uri}"
    page.edit_url = f"{atlas['repository']}/edit/{atlas['branch']}/{source}" if source else None
    return context


@event_priority(-100)  # the last change to a page, after every other plugin
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return compact_output.page_html(output)


@event_priority(-100)  # after Material's search plugin has written its index
def on_post_build(config: MkDocsConfig) -> None:
    compact_output.search_index(Path(config.site_dir) / "search" / "search_index.json")
