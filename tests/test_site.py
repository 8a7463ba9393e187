"""The built site, both languages: every page exists, says the right things in the right language,
links to its other-language twin, and nothing from data/ is lost on the way."""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from cvatlas.citeformats import bibtex_text, csl_json_text, ris_text
from cvatlas.index import build_index
from cvatlas.model import LANGS, Catalogue
from cvatlas.names import display_author, parse_name

from .conftest import BuiltSite

ROOT = Path(__file__).resolve().parent.parent


def attr_values(page: str, pattern: str) -> list[str]:
    return [html.unescape(v) for v in re.findall(pattern, page)]


def papers_listed(page: str) -> list[str]:
    """Paper ids linked from the topic page's list (in order)."""
    section = page.split('class="atlas-papers"', 1)[1].split("</div>", 1)[0]
    return re.findall(r'data-paper="([^"]+)"', section)


def meta(page: str, name: str) -> list[str]:
    return attr_values(page, rf'<meta (?:name|property)="{re.escape(name)}" content="([^"]*)"')


# ---------------------------------------------------------------- structure


def test_entry_page_sends_visitors_to_a_language(built_site: BuiltSite) -> None:
    entry = (built_site.root / "index.html").read_text(encoding="utf-8")
    assert 'href="ko/"' in entry and 'href="en/"' in entry, "plain links work without JavaScript"
    assert "navigator.languages" in entry and "location.replace" in entry
    assert "http" not in entry.split("<body>", 1)[1], "no link to another host"
    not_found = (built_site.root / "404.html").read_text(encoding="utf-8")
    assert 'href="/cv-atlas/ko/"' in not_found and 'href="/cv-atlas/en/"' in not_found


@pytest.mark.parametrize("lang", LANGS)
def test_every_paper_and_topic_has_its_page(built_site: BuiltSite, catalogue: Catalogue, lang: str) -> None:
    for paper_id in catalogue.papers:
        assert built_site.page(lang, f"papers/{paper_id}/").is_file(), paper_id
    for topic in catalogue.topics:
        assert built_site.page(lang, f"topics/{topic.id}/").is_file(), topic.id
    for tag in catalogue.tags:
        assert built_site.page(lang, f"tags/{tag}/").is_file(), tag
    for name in ("", "timeline/", "glossary/", "bibliography/", "libraries/", "notes/", "papers/", "topics/",
                 "tags/", "guide/", "404.html"):
        assert built_site.page(lang, name).is_file(), name


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_declares_its_language(built_site: BuiltSite, lang: str) -> None:
    pages = sorted((built_site.root / lang).rglob("*.html"))
    assert len(pages) > 100
    for page in pages:
        head = page.read_text(encoding="utf-8")[:200]
        assert f'<html lang="{lang}"' in head, page


def test_language_switch_lands_on_the_same_page(built_site: BuiltSite) -> None:
    for path in ("", "topics/efficient/", "papers/mobilenet-v2/", "glossary/", "guide/convolution/"):
        for lang, other in (("ko", "en"), ("en", "ko")):
            page = built_site.html(lang, path)
            (href,) = attr_values(page, rf'<a href="([^"]+)" hreflang="{other}"[^>]*class="md-select__link"')
            target = (built_site.page(lang, path).parent / href).resolve()
            expected = built_site.page(other, path).parent.resolve()
            assert target == expected, f"{lang}/{path}: {href}"


def test_each_topic_lists_the_same_papers_in_both_languages_newest_first(built_site: BuiltSite,
                                                                         catalogue: Catalogue) -> None:
    for topic in catalogue.topics:
        expected = {p.id for p in catalogue.papers.values() if topic.id in p.topics}
        listed = {lang: papers_listed(built_site.html(lang, f"topics/{topic.id}/")) for lang in LANGS}
        assert listed["ko"] == listed["en"], topic.id
        assert set(listed["en"]) == expected, topic.id
        years = [catalogue.papers[p].year for p in listed["en"]]
        assert years == sorted(years, reverse=True), f"{topic.id} is not newest first"


