r"""A page's Markdown -> the Markdown that is converted to HTML, as the build finishes it.

Two steps happen at build time, after a page is rendered (cvatlas.pages) or read (docs/):

1. `finished_markdown` (hooks/atlas_site.py runs it): a page that cites papers gets the reference
   list heading, and every page gets the definitions of the abbreviations it uses, so they show
   tooltips.
2. `resolved_citations` (mkdocs-bibtex does it in the build): each `[@key]` becomes the footnote
   reference `[^key]`, and the `\bibliography` marker becomes the footnote texts, in the order of
   first citation. The same regular expressions and the same replacements as mkdocs-bibtex 4.4's
   `on_page_markdown` with `footnote_format: "{key}"`, so the output is identical
   (tests/test_render.py compares them).

`standalone_markdown` runs both: a builder without hooks or plugins, given this Markdown and the
`footnotes` and `abbr` extensions, renders the same page.
"""

from __future__ import annotations

import re

from .pages import abbreviations_for
from .textcheck import cited_keys

BIB_COMMAND = "\\bibliography"
# Footnotes go where Python-Markdown's marker is: right under the heading, at the end of the page.
REFERENCES_HEADING = (
    "\n\n## {title} {{ #references data-search-exclude }}\n\n\\bibliography\n\n///Footnotes Go Here///\n"
)
# mkdocs_bibtex.citation's CITATION_BLOCK_REGEX, CITATION_REGEX and EMAIL_REGEX.
_BLOCK = re.compile(r"\[(.*?)\]")
_CITATION = re.compile(r"(?:(?P<prefix>[^@;]*?)\s*)?@(?P<key>[\w-]+)(?:,\s*(?P<suffix>[^;]+))?")
_EMAIL = re.compile(r"[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}")
# MkDocs' YAML front matter (mkdocs.utils.meta.YAML_RE): plugins see only the text after it.
_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)


def with_reference_list(markdown: str, title: str) -> str:
    """Add the numbered reference list at the end of a page that cites and has none yet."""
    if BIB_COMMAND in markdown:
        return markdown
    return markdown + REFERENCES_HEADING.format(title=title)


def finished_markdown(markdown: str, cites: bool, references_title: str, abbreviations: dict[str, str]) -> str:
    """What the hook adds to a page: the reference list (if it cites) and its abbreviations."""
    if cites:
        markdown = with_reference_list(markdown, references_title)
    return f"{markdown}\n\n{abbreviations_for(markdown, abbreviations)}\n"


def _citation_keys(block: str) -> list[str]:
    """The keys of one bracketed block, as mkdocs-bibtex's Citation.from_markdown reads them."""
    keys = []
    for part in block.split(";"):
        if _EMAIL.match(part) is None and (match := _CITATION.match(part)):
            keys.append(match.group("key"))
    return keys


def resolved_citations(markdown: str, references: dict[str, str]) -> str:
    """`[@key]` -> `[^key]`, and the bibliography marker -> `[^key]: reference` lines (mkdocs-bibtex)."""
    blocks = [(match.group(1), keys) for match in _BLOCK.finditer(markdown) if (keys := _citation_keys(match.group(1)))]
    for raw, keys in blocks:
        markdown = markdown.replace(f"[{raw}]", "".join(f"[^{key}]" for key in keys if key in references))
    cited = dict.fromkeys(key for _, keys in blocks for key in keys)
    bibliography = "\n".join(f"[^{key}]: {references[key]}" for key in cited)
    return markdown.replace(BIB_COMMAND, bibliography)


def split_front_matter(text: str) -> tuple[str, str]:
    """(front matter block or "", the Markdown after it) as MkDocs splits a page."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return "", text
    return text[: match.end()], text[match.end():].lstrip("\n")


def standalone_markdown(markdown: str, references: dict[str, str], references_title: str,
                        abbreviations: dict[str, str]) -> str:
    """Both build steps at once: Markdown that needs neither the hook nor mkdocs-bibtex."""
    cites = bool(cited_keys(markdown))
    return resolved_citations(finished_markdown(markdown, cites, references_title, abbreviations), references)
