"""Translation freshness: which language's text of a paper may lag behind the other.

Each language records the short hash of the *other* language's text it was written against
(`translation.ko` = hash of the English text the Korean was written from, and the reverse). When
the English text changes and the Korean does not, the recorded hash no longer matches: the Korean
page says so, and `make check` lists the entry with the value to record once it is reviewed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from .model import LANGS, Paper, other_language


def text_hash(summary: str, details: str | None) -> str:
    """Short hash of one language's prose; whitespace changes do not count as edits."""
    normalised = " ".join(summary.split()) + "\n" + " ".join((details or "").split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:8]


def paper_text_hash(paper: Paper, lang: str) -> str:
    return text_hash(paper.summary[lang], paper.details[lang] if paper.details else None)


@dataclass(frozen=True)
class StaleText:
    paper: str
    source_file: str
    lang: str  # the language whose text may be out of date
    recorded: str  # what the file says
    current: str  # hash of the other language's text now: the value to record after review

    def __str__(self) -> str:
        source = other_language(self.lang)
        return (
            f"{self.source_file}: translation.{self.lang}: the {self.lang} text may be out of date "
            f"(the {source} text changed since it was written: recorded {self.recorded}, now {self.current})\n"
            f"    fix: update the {self.lang} summary/details to match, then set translation.{self.lang}: "
            f"{self.current}"
        )


def stale_texts(paper: Paper) -> list[StaleText]:
    found = []
    for lang in LANGS:
        current = paper_text_hash(paper, other_language(lang))
        if paper.translation.get(lang) != current:
            found.append(StaleText(paper.id, paper.source_file, lang, paper.translation.get(lang, ""), current))
    return found
