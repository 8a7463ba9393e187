"""`make new-paper ID=<id> ARXIV=<arxiv id>`: one arXiv answer -> data/papers/<id>.yaml, prefilled.

The file is data/papers/TEMPLATE.yaml with its comments, the facts arXiv knows filled in (title on
one line, every author in order, the first version's year, the arXiv id and category, the DOI, the
venue when the journal reference names one unambiguously, today as `added`), and the template's
placeholders everywhere else, which `make check` refuses until they are written. Nothing is written
when the id is taken, the paper is already in the atlas, or arXiv cannot be asked or answers badly.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from cvatlas import schema
from cvatlas.catalogue import ID_PATTERN, TEMPLATE_NAME
from cvatlas.yamlio import read_yaml

from . import yamledit
from .arxiv_api import ArxivClient, ArxivError, ArxivRecord, parse_id
from .journal_ref import read_venues, venue_of


class ImportRefusedError(Exception):
    """Why nothing was written, for the contributor; `status` is the exit code."""

    def __init__(self, message: str, status: int = 1) -> None:
        super().__init__(message)
        self.status = status


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def owner_of(arxiv_id: str, papers_dir: Path) -> Path | None:
    """The paper file that already records this arXiv id, if any (files that do not parse are passed over)."""
    for path in sorted(papers_dir.glob("*.y*ml")):
        if path.name == TEMPLATE_NAME:
            continue
        value, problem = read_yaml(path, path.name)
        if problem is None and isinstance(value, dict) and str(value.get("arxiv", "")).strip() == arxiv_id:
            return path
    return None


def prefilled(template: str, record: ArxivRecord, venue: str | None, today: dt.date) -> str:
    """The template text with arXiv's facts in place of its examples, every comment kept."""
    yaml, paper = yamledit.load_exact(template)
    paper["title"] = DoubleQuotedScalarString(record.title)
    yamledit.replace_items(paper["authors"], list(record.authors))
    paper["year"] = record.published.year
    paper["arxiv"] = DoubleQuotedScalarString(record.arxiv_id)
    if record.primary_category:
        paper["arxiv_class"] = record.primary_category
    else:
        yamledit.delete(paper, "arxiv_class", "arxiv_class: arXiv gave no primary category")
    if record.doi:
        paper["doi"] = record.doi
    else:
        yamledit.delete(paper, "doi", "doi: none on arXiv; add it when the venue issues one")
    if venue:
        paper["venue"] = venue
    elif record.journal_ref:
        reference = record.journal_ref.replace('"', "'")
        yamledit.delete(paper, "venue", f'venue: arXiv\'s journal reference is "{reference}": write '
                        '"<venue id> <year>" with an id from data/venues.yaml if it is a venue there')
    else:
        yamledit.delete(paper, "venue", "venue: none on arXiv (a preprint); add it once the paper is published")
    yamledit.delete(paper, "url")  # the arXiv page is the paper's page
    yamledit.delete(paper, "citations")  # the weekly refresh fills it in, with its date and source
    paper["added"] = today
    return yamledit.dump(yaml, paper)


def import_paper(data_dir: Path, paper_id: str, arxiv_text: str, today: dt.date | None = None,
                 client: ArxivClient | None = None) -> Path:
    """Write data/papers/<paper_id>.yaml from arXiv; ImportRefusedError says why when nothing was written."""
    if not ID_PATTERN.match(paper_id):
        raise ImportRefusedError(f"{paper_id!r} is not a valid paper id: use lowercase letters, digits and single "
                            "hyphens (e.g. mobilenet-v2)", status=2)
    try:
        arxiv_id, _version = parse_id(arxiv_text)
    except ValueError as error:
        raise ImportRefusedError(str(error), status=2) from error
    papers = data_dir / "papers"
    target = papers / f"{paper_id}.yaml"
    if target.exists() or target.with_suffix(".yml").exists():
        raise ImportRefusedError(f"{_shown(target)} already exists: choose another id, or edit that file")
    owner = owner_of(arxiv_id, papers)
    if owner is not None:
        raise ImportRefusedError(f"arXiv {arxiv_id} is already in the atlas as {_shown(owner)} ({owner.stem}): "
                            "edit that file instead")
    try:
        found = (client or ArxivClient()).fetch_batch([arxiv_id])
    except ArxivError as error:
        raise ImportRefusedError(f"cannot import arXiv {arxiv_id}: {error}") from error
    record = found.get(arxiv_id)
    if record is None:
        raise ImportRefusedError(f"arXiv has no paper {arxiv_id} (its answer was empty): check the id")
    venue = venue_of(record.journal_ref, read_venues(data_dir), record.published.year)
    text = prefilled((papers / TEMPLATE_NAME).read_text(encoding="utf-8"), record, venue,
                     today or dt.date.today())
    _check_schema(text, target)
    yamledit.write_atomic(target, text)
    return target


def _check_schema(text: str, target: Path) -> None:
    """The file must at least be well-formed: its placeholders are for `make check` to refuse, not its syntax."""
    with tempfile.TemporaryDirectory() as scratch:
        probe = Path(scratch) / target.name
        probe.write_text(text, encoding="utf-8")
        value, problem = read_yaml(probe, _shown(target))
    problems = [problem] if problem else schema.check("paper", value, _shown(target))
    if problems:
        raise ImportRefusedError("arXiv's data does not fit the paper schema, nothing written:\n"
                            + "\n".join(f"  - {p}" for p in problems))


def main(data_dir: Path, paper_id: str, arxiv_text: str) -> int:
    """The command line's side: messages on stdout/stderr and the exit code."""
    try:
        target = import_paper(data_dir, paper_id, arxiv_text)
    except ImportRefusedError as refused:
        print(f"error: {refused}", file=sys.stderr)
        return refused.status
    print(f"wrote {_shown(target)} from arXiv: check the facts against the paper, write the summary, key points "
          "and topics, then run `make check` until it passes and `make serve` to preview.")
    return 0
