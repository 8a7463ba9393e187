"""`python -m cvatlas render`: every generated page and download of a language on disk, for
builders other than MkDocs with the hook.

- Pages carry their metadata as YAML front matter that MkDocs reads back to the same values, and
  the same Markdown; downloads are the same bytes; the manifest lists them in the build's order.
- `--standalone` resolves citations exactly as mkdocs-bibtex does (checked against the plugin
  itself on every page that cites), and MkDocs without the hook or any plugin renders the same
  page content as the real build.
- The writer rewrites only what changed and removes only what an earlier render wrote.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.utils.meta import get_data

from cvatlas.model import LANGS, Catalogue
from cvatlas.pagefiles import MANIFEST, DocsTree, read_manifest
from cvatlas.pagemarkdown import finished_markdown, resolved_citations
from cvatlas.pages import abbreviations, formatted_references, render_site
from cvatlas.textcheck import cited_keys
from tools.site_config import atlas_settings

from .conftest import ROOT, BuiltSite

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def render(out: Path, lang: str, *extra: str, site_url: str = "http://127.0.0.1:8000/") -> None:
    subprocess.run([sys.executable, "-m", "cvatlas", "render", "--lang", lang, "--out", str(out),
                    "--site-url", site_url, *extra], cwd=ROOT, check=True, capture_output=True, text=True)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("render")
    trees = {}
    for lang in LANGS:
        render(out / lang, lang)
        trees[lang] = out / lang
    return trees


@pytest.mark.parametrize("lang", LANGS)
def test_pages_carry_their_metadata_as_front_matter(rendered: dict[str, Path], catalogue: Catalogue,
                                                    lang: str) -> None:
    outputs = render_site(catalogue, lang, atlas_settings()["repository"],
                          site_url=f"http://127.0.0.1:8000/{lang}/")
    manifest = read_manifest(rendered[lang])
    assert list(manifest.order) == [o.path for o in outputs]
    assert manifest.unlisted == {o.path for o in outputs if not o.listed}
    for output in outputs:
        written = (rendered[lang] / output.path).read_text(encoding="utf-8")
        assert manifest.sources[output.path] == output.source
        if not output.path.endswith(".md"):
            assert written == output.content, output.path
            continue
        markdown, meta = get_data(written)  # as MkDocs reads a page
        assert meta == json.loads(json.dumps(output.meta)), output.path
        assert markdown == output.content.lstrip("\n"), output.path


def _bibtex_plugin(tmp_path: Path, cat: Catalogue) -> object:
    """mkdocs-bibtex as the build configures it, with the build's reference texts."""
    from mkdocs_bibtex.plugin import BibTexPlugin

    from cvatlas.citeformats import CitationExports

    bib = tmp_path / "atlas.bib"
    bib.write_text(CitationExports(cat).bibtex(cat.papers.values()), encoding="utf-8")
    plugin = BibTexPlugin()
    errors, _ = plugin.load_config({"bib_file": str(bib), "enable_inline_citations": False,
                                    "bib_by_default": False})
    assert not errors
    plugin.on_config(SimpleNamespace(config_file_path=str(tmp_path / "mkdocs.yml")))
    references = formatted_references(cat)
    plugin.registry.reference_text = lambda citation: references[citation.key]
    return plugin


def test_citations_resolve_exactly_as_mkdocs_bibtex_resolves_them(tmp_path: Path, catalogue: Catalogue) -> None:
    plugin = _bibtex_plugin(tmp_path, catalogue)
    references = formatted_references(catalogue)
    pages = [(lang, o.path, o.content) for lang in LANGS for o in render_site(catalogue, lang)
             if o.path.endswith(".md")]
    pages += [(lang, p.name, p.read_text(encoding="utf-8")) for lang in LANGS
              for p in (ROOT / "docs" / lang).rglob("*.md")]
    citing = 0
    for lang, path, markdown in pages:
        keys = cited_keys(markdown)
        citing += bool(keys)
        finished = finished_markdown(markdown, bool(keys), catalogue.ui[lang]["references.title"],
                                     abbreviations(catalogue, lang))
        expected = plugin.on_page_markdown(finished, page=None, config=None, files=None)
        assert resolved_citations(finished, references) == expected, f"{lang}/{path}"
    assert citing > 100