# ---------------------------------------------------------------- paper pages


@pytest.mark.parametrize("lang", LANGS)
def test_paper_page_shows_the_facts(built_site: BuiltSite, catalogue: Catalogue, lang: str) -> None:
    paper = catalogue.papers["mobilenet-v2"]
    page = built_site.html(lang, "papers/mobilenet-v2/")
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    assert "MobileNetV2: Inverted Residuals and Linear Bottlenecks" in text
    assert ", ".join(display_author(a) for a in paper.authors) in text, "all authors, in order"
    assert "CVPR 2018" in text and "2018 (arXiv)" in text
    assert 'href="https://arxiv.org/abs/1801.04381"' in page
    assert 'href="https://doi.org/10.1109/CVPR.2018.00474"' in page
    assert paper.summary[lang] in text
    assert 'id="key-points"' in page and 'id="code"' in page and 'id="cite"' in page
    for link in paper.code:
        assert f'href="{link.url}"' in page


@pytest.mark.parametrize("lang", LANGS)
def test_relations_render_on_both_ends(built_site: BuiltSite, catalogue: Catalogue, lang: str) -> None:
    index = build_index(catalogue)
    for paper in catalogue.papers.values():
        page = built_site.html(lang, f"papers/{paper.id}/")
        if index.builds_on[paper.id]:
            section = page.split('id="builds-on"', 1)[1].split("<h", 1)[1]
            for link in index.builds_on[paper.id]:
                label = catalogue.relation_types[link.relation.type].label[lang]
                assert f'href="../{link.paper.id}/"' in page.split('id="builds-on"', 1)[1], (paper.id, link.paper.id)
                assert label in html.unescape(section) or label in html.unescape(page), (paper.id, label)
        for link in index.built_upon_by[paper.id]:
            after = page.split('id="built-upon-by"', 1)[1]
            assert f'href="../{link.paper.id}/"' in after, (paper.id, "built upon by", link.paper.id)
            assert catalogue.relation_types[link.relation.type].inverse[lang] in html.unescape(after)


def test_citations_in_key_points_become_numbered_references(built_site: BuiltSite) -> None:
    for lang, heading in (("ko", "참고문헌"), ("en", "References")):
        page = built_site.html(lang, "papers/mobilenet-v2/")
        assert 'href="#fn:mobilenet"' in page, "the [@mobilenet] citation is a footnote reference"
        assert f'id="references">{heading}' in page
        footnotes = page.split('class="footnote"', 1)[1]
        assert 'id="fn:mobilenet"' in footnotes and "Howard, A. G." in html.unescape(footnotes)


@pytest.mark.parametrize("lang", LANGS)
def test_cite_block_and_downloads_match_the_generated_exports(built_site: BuiltSite, catalogue: Catalogue,
                                                            lang: str) -> None:
    for paper in catalogue.papers.values():
        page = built_site.html(lang, f"papers/{paper.id}/")
        expected = bibtex_text([paper], catalogue)
        code = re.search(r'<div class="language-bibtex highlight"><pre>.*?<code>(.*?)</code>', page, re.S)
        assert code, paper.id
        shown = html.unescape(re.sub(r"<[^>]+>", "", code.group(1)))
        assert shown.strip() == expected.strip(), paper.id
        folder = built_site.root / lang / "papers"
        assert (folder / f"{paper.id}.bib").read_text(encoding="utf-8") == expected
        assert (folder / f"{paper.id}.ris").read_text(encoding="utf-8") == ris_text([paper], catalogue)
        assert (folder / f"{paper.id}.json").read_text(encoding="utf-8") == csl_json_text([paper], catalogue)
        for extension in ("bib", "ris", "json"):
            assert f'href="../{paper.id}.{extension}"' in page


