"""A validated catalogue handed from `make build` to its per-language builds.

`make build` validates data/ once, then starts one MkDocs process per language; without this,
each of them would read and validate every file again (about 1 ms per paper, on every core).
The snapshot lives in a private temporary file for the length of one build. `make serve` never
uses one: it must see every edit.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path

from .model import Catalogue

ENV = "ATLAS_CATALOGUE_SNAPSHOT"


def write_snapshot(cat: Catalogue, path: Path) -> None:
    path.write_bytes(pickle.dumps(cat, protocol=pickle.HIGHEST_PROTOCOL))


def catalogue_for_build(data_dir: Path) -> Catalogue:
    """The snapshot that the orchestrator left for this build, or data/ loaded and validated."""
    snapshot = os.environ.get(ENV)
    if snapshot:
        # Written by tools/build.py moments ago, in a directory only this user can read.
        return pickle.loads(Path(snapshot).read_bytes())
    from .catalogue import load_catalogue  # not imported with a snapshot: schemas and YAML are not needed

    return load_catalogue(data_dir)
