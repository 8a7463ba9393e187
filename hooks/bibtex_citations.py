"""Everything that touches mkdocs-bibtex, in one place, so it can be replaced without touching
templates or data.

mkdocs-bibtex turns `[@paper-id]` in Markdown into numbered footnotes. It reads the BibTeX that
cvatlas generates from data/ (the same text readers download), and formats each reference with
the atlas's own APA-style formatter, computed once per build instead of once per page.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

PLUGIN = "bibtex"
# Footnotes go where Python-Markdown's marker is: right under the heading, at the end of the page.
REFERENCES_HEADING = (
    "\n\n## {title} {{ #references data-search-exclude }}\n\n\\bibliography\n\n///Footnotes Go Here///\n"
)


def write_bib(config: MkDocsConfig, bibtex: str, cache_dir: Path) -> Path:
    """Write the generated .bib where the plugin will read it; the name is the content's hash, so
    an unchanged catalogue keeps its file and the plugin skips parsing it again on `serve` rebuilds.
    """
    digest = hashlib.sha256(bibtex.encode("utf-8")).hexdigest()[:16]
    path = cache_dir / f"atlas-{digest}.bib"
    if not path.exists():
        cache_dir.mkdir(parents=True, exist_ok=True)
        # Both language builds may write at once: write aside, then rename atomically.
        fd, temporary = tempfile.mkstemp(dir=cache_dir, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(bibtex)
        os.replace(temporary, path)
    config.plugins[PLUGIN].config.bib_file = str(path)
    return path


def use_references(config: MkDocsConfig, references: dict[str, str]) -> None:
    """Serve footnote texts from the references formatted once for this build."""
    registry = config.plugins[PLUGIN].registry
    registry.reference_text = lambda citation: references[citation.key]


def with_reference_list(markdown: str, heading: str) -> str:
    """Add the numbered reference list at the end of a page that cites and has none yet."""
    if "\\bibliography" in markdown:
        return markdown
    return markdown + REFERENCES_HEADING.format(title=heading)
