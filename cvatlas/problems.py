"""Data problems: what is wrong, where (file and field) and how to fix it.

Loading collects every problem before failing, so a contributor sees all of them in one run.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Problem:
    file: str  # path relative to the repository root, e.g. "data/papers/resnet.yaml"
    field: str  # dotted path inside the file, e.g. "summary.ko" or "code[1].url"; "" for the whole file
    message: str  # what is wrong
    fix: str = ""  # what to do about it

    def __str__(self) -> str:
        where = f"{self.file}: {self.field}" if self.field else self.file
        text = f"{where}: {self.message}"
        return f"{text}\n    fix: {self.fix}" if self.fix else text


@dataclass
class Problems:
    """An ordered collection of problems found while loading one data tree."""

    items: list[Problem] = field(default_factory=list)

    def add(self, file: str, field_path: str, message: str, fix: str = "") -> None:
        self.items.append(Problem(file, field_path, message, fix))

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            raise DataError(self.items)


class DataError(Exception):
    """Raised once with every problem of a data tree; str() is the report for the terminal."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the atlas data:"
        return "\n".join([head, *(f"  - {p}" for p in self.problems)])
