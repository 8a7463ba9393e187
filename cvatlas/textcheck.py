"""Checks on free text from data files: no raw HTML, only safe link targets, known citation keys.

Rendering escapes everything anyway; these checks turn a would-be injection into a clear error
in the pull request instead of silently shown angle brackets on the site.
"""

from __future__ import annotations

import re

_CODE = re.compile(r"```.*?```|~~~.*?~~~|`[^`\n]*`", re.DOTALL)
_RAW_HTML = re.compile(r"<\s*/?\s*[A-Za-z!?]")
_INLINE_LINK = re.compile(r"\]\(\s*<?([^)\s>]*)")
_REFERENCE_LINK = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.MULTILINE)
# The same shape mkdocs-bibtex recognises: "[@key]" or "[@a; @b]".
CITATION_BLOCK = re.compile(r"\[((?:[^\[\]]*?)@[\w-]+[^\[\]]*)\]")
CITATION_KEY = re.compile(r"(?<![\w.])@([\w-]+)")
_SAFE_SCHEME = re.compile(r"^(https?://|#|\.{0,2}/|[\w./-]*(#[\w-]*)?$)", re.IGNORECASE)


def without_code(text: str) -> str:
    return _CODE.sub("", text)


def has_raw_html(text: str) -> bool:
    return bool(_RAW_HTML.search(without_code(text)))


def unsafe_links(markdown: str) -> list[str]:
    """Link targets in Markdown that are neither http(s) nor relative (javascript:, data:, ...)."""
    text = without_code(markdown)
    targets = _INLINE_LINK.findall(text) + _REFERENCE_LINK.findall(text)
    return [t for t in targets if t and not _SAFE_SCHEME.match(t)]


def cited_keys(markdown: str) -> list[str]:
    """Citation keys used as [@key] in Markdown, in order of first use."""
    keys: list[str] = []
    for block in CITATION_BLOCK.findall(without_code(markdown)):
        for key in CITATION_KEY.findall(block):
            if key not in keys:
                keys.append(key)
    return keys
