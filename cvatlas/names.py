"""Author names: "Given Family" (or "Family, Given") as written in data -> structured parts.

pybtex's BibTeX name parser does the splitting, so particles such as "van der" land where
BibTeX, RIS and CSL expect them and every export agrees on the family name.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from pybtex.database import Person


@dataclass(frozen=True)
class PersonName:
    given: str  # "Jan Niklas"
    family: str  # "Böhm", "van der Maaten"

    @property
    def display(self) -> str:
        return f"{self.given} {self.family}".strip()

    @property
    def inverted(self) -> str:
        return f"{self.family}, {self.given}" if self.given else self.family


@cache
def parse_name(written: str) -> PersonName:
    person = Person(written)
    given = " ".join(person.first_names + person.middle_names)
    family = " ".join(person.prelast_names + person.last_names)
    if person.lineage_names:
        family = f"{family} {' '.join(person.lineage_names)}"
    return PersonName(given=given, family=family)


def display_author(written: str) -> str:
    """An author as shown on pages.

    "Given Family" as written, or "Family Given" for names written family-first in data ("Li, Fuxin" is
    shown as "Li Fuxin", as on the paper).
    """
    if "," in written:
        family, given = (part.strip() for part in written.split(",", 1))
        return f"{family} {given}"
    return written
