"""Checks on free text from data files: no raw HTML, only safe link targets, known citation keys.

Rendering escapes everything anyway; these checks turn a would-be injection into a clear error
in the pull request instead of silently shown angle brackets on the site.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

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


# ---------------------------------------------------------------- invisible and control characters

# Joiners a script needs inside a word (Persian, Indic scripts, ...): allowed between two letters or
# marks outside ASCII. Everywhere else they, like every other control or format character, can make
# a page show something other than its source says (U+202E reverses the text that follows it).
_JOINERS = {"\u200c", "\u200d"}
_REFUSED_CATEGORIES = {"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"}
# Markers that the build, not Markdown, acts on: pymdownx.snippets would include a file in their
# place, mkdocs-bibtex a bibliography or the footnotes.
BUILD_COMMANDS = [
    (re.compile(r"-+8<-+"), "a snippet marker ('--8<--'), which would include another file in the page"),
    (re.compile(r"\\(full_)?bibliography"), "a bibliography command ('\\bibliography'), which the build replaces"),
    (re.compile(r"///Footnotes Go Here///"), "the footnote marker of the build ('///Footnotes Go Here///')"),
]


@dataclass(frozen=True)
class BadCharacter:
    offset: int  # index in the text
    line: int  # 1-based, within the text
    column: int  # 1-based
    char: str

    @property
    def label(self) -> str:
        name = unicodedata.name(self.char, "")
        if not name:
            name = {"\n": "LINE FEED", "\r": "CARRIAGE RETURN", "\t": "TAB", "\x00": "NULL"}.get(
                self.char, unicodedata.category(self.char) + " character")
        return f"U+{ord(self.char):04X} {name}"

    @property
    def position(self) -> str:
        return f"line {self.line}, column {self.column}" if self.line > 1 else f"character {self.column}"


def _joiner_in_word(text: str, index: int) -> bool:
    def is_script_letter(char: str) -> bool:
        return ord(char) > 127 and unicodedata.category(char)[0] in "LM"

    return 0 < index < len(text) - 1 and is_script_letter(text[index - 1]) and is_script_letter(text[index + 1])


def bad_characters(text: str, multiline: bool = True) -> list[BadCharacter]:
    """Control, format, private-use, unassigned and separator characters in `text` (newlines only
    where a value may span lines).
    """
    # Fast path: str.isprintable() is False exactly for the refused categories and for spaces other
    # than " " (Zs), so only a line that fails it needs the character-by-character scan.
    if all(line.isprintable() for line in (text.split("\n") if multiline else [text])):
        return []
    found = []
    line, column = 1, 0
    for index, char in enumerate(text):
        column += 1
        if char == "\n" and multiline:
            line, column = line + 1, 0
            continue
        if char in _JOINERS and _joiner_in_word(text, index):
            continue
        if unicodedata.category(char) in _REFUSED_CATEGORIES:
            found.append(BadCharacter(index, line, column, char))
    return found