ARTICLE = re.compile(r"<article\b.*?</article>", re.S)
EDIT_BUTTON = re.compile(r'<a href="[^"]*" title="[^"]*" class="md-content__button md-icon"[^>]*>.*?</a>\n?', re.S)


def _lines(article: str) -> list[str]:
    """The article's lines without the edit button and the indentation and blank lines that the
    built site's compact_output hook removes."""
    return [line.strip() for line in EDIT_BUTTON.sub("", article).splitlines() if line.strip()]


def test_mkdocs_without_hooks_or_plugins_renders_the_same_pages(built_site: BuiltSite, tmp_path: Path) -> None:
    """The standalone English tree, with the hand-written pages, through MkDocs and Material alone."""
    docs = tmp_path / "docs"
    render(docs, "en", "--standalone", "--with-docs", site_url=built_site.site_url)
    base = (ROOT / "config" / "base.yml").read_text(encoding="utf-8")
    for section in (r"\nhooks:\n(  - .*\n)+", r"\nwatch:\n(  - .*\n)+", r"  bibtex:\n(      .*\n)+"):
        base = re.sub(section, "\n", base)
    base = base.replace("custom_dir: ../overrides", f"custom_dir: {ROOT / 'overrides'}")
    base = base.replace("strict: true", "strict: false")  # no navigation is given: pages are "not in nav"
    (tmp_path / "base.yml").write_text(base, encoding="utf-8")
    config = tmp_path / "en.yml"
    config.write_text(json.dumps({"INHERIT": "base.yml", "docs_dir": str(docs), "site_url": built_site.url("en"),
                                  "theme": {"language": "en"}, "plugins": {"search": {"lang": "en"}},
                                  "extra": {"atlas": {"lang": "en"}, "alternate": []}}), encoding="utf-8")
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)], cwd=ROOT,
                   check=True, capture_output=True, text=True)
    manifest = read_manifest(docs)
    compared = 0
    for path in [*manifest.order, *manifest.docs]:
        if not path.endswith(".md"):
            continue
        url = path[:-len("index.md")] if path.endswith("index.md") else path[:-3] + "/"
        ours = ARTICLE.search(built_site.html("en", url)).group(0)
        theirs = ARTICLE.search((site / url / "index.html").read_text(encoding="utf-8")).group(0)
        assert _lines(theirs) == _lines(ours), path
        compared += 1
    assert compared > 400


def test_the_tree_rewrites_only_what_changed_and_removes_only_its_own_files(tmp_path: Path) -> None:
    tree = DocsTree(tmp_path)
    assert tree.write("a/page.md", "one") and tree.write("b.bib", b"bib")
    (tmp_path / "mine.txt").write_text("not the tree's", encoding="utf-8")
    before = (tmp_path / "a" / "page.md").stat().st_mtime_ns
    assert not tree.write("a/page.md", "one")
    assert (tmp_path / "a" / "page.md").stat().st_mtime_ns == before
    tree.write_manifest("en", [("a/page.md", None, True), ("b.bib", None, True)], [])
    again = DocsTree(tmp_path)  # a later run: an unchanged file keeps its time
    assert not again.write("a/page.md", "one")
    assert again.known() == {"a/page.md", "b.bib"}
    again.remove("a/page.md")
    assert not (tmp_path / "a").exists() and (tmp_path / "mine.txt").exists() and (tmp_path / MANIFEST).exists()


def test_render_command_refuses_broken_data(tmp_path: Path, fixture_data: Path) -> None:
    (fixture_data / "papers" / "resnet.yaml").write_text("title: [broken", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "cvatlas", "--data", str(fixture_data), "render", "--lang", "en",
                             "--out", str(tmp_path / "out")], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1 and "resnet.yaml" in result.stderr
    assert not (tmp_path / "out").exists()
