"""`make linkcheck-external`: are the atlas's external links (arXiv, DOI, code, library docs) alive?

Needs the network, so it is never part of `make test`; a weekly workflow runs it. Each URL is
tried with HEAD, then GET, with retries; results are cached with their date (.cache/linkcheck.json)
so that a re-run only checks what is older than --max-age days. Writes linkcheck-report/report.md
and report.json listing dead and moved links with the data file they come from.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cvatlas.catalogue import load_catalogue  # noqa: E402
from cvatlas.model import Catalogue  # noqa: E402

USER_AGENT = "cv-paper-atlas-linkcheck/1.0 (+https://github.com/cv-paper-atlas/cv-paper-atlas)"
# Hosts that answer automated requests with 403/429 although the page exists, with the reason.
IGNORED_STATUS = {
    "doi.org": "publishers behind DOI redirects often refuse robots (403); the DOI form is checked in the tests",
}


@dataclass
class Result:
    url: str
    status: int | None  # final HTTP status, None when the request failed
    final_url: str
    error: str
    checked: str  # ISO date

    @property
    def dead(self) -> bool:
        return self.status is None or self.status >= 400

    @property
    def moved(self) -> bool:
        return not self.dead and self.final_url.rstrip("/") != self.url.rstrip("/")


def external_links(cat: Catalogue) -> dict[str, list[str]]:
    """URL -> where it is used ("data/papers/resnet.yaml: code[0].url")."""
    found: dict[str, list[str]] = {}

    def add(url: str | None, where: str) -> None:
        if url:
            found.setdefault(url, []).append(where)

    for paper in cat.papers.values():
        add(paper.arxiv_url, f"{paper.source_file}: arxiv")
        add(paper.doi_url, f"{paper.source_file}: doi")
        add(paper.url, f"{paper.source_file}: url")
        for index, link in enumerate(paper.code):
            add(link.url, f"{paper.source_file}: code[{index}].url")
    for library in cat.libraries.values():
        add(library.url, f"data/libraries.yaml: {library.id}.url")
        add(library.docs, f"data/libraries.yaml: {library.id}.docs")
    return dict(sorted(found.items()))


def check_url(url: str, retries: int = 3, timeout: float = 15.0, pause: float = 2.0) -> Result:
    today = dt.date.today().isoformat()
    error = ""
    for attempt in range(retries):
        for method in ("HEAD", "GET"):
            request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
            try:
                with urllib.request.urlopen(request, timeout=timeout) as response:
                    return Result(url, response.status, response.geturl(), "", today)
            except urllib.error.HTTPError as failure:
                if method == "GET" and failure.code < 500 and failure.code != 429:
                    return Result(url, failure.code, failure.geturl() or url, str(failure.reason), today)
                error = f"HTTP {failure.code}"
            except (urllib.error.URLError, TimeoutError, OSError) as failure:
                error = str(getattr(failure, "reason", failure))
        time.sleep(pause * (attempt + 1))
    return Result(url, None, url, error, today)


def run(urls: Iterable[str], cache_path: Path, max_age_days: int, workers: int = 8,
        checker=check_url) -> dict[str, Result]:
    cache: dict[str, dict] = json.loads(cache_path.read_text(encoding="utf-8")) if cache_path.exists() else {}
    oldest = (dt.date.today() - dt.timedelta(days=max_age_days)).isoformat()
    results: dict[str, Result] = {}
    todo = []
    for url in urls:
        entry = cache.get(url)
        if entry and entry["checked"] >= oldest and entry["status"] is not None:
            results[url] = Result(**entry)
        else:
            todo.append(url)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for result in pool.map(checker, todo):
            results[result.url] = result
    cache.update({url: asdict(result) for url, result in results.items()})
    cache_path.parent.mkdir(parents=True, exist_ok=True)
    cache_path.write_text(json.dumps(cache, indent=1, sort_keys=True), encoding="utf-8")
    return results


def _ignored(url: str, result: Result) -> str | None:
    for host, reason in IGNORED_STATUS.items():
        if f"//{host}/" in url and result.status in (401, 403, 429):
            return reason
    return None


def write_report(results: dict[str, Result], sources: dict[str, list[str]], folder: Path) -> tuple[int, int]:
    folder.mkdir(parents=True, exist_ok=True)
    dead = [r for r in results.values() if r.dead and not _ignored(r.url, r)]
    moved = [r for r in results.values() if r.moved]
    lines = [f"# External links ({dt.date.today().isoformat()})", "",
             f"{len(results)} links checked: {len(dead)} dead, {len(moved)} moved.", ""]
    for title, items in (("Dead", dead), ("Moved", moved)):
        lines += [f"## {title}", ""] if items else []
        for item in items:
            status = item.status if item.status is not None else item.error
            lines.append(f"- {item.url} ({status}) → {item.final_url}; used in {', '.join(sources.get(item.url, []))}")
        lines += [""] if items else []
    ignored = [(r.url, reason) for r in results.values() if (reason := _ignored(r.url, r))]
    if ignored:
        lines += ["## Not counted", ""] + [f"- {url}: {reason}" for url, reason in ignored] + [""]
    (folder / "report.md").write_text("\n".join(lines), encoding="utf-8")
    (folder / "report.json").write_text(json.dumps({
        "dead": [asdict(r) | {"sources": sources.get(r.url, [])} for r in dead],
        "moved": [asdict(r) | {"sources": sources.get(r.url, [])} for r in moved],
        "checked": len(results),
    }, indent=1), encoding="utf-8")
    return len(dead), len(moved)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT / "data")
    parser.add_argument("--cache", type=Path, default=ROOT / ".cache" / "linkcheck.json")
    parser.add_argument("--report", type=Path, default=ROOT / "linkcheck-report")
    parser.add_argument("--max-age", type=int, default=7, help="re-check results older than this many days")
    args = parser.parse_args(argv)
    sources = external_links(load_catalogue(args.data))
    results = run(sources, args.cache, args.max_age)
    dead, moved = write_report(results, sources, args.report)
    print(f"{len(results)} external links: {dead} dead, {moved} moved; report in {args.report}/report.md")
    return 1 if dead else 0


if __name__ == "__main__":
    raise SystemExit(main())
