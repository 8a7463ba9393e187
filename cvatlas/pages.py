"""Catalogue + language -> every generated file of that language's site (pages and downloads).

Pages are Markdown rendered from Jinja2 templates in templates/; downloads are BibTeX, RIS,
CSL-JSON and the open-data JSON. Nothing here knows MkDocs: a builder receives `OutputFile`s
and decides how to serve them (hooks/atlas_site.py does it for MkDocs).
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache, partial
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined, select_autoescape

from . import paths
from .charts import sota_chart
from .citeformats import CitationExports, apa_reference, apa_runs, publication_year, runs_html
from .feeds import SITE_LIMIT, TOPIC_LIMIT, atom_feed, newest_added
from .index import AtlasIndex, build_index, by_year, newest_first
from .leaderboards import Leaderboard
from .lineage import layout
from .mdescape import html_text, md_block, md_text, safe_url
from .model import LANGS, Catalogue, Note, Paper, Tag, Topic, TopicRedirect, other_language
from .names import display_author, parse_name
from .opendata import open_data_json
from .results_export import results_csv, results_json

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates"
# Compiled templates, reused by later builds (Jinja checks each against its source): compiling them
# again costs about 0.1 s per language build, 4 % of a build at the real size.
BYTECODE_DIR = Path(os.environ.get("ATLAS_CACHE_DIR", TEMPLATE_DIR.parent / ".cache")) / "jinja"
NEWEST_COUNT = 8
DEFAULT_SITE_URL = "http://127.0.0.1:8000/en/"  # as `make serve` serves it; builds pass their own


@dataclass(frozen=True)
class OutputFile:
    path: str  # docs-relative, e.g. "papers/resnet.md" or "downloads/papers.bib"
    content: str
    source: str | None = None  # repository file it is generated from (for "edit this page")
    meta: dict[str, Any] = field(default_factory=dict)  # page metadata: title, description, search, citation
    listed: bool = True  # False: a page reached only by its old address (a moved topic), never listed


# ---------------------------------------------------------------- Jinja environment

def _bytecode_cache() -> FileSystemBytecodeCache | None:
    try:
        BYTECODE_DIR.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # a read-only checkout compiles every time
    return FileSystemBytecodeCache(str(BYTECODE_DIR))


@cache
def environment() -> Environment:
    """One Jinja environment per process: templates compile once, not once per page."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATE_DIR)),
        bytecode_cache=_bytecode_cache(),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=True,
        extensions=["jinja2.ext.do"],
    )
    env.filters.update(md=md_text, mdblock=md_block, html=html_text, url=safe_url, author=display_author)
    return env


# ---------------------------------------------------------------- rendering context


@dataclass
class Context:
    """What every template sees, for one language."""

    cat: Catalogue
    index: AtlasIndex
    lang: str
    repo_url: str  # e.g. https://github.com/owner/repo, for edit links in the data docs
    references: dict[str, str]  # paper id -> APA reference in Markdown
    exports: CitationExports  # BibTeX, RIS and CSL-JSON, each paper formatted once
    site_url: str = ""  # absolute address of this language's site (feeds and structured data need it)

    def t(self, key: str, **values: Any) -> str:
        text = self.cat.ui[self.lang][key]
        return text.format(**values) if values else text

    def loc(self, mapping: dict[str, str] | None) -> str:
        return mapping[self.lang] if mapping else ""

    @property
    def other(self) -> str:
        return other_language(self.lang)


def _render(ctx: Context, template: str, here: str, **values: Any) -> str:
    env = environment()
    return env.get_template(template).render(
        ctx=ctx,
        cat=ctx.cat,
        ix=ctx.index,
        lang=ctx.lang,
        t=ctx.t,
        loc=ctx.loc,
        here=here,
        link=lambda target: paths.md_link(target, here),
        href=lambda target, fragment="": paths.html_link(target, here, fragment),
        paths=paths,
        boards=ctx.index.leaderboards,
        **values,
    )


def _page(ctx: Context, template: str, path: str, source: str | None, meta: dict[str, Any],
          **values: Any) -> OutputFile:
    return OutputFile(path, _render(ctx, template, path, **values), source, meta)


# ---------------------------------------------------------------- page meta


