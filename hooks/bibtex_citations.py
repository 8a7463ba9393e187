"""Everything that touches mkdocs-bibtex, in one place, so it can be replaced without touching
templates or data.

mkdocs-bibtex turns `[@paper-id]` in Markdown into numbered footnotes. It reads the BibTeX that
cvatlas generates from data/ (the same text readers download), and formats each reference with
the atlas's own APA-style formatter, computed once per build instead of once per page. The
reference list heading the hook adds, and what the plugin does, are in cvatlas/pagemarkdown.py,
which also does it without the plugin (`python -m cvatlas render --standalone`).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

PLUGIN = "bibtex"


def write_bib(config: MkDocsConfig, bibtex: str, cache_dir: Path, fresh: bool = False) -> Path:
    """Write the generated .bib where the plugin will read it; the name is the content's hash, so
    an unchanged catalogue keeps its file and the plugin skips parsing it again on `serve` rebuilds.
    `fresh`: write it even if it exists, so that its time tells the plugin (which parses again only
    files newer than its last parse) to read it.
    """
    digest = hashlib.sha256(bibtex.encode("utf-8")).hexdigest()[:16]
    path = cache_dir / f"atlas-{digest}.bib"
    if fresh or not path.exists():
        cache_dir.mkdir(parents=True, exist_ok=True)
        # Both language builds may write at once: write aside, then rename atomically.
        fd, temporary = tempfile.mkstemp(dir=cache_dir, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(bibtex)
        os.replace(temporary, path)
    config.plugins[PLUGIN].config.bib_file = str(path)
    return path


def keys_only(keys: list[str]) -> str:
    """A .bib of the keys alone, for the preview: the plugin only checks that a cited key exists
    (the texts come from `use_references`), and this file changes only when a paper comes or goes,
    so the plugin parses it again only then.
    """
    return "".join(f"@misc{{{key},}}\n" for key in keys)


def use_references(config: MkDocsConfig, references: dict[str, str]) -> None:
    """Serve footnote texts from the references formatted once for this build."""
    registry = config.plugins[PLUGIN].registry
    registry.reference_text = lambda citation: references[citation.key]
