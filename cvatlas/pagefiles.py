"""Rendered outputs -> a docs tree on disk that a MkDocs-like builder reads without the hook.

Pages are Markdown files with their metadata (title, description, search, tags, citation tags,
JSON-LD, feed, ...) as YAML front matter; downloads are written as they are. The tree's manifest,
`.atlas-pages.json` (a dot file, which MkDocs leaves out of the site), lists every generated file
in the order the build adds them, with the data file it comes from and whether it may be listed in
the navigation, and every hand-written page copied in.

`DocsTree` rewrites only files whose text changed, each in one rename, so a builder that compares
modification times (`mkdocs serve --dirty`) rebuilds only those, and never reads half a file.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .jsonout import record_lines
from .pages import OutputFile

try:  # libyaml writes the same text about 8 times faster
    from yaml import CSafeDumper as _Dumper
except ImportError:  # pragma: no cover - depends on the PyYAML wheel
    from yaml import SafeDumper as _Dumper  # type: ignore[assignment]

MANIFEST = ".atlas-pages.json"
_DELIMITER = re.compile(r"^(?:-{3}|\.{3})[ \t]*$", re.M)


def front_matter(meta: dict[str, Any]) -> str:
    """Page metadata as a YAML block; MkDocs reads back the same values (tuples become lists)."""
    plain = json.loads(json.dumps(meta, ensure_ascii=False))  # tuples -> lists: YAML's safe subset
    text = yaml.dump(plain, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=2**30, default_flow_style=False)
    if _DELIMITER.search(text):  # a value on a line of its own that would end the block early
        text = json.dumps(plain, ensure_ascii=False) + "\n"  # JSON is YAML, on one line
    return f"---\n{text}---\n"


def page_text(output: OutputFile, markdown: str | None = None) -> str:
    """A page as a file: front matter, then its Markdown (`markdown` replaces the rendered text)."""
    body = output.content if markdown is None else markdown
    return front_matter(output.meta) + body if output.meta else body


def _digest(content: bytes) -> bytes:
    return hashlib.blake2b(content, digest_size=16).digest()


def is_page(path: str) -> bool:
    return path.endswith(".md")


@dataclass
class DocsTree:
    """One docs tree on disk and what this process last wrote into it (path -> digest of the bytes)."""

    root: Path
    written: dict[str, bytes] = field(default_factory=dict)

    def write(self, path: str, data: str | bytes) -> bool:
        """Write one file if its content differs from what is there; True if it was written."""
        content = data.encode("utf-8") if isinstance(data, str) else data
        digest = _digest(content)
        if self.written.get(path) == digest:
            return False
        target = self.root / path
        if path not in self.written and target.is_file() and _digest(target.read_bytes()) == digest:
            self.written[path] = digest  # left by an earlier run: its time stamp stays
            return False
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".writing-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        os.replace(temporary, target)
        self.written[path] = digest
        return True

    def touch(self, path: str) -> None:
        """Mark a file as changed for a builder that compares times, without changing it."""
        os.utime(self.root / path)

    def remove(self, path: str) -> None:
        self.written.pop(path, None)
        target = self.root / path
        target.unlink(missing_ok=True)
        for parent in target.parents:  # empty folders too: MkDocs would keep their index pages
            if parent == self.root or any(parent.iterdir()):
                break
            parent.rmdir()

    def known(self) -> set[str]:
        """Every file this tree's manifest lists (written by this or an earlier run)."""
        manifest = self.root / MANIFEST
        if not manifest.is_file():
            return set()
        data = json.loads(manifest.read_text(encoding="utf-8"))
        return {entry[0] for entry in data["generated"]} | set(data["docs"])

    def write_manifest(self, lang: str, generated: list[tuple[str, str | None, bool]], docs: list[str]) -> None:
        """`generated`: (path, source, listed) of every generated file, in the build's order."""
        self.write(MANIFEST, record_lines({"lang": lang, "docs": sorted(docs), "generated": generated}))


@dataclass(frozen=True)
class Manifest:
    """A docs tree's manifest, read back: generated files in build order, hand-written pages."""

    lang: str
    order: dict[str, int]  # generated path -> position in the build's order
    sources: dict[str, str | None]  # generated path -> data file it comes from
    unlisted: frozenset[str]  # generated pages never listed in the navigation (moved topics)
    docs: frozenset[str]


def read_manifest(root: Path) -> Manifest:
    data = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
    generated = data["generated"]
    return Manifest(lang=data["lang"], order={path: index for index, (path, _, _) in enumerate(generated)},
                    sources={path: source for path, source, _ in generated},
                    unlisted=frozenset(path for path, _, listed in generated if not listed),
                    docs=frozenset(data["docs"]))