def citation_meta(paper: Paper, cat: Catalogue) -> list[tuple[str, str]]:
    """Highwire Press tags, which Zotero's connector and Google Scholar read."""
    tags = [("citation_title", paper.title)]
    tags += [("citation_author", parse_name(author).inverted) for author in paper.authors]
    tags.append(("citation_publication_date", str(publication_year(paper))))
    venue = cat.venues.get(paper.venue_id or "")
    if venue and venue.type == "journal":
        tags.append(("citation_journal_title", venue.name))
    elif venue:
        tags.append(("citation_conference_title", venue.name))
    if paper.arxiv:
        tags.append(("citation_arxiv_id", paper.arxiv))
    if paper.doi:
        tags.append(("citation_doi", paper.doi))
    if paper.pdf_url:
        tags.append(("citation_pdf_url", paper.pdf_url))
    return tags


def _feed_meta(ctx: Context, topic_id: str) -> dict[str, str]:
    """The topic feed a page announces in its head (the site feed is on every page)."""
    topic = next(t for t in ctx.cat.topics if t.id == topic_id)
    return {"href": paths.topic_feed(topic_id), "title": ctx.t("feeds.topic_title", topic=topic.name[ctx.lang])}


def search_keywords(paper: Paper, cat: Catalogue, lang: str) -> list[str]:
    names = [*paper.aliases, *(cat.tags[tag].name[lang] for tag in paper.tags)]
    return list(dict.fromkeys(name for name in names if name != paper.display_name))


