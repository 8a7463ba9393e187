"""Property-based: whatever text a contributor puts into any text field of a valid paper, validation
either refuses it with a message naming the file and the field, or the site renders with that text
shown as text (no live markup) and every export still parses with the same entries and authors.

Most examples run against the loader and the render functions (fast); a few go through a full build.
"""

from __future__ import annotations

import html
import json
import shutil
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import bibtexparser
import markdown
import pytest
import rispy
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config
from pybtex.database import parse_string

from cvatlas.catalogue import load_catalogue
from cvatlas.citeformats import CitationExports
from cvatlas.model import LANGS
from cvatlas.pages import render_site
from cvatlas.problems import DataError
from cvatlas.yamlio import read_yaml

from .conftest import copy_fixture_tree

ROOT = Path(__file__).resolve().parent.parent
PAPER = "papers/resnet.yaml"
FILE_SHOWN = f"data/{PAPER}"

# Text a contributor might paste, adversarially: markup, Markdown and attribute-list controls, BibTeX
# and LaTeX specials, quotes, YAML-ish syntax, right-to-left scripts, invisible characters, long runs.
TRICKY = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "{ onclick=alert(1) }", "{: #id .cls }",
    "*[HTML]: hyper", "[^1]: note", "[x](javascript:alert(1))", "![i](data:text/html,x)", "}", "{", "\\",
    "\\}", "{\\", "%", "&amp;", "&#60;", "$x$", "~", "^", "_", "#", "| a | b |", "> quote", "- item",
    "1. item", "`code`", "```", "***", "---", "===", "@resnet", "[@resnet]", "[@nope]", "\\bibliography",
    "///Footnotes Go Here///", "--8<-- \"README.md\"", "\"", "'", ": ", " and ", "and", ",", "{{ x }}",
    "{% raw %}", "\u202etxt.exe", "\u2066x\u2069", "\x00", "\u200b", "\u200d", "\ufeff", "\u00ad", "\u2028",
    "مرحبا", "שלום", "این\u200cجا", "한국어", "日本語", "Ünïcödé", "ß", "x" * 500,
]

alphabet = st.characters(codec="utf-8", exclude_categories=("Cs",))
tricky_text = st.lists(st.one_of(st.sampled_from(TRICKY), st.text(alphabet, min_size=1, max_size=12)),
                       min_size=1, max_size=6).map(" ".join)
any_text = st.one_of(tricky_text, st.text(alphabet, min_size=1, max_size=40))


def _set(path: tuple[Any, ...]) -> Callable[[dict[str, Any], str], None]:
    def apply(raw: dict[str, Any], value: str) -> None:
        target = raw
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value
    return apply


# Every text field of a paper, with the field name a refusal must carry.
FIELDS: list[tuple[str, Callable[[dict[str, Any], str], None]]] = [
    ("title", _set(("title",))),
    ("name", _set(("name",))),
    ("aliases[0]", _set(("aliases", 0))),
    ("authors[0]", _set(("authors", 0))),
    ("authors[2]", _set(("authors", 2))),
    ("summary.ko", _set(("summary", "ko"))),
    ("summary.en", _set(("summary", "en"))),
    ("details.ko", _set(("details", "ko"))),
    ("details.en", _set(("details", "en"))),
    ("citations.source", _set(("citations", "source"))),
    ("relations[0].note.en", _set(("relations", 0, "note", "en"))),
    ("results[0].model", _set(("results", 0, "model"))),
    ("results[0].note.ko", _set(("results", 0, "note", "ko"))),
]


