"""arXiv journal references -> a venue of data/venues.yaml, only when the reference is unambiguous.

"CVPR 2016" or "Accepted to ICCV 2017" names one venue id and one year: venue "CVPR 2016".
"CVPR 2019 Workshops" becomes CVPRW when data/venues.yaml has that workshop. Anything else (two
venue ids, no year or two, a venue id not in the list, a year before the first release) gives None,
and a person decides.
"""

from __future__ import annotations

import re
from pathlib import Path

from cvatlas.yamlio import read_yaml

_YEAR = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}(?![0-9])")
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9&-]*")


def read_venues(data_dir: Path) -> dict[str, str]:
    """Venue id -> type (conference, workshop, journal), or {} when the file cannot be read."""
    value, problem = read_yaml(data_dir / "venues.yaml", "data/venues.yaml")
    if problem or not isinstance(value, list):
        return {}
    return {item["id"]: item.get("type", "") for item in value if isinstance(item, dict) and "id" in item}


def venue_of(journal_ref: str | None, venues: dict[str, str], first_year: int) -> str | None:
    """'<venue id> <year>' when the reference names exactly one known venue and one plausible year."""
    if not journal_ref:
        return None
    words = set(_WORD.findall(journal_ref))
    named = {venue for venue in venues
             if venue in words or any(w.startswith(venue) and w[len(venue):].isdigit() for w in words)}
    years = {int(year) for year in _YEAR.findall(journal_ref)}  # also the 2016 of "CVPR2016"
    if len(named) != 1 or len(years) != 1:
        return None
    (venue,) = named
    (year,) = years
    if "workshop" in journal_ref.casefold() and venues.get(venue) != "workshop":
        venue = f"{venue}W"
        if venues.get(venue) != "workshop":
            return None
    if year < first_year:
        return None
    return f"{venue} {year}"
