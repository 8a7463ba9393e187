"""Catalogue + language -> that language's docs tree on disk (`python -m cvatlas render`).

Every generated page and download of the language, and with `docs_dir` the hand-written pages of
docs/<lang>/ too, written through pagefiles.DocsTree (front matter, manifest, only changed files).
With `standalone`, each page's Markdown is finished as the build finishes it (reference list,
abbreviation definitions, citations as footnotes: cvatlas.pagemarkdown), so a builder without
hooks or plugins renders the same page; without it, the tree is what the hook expects (the
preview reads it so).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from .citeformats import CitationExports
from .index import AtlasIndex
from .model import Catalogue
from .pagefiles import DocsTree, is_page, page_text
from .pagemarkdown import split_front_matter, standalone_markdown
from .pages import OutputFile, abbreviations, formatted_references, plan_site

DEFAULT_ROOT = "http://127.0.0.1:8000/"  # as `make serve` serves the site; config/base.yml's default too


def site_root(site_url: str | None, lang: str) -> str:
    """The site's root address (both languages live under it), from the root or `lang`'s address."""
    root = site_url or DEFAULT_ROOT
    root = root if root.endswith("/") else root + "/"
    if root.rstrip("/").endswith(f"/{lang}"):
        root = root.rstrip("/").rsplit("/", 1)[0] + "/"
    return root


def language_url(root: str, lang: str) -> str:
    return urljoin(root, f"{lang}/")


@dataclass(frozen=True)
class Finisher:
    """What finishing a page needs: every paper's reference text, the list heading, abbreviations."""

    references: dict[str, str]
    references_title: str
    abbreviations: dict[str, str]

    def standalone(self, markdown: str) -> str:
        return standalone_markdown(markdown, self.references, self.references_title, self.abbreviations)

    def standalone_file(self, text: str) -> str:
        """A hand-written page: its own front matter stays, its Markdown is finished."""
        head, body = split_front_matter(text)
        return head + self.standalone(body)


def finisher(cat: Catalogue, lang: str, references: dict[str, str] | None = None) -> Finisher:
    return Finisher(references or formatted_references(cat), cat.ui[lang]["references.title"],
                    abbreviations(cat, lang))


def handwritten_files(docs_dir: Path) -> dict[str, bytes]:
    """Every file of a docs/<lang>/ folder by docs-relative path, dot files left out as MkDocs does."""
    found = {}
    for folder, dirs, names in os.walk(docs_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if not name.startswith("."):
                path = Path(folder) / name
                found[path.relative_to(docs_dir).as_posix()] = path.read_bytes()
    return found


class ClashError(ValueError):
    """A hand-written page has the path of a generated one."""


def clashes(generated: list[str], docs: list[str], lang: str) -> list[str]:
    return [f"docs/{lang}/{path} clashes with a page generated from data/: rename or remove the hand-written file"
            for path in sorted(set(generated) & set(docs))]


def write_language_tree(cat: Catalogue, lang: str, out: Path, *, standalone: bool = False,
                        docs_dir: Path | None = None, repo_url: str = "", site_url: str | None = None,
                        index: AtlasIndex | None = None, exports: CitationExports | None = None) -> list[OutputFile]:
    """Write the tree; files an earlier run wrote there and this one does not are removed."""
    references = formatted_references(cat)
    plan = plan_site(cat, lang, repo_url, index, exports, language_url(site_root(site_url, lang), lang), references)
    outputs = [render() for render in plan.values()]
    docs = handwritten_files(docs_dir) if docs_dir else {}
    problems = clashes(list(plan), list(docs), lang)
    if problems:
        raise ClashError("\n".join(problems))
    finish = finisher(cat, lang, references) if standalone else None
    tree = DocsTree(out)
    earlier = tree.known()
    for output in outputs:
        if is_page(output.path):
            tree.write(output.path, page_text(output, finish.standalone(output.content) if finish else None))
        else:
            tree.write(output.path, output.content)
    for path, data in docs.items():
        if finish and is_page(path):
            data = finish.standalone_file(data.decode("utf-8")).encode("utf-8")
        tree.write(path, data)
    for path in earlier - set(plan) - set(docs):
        tree.remove(path)
    tree.write_manifest(lang, [(o.path, o.source, o.listed) for o in outputs], list(docs))
    return outputs