@pytest.fixture(scope="module")
def template_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture tree with a relation and a result on ResNet, so that every field exists."""
    data = copy_fixture_tree(tmp_path_factory.mktemp("template"))
    raw = base_paper(data)
    raw["relations"] = [{"type": "compares", "target": "mobilenet",
                         "note": {"ko": "비교한다.", "en": "Compares with it."}}]
    raw["results"] = [{"benchmark": "imagenet-top1", "model": "ResNet-152", "value": 78.6, "params": 60.2,
                       "source": {"where": "Table 3", "version": "arXiv v1", "date": "2015-12"},
                       "note": {"ko": "오류율에서 환산.", "en": "From the error rate."}}]
    write_paper(data, raw)
    load_catalogue(data)  # the template itself is valid
    return data


def base_paper(data: Path) -> dict[str, Any]:
    value, problem = read_yaml(data / PAPER, PAPER)
    assert problem is None
    return value


def write_paper(data: Path, raw: dict[str, Any]) -> None:
    (data / PAPER).write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def site_markdown() -> markdown.Markdown:
    config = load_config(str(ROOT / "config" / "en.yml"))
    return markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))


def live_markup(html_text: str) -> list[str]:
    """Elements or attributes that contributor text must never produce."""
    parser = _Elements()
    parser.feed(html_text)
    bad = []
    for tag, attrs in parser.found:
        if tag in {"script", "iframe", "img", "object", "embed", "style", "form", "input", "abbr", "sup"}:
            bad.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                bad.append(f"<{tag} {name}>")
            if name in {"href", "src"} and (value or "").strip().lower().startswith(("javascript:", "data:")):
                bad.append(f"<{tag} {name}={value}>")
    return bad


def baseline_markup(pages: dict[str, str], site_markdown: markdown.Markdown) -> dict[str, list[str]]:
    found = {}
    for path, content in pages.items():
        site_markdown.reset()
        found[path] = live_markup(site_markdown.convert(content))
    return found


@pytest.fixture(scope="module")
def baseline(template_tree: Path, site_markdown: markdown.Markdown) -> dict[str, dict[str, list[str]]]:
    """What the unmodified template renders (the site's own <abbr> and footnote <sup> are allowed)."""
    cat = load_catalogue(template_tree)
    return {lang: baseline_markup({f.path: f.content for f in render_site(cat, lang) if f.path.endswith(".md")},
                                  site_markdown) for lang in LANGS}


def check_exports(cat: Any) -> None:
    exports = CitationExports(cat)
    papers = list(cat.papers.values())
    bib = exports.bibtex(papers)
    parsed = parse_string(bib, "bibtex")
    assert list(parsed.entries) == list(cat.papers)
    for paper in papers:
        assert len(parsed.entries[paper.id].persons["author"]) == len(paper.authors), paper.authors
    library = bibtexparser.parse_string(bib)
    assert library.failed_blocks == []
    assert [entry.key for entry in library.entries] == list(cat.papers)
    for entry in library.entries:
        assert len(entry.fields_dict["author"].value.split(" and ")) == len(cat.papers[entry.key].authors)
    records = rispy.loads(exports.ris(papers))
    assert [r["id"] for r in records] == list(cat.papers)
    for record, paper in zip(records, papers, strict=True):
        assert record["title"] == paper.title
        assert len(record["authors"]) == len(paper.authors)
    items = json.loads(exports.csl_json(papers))
    assert [item["title"] for item in items] == [paper.title for paper in papers]


def attempt(template_tree: Path, tmp: Path, field: str, value: str, site_markdown: markdown.Markdown,
            baseline: dict[str, dict[str, list[str]]]) -> None:
    data = tmp / "data"
    if data.exists():
        shutil.rmtree(data)
    shutil.copytree(template_tree, data)
    raw = base_paper(data)
    dict(FIELDS)[field](raw, value)
    write_paper(data, raw)
    try:
        cat = load_catalogue(data)
    except DataError as error:
        named = [p for p in error.problems if p.file == FILE_SHOWN and (p.field == field or p.field.startswith(
            field.split("[")[0]))]
        assert named, f"refused without naming {FILE_SHOWN}: {field}:\n{error.report()}"
        assert all(p.fix for p in named), error.report()
        return
    check_exports(cat)
    for lang in LANGS:
        pages = {f.path: f.content for f in render_site(cat, lang) if f.path.endswith(".md")}
        found = baseline_markup(pages, site_markdown)
        for path, bad in found.items():
            assert bad == baseline[lang].get(path, []), f"{lang}/{path}: {field}={value!r} produced {bad}"


@pytest.mark.parametrize("field", [name for name, _ in FIELDS])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=any_text)
@example(value="A }")
@example(value="\u202eevil")
@example(value="x\x00y")
@example(value="{ onclick=alert(1) }")
def test_any_text_is_refused_by_name_or_rendered_safely(
    field: str, value: str, template_tree: Path, tmp_path: Path, site_markdown: markdown.Markdown,
    baseline: dict[str, dict[str, list[str]]],
) -> None:
    attempt(template_tree, tmp_path, field, value, site_markdown, baseline)


# ---------------------------------------------------------------- a few through the full build

ACCEPTED = {
    "title": "Deep } Residual { Learning \\ for & \"Recognition\" [@mobilenet] *x* `y` | z",
    "name": "Res{Net} | ![i](x) ///Footnotes",
    "aliases[0]": "{ onclick=alert(1) } 잔차 이\u200cنجا",
    "summary.en": "1. *[HTML]: hyper [^1] { .x onclick=alert(1) } &lt;b&gt;bold شبكة",
    "details.en": "- **Idea**{ onclick=alert(1) } &lt;script&gt; [@mobilenet] 1 \\ 2\n"
                  "\n*[HTML]: abbreviation\n\n[^1]: a footnote\n\n{: onclick=alert(2) }\n",
}


def test_markup_in_accepted_text_stays_text_through_a_full_build(template_tree: Path, tmp_path: Path) -> None:
    from tools.build import build_site

    from .test_bad_input import shutil_copy_config

    data = tmp_path / "data"
    shutil.copytree(template_tree, data)
    raw = base_paper(data)
    for field, value in ACCEPTED.items():
        dict(FIELDS)[field](raw, value)
    write_paper(data, raw)
    try:
        load_catalogue(data)
    except DataError as error:  # the payload must be accepted, or this test proves nothing
        pytest.fail(error.report())
    config = tmp_path / "config"
    shutil_copy_config(config, tmp_path / "docs")
    site = tmp_path / "site"
    assert build_site(site, data, config_dir=config) == 0
    for lang in LANGS:
        whole = (site / lang / "papers" / "resnet" / "index.html").read_text(encoding="utf-8")
        page = whole.split("<article", 1)[1].split("</article>", 1)[0]  # the theme's own scripts aside
        attributes = _Elements()
        attributes.feed(whole)
        handlers = [(tag, name) for tag, attrs in attributes.found for name, _ in attrs if name.startswith("on")]
        assert handlers == [], handlers
        for injected in ('title="hyper"', 'title="abbreviation"', 'id="fn:1"', "<script", "<b>"):
            assert injected not in page, injected
        text = html.unescape(page)
        assert "Deep } Residual { Learning \\ for & \"Recognition\" [@mobilenet] *x* `y` | z" in text
        assert "{ onclick=alert(1) } 잔차 이\u200cنجا" in text
        index = json.loads((site / lang / "search" / "search_index.json").read_text(encoding="utf-8"))
        for doc in index["docs"]:
            # Citation footnote references (<sup>) are the site's own; nothing else may appear.
            assert [bad for bad in live_markup(doc["text"]) if bad != "<sup>"] == [], doc["location"]
        bib = (site / lang / "papers" / "resnet.bib").read_text(encoding="utf-8")
        assert list(parse_string(bib, "bibtex").entries) == ["resnet"]
        assert bibtexparser.parse_string(bib).failed_blocks == []
