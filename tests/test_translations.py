"""Translations stay honest: when one language's text changes and the other does not, the stale
language's page says so (and only that one); fresh entries show no notice."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from mkdocs.config import load_config

from cvatlas.catalogue import load_catalogue
from cvatlas.pages import render_site

from .conftest import BuiltSite

ROOT = Path(__file__).resolve().parent.parent
NOTICE = 'class="admonition warning atlas-stale"'


def paper_html(data: Path, lang: str, paper_id: str) -> str:
    cat = load_catalogue(data)
    page = next(f for f in render_site(cat, lang) if f.path == f"papers/{paper_id}.md")
    config = load_config(str(ROOT / "config" / f"{lang}.yml"))
    return markdown.markdown(page.content, extensions=config.markdown_extensions, extension_configs=config.mdx_configs)


def test_fresh_entries_show_no_notice(fixture_data: Path) -> None:
    for lang in ("ko", "en"):
        assert NOTICE not in paper_html(fixture_data, lang, "resnet")


@pytest.mark.parametrize(("edited", "stale"), [("en", "ko"), ("ko", "en")])
def test_editing_one_language_flags_the_other(fixture_data: Path, edited: str, stale: str) -> None:
    path = fixture_data / "papers" / "resnet.yaml"
    text = path.read_text(encoding="utf-8")
    old = {"en": "so very deep networks train.", "ko": "아주 깊은 망을 학습시켰다."}[edited]
    new = {"en": "so networks of 152 layers train.", "ko": "152층 망도 학습시켰다."}[edited]
    path.write_text(text.replace(old, new), encoding="utf-8")
    assert NOTICE in paper_html(fixture_data, stale, "resnet")
    assert NOTICE not in paper_html(fixture_data, edited, "resnet")


def test_whitespace_changes_are_not_edits(fixture_data: Path) -> None:
    path = fixture_data / "papers" / "resnet.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("so very deep networks train.", "so  very deep   networks train."), encoding="utf-8")
    assert load_catalogue(fixture_data).stale == {}


def test_the_real_site_has_no_stale_notice(built_site: BuiltSite) -> None:
    flagged = [p for p in built_site.root.rglob("*.html") if NOTICE in p.read_text(encoding="utf-8")]
    assert flagged == []