def test_highwire_citation_tags(built_site: BuiltSite, catalogue: Catalogue) -> None:
    for lang in LANGS:
        for paper in catalogue.papers.values():
            page = built_site.html(lang, f"papers/{paper.id}/")
            assert meta(page, "citation_title") == [paper.title]
            expected = [parse_name(a).inverted for a in paper.authors]
            assert meta(page, "citation_author") == expected, "each author, in order, as Family, Given"
            assert meta(page, "citation_publication_date") == [str(paper.venue_year or paper.year)]
            if paper.arxiv:
                assert meta(page, "citation_arxiv_id") == [paper.arxiv]
                assert meta(page, "citation_pdf_url") == [f"https://arxiv.org/pdf/{paper.arxiv}"]
            if paper.doi:
                assert meta(page, "citation_doi") == [paper.doi]
            venue = catalogue.venues.get(paper.venue_id or "")
            if venue:
                key = "citation_journal_title" if venue.type == "journal" else "citation_conference_title"
                assert meta(page, key) == [venue.name]
    # Known names, written out: a particle stays with the family name, a family-first name keeps its order.
    assert meta(built_site.html("en", "papers/densenet/"), "citation_author") == [
        "Huang, Gao", "Liu, Zhuang", "van der Maaten, Laurens", "Weinberger, Kilian Q."]
    assert meta(built_site.html("ko", "papers/dvis/"), "citation_author") == ["Yuan, Jialin", "Chen, Chao", "Li, Fuxin"]


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_has_open_graph_and_twitter_tags(built_site: BuiltSite, lang: str) -> None:
    locale = {"ko": "ko_KR", "en": "en_US"}[lang]
    for page_path in sorted((built_site.root / lang).rglob("*.html")):
        page = page_path.read_text(encoding="utf-8")
        assert meta(page, "og:title") and meta(page, "og:title")[0], page_path
        assert meta(page, "og:description")[0], page_path
        assert meta(page, "og:locale") == [locale], page_path
        assert meta(page, "twitter:card") == ["summary"], page_path
    paper = built_site.html(lang, "papers/resnet/")
    assert meta(paper, "og:type") == ["article"]
    assert meta(paper, "og:url") == [built_site.url(lang, "papers/resnet/")]


def test_edit_button_opens_the_source_file(built_site: BuiltSite) -> None:
    repo = "https://github.com/cv-paper-atlas/cv-paper-atlas/edit/main/"
    cases = {("ko", "papers/resnet/"): "data/papers/resnet.yaml", ("en", "topics/detection/"): "data/topics.yaml",
             ("en", "glossary/"): "data/glossary.yaml", ("ko", "guide/tasks/"): "docs/ko/guide/tasks.md",
             ("en", "about/"): "docs/en/about.md"}
    for (lang, path), source in cases.items():
        page = built_site.html(lang, path)
        assert f'href="{repo}{source}"' in page, (lang, path)


def test_abbreviations_have_tooltips_in_the_page_language(built_site: BuiltSite) -> None:
    ko = built_site.html("ko", "papers/group-norm/")
    en = built_site.html("en", "papers/group-norm/")
    assert re.search(r'<abbr title="배치 정규화 \(Batch normalization\)">BN</abbr>', ko)
    assert re.search(r'<abbr title="Batch normalization">BN</abbr>', en)


# ---------------------------------------------------------------- topic, list and glossary pages


def test_lineage_diagram_links_every_node_to_its_paper(built_site: BuiltSite, catalogue: Catalogue) -> None:
    for topic in catalogue.topics:
        members = {p.id for p in catalogue.papers.values() if topic.id in p.topics}
        for lang in LANGS:
            page = built_site.html(lang, f"topics/{topic.id}/")
            if "<svg" not in page.split('id="lineage"', 1)[1].split('id="papers"', 1)[0]:
                continue
            nodes = re.findall(r'<a href="\.\./\.\./papers/([^/]+)/" class="atlas-lineage__node"', page)
            assert set(nodes) == members, (topic.id, lang)
            for node in nodes:
                assert built_site.page(lang, f"papers/{node}/").is_file()


