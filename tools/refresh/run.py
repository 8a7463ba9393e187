"""`make refresh` / `python -m tools.refresh`: data/ -> updated paper files and refresh-report/.

Loads and validates data/ first (a broken tree is not refreshed), runs the chosen steps
(citations, code, drift) against the papers chosen, then writes each changed file whole and at
once (a temporary file in the same folder, then os.replace), after checking that the new text
still passes the paper schema. A file that cannot be written is left as it was and listed under
"skipped"; so is every look-up that failed. `--dry-run` writes the report and nothing else.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from pathlib import Path

from cvatlas import schema
from cvatlas.catalogue import load_catalogue
from cvatlas.problems import DataError
from cvatlas.yamlio import read_yaml

from . import yamledit
from .citations import refresh_citations
from .code_health import refresh_code
from .drift import find_drift
from .journal_ref import read_venues
from .lookups import Lookups
from .papers import PaperFile
from .report import Report

ROOT = Path(__file__).resolve().parents[2]
STEPS = ("citations", "code", "drift")


def _problems_of(text: str, name: str) -> list[str]:
    """Reading the new text as `make check` would: what would be refused, if anything."""
    with tempfile.TemporaryDirectory() as scratch:
        probe = Path(scratch) / name
        probe.write_text(text, encoding="utf-8")
        value, problem = read_yaml(probe, name)
    if problem:
        return [str(problem)]
    return [str(p) for p in schema.check("paper", value, name)]


def write_changes(files: list[PaperFile], report: Report, data_dir: Path, dry_run: bool) -> bool:
    """Write every changed file (unless a dry run); False when one could not be written."""
    ok = True
    for paper_file in files:
        if not paper_file.changed:
            continue
        shown = f"data/papers/{paper_file.path.name}"
        text = paper_file.new_text()
        if text == paper_file.text:
            continue
        problems = _problems_of(text, paper_file.path.name)
        if problems:
            report.skip("write", paper_file.paper.id, f"the updated file would not validate ({problems[0]}); "
                        "left unchanged")
            ok = False
            continue
        if dry_run:
            continue
        try:
            yamledit.write_atomic(paper_file.path, text)
        except OSError as error:
            report.skip("write", paper_file.paper.id, f"could not write {shown} ({error.strerror or error}); "
                        "left unchanged")
            ok = False
            continue
        report.files.append(shown)
    return ok


def refresh(data_dir: Path, steps: tuple[str, ...], only_papers: set[str] | None, dry_run: bool,
            report_dir: Path, cache_dir: Path, today: dt.date | None = None) -> int:
    today = today or dt.date.today()
    try:
        cat = load_catalogue(data_dir, today=today)
    except DataError as error:
        print(error.report(), file=sys.stderr)
        print("\nNothing was refreshed: fix the data first (`make check`).", file=sys.stderr)
        return 1
    unknown = sorted((only_papers or set()) - set(cat.papers))
    if unknown:
        print(f"error: no such paper(s): {', '.join(unknown)}", file=sys.stderr)
        return 2
    chosen = [p for p in cat.papers.values() if only_papers is None or p.id in only_papers]
    files = [PaperFile.open(p, data_dir / "papers" / Path(p.source_file).name) for p in chosen]
    report = Report(date=today.isoformat(), dry_run=dry_run, steps=list(steps))
    lookups = Lookups(cache_dir)
    if "citations" in steps:
        refresh_citations(files, lookups, report, today)
    if "code" in steps:
        refresh_code(files, lookups, report, today)
    if "drift" in steps:
        find_drift(files, lookups, report, read_venues(data_dir), cache_dir / "arxiv-versions.json",
                   remember=not dry_run)
    written = write_changes(files, report, data_dir, dry_run)
    path = report.write(report_dir)
    counts = ", ".join(f"{what} {count}" for what, count in report.counts().items())
    print(f"{counts}; report: {path}")
    return 0 if written else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.refresh", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", choices=STEPS, action="append",
                        help="run only this step (repeatable; default: all three)")
    parser.add_argument("--papers", help="comma-separated paper ids (default: every paper)")
    parser.add_argument("--dry-run", action="store_true", help="write the report, not the data files")
    parser.add_argument("--data", type=Path, default=ROOT / "data", help="data directory (default: data/)")
    parser.add_argument("--report-dir", type=Path, default=ROOT / "refresh-report")
    parser.add_argument("--cache-dir", type=Path, default=ROOT / ".cache" / "refresh")
    args = parser.parse_args(argv)
    steps = tuple(step for step in STEPS if step in (args.only or STEPS))
    papers = {p.strip() for p in args.papers.split(",") if p.strip()} if args.papers else None
    return refresh(args.data, steps, papers, args.dry_run, args.report_dir, args.cache_dir)
