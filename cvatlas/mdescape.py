"""Text from data -> Markdown that shows it as written: the one place that knows which characters
Markdown, its extensions and the build's plugins read as syntax.

Plain-text fields (titles, names, summaries) go through `md_text`; contributor Markdown (key points,
notes) through `md_block`, which keeps formatting, links and [@key] citations but nothing that reaches
beyond its own text. Validation refuses most of this first; this is the second line of defence.
"""

from __future__ import annotations

import html
import re

from markupsafe import Markup

# Characters that Markdown, its extensions (attribute lists, abbreviations, footnotes, tables) or
# mkdocs-bibtex read as syntax; @ too, since mkdocs-bibtex takes any "[... @key ...]" for a citation.
# In plain text they become character references, which no extension parses and every browser shows
# as the character itself.
_MD_ENTITIES = {char: f"&#{ord(char)};" for char in "\\`*_[]{}|!@"}
_MD_SPECIAL = re.compile("[" + re.escape("".join(_MD_ENTITIES)) + "]")
_LINE_START = re.compile(r"^(\s*)([#+>=:~-]|\d+[.)])")


def md_text(value: object) -> Markup:
    """Plain text -> Markdown showing exactly that text: HTML-escaped, Markdown controls neutralised."""
    escaped = html.escape(str(value), quote=False)
    escaped = _MD_SPECIAL.sub(lambda m: _MD_ENTITIES[m.group(0)], escaped)
    # A block-level marker at the start (heading, list, quote, definition) would change the structure.
    escaped = _LINE_START.sub(lambda m: m.group(1) + "".join(f"&#{ord(c)};" for c in m.group(2)), escaped)
    return Markup(escaped.replace("///", "&#47;//"))  # mkdocs-bibtex's footnote marker


_SAFE_URL = re.compile(r"^(https?://|#|\.{0,2}/|[\w./-]*(#[\w-]*)?$)", re.IGNORECASE)
_LINK_TARGET = re.compile(r"(\]\(\s*<?)([^)\s>]*)")
# Contributor Markdown keeps its formatting, links and [@key] citations, but not what would let it
# reach beyond its own text: attribute lists ({ onclick=... }), abbreviation and footnote
# definitions (page-wide), and mkdocs-bibtex's commands.
_BLOCK_NEUTRAL = [
    (re.compile(r"[{}]"), lambda m: "\\" + m.group(0)),
    (re.compile(r"^(\s*)\*\[", re.MULTILINE), lambda m: m.group(1) + "\\*["),
    (re.compile(r"\[\^"), lambda m: "\\[^"),
    (re.compile(r"\\(?=(full_)?bibliography)"), lambda m: "&#92;"),
    (re.compile(r"///(?=Footnotes Go Here///)"), lambda m: "&#47;//"),
]


def safe_url(value: object) -> str:
    """A URL for href: http(s) or relative only (validation already refuses the rest; this is the
    second line of defence for data that bypassed it).
    """
    url = str(value)
    return url if _SAFE_URL.match(url) else "#"


def _neutralise(text: str) -> str:
    text = text.replace("<", "&lt;")
    for pattern, replace in _BLOCK_NEUTRAL:
        text = pattern.sub(replace, text)
    return _LINK_TARGET.sub(lambda m: m.group(1) + safe_url(m.group(2)), text)


def md_block(value: object) -> Markup:
    """Contributor Markdown -> Markdown with raw HTML, extension syntax and unsafe link targets
    neutralised (code spans and fences left as written: Markdown escapes them itself).
    """
    text = str(value)
    out, last = [], 0
    for match in re.finditer(r"```.*?```|~~~.*?~~~|`[^`\n]*`", text, re.DOTALL):
        out.append(_neutralise(text[last:match.start()]))
        out.append(match.group(0))
        last = match.end()
    out.append(_neutralise(text[last:]))
    return Markup("".join(out).strip())




def html_text(value: object) -> Markup:
    """Plain text -> raw HTML (or SVG) inside a Markdown page: escaped for HTML, and with the
    characters the build's plugins scan raw text for ([@key], bibliography commands) as references.
    """
    escaped = html.escape(str(value), quote=True)
    return Markup(_MD_SPECIAL.sub(lambda m: _MD_ENTITIES[m.group(0)], escaped).replace("///", "&#47;//"))