def test_topic_pages_end_with_their_bibliography(built_site: BuiltSite, catalogue: Catalogue) -> None:
    for topic in catalogue.topics:
        for lang, heading in (("ko", "참고문헌"), ("en", "References")):
            page = built_site.html(lang, f"topics/{topic.id}/")
            footnotes = page.split('class="footnote"', 1)[1]
            cited = re.findall(r'<li id="fn:([^"]+)"', footnotes)
            assert sorted(cited) == sorted(papers_listed(page)), (topic.id, lang)
            assert f'id="references">{heading}' in page


def test_bibliography_page_anchors_every_paper_once(built_site: BuiltSite, catalogue: Catalogue) -> None:
    for lang in LANGS:
        page = built_site.html(lang, "bibliography/")
        for paper_id in catalogue.papers:
            assert page.count(f'<li id="{paper_id}">') == 1, paper_id


def test_timeline_lists_every_paper_once(built_site: BuiltSite, catalogue: Catalogue) -> None:
    for lang in LANGS:
        page = built_site.html(lang, "timeline/")
        listed = re.findall(r'<li data-topics="[^"]*" data-tags="[^"]*"><a href="\.\./papers/([^/]+)/"', page)
        assert sorted(listed) == sorted(catalogue.papers)


def test_glossary_terms_link_to_their_papers_and_back(built_site: BuiltSite, catalogue: Catalogue) -> None:
    for lang in LANGS:
        glossary = built_site.html(lang, "glossary/")
        for term in catalogue.glossary:
            assert f'id="{term.id}"' in glossary
            for paper_id in term.papers:
                paper_page = built_site.html(lang, f"papers/{paper_id}/")
                assert f'href="../../glossary/#{term.id}"' in paper_page, (term.id, paper_id)


def test_tag_pages_list_their_papers(built_site: BuiltSite, catalogue: Catalogue) -> None:
    for tag in catalogue.tags:
        members = {p.id for p in catalogue.papers.values() if tag in p.tags}
        for lang in LANGS:
            page = built_site.html(lang, f"tags/{tag}/")
            assert set(re.findall(r'href="\.\./\.\./papers/([^/]+)/"', page)) == members, tag


def test_libraries_page_links_implementations(built_site: BuiltSite, catalogue: Catalogue) -> None:
    for lang in LANGS:
        page = built_site.html(lang, "libraries/")
        for library in catalogue.libraries:
            assert f'id="{library}"' in page
        resnet = built_site.html(lang, "papers/mobilenet-v2/")
        assert 'href="../../libraries/#torchvision"' in resnet


def test_reading_notes_pages(built_site: BuiltSite, catalogue: Catalogue) -> None:
    for note in catalogue.notes:
        for lang in LANGS:
            page = built_site.html(lang, f"notes/{note.date}/")
            for entry in note.entries:
                assert f'id="{entry.paper}"' in page
                assert f'href="../../notes/{note.date}/#{entry.paper}"' in built_site.html(lang,
                                                                                         f"papers/{entry.paper}/")


# ---------------------------------------------------------------- nothing lost


