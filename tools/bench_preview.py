"""How soon `make serve` shows an edited paper, in a real browser, at a given size.

Starts the preview (tools/serve.py) on a data tree and its own preview folder, waits until its
first build is done, opens the English page of SAMPLE_PAPER in Debian's Chromium and edits the
paper's English summary EDITS times: each time runs from the file being written to the browser,
reloaded by MkDocs' live-reload script, showing the new text. Between edits it waits until the
preview has settled (every page that lists the paper rebuilt too), and reports that time as well,
then until the browser has left the page alone for a second: reloaded and its search indexed
(Material does that in a worker on every load, seconds of CPU at 2,000 papers, which on two cores
would slow the next build).
Without Chromium it polls the page over HTTP instead (and says so).

`make bench` runs it at the real size and at 2,000 papers; `python -m tools.bench_preview
[--papers N]` runs it alone on a synthetic tree of N papers (0: the real data).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools.serve import free_port  # noqa: E402
from tools.synthetic import write_synthetic_tree  # noqa: E402

SAMPLE_PAPER = "mobilenet-v2"
EDITS = 5
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
_SUMMARY_EN = re.compile(r"(\nsummary:\n(?:  .*\n)*?  en: )(?:\(bench edit \d+\) )?")


def edit_summary(paper: Path, number: int) -> str:
    """Mark the English summary with the edit's number; returns the marker."""
    marker = f"(bench edit {number})"
    text = paper.read_text(encoding="utf-8")
    paper.write_text(_SUMMARY_EN.sub(lambda m: m.group(1) + marker + " ", text, count=1), encoding="utf-8")
    return marker


class PreviewServer:
    def __init__(self, data: Path, work: Path) -> None:
        self.port = free_port()
        self.log = (work / "serve.log").open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tools.serve", "--port", str(self.port), "--data", str(data),
             "--cache", str(work / "preview")], cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT,
            env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path.lstrip('/')}"

    def settled(self) -> bool:
        try:
            with urllib.request.urlopen(self.url("_preview/status"), timeout=10) as response:
                return bool(json.load(response)["settled"])
        except (OSError, ValueError):
            return False

    def wait_settled(self, timeout: float) -> float:
        started = time.perf_counter()
        while time.perf_counter() - started < timeout:
            if self.process.poll() is not None:
                raise RuntimeError("the preview stopped; see serve.log")
            if self.settled():
                return time.perf_counter() - started
            time.sleep(0.05)
        raise TimeoutError("the preview did not settle")

    def page_text(self, path: str) -> str:
        try:
            with urllib.request.urlopen(self.url(path), timeout=30) as response:
                return response.read().decode("utf-8")
        except urllib.error.URLError:
            return ""

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def _browser_page(server: PreviewServer, path: str) -> tuple[Any, Any, Any]:  # playwright is imported lazily
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
    page = browser.new_page()
    page.goto(server.url(path))
    return playwright, browser, page


def _shows(page: object, marker: str) -> bool:
    try:
        return marker in page.inner_text("article")  # type: ignore[attr-defined]
    except Exception:  # the page is reloading: its document is gone for a moment
        return False


# Material's search box says this until its worker has indexed the site in the browser, work that
# every reload repeats (seconds of CPU at 2,000 papers) and that would compete with the next build.
SEARCH_INITIALISING = "Initializing search"


class _BrowserIdle:
    """Whether the page has been left alone: no reload for a second, and its search indexed.

    The reload after the last batch of an edit comes a moment after the preview reports it settled
    (MkDocs answers the page's live-reload request once its build is done).
    """

    def __init__(self, page: Any) -> None:
        self.page, self.last_load = page, time.perf_counter()
        page.on("load", lambda *_: setattr(self, "last_load", time.perf_counter()))

    def wait(self, timeout: float = 120, quiet: float = 1.0) -> None:
        started = time.perf_counter()
        while time.perf_counter() - started < timeout:
            try:
                ready = self.page.inner_text(".md-search-result__meta").strip() != SEARCH_INITIALISING
            except Exception:  # the page is reloading
                ready = False
            if ready and time.perf_counter() - self.last_load > quiet:
                return
            time.sleep(0.05)


def time_preview_edits(data: Path, work: Path, edits: int = EDITS) -> dict[str, object]:
    """Start the preview on `data` (edited in place), time `edits` edits of SAMPLE_PAPER."""
    paper_file = data / "papers" / f"{SAMPLE_PAPER}.yaml"
    page_path = f"en/papers/{SAMPLE_PAPER}/"
    server = PreviewServer(data, work)
    use_browser = Path(CHROMIUM).exists()
    shown, settled = [], []
    try:
        startup = server.wait_settled(timeout=3600)
        if use_browser:
            playwright, browser, page = _browser_page(server, page_path)
            idle = _BrowserIdle(page)
        for number in range(1, edits + 1):
            if use_browser:
                idle.wait()  # as between two saves: the browser has finished with the last reload
            else:
                time.sleep(1)
            started = time.perf_counter()
            marker = edit_summary(paper_file, number)
            while time.perf_counter() - started < 120:
                if (_shows(page, marker) if use_browser else marker in server.page_text(page_path)):
                    break
                time.sleep(0.01)
            else:
                raise TimeoutError(f"edit {number} never showed")
            shown.append(time.perf_counter() - started)
            server.wait_settled(timeout=600)
            settled.append(time.perf_counter() - started)
        if use_browser:
            browser.close()
            playwright.stop()
    finally:
        server.stop()
    return {"preview_startup_s": startup, "preview_edit_s": statistics.median(shown), "preview_edit_runs_s": shown,
            "preview_settled_s": statistics.median(settled), "preview_settled_runs_s": settled,
            "preview_measured_in": "chromium" if use_browser else "http"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--papers", type=int, default=0, help="synthetic tree of this many papers (0: real data)")
    parser.add_argument("--edits", type=int, default=EDITS)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="atlas-bench-preview-"))
    try:
        if args.papers:
            data = write_synthetic_tree(work, args.papers)
        else:
            data = work / "data"
            shutil.copytree(ROOT / "data", data)
        result = time_preview_edits(data, work, args.edits)
        print(json.dumps(result, indent=1))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
