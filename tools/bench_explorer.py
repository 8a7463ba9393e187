"""How fast the paper explorer answers a keystroke, in a real browser, on a built site.

Serves a built site on localhost, opens the English explorer in Debian's Chromium, and for each query
types its last character as a real key press: the time runs from the keydown to the end of the layout
of the updated table (the explorer filters on `input`, synchronously; forcing the layout right after
it includes the browser's own work, though not the paint). `make bench` prints the median;
`python -m tools.bench_explorer SITE_DIR` measures any built site.
"""

from __future__ import annotations

import functools
import http.server
import socket
import statistics
import sys
import threading
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
QUERIES = ["net", "transformer", "yolo", "2015", "he", "seg", "diffusion", "mae", "x", "zz"]

# Installed before the page's scripts: note when each keydown reaches the search box; after the
# explorer's own input handler (on the form, so it runs first as the event bubbles to the window),
# force the layout of the updated table and record the time since the keydown.
_PROBE = """
window.__explorerTimes = [];
let started = null;
document.addEventListener("keydown", (event) => {
  if (event.target.name === "q") started = performance.now();
}, true);
window.addEventListener("input", (event) => {
  if (event.target.name !== "q" || started === null) return;
  document.body.offsetHeight;
  window.__explorerTimes.push(performance.now() - started);
  started = null;
});
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def time_explorer(site: Path) -> dict[str, float] | None:
    """Median and worst keystroke-to-table time in milliseconds, or None without Chromium."""
    if not Path(CHROMIUM).exists():
        return None
    from playwright.sync_api import sync_playwright

    port = _free_port()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            page = browser.new_page()
            page.add_init_script(_PROBE)
            page.goto(f"http://127.0.0.1:{port}/en/papers/")
            rows = page.locator("table.atlas-explorer-table tbody tr").count()
            box = page.locator("form.atlas-explorer input[name=q]")
            for query in QUERIES:
                box.fill(query[:-1])
                box.press(query[-1])
                page.wait_for_function("n => window.__explorerTimes.length >= n", arg=QUERIES.index(query) + 1)
            times = page.evaluate("window.__explorerTimes")
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return {"rows": rows, "median_ms": statistics.median(times), "worst_ms": max(times)}


if __name__ == "__main__":
    print(time_explorer(Path(sys.argv[1] if len(sys.argv) > 1 else "site")))