def json_ld(value: dict[str, Any]) -> str:
    """JSON for a <script> element: readable UTF-8, with <, > and & escaped so no text can end it."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def scholarly_article(paper: Paper, cat: Catalogue, lang: str, site_url: str) -> dict[str, Any]:
    """schema.org ScholarlyArticle for the paper page, as JSON-LD: what search engines read."""
    identifiers = []
    if paper.arxiv:
        identifiers.append({"@type": "PropertyValue", "propertyID": "arXiv", "value": paper.arxiv})
    if paper.doi:
        identifiers.append({"@type": "PropertyValue", "propertyID": "DOI", "value": paper.doi})
    article: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "name": paper.title,
        "headline": paper.display_name,
        "author": [{"@type": "Person", "name": display_author(a)} for a in paper.authors],
        "datePublished": str(paper.year),
        "identifier": identifiers,
        "inLanguage": "en",  # the paper itself; the page describing it is in `lang`
        "abstract": paper.summary[lang],
        "url": site_url + paths.url_of(paths.paper(paper.id)),
        "sameAs": [url for url in (paper.doi_url, paper.arxiv_url) if url],
    }
    venue = cat.venues.get(paper.venue_id or "")
    if venue:
        article["isPartOf"] = {"@type": "Periodical" if venue.type == "journal" else "PublicationEvent",
                               "name": venue.name}
    return article


# ---------------------------------------------------------------- pages
#
# Each producer yields (path, render) pairs: what a page or download will be called and how to
# render it, without rendering it yet. `plan_site` collects them in the site's order, so a
# preview can render the few outputs an edit touches and `render_site` renders them all.

Render = Callable[[], OutputFile]
Planned = Iterator[tuple[str, Render]]


def _download(path: str, export: Callable[[list[Paper]], str], papers: list[Paper],
              source: str | None = None) -> OutputFile:
    return OutputFile(path, export(papers), source)


def _paper_page(ctx: Context, paper: Paper) -> OutputFile:
    cat = ctx.cat
    path = paths.paper(paper.id)
    meta = {
        "title": paper.display_name,
        "description": paper.summary[ctx.lang],
        "atlas_citation": citation_meta(paper, cat),
        "atlas_og_type": "article",
        "atlas_feed": _feed_meta(ctx, paper.topics[0]),
        "atlas_jsonld": json_ld(scholarly_article(paper, cat, ctx.lang, ctx.site_url)),
        "search": {"boost": 2},
        # Search matches these in a field of their own, weighted between title and text: a query
        # for an alias ("masked autoencoder") or a tag ("자기지도 학습") finds the paper first.
        "tags": search_keywords(paper, cat, ctx.lang),
    }
    return _page(ctx, "paper.md.j2", path, paper.source_file, meta, paper=paper,
                 stale=ctx.lang in cat.stale.get(paper.id, []),
                 bibtex=ctx.exports.bibtex([paper]).strip(), apa=ctx.references[paper.id])


def _paper_pages(ctx: Context) -> Planned:
    for paper in ctx.cat.papers.values():
        yield paths.paper(paper.id), partial(_paper_page, ctx, paper)
        for extension, export in (("bib", ctx.exports.bibtex), ("ris", ctx.exports.ris),
                                  ("json", ctx.exports.csl_json)):
            path = paths.paper_download(paper.id, extension)
            yield path, partial(_download, path, export, [paper], paper.source_file)


def _topics_page(ctx: Context) -> OutputFile:
    return _page(ctx, "topics.md.j2", paths.TOPICS, "data/topics.yaml",
                 {"title": ctx.t("topic.overview"), "description": ctx.t("topic.overview_lead")})


def _topic_page(ctx: Context, topic: Topic) -> OutputFile:
    ix = ctx.index
    path = paths.topic(topic.id)
    papers = ix.by_topic[topic.id]
    hrefs = {p.id: paths.html_link(paths.paper(p.id), path) for p in papers}
    diagram = layout(by_year(papers), hrefs)
    topic_boards = [b for b in ix.leaderboards.values() if b.benchmark.topic == topic.id]
    start = start_here(papers, ix) if len(papers) >= START_HERE_FROM else []
    eras = by_era(papers) if len(papers) >= ERAS_FROM else []
    return _page(ctx, "topic.md.j2", path, "data/topics.yaml",
                 {"title": topic.name[ctx.lang], "description": topic.description[ctx.lang],
                  "atlas_feed": _feed_meta(ctx, topic.id)},
                 topic=topic, papers=papers, diagram=diagram, topic_boards=topic_boards,
                 start=start, eras=eras)


def _topic_bib(ctx: Context, topic: Topic) -> OutputFile:
    return OutputFile(paths.topic_bib(topic.id), ctx.exports.bibtex(by_year(ctx.index.by_topic[topic.id])),
                      "data/topics.yaml")


def _moved_page(ctx: Context, redirect: TopicRedirect) -> OutputFile:
    topics = {t.id: t for t in ctx.cat.topics}
    targets = [topics[target] for target in redirect.targets]
    here = paths.topic(redirect.old)
    meta: dict[str, Any] = {"title": ctx.t("moved.title"), "description": ctx.t("moved.description"),
                            "search": {"exclude": True}, "atlas_robots": "noindex"}
    if len(targets) == 1:  # a rename sends the reader on at once; a split lets them choose
        meta["atlas_refresh"] = paths.html_link(paths.topic(targets[0].id), here)
    page = _page(ctx, "moved.md.j2", here, "data/redirects.yaml", meta, redirect=redirect, targets=targets)
    return dataclasses.replace(page, listed=False)


def _topic_pages(ctx: Context) -> Planned:
    yield paths.TOPICS, partial(_topics_page, ctx)
    for topic in ctx.cat.topics:
        yield paths.topic(topic.id), partial(_topic_page, ctx, topic)
        yield paths.topic_bib(topic.id), partial(_topic_bib, ctx, topic)
    for redirect in ctx.cat.redirects:  # old addresses of renamed or split topics
        yield paths.topic(redirect.old), partial(_moved_page, ctx, redirect)


START_HERE_FROM = 12  # papers in a topic before its page says where to start
ERAS_FROM = 40  # papers in a topic before its list is grouped by era
ERAS = [(0, 2014), (2015, 2017), (2018, 2020), (2021, 2022), (2023, 9999)]


def start_here(papers: list[Paper], ix: AtlasIndex, count: int = 5) -> list[Paper]:
    """The papers most of the topic builds on: most relations from other papers of the topic."""
    members = {p.id for p in papers}
    built_on = {p.id: sum(1 for link in ix.built_upon_by[p.id] if link.paper.id in members) for p in papers}
    ranked = sorted((p for p in papers if built_on[p.id]), key=lambda p: (-built_on[p.id], p.year, p.id))
    return ranked[:count]


def by_era(papers: list[Paper]) -> list[tuple[str, list[Paper]]]:
    """Newest era first, as the list itself runs (newest first)."""
    groups = []
    for first, last in reversed(ERAS):
        members = [p for p in papers if first <= p.year <= last]
        if members:
            label = f"–{last}" if first == 0 else (f"{first}–" if last == 9999 else f"{first}–{last}")
            groups.append((label, members))
    return groups


def _explorer_page(ctx: Context) -> OutputFile:
    cat = ctx.cat
    ordered = newest_first(list(cat.papers.values()))
    return _page(ctx, "papers.md.j2", paths.PAPERS, None,
                 {"title": ctx.t("papers.title"), "description": ctx.t("papers.lead"), "search": {"exclude": True}},
                 papers=ordered, years=sorted({p.year for p in ordered}),
                 venues=sorted({p.venue_id for p in ordered if p.venue_id}, key=str.lower),
                 frameworks=sorted({c.framework for p in ordered for c in p.code if c.official}),
                 topic_names={t.id: t.name[ctx.lang] for t in cat.topics},
                 search_text={p.id: explorer_text(p) for p in ordered})


def _timeline_page(ctx: Context) -> OutputFile:
    return _page(ctx, "timeline.md.j2", paths.TIMELINE, None,
                 {"title": ctx.t("timeline.title"), "description": ctx.t("timeline.lead"),
                  "search": {"exclude": True}},
                 papers=by_year(list(ctx.cat.papers.values())))


def _tags_page(ctx: Context) -> OutputFile:
    return _page(ctx, "tags.md.j2", paths.TAGS, "data/tags.yaml",
                 {"title": ctx.t("tags.title"), "description": ctx.t("tags.lead")})


def _tag_page(ctx: Context, tag: Tag) -> OutputFile:
    return _page(ctx, "tag.md.j2", paths.tag(tag.id), "data/tags.yaml",
                 {"title": tag.name[ctx.lang], "description": ctx.loc(tag.description) or tag.name[ctx.lang],
                  "search": {"exclude": True}},
                 tag=tag, papers=ctx.index.by_tag[tag.id])


def _glossary_page(ctx: Context) -> OutputFile:
    return _page(ctx, "glossary.md.j2", paths.GLOSSARY, "data/glossary.yaml",
                 {"title": ctx.t("glossary.title"), "description": ctx.t("glossary.lead"), "search": {"boost": 0.5}},
                 terms=sorted(ctx.cat.glossary, key=lambda term: term.term[ctx.lang].lower()))


def _libraries_page(ctx: Context) -> OutputFile:
    return _page(ctx, "libraries.md.j2", paths.LIBRARIES, "data/libraries.yaml",
                 {"title": ctx.t("libraries.title"), "description": ctx.t("libraries.lead")})


def _notes_page(ctx: Context) -> OutputFile:
    return _page(ctx, "notes.md.j2", paths.NOTES, None,
                 {"title": ctx.t("notes.title"), "description": ctx.t("notes.lead")})


def _note_page(ctx: Context, note: Note) -> OutputFile:
    return _page(ctx, "note.md.j2", paths.note(note.date), note.source_file,
                 {"title": note.title[ctx.lang], "description": ctx.t("notes.lead")}, note=note)


def _bibliography_page(ctx: Context) -> OutputFile:
    cat = ctx.cat
    main_topic: dict[str, list[Paper]] = {t.id: [] for t in cat.topics}
    for paper in cat.papers.values():
        main_topic[paper.topics[0]].append(paper)
    groups = [(topic, by_year(main_topic[topic.id])) for topic in cat.topics if main_topic[topic.id]]
    return _page(ctx, "bibliography.md.j2", paths.BIBLIOGRAPHY, None,
                 {"title": ctx.t("bibliography.title"), "description": ctx.t("bibliography.lead"),
                  "search": {"exclude": True}},
                 groups=groups, reference_html={p.id: runs_html(apa_runs(p, cat)) for p in cat.papers.values()})


def _listing_pages(ctx: Context) -> Planned:
    yield paths.PAPERS, partial(_explorer_page, ctx)
    yield paths.TIMELINE, partial(_timeline_page, ctx)
    yield paths.TAGS, partial(_tags_page, ctx)
    for tag in ctx.cat.tags.values():
        yield paths.tag(tag.id), partial(_tag_page, ctx, tag)
    yield paths.GLOSSARY, partial(_glossary_page, ctx)
    yield paths.LIBRARIES, partial(_libraries_page, ctx)
    yield paths.NOTES, partial(_notes_page, ctx)
    for note in ctx.cat.notes:
        yield paths.note(note.date), partial(_note_page, ctx, note)
    yield paths.BIBLIOGRAPHY, partial(_bibliography_page, ctx)


def _benchmarks_page(ctx: Context) -> OutputFile:
    cat, ix = ctx.cat, ctx.index
    groups = [(topic, [b for b in ix.leaderboards.values() if b.benchmark.topic == topic.id]) for topic in cat.topics]
    return _page(ctx, "benchmarks.md.j2", paths.BENCHMARKS, "data/benchmarks.yaml",
                 {"title": ctx.t("benchmarks.title"), "description": ctx.t("benchmarks.lead")},
                 groups=[(topic, boards) for topic, boards in groups if boards])


def _benchmark_page(ctx: Context, board: Leaderboard) -> OutputFile:
    labels = {"x": ctx.t("benchmarks.chart_x"), "own": ctx.t("benchmarks.chart_own"),
              "extra": ctx.t("benchmarks.chart_extra")}
    b = board.benchmark
    path = paths.benchmark(b.id)
    hrefs = {row.paper.id: paths.html_link(paths.paper(row.paper.id), path) for row in board.rows}
    svg = sota_chart(board, hrefs, {**labels, "y": f"{b.metric} ({b.unit})"}, ctx.lang)
    svg = labelled_svg(svg, ctx.t("benchmarks.chart_label", name=b.name[ctx.lang]), "leaderboard")
    return _page(ctx, "benchmark.md.j2", path, "data/benchmarks.yaml",
                 {"title": b.name[ctx.lang], "description": b.description[ctx.lang], "search": {"boost": 0.5}},
                 board=board, dataset=ctx.cat.datasets[b.dataset], chart=svg)


def _benchmark_pages(ctx: Context) -> Planned:
    yield paths.BENCHMARKS, partial(_benchmarks_page, ctx)
    for board in ctx.index.leaderboards.values():
        yield paths.benchmark(board.benchmark.id), partial(_benchmark_page, ctx, board)


def labelled_svg(svg: str, label: str, described_by: str) -> str:
    """The chart as an image for assistive technology, its leaderboard table as the text alternative."""
    attributes = f'role="img" aria-label="{html_text(label)}" aria-describedby="{described_by}" '
    return svg.replace("<svg ", "<svg " + attributes, 1)


def explorer_text(paper: Paper) -> str:
    """What the explorer's text filter matches, lower-cased: names, title, aliases, authors, arXiv id."""
    parts = [paper.display_name, paper.title, *paper.aliases, *paper.authors, paper.arxiv or "", paper.id]
    return " ".join(dict.fromkeys(part.lower() for part in parts if part))


