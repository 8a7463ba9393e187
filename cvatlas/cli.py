"""Command line: `python -m cvatlas check | new-paper <id> [--arxiv <id>] | hashes <file>... | render`.

`check` validates data/ without building the site (well under a second) and lists translations
that may be out of date; `new-paper` writes a commented skeleton that `check` then guides to done,
prefilled from arXiv with `--arxiv` (the one command here that uses the network); `render --lang
ko --out DIR` writes every generated page (Markdown with YAML front matter) and download of one
language, for builders other than MkDocs with the hook (`--standalone`: also without plugins).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

from .catalogue import ID_PATTERN, REPO_ROOT, TEMPLATE_NAME, load_catalogue
from .model import LANGS
from .problems import DataError
from .translation import stale_texts, text_hash
from .yamlio import read_yaml

DEFAULT_DATA = REPO_ROOT / "data"


def _check(data_dir: Path) -> int:
    started = time.perf_counter()
    try:
        cat = load_catalogue(data_dir)
    except DataError as error:
        print(error.report(), file=sys.stderr)
        print("\nNothing was built. Fix the problems above and run `make check` again.", file=sys.stderr)
        return 1
    stale = [s for paper in cat.papers.values() for s in stale_texts(paper)]
    for item in stale:
        print(f"translation may be out of date: {item}")
    elapsed = time.perf_counter() - started
    counts = [(len(cat.papers), "paper"), (len(cat.topics), "topic"), (len(cat.tags), "tag"),
              (len(cat.glossary), "glossary term"), (len(cat.notes), "reading note")]
    listed = ", ".join(f"{count} {noun}{'' if count == 1 else 's'}" for count, noun in counts)
    print(f"ok: {listed} checked in {elapsed:.2f} s"
          + (f"; {len(stale)} translation(s) to review" if stale else ""))
    return 0


def _new_paper(data_dir: Path, paper_id: str) -> int:
    if not ID_PATTERN.match(paper_id):
        print(f"error: {paper_id!r} is not a valid paper id: use lowercase letters, digits and single hyphens "
              "(e.g. mobilenet-v2)", file=sys.stderr)
        return 2
    target = data_dir / "papers" / f"{paper_id}.yaml"
    if target.exists():
        print(f"error: {target.relative_to(REPO_ROOT) if target.is_relative_to(REPO_ROOT) else target} "
              "already exists", file=sys.stderr)
        return 1
    template = (data_dir / "papers" / TEMPLATE_NAME).read_text(encoding="utf-8")
    target.write_text(template.replace("2026-01-01", dt.date.today().isoformat()), encoding="utf-8")
    shown = target.relative_to(REPO_ROOT) if target.is_relative_to(REPO_ROOT) else target
    print(f"wrote {shown}: fill in the fields, then run `make check` until it passes and `make serve` to preview.")
    return 0


def _hashes(files: list[Path]) -> int:
    """Print the translation hashes to record for paper files, even while other files are broken."""
    status = 0
    for path in files:
        value, problem = read_yaml(path, str(path))
        if problem or not isinstance(value, dict) or "summary" not in value:
            print(f"{path}: cannot read summary ({problem or 'no summary'})", file=sys.stderr)
            status = 1
            continue
        details = value.get("details") or {}
        current = {lang: text_hash(value["summary"].get(lang, ""), details.get(lang)) for lang in LANGS}
        print(f"{path}:\ntranslation:\n  ko: \"{current['en']}\"\n  en: \"{current['ko']}\"")
    return status


def _render(data_dir: Path, lang: str, out: Path, standalone: bool, with_docs: bool, site_url: str | None) -> int:
    from tools.site_config import atlas_settings  # config/base.yml: the repository that edit links name

    from .languagetree import ClashError, write_language_tree

    try:
        cat = load_catalogue(data_dir)
    except DataError as error:
        print(error.report(), file=sys.stderr)
        return 1
    docs = REPO_ROOT / "docs" / lang if with_docs else None
    try:
        outputs = write_language_tree(cat, lang, out, standalone=standalone, docs_dir=docs,
                                      repo_url=atlas_settings()["repository"], site_url=site_url)
    except ClashError as error:
        print(error, file=sys.stderr)
        return 1
    pages = sum(1 for o in outputs if o.path.endswith(".md"))
    print(f"wrote {out}: {pages} pages and {len(outputs) - pages} downloads ({lang}"
          f"{', standalone' if standalone else ''}{', with docs/' + lang if with_docs else ''})")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cvatlas", description=__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="data directory (default: data/)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="validate data/ and list stale translations")
    new = commands.add_parser("new-paper", help="write data/papers/<id>.yaml from the template")
    new.add_argument("id")
    new.add_argument("--arxiv", metavar="ARXIV_ID", help="prefill title, authors, year, ids and venue from arXiv")
    hashes = commands.add_parser("hashes", help="print the translation block to record for paper files")
    hashes.add_argument("files", nargs="+", type=Path)
    render = commands.add_parser("render", help="write one language's generated pages and downloads to a folder")
    render.add_argument("--lang", choices=LANGS, required=True)
    render.add_argument("--out", type=Path, required=True, help="folder to write (files of an earlier render "
                        "that are no longer generated are removed; nothing else is)")
    render.add_argument("--standalone", action="store_true",
                        help="also do what the hook and mkdocs-bibtex do at build time: citations as footnotes "
                             "with the reference list, abbreviation definitions")
    render.add_argument("--with-docs", action="store_true", help="copy the hand-written pages of docs/<lang>/ in")
    render.add_argument("--site-url", default=os.environ.get("ATLAS_SITE_URL"),
                        help="the site's address (default: ATLAS_SITE_URL or http://127.0.0.1:8000/)")
    args = parser.parse_args(argv)
    if args.command == "render":
        return _render(args.data, args.lang, args.out, args.standalone, args.with_docs, args.site_url)
    if args.command == "check":
        return _check(args.data)
    if args.command == "hashes":
        return _hashes(args.files)
    if args.arxiv:
        # Imported here: the network client (tools/refresh) is never loaded by `check` or the build.
        from tools.refresh.new_paper import main as import_from_arxiv

        return import_from_arxiv(args.data, args.id, args.arxiv)
    return _new_paper(args.data, args.id)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
