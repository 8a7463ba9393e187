"""Where `make serve` keeps its preview: the folder tools/preview.py writes and the hook reads.

    <root>/ko/, <root>/en/     one docs tree per language (pagefiles.DocsTree), MkDocs' docs_dir: the
                               pages, the hand-written files and the manifest
    <root>/downloads/<lang>/   the generated downloads (per-paper .bib, .ris, .json, topic files, feeds),
                               which the hook adds to the build and copies into the site when they change.
                               Out of docs_dir because MkDocs walks, stats and compares every file there on
                               every build: at 2,000 papers the 6,000 downloads cost a third of a dirty build
    <root>/catalogue.pickle    the validated catalogue (cvatlas.snapshot), for the hook
    <root>/signal/<lang>/      the watcher writes `batch` (a number) when a batch of files is in place;
                               the language's `mkdocs serve` watches only this folder
    <root>/built/<lang>.json   the hook writes which batch its last build covered, and whether it passed

The numbered batches let the watcher wait for a build to finish before it rewrites files that
build may be reading (a dirty build compares times: a file rewritten while its page is being
built would keep the older page).
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

DEFAULT_ROOT = Path(__file__).resolve().parent.parent / ".cache" / "preview"


def write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".writing-")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(temporary, path)


@dataclass(frozen=True)
class PreviewLayout:
    root: Path

    @classmethod
    def of_docs_dir(cls, docs_dir: str | Path) -> PreviewLayout:
        return cls(Path(docs_dir).resolve().parent)

    def docs(self, lang: str) -> Path:
        return self.root / lang

    def downloads(self, lang: str) -> Path:
        return self.root / "downloads" / lang

    @property
    def snapshot(self) -> Path:
        return self.root / "catalogue.pickle"

    def signal_dir(self, lang: str) -> Path:
        return self.root / "signal" / lang

    def signal(self, lang: str, batch: int) -> None:
        write_atomically(self.signal_dir(lang) / "batch", f"{batch}\n")

    def signalled(self, lang: str) -> int:
        try:
            return int((self.signal_dir(lang) / "batch").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return 0

    def built_file(self, lang: str) -> Path:
        return self.root / "built" / f"{lang}.json"

    def report_built(self, lang: str, batch: int, ok: bool) -> None:
        write_atomically(self.built_file(lang), json.dumps({"batch": batch, "ok": ok}) + "\n")

    def built(self, lang: str) -> tuple[int, bool]:
        """(the last batch built, whether that build passed); (-1, False) before the first build."""
        try:
            data = json.loads(self.built_file(lang).read_text(encoding="utf-8"))
            return int(data["batch"]), bool(data["ok"])
        except (OSError, ValueError, KeyError):
            return -1, False