def _site_feed(ctx: Context) -> OutputFile:
    return OutputFile(paths.FEED, atom_feed(
        newest_added(list(ctx.cat.papers.values()), SITE_LIMIT), lang=ctx.lang, feed_id="papers",
        title=ctx.t("feeds.site_title"), subtitle=ctx.t("site.description"), site_url=ctx.site_url,
        feed_path=paths.FEED, page_path=paths.HOME))


def _topic_feed(ctx: Context, topic: Topic) -> OutputFile:
    return OutputFile(paths.topic_feed(topic.id), atom_feed(
        newest_added(ctx.index.by_topic[topic.id], TOPIC_LIMIT), lang=ctx.lang, feed_id=f"topics/{topic.id}",
        title=ctx.t("feeds.topic_title", topic=topic.name[ctx.lang]), subtitle=topic.description[ctx.lang],
        site_url=ctx.site_url, feed_path=paths.topic_feed(topic.id), page_path=paths.topic(topic.id)),
        "data/topics.yaml")


def _feeds(ctx: Context) -> Planned:
    yield paths.FEED, partial(_site_feed, ctx)
    for topic in ctx.cat.topics:
        yield paths.topic_feed(topic.id), partial(_topic_feed, ctx, topic)


def _home(ctx: Context) -> OutputFile:
    cat = ctx.cat
    newest = sorted(newest_first(list(cat.papers.values())), key=lambda p: p.added or "", reverse=True)
    return _page(ctx, "home.md.j2", paths.HOME, None, {"description": ctx.t("site.description")},
                 newest=newest[:NEWEST_COUNT])


