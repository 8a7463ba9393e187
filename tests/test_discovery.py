"""Finding your way in the built site: the paper explorer, Atom feeds, page-to-page hreflang pairs in
heads and the sitemap, canonical URLs, schema.org JSON-LD, lineage diagrams that stay readable, and
big topics that group their papers and say where to start."""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET

import feedparser
import pytest

from cvatlas.index import build_index, by_year
from cvatlas.lineage import NODE_HEIGHT, NODE_WIDTH, layout
from cvatlas.model import LANGS, Catalogue
from tools.lineage_metrics import measure

from .conftest import BuiltSite


def head_links(page: str) -> list[dict[str, str]]:
    head = page.split("</head>", 1)[0]
    return [dict(re.findall(r'(\w[\w-]*)="([^"]*)"', tag)) for tag in re.findall(r"<link [^>]*>", head)]


# ---------------------------------------------------------------- explorer


@pytest.mark.parametrize("lang", LANGS)
def test_explorer_table_holds_every_paper_without_javascript(built_site: BuiltSite, catalogue: Catalogue,
                                                            lang: str) -> None:
    page = built_site.html(lang, "papers/")
    table = page.split('class="atlas-explorer-table"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr role=\"row\" (data-year[^>]*)>(.*?)</tr>", table, re.S)
    assert len(rows) == len(catalogue.papers)
    years = [int(re.search(r'data-year="(\d+)"', attrs).group(1)) for attrs, _ in rows]
    assert years == sorted(years, reverse=True), "newest first"
    for attrs, cells in rows:
        paper_id = re.search(r'data-paper="([^"]+)"', cells).group(1)
        paper = catalogue.papers[paper_id]
        assert "hidden" not in attrs
        assert f'data-topics="{" ".join(paper.topics)}"' in attrs
        official = {c.framework for c in paper.code if c.official}
        assert set(re.search(r'data-code="([^"]*)"', attrs).group(1).split()) == official
        text = html.unescape(re.search(r'data-text="([^"]*)"', attrs).group(1))
        assert paper.display_name.lower() in text and (paper.arxiv or "") in text
        assert built_site.page(lang, f"papers/{paper_id}/").is_file()
    form = page.split('<form class="atlas-explorer"', 1)[1].split("</form>", 1)[0]
    for name in ("q", "topic", "tag", "from", "to", "venue", "framework", "code", "sort"):
        assert f'name="{name}"' in form, name
    assert "hidden" in page.split('<form class="atlas-explorer"', 1)[1].split(">", 1)[0]


# ---------------------------------------------------------------- feeds


@pytest.mark.parametrize("lang", LANGS)
def test_atom_feeds_list_the_newest_entries_in_the_page_language(built_site: BuiltSite, catalogue: Catalogue,
                                                                 lang: str) -> None:
    feed = feedparser.parse((built_site.root / lang / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.language == lang
    entries = feed.entries
    assert 10 <= len(entries) <= len(catalogue.papers)
    added = [catalogue.papers[e.id.rsplit("/", 1)[1]].added or "" for e in entries]
    assert added == sorted(added, reverse=True)
    for entry in entries:
        paper_id = entry.id.rsplit("/", 1)[1]
        assert entry.id == f"tag:cv-paper-atlas.github.io,2026:papers/{paper_id}"
        assert entry.summary == catalogue.papers[paper_id].summary[lang]
        assert entry.link == built_site.url(lang, f"papers/{paper_id}/")
    for topic in catalogue.topics:
        topic_feed = feedparser.parse((built_site.root / lang / "feeds" / f"{topic.id}.xml").read_bytes())
        assert not topic_feed.bozo
        ids = [e.id.rsplit("/", 1)[1] for e in topic_feed.entries]
        assert ids and all(topic.id in catalogue.papers[i].topics for i in ids), topic.id


def test_feed_entry_ids_do_not_depend_on_the_language(built_site: BuiltSite) -> None:
    ko, en = (feedparser.parse((built_site.root / lang / "feed.xml").read_bytes()) for lang in LANGS)
    assert [e.id for e in ko.entries] == [e.id for e in en.entries]


@pytest.mark.parametrize("lang", LANGS)
def test_pages_announce_their_feeds(built_site: BuiltSite, lang: str) -> None:
    for path, topic in (("", None), ("topics/detection/", "detection"), ("papers/detr/", "detection-transformers")):
        feeds = [link for link in head_links(built_site.html(lang, path))
                 if link.get("type") == "application/atom+xml"]
        hrefs = {(built_site.page(lang, path).parent / link["href"]).resolve() for link in feeds}
        assert (built_site.root / lang / "feed.xml").resolve() in hrefs, path
        if topic:
            assert (built_site.root / lang / "feeds" / f"{topic}.xml").resolve() in hrefs, path
        assert all(link.get("title") for link in feeds)


# ---------------------------------------------------------------- search engines


def page_urls(built_site: BuiltSite, lang: str) -> list[str]:
    urls = []
    for path in sorted((built_site.root / lang).rglob("index.html")):
        relative = path.parent.relative_to(built_site.root / lang).as_posix()
        urls.append("" if relative == "." else relative + "/")
    return urls


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_pairs_with_its_twin_by_absolute_hreflang(built_site: BuiltSite, lang: str) -> None:
    urls = page_urls(built_site, lang)
    assert len(urls) > 300
    for url in urls:
        links = head_links(built_site.html(lang, url))
        pairs = {link["hreflang"]: link["href"] for link in links if "hreflang" in link and link["rel"] == "alternate"}
        assert pairs == {"ko": built_site.url("ko", url), "en": built_site.url("en", url),
                         "x-default": built_site.url("en", url)}, url
        canonical = [link["href"] for link in links if link.get("rel") == "canonical"]
        assert canonical == [built_site.url(lang, url)], url
        for other in LANGS:
            assert built_site.page(other, url).is_file(), f"{other}/{url} is missing"


@pytest.mark.parametrize("lang", LANGS)
def test_sitemap_lists_the_same_pairs(built_site: BuiltSite, lang: str) -> None:
    namespaces = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    tree = ET.parse(built_site.root / lang / "sitemap.xml")
    entries = tree.getroot().findall("s:url", namespaces)
    assert len(entries) == len(page_urls(built_site, lang))
    for entry in entries:
        loc = entry.find("s:loc", namespaces).text
        assert loc.startswith(built_site.url(lang))
        path = loc[len(built_site.url(lang)):]
        alternates = {link.get("hreflang"): link.get("href") for link in entry.findall("x:link", namespaces)}
        assert alternates == {"ko": built_site.url("ko", path), "en": built_site.url("en", path),
                              "x-default": built_site.url("en", path)}


@pytest.mark.parametrize("lang", LANGS)
def test_paper_pages_describe_the_paper_as_a_scholarly_article(built_site: BuiltSite, catalogue: Catalogue,
                                                               lang: str) -> None:
    for paper in catalogue.papers.values():
        page = built_site.html(lang, f"papers/{paper.id}/")
        (block,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
        data = json.loads(block)
        assert data["@type"] == "ScholarlyArticle" and data["@context"] == "https://schema.org"
        assert data["name"] == paper.title
        assert len(data["author"]) == len(paper.authors)
        assert data["datePublished"] == str(paper.year)
        identifiers = {i["propertyID"]: i["value"] for i in data["identifier"]}
        assert identifiers.get("arXiv") == paper.arxiv and identifiers.get("DOI") == paper.doi
        assert data["inLanguage"] == "en" and data["abstract"] == paper.summary[lang]
        assert data["url"] == built_site.url(lang, f"papers/{paper.id}/")


# ---------------------------------------------------------------- lineage and big topics


def test_lineage_diagrams_route_no_edge_through_a_box(catalogue: Catalogue) -> None:
    index = build_index(catalogue)
    for topic in catalogue.topics:
        papers = by_year(index.by_topic[topic.id])
        diagram = layout(papers, {p.id: "" for p in papers})
        metrics = measure(diagram, NODE_WIDTH, NODE_HEIGHT)
        assert metrics.through_boxes == 0, topic.id
        assert metrics.overlaps == 0, topic.id
        boxes = [(n.x, n.y) for n in diagram.nodes]
        assert len(set(boxes)) == len(boxes), f"{topic.id}: two papers share a box"
        assert all(n.x >= 0 and n.x + NODE_WIDTH <= diagram.width for n in diagram.nodes), topic.id
        assert diagram.width <= 1600, f"{topic.id}: {diagram.width} px wide"  # bounded: it scrolls beyond the page
        in_topic = {p.id for p in papers}
        expected = {(p.id, r.target) for p in papers for r in p.relations if r.target in in_topic}
        drawn = {(e.source.paper.id, e.target.paper.id) for e in diagram.edges}
        assert drawn <= expected and len(drawn) >= len({frozenset(pair) for pair in expected}) * 0.99


def test_lineage_layout_is_the_same_every_time(catalogue: Catalogue) -> None:
    index = build_index(catalogue)
    papers = by_year(index.by_topic["generative"])
    first = layout(papers, {p.id: "" for p in papers})
    second = layout(list(reversed(papers)), {p.id: "" for p in papers})
    assert first == second


@pytest.mark.parametrize("lang", LANGS)
def test_big_topics_group_their_papers_and_say_where_to_start(built_site: BuiltSite, catalogue: Catalogue,
                                                              lang: str) -> None:
    index = build_index(catalogue)
    big = [t for t in catalogue.topics if len(index.by_topic[t.id]) >= 40]
    for topic in catalogue.topics:
        page = built_site.html(lang, f"topics/{topic.id}/")
        if topic in big:
            assert page.count('class="atlas-era"') >= 2, topic.id
        if len(index.by_topic[topic.id]) >= 12:
            start = page.split('id="start-here"', 1)[1].split("</ul>", 1)[0]
            listed = re.findall(r'data-paper="([^"]+)"', start)
            assert 3 <= len(listed) <= 6, topic.id
            members = {p.id for p in index.by_topic[topic.id]}
            built_on = {pid: sum(1 for link in index.built_upon_by[pid] if link.paper.id in members)
                        for pid in members}
            assert built_on[listed[0]] == max(built_on.values()), topic.id


@pytest.mark.parametrize("lang", LANGS)
def test_the_address_of_a_split_topic_still_works(built_site: BuiltSite, catalogue: Catalogue, lang: str) -> None:
    assert catalogue.redirects, "data/redirects.yaml lists the moved topics"
    for redirect in catalogue.redirects:
        page_path = built_site.page(lang, f"topics/{redirect.old}/")
        page = page_path.read_text(encoding="utf-8")
        assert '<meta name="robots" content="noindex">' in page
        article = page.split("<article", 1)[1].split("</article>", 1)[0]
        for target in redirect.targets:
            href = re.search(rf'href="([^"]*\b{target}/)"', article).group(1)
            assert (page_path.parent / href / "index.html").resolve().is_file(), href
        refresh = re.findall(r'<meta http-equiv="refresh" content="0; url=([^"]+)">', page)
        assert len(refresh) == (1 if len(redirect.targets) == 1 else 0)
        assert f"{redirect.old}/" not in built_site.html(lang), "the old address is not in the navigation"