@pytest.mark.parametrize("lang", LANGS)
def test_search_index_per_language(built_site: BuiltSite, catalogue: Catalogue, lang: str) -> None:
    index = json.loads((built_site.root / lang / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == [lang]
    docs = index["docs"]
    paper_docs = {d["location"].split("/")[1] for d in docs if d["location"].startswith("papers/")}
    assert paper_docs == set(catalogue.papers)
    text = " ".join(d["text"] for d in docs)
    other = "en" if lang == "ko" else "ko"
    for paper in catalogue.papers.values():
        assert html.escape(paper.summary[lang], quote=False) in text or paper.summary[lang] in html.unescape(text)
        assert paper.summary[other] not in html.unescape(text), f"{paper.id}: {other} text in the {lang} index"


@pytest.mark.parametrize("lang", LANGS)
def test_sitemap_lists_every_paper(built_site: BuiltSite, catalogue: Catalogue, lang: str) -> None:
    tree = ET.parse(built_site.root / lang / "sitemap.xml")
    locs = {e.text for e in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    for paper_id in catalogue.papers:
        assert built_site.url(lang, f"papers/{paper_id}/") in locs
    assert all(loc.startswith(built_site.url(lang)) for loc in locs)


@pytest.mark.parametrize("lang", LANGS)
def test_site_wide_exports_hold_every_paper(built_site: BuiltSite, catalogue: Catalogue, lang: str) -> None:
    downloads = built_site.root / lang / "downloads"
    papers = list(catalogue.papers.values())
    assert (downloads / "papers.bib").read_text(encoding="utf-8") == bibtex_text(papers, catalogue)
    assert (downloads / "papers.ris").read_text(encoding="utf-8") == ris_text(papers, catalogue)
    assert [i["id"] for i in json.loads((downloads / "papers.json").read_text(encoding="utf-8"))] == \
        list(catalogue.papers)
    for topic in catalogue.topics:
        bib = (downloads / "topics" / f"{topic.id}.bib").read_text(encoding="utf-8")
        keys = re.findall(r"^@\w+\{([^,]+),", bib, re.M)
        assert sorted(keys) == sorted(p.id for p in papers if topic.id in p.topics)
    data = json.loads((downloads / "atlas.json").read_text(encoding="utf-8"))
    assert data["licence"]["data"].startswith("CC BY 4.0")
    assert [p["id"] for p in data["papers"]] == list(catalogue.papers)
    for record in data["papers"]:
        for field in ("summary", "details"):
            assert set(record[field]) == {"ko", "en"}
    bibliography = built_site.html(lang, "bibliography/")
    for name in ("papers.bib", "papers.ris", "papers.json", "atlas.json"):
        assert f'href="../downloads/{name}"' in bibliography


def test_no_page_loads_anything_from_another_host(built_site: BuiltSite) -> None:
    for page_path in built_site.root.rglob("*.html"):
        page = page_path.read_text(encoding="utf-8")
        for tag in re.findall(r"<(?:script|link|img|iframe|source)\b[^>]*>", page):
            if "rel=\"canonical\"" in tag or 'rel="alternate"' in tag:
                continue
            assert not re.search(r'(?:src|href)="(?:https?:)?//', tag), f"{page_path}: {tag}"


@pytest.mark.parametrize("lang", LANGS)
def test_paper_search_entries_carry_tags_and_aliases_as_keywords_but_not_topic_names(
        built_site: BuiltSite, catalogue: Catalogue, lang: str) -> None:
    """Tag names and aliases are the page's search keywords (a field weighted above the text), once per page."""
    index = json.loads((built_site.root / lang / "search" / "search_index.json").read_text(encoding="utf-8"))
    top = {d["location"]: d for d in index["docs"]}
    for paper in catalogue.papers.values():
        entry = top[f"papers/{paper.id}/"]
        text, keywords = html.unescape(entry["text"]), entry.get("tags", [])
        for tag in paper.tags:
            name = catalogue.tags[tag].name[lang]
            assert name in keywords or name == paper.display_name, (paper.id, tag)
        for alias in paper.aliases:
            assert alias in keywords or alias == paper.display_name, (paper.id, alias)
        assert paper.summary[lang] in text and paper.authors[0] in text, paper.id
        assert catalogue.ui[lang]["paper.topics"] not in text.split(paper.summary[lang])[-1], paper.id
        sections = [d for location, d in top.items() if location.startswith(f"papers/{paper.id}/#")]
        assert all("tags" not in d for d in sections), paper.id


def test_pages_are_written_without_indentation_but_keep_preformatted_text(built_site: BuiltSite) -> None:
    page = built_site.html("en", "papers/mobilenet-v2/")
    outside = re.sub(r"<(pre|textarea|script)\b.*?</\1>", "", page, flags=re.S)
    assert not re.search(r"\n[ \t]+", outside)
    bibtex = html.unescape(re.sub(r"<[^>]+>", "", re.search(r"<pre>.*?</pre>", page, re.S).group(0)))
    assert "\n    author = " in bibtex and "\n    title = " in bibtex