def _downloads(ctx: Context) -> Planned:
    cat = ctx.cat
    everything = list(cat.papers.values())
    yield paths.ALL_BIB, partial(_download, paths.ALL_BIB, ctx.exports.bibtex, everything)
    yield paths.ALL_RIS, partial(_download, paths.ALL_RIS, ctx.exports.ris, everything)
    yield paths.ALL_CSL, partial(_download, paths.ALL_CSL, ctx.exports.csl_json, everything)
    yield paths.OPEN_DATA, lambda: OutputFile(paths.OPEN_DATA, open_data_json(cat, ctx.index))
    yield paths.RESULTS_CSV, lambda: OutputFile(paths.RESULTS_CSV, results_csv(cat), "data/benchmarks.yaml")
    yield paths.RESULTS_JSON, lambda: OutputFile(paths.RESULTS_JSON, results_json(cat), "data/benchmarks.yaml")


def plan_site(cat: Catalogue, lang: str, repo_url: str = "", index: AtlasIndex | None = None,
              exports: CitationExports | None = None, site_url: str = DEFAULT_SITE_URL,
              references: dict[str, str] | None = None) -> dict[str, Render]:
    """Every generated file of one language, not yet rendered: path -> render, in a stable order.

    `references` may be passed when the caller keeps them (the preview formats only edited papers).
    """
    index = index or build_index(cat)
    ctx = Context(cat, index, lang, repo_url, references=references or formatted_references(cat),
                  exports=exports or CitationExports(cat), site_url=site_url)
    producers: list[Callable[[Context], Planned]] = [_paper_pages, _topic_pages, _listing_pages,
                                                     _benchmark_pages, _downloads, _feeds]
    plan: dict[str, Render] = {paths.HOME: partial(_home, ctx)}
    for produce in producers:
        plan.update(produce(ctx))
    return plan


