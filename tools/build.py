"""`make build`: data/ -> site/ with both languages, or a clear error and the previous site/ intact.

1. Validate data/ first; a problem stops everything before any file is written. The validated
   catalogue is handed to both language builds (cvatlas.snapshot), so neither reads data/ again.
2. Build the Korean and English MkDocs sites side by side (one process per core) into a
   temporary directory next to site/, in strict mode.
3. Add the entry page that picks a language, then swap the new tree in with a rename.

`--builder properdocs` (or ATLAS_BUILDER=properdocs) builds with ProperDocs, the maintained
drop-in fork of MkDocs 1.x, from the same configuration, hook and plugins.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cvatlas.catalogue import load_catalogue  # noqa: E402
from cvatlas.model import LANGS  # noqa: E402
from cvatlas.pages import render_entry_page, render_root_not_found  # noqa: E402
from cvatlas.problems import DataError  # noqa: E402
from cvatlas.snapshot import ENV as SNAPSHOT_ENV  # noqa: E402
from cvatlas.snapshot import write_snapshot  # noqa: E402


def source_date_epoch() -> str:
    """Reproducible builds: the last commit's time (MkDocs uses it for sitemap dates)."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        return os.environ["SOURCE_DATE_EPOCH"]
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout.strip()
        return out or "0"
    except (OSError, subprocess.CalledProcessError):
        return "0"


def build_environment(data_dir: Path, site_url: str | None) -> dict[str, str]:
    env = dict(os.environ)
    env.update(ATLAS_DATA_DIR=str(data_dir), SOURCE_DATE_EPOCH=source_date_epoch(), NO_MKDOCS_2_WARNING="1",
               PYTHONHASHSEED="0")
    if site_url:
        env["ATLAS_SITE_URL"] = site_url
    return env


def build_languages(target: Path, env: dict[str, str], config_dir: Path, builder: str = "mkdocs") -> list[str]:
    """Run one strict build per language in parallel; returns error reports (empty if all passed)."""
    processes = {
        lang: subprocess.Popen(
            # Not --quiet: MkDocs counts warnings for --strict only while it prints them.
            [sys.executable, "-m", builder, "build", "--strict", "-f", str(config_dir / f"{lang}.yml"),
             "-d", str(target / lang)],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        for lang in LANGS
    }
    errors = []
    for lang, process in processes.items():
        output, _ = process.communicate()
        if process.returncode != 0:
            relevant = [line for line in output.splitlines() if not line.startswith("INFO")]
            errors.append(f"--- {lang} site failed ---\n" + "\n".join(relevant).strip())
    return errors


BUILDERS = ("mkdocs", "properdocs")


def build_site(site_dir: Path, data_dir: Path, site_url: str | None = None, config_dir: Path | None = None,
               builder: str | None = None) -> int:
    builder = builder or os.environ.get("ATLAS_BUILDER") or "mkdocs"
    if builder not in BUILDERS:
        print(f"unknown builder {builder!r}: use one of {', '.join(BUILDERS)}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    try:
        cat = load_catalogue(data_dir)
    except DataError as error:
        print(error.report(), file=sys.stderr)
        print(f"\nNothing was built; {site_dir} is unchanged.", file=sys.stderr)
        return 1
    site_dir = site_dir.resolve()
    staging = site_dir.with_name(f".{site_dir.name}.building-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    scratch = Path(tempfile.mkdtemp(prefix="atlas-build-"))  # mode 0700: the snapshot stays private
    try:
        snapshot = scratch / "catalogue.pickle"
        write_snapshot(cat, snapshot)
        env = build_environment(data_dir, site_url)
        env[SNAPSHOT_ENV] = str(snapshot)
        errors = build_languages(staging, env, config_dir or ROOT / "config", builder)
        if errors:
            print("\n\n".join(errors), file=sys.stderr)
            print(f"\nThe build failed; {site_dir} is unchanged.", file=sys.stderr)
            return 1
        (staging / "index.html").write_text(render_entry_page(cat), encoding="utf-8")
        (staging / "404.html").write_text(render_root_not_found(cat, site_url_path(site_url)), encoding="utf-8")
        (staging / ".nojekyll").write_text("", encoding="utf-8")
        previous = site_dir.with_name(f".{site_dir.name}.previous-{os.getpid()}")
        if site_dir.exists():
            site_dir.rename(previous)
        staging.rename(site_dir)
        shutil.rmtree(previous, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"built {site_dir} ({', '.join(LANGS)}; {len(cat.papers)} papers) with {builder} "
          f"in {time.perf_counter() - started:.1f} s")
    return 0


def site_url_path(site_url: str | None) -> str:
    """The path part of the site's address ("/" or "/<repo>/"), which the root 404 page needs."""
    from urllib.parse import urlsplit

    url = site_url or os.environ.get("ATLAS_SITE_URL") or "http://127.0.0.1:8000/"
    path = urlsplit(url).path or "/"
    return path if path.endswith("/") else path + "/"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site-dir", type=Path, default=ROOT / "site")
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("ATLAS_DATA_DIR", ROOT / "data")))
    parser.add_argument("--site-url", default=os.environ.get("ATLAS_SITE_URL"),
                        help="public address of the site, e.g. https://owner.github.io/repo/")
    parser.add_argument("--builder", choices=BUILDERS, default=os.environ.get("ATLAS_BUILDER") or "mkdocs",
                        help="properdocs: the maintained fork of MkDocs 1.x (default: ATLAS_BUILDER or mkdocs)")
    args = parser.parse_args(argv)
    return build_site(args.site_dir, args.data, args.site_url, builder=args.builder)


if __name__ == "__main__":
    raise SystemExit(main())
