"""Link integrity of the built site, offline: every href and src of every page and every sitemap
entry resolves inside the site, and every #fragment exists on its target page."""

from __future__ import annotations

import re

from cvatlas.model import Catalogue
from tools.linkcheck import check_site

from .conftest import BuiltSite

HTTPS_ARXIV = re.compile(r"^https://arxiv\.org/(abs|pdf)/(\d{4}\.\d{4,5}|[a-z-]+(\.[A-Z]{2})?/\d{7})$")
HTTPS_DOI = re.compile(r"^https://doi\.org/10\.\d{4,9}/\S+$")


def test_every_internal_link_and_anchor_resolves(built_site: BuiltSite) -> None:
    broken, pages, links = check_site(built_site.root, built_site.site_url)
    assert pages > 200 and links > 10000
    assert broken == [], "\n".join(map(str, broken[:30]))


def test_the_checker_catches_a_broken_link_and_a_missing_anchor(tmp_path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text('<a href="a/">ok</a>\n<a href="b/">missing</a>\n<a href="a/#x">no id</a>\n'
                                         '<img src="pic.png">\n<a href="#top">self</a><h1 id="top">t</h1>')
    (tmp_path / "a" / "index.html").write_text('<p id="y">a</p>')
    broken, _, _ = check_site(tmp_path)
    assert [(b.line, b.link, b.reason) for b in broken] == [
        (2, "b/", "no such file"), (3, "a/#x", "no id 'x' on a/index.html"), (4, "pic.png", "no such file")]


def test_the_checker_resolves_like_a_static_host_under_a_sub_path(tmp_path) -> None:
    (tmp_path / "en" / "papers" / "p").mkdir(parents=True)
    (tmp_path / "index.html").write_text("<p>root</p>")
    (tmp_path / "en" / "index.html").write_text('<h2 id="k">k</h2>')
    (tmp_path / "en" / "papers" / "p" / "index.html").write_text(
        '<a href="../../">up</a>\n<a href="../../#k">up, anchor</a>\n<a href="/repo/en/">absolute</a>\n'
        '<a href="/repo/en">no slash</a>\n<a href="../../../../x/">escapes</a>\n<a href="/other/">other path</a>\n'
        '<a href="../../index.html?v=1#k">query</a>\n<a href="../q/">missing</a>\n<a href="javascript:alert(1)">js</a>')
    (tmp_path / "sitemap.xml").write_text("<urlset><url><loc>https://o.example/repo/en/</loc></url>\n"
                                          "<url><loc>https://o.example/repo/gone/</loc></url>\n"
                                          "<url><loc>https://o.example/repo/</loc></url></urlset>")
    broken, pages, _ = check_site(tmp_path, "https://o.example/repo/")
    assert pages == 3
    assert [(b.file, b.line, b.link, b.reason) for b in broken] == [
        ("en/papers/p/index.html", 5, "../../../../x/", "leaves the site"),
        ("en/papers/p/index.html", 6, "/other/", "leaves the site"),
        ("en/papers/p/index.html", 8, "../q/", "no such file"),
        ("en/papers/p/index.html", 9, "javascript:alert(1)", "javascript: link"),
        ("sitemap.xml", 2, "https://o.example/repo/gone/", "no such file")]


def test_external_links_have_the_expected_form(catalogue: Catalogue) -> None:
    for paper in catalogue.papers.values():
        if paper.arxiv_url:
            assert HTTPS_ARXIV.match(paper.arxiv_url) and HTTPS_ARXIV.match(paper.pdf_url or ""), paper.id
        if paper.doi_url:
            assert HTTPS_DOI.match(paper.doi_url), paper.id
        for url in [paper.url, *(c.url for c in paper.code)]:
            if url:
                assert url.startswith("https://"), f"{paper.id}: {url} is not https"
    for library in catalogue.libraries.values():
        for url in (library.url, library.docs):
            assert url is None or url.startswith("https://"), library.id