def render_site(cat: Catalogue, lang: str, repo_url: str = "", index: AtlasIndex | None = None,
                exports: CitationExports | None = None, site_url: str = DEFAULT_SITE_URL) -> list[OutputFile]:
    """Every generated file of one language, in a stable order. `site_url` is that language's address."""
    return [render() for render in plan_site(cat, lang, repo_url, index, exports, site_url).values()]


def formatted_references(cat: Catalogue) -> dict[str, str]:
    """APA-style reference of every paper, formatted once per build (footnotes reuse it)."""
    return {paper_id: apa_reference(paper, cat) for paper_id, paper in cat.papers.items()}


def abbreviations(cat: Catalogue, lang: str) -> dict[str, str]:
    """Abbreviation -> Markdown `*[ABBR]: term` line, which gives the abbreviation a tooltip."""
    lines = {}
    for term in sorted(cat.glossary, key=lambda t: t.abbr or ""):
        if term.abbr:
            # The term only, not its definition: abbr repeats the text at every occurrence.
            english = f" ({term.term['en']})" if lang != "en" else ""
            lines[term.abbr] = f"*[{term.abbr}]: {term.term[lang]}{english}"
    return lines


def abbreviations_for(markdown: str, lines: dict[str, str]) -> str:
    """Only the definitions a page uses: each one costs Markdown a block to parse on every page."""
    return "\n".join(line for abbr, line in lines.items() if abbr in markdown)


def render_entry_page(cat: Catalogue) -> str:
    """The root index.html that sends a visitor to /ko/ or /en/."""
    langs = [{"code": lang, "name": cat.ui[lang]["site.language_name"], "choose": cat.ui[lang]["entry.choose"]}
             for lang in LANGS]
    return environment().get_template("entry.html.j2").render(
        title=cat.ui["en"]["entry.title"], description=cat.ui["en"]["site.description"],
        langs=langs, codes=list(LANGS))


def render_root_not_found(cat: Catalogue, base_path: str) -> str:
    """The root 404.html (GitHub Pages serves it for any missing path), linking both home pages."""
    langs = [{"code": lang, "not_found": cat.ui[lang]["entry.not_found"], "home": cat.ui[lang]["entry.home"]}
             for lang in LANGS]
    return environment().get_template("not_found.html.j2").render(
        title=cat.ui["en"]["entry.title"], langs=langs, base=base_path)
