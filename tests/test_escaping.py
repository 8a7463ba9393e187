"""Text from data is escaped wherever it lands. A catalogue whose every text field carries markup
(as if validation had been bypassed) renders to pages without a single injected element or
attribute, and to exports that still parse."""

from __future__ import annotations

import dataclasses
import json
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from mkdocs.config import load_config
from pybtex.database import parse_string

from cvatlas.catalogue import load_catalogue
from cvatlas.citeformats import bibtex_text, csl_json_text
from cvatlas.model import LANGS, Catalogue, CodeLink, GlossaryTerm, Relation
from cvatlas.pages import render_site

ROOT = Path(__file__).resolve().parent.parent
PAYLOAD = """<script>alert("x")</script><img src=x onerror=alert(1)> " ' & {} \\ [@mobilenet] *em* `code`"""
EVIL_URL = "javascript:alert(1)"


def poison(text: str) -> str:
    return f"{text} {PAYLOAD}"


def poisoned_catalogue(data: Path) -> Catalogue:
    cat = load_catalogue(data)
    for paper_id, paper in list(cat.papers.items()):
        cat.papers[paper_id] = dataclasses.replace(
            paper,
            title=poison(paper.title), name=poison(paper.display_name), aliases=[PAYLOAD],
            authors=[poison(a) for a in paper.authors],
            summary={lang: poison(t) for lang, t in paper.summary.items()},
            details={lang: poison("Key points.") + f"\n\n[click]({EVIL_URL}) <iframe src=x></iframe>\n"
                     for lang in LANGS},
            code=[CodeLink(EVIL_URL, "pytorch", False, None)],
            relations=[Relation(r.type, r.target, {lang: PAYLOAD for lang in LANGS}) for r in paper.relations],
            url=EVIL_URL,
        )
    cat.topics = [dataclasses.replace(t, name={k: poison(v) for k, v in t.name.items()},
                                      description={k: poison(v) for k, v in t.description.items()})
                  for t in cat.topics]
    cat.glossary = [GlossaryTerm(g.id, {k: poison(v) for k, v in g.term.items()},
                                 {k: poison(v) for k, v in g.definition.items()}, g.abbr, [PAYLOAD], g.papers)
                    for g in cat.glossary]
    return cat


class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))


@pytest.fixture(scope="module")
def site_markdown() -> markdown.Markdown:
    """Python-Markdown configured exactly as the site's MkDocs configuration."""
    config = load_config(str(ROOT / "config" / "en.yml"))
    return markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)


@pytest.mark.parametrize("lang", LANGS)
def test_no_markup_from_data_reaches_a_page(fixture_data: Path, site_markdown: markdown.Markdown, lang: str) -> None:
    cat = poisoned_catalogue(fixture_data)
    pages = [f for f in render_site(cat, lang) if f.path.endswith(".md")]
    assert len(pages) > 10
    for page in pages:
        site_markdown.reset()
        parser = Elements()
        parser.feed(site_markdown.convert(page.content))
        for tag, attrs in parser.found:
            assert tag not in {"script", "iframe", "img", "object", "embed"}, f"{page.path}: <{tag}>"
            for name, value in attrs:
                assert not name.startswith("on"), f"{page.path}: <{tag} {name}>"
                if name in {"href", "src"}:
                    assert not (value or "").lower().startswith(("javascript:", "data:")), f"{page.path}: {value}"


def test_exports_stay_valid_with_markup_in_every_field(fixture_data: Path) -> None:
    cat = poisoned_catalogue(fixture_data)
    papers = list(cat.papers.values())
    parsed = parse_string(bibtex_text(papers, cat), "bibtex")
    assert set(parsed.entries) == set(cat.papers)
    title = parsed.entries["resnet"].fields["title"]
    assert r"\&" in title and r"\textbraceleft{}\textbraceright{}" in title and r"\textbackslash{}" in title
    items = json.loads(csl_json_text(papers, cat))
    assert items[0]["title"].endswith(PAYLOAD)
