"""The paper files a run edits: data/papers/*.yaml -> PaperFile (the validated record and its round-trip YAML).

Each step changes the ruamel document of a file and says so; nothing is written until every step
has run, and then each changed file is written whole, at once (see tools/refresh/run.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from cvatlas.model import Paper

from . import yamledit

STALE_DAYS = 28  # a date of check older than this is renewed even when nothing else changed


@dataclass
class PaperFile:
    """One paper's file; its YAML is parsed (slowly: ruamel is pure Python) only when a step edits it."""

    paper: Paper
    path: Path
    text: str
    changed: set[str] = field(default_factory=set)  # top-level keys that changed
    _yaml: YAML | None = None
    _data: CommentedMap | None = None
    _problem: str | None = None  # why this file is not edited automatically
    _loaded: bool = False

    @classmethod
    def open(cls, paper: Paper, path: Path) -> PaperFile:
        return cls(paper, path, path.read_text(encoding="utf-8"))

    def _load(self) -> None:
        if not self._loaded:
            self._loaded = True
            try:
                self._yaml, self._data = yamledit.load_exact(self.text)
            except yamledit.NotRoundTrippableError as error:
                self._problem = f"{error}: update it by hand"

    @property
    def data(self) -> CommentedMap | None:
        self._load()
        return self._data

    @property
    def problem(self) -> str | None:
        self._load()
        return self._problem

    @property
    def editable(self) -> bool:
        return self.data is not None

    def new_text(self) -> str:
        assert self._yaml is not None and self._data is not None
        return yamledit.dump(self._yaml, self._data)


def parse_date(value: Any) -> dt.date | None:
    """A date as the data holds it (2026-11-30, 2022-07, or a date object) -> a date (the 1st for a month)."""
    if isinstance(value, dt.date):
        return value
    text = str(value or "")
    for form in ("%Y-%m-%d", "%Y-%m"):
        try:
            return dt.datetime.strptime(text, form).date()
        except ValueError:
            continue
    return None


def stale(value: Any, today: dt.date) -> bool:
    when = parse_date(value)
    return when is None or (today - when).days > STALE_DAYS


def set_fields(mapping: CommentedMap, values: dict[str, Any], drop: tuple[str, ...] = ()) -> bool:
    """Write the values that differ and remove `drop` keys; True when anything changed."""
    changed = False
    for key, value in values.items():
        current = mapping.get(key)
        same = str(current) == str(value) if isinstance(value, dt.date) else current == value
        if key not in mapping or not same:
            yamledit.set_value(mapping, key, value)
            changed = True
    for key in drop:
        if key in mapping:
            yamledit.delete(mapping, key)
            changed = True
    return changed
