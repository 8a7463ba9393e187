"""The external link checker, against a local server (no network): alive, dead and moved links are
told apart, retried, cached with their date, and reported with the data file they come from."""

from __future__ import annotations

import datetime as dt
import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from cvatlas.model import Catalogue
from tools.linkcheck_external import Result, check_url, external_links, run, write_report


class Handler(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[dict[str, int]] = {}

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _answer(self) -> None:
        Handler.hits[self.path] = Handler.hits.get(self.path, 0) + 1
        if self.path == "/ok":
            self.send_response(200)
        elif self.path == "/old":
            self.send_response(301)
            self.send_header("Location", "/new")
        elif self.path == "/new":
            self.send_response(200)
        elif self.path == "/no-head" and self.command == "HEAD":
            self.send_response(405)
        elif self.path == "/no-head":
            self.send_response(200)
        else:
            self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = _answer  # noqa: N815
    do_HEAD = _answer  # noqa: N815


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_results_are_classified(server: str) -> None:
    assert not check_url(f"{server}/ok").dead
    assert check_url(f"{server}/gone", retries=1, pause=0).dead
    moved = check_url(f"{server}/old")
    assert moved.moved and moved.final_url == f"{server}/new"
    assert not check_url(f"{server}/no-head").dead, "falls back to GET when HEAD is refused"
    unreachable = check_url("http://127.0.0.1:9/", retries=2, timeout=1, pause=0)
    assert unreachable.status is None and unreachable.dead


def test_fresh_results_come_from_the_cache(server: str, tmp_path: Path) -> None:
    cache = tmp_path / "cache.json"
    urls = [f"{server}/ok", f"{server}/old"]
    run(urls, cache, max_age_days=7)
    before = dict(Handler.hits)
    results = run(urls, cache, max_age_days=7)
    assert Handler.hits == before, "nothing is requested again within max-age"
    assert set(results) == set(urls)
    stored = json.loads(cache.read_text(encoding="utf-8"))
    assert stored[f"{server}/ok"]["checked"] == dt.date.today().isoformat()
    old = stored[f"{server}/ok"] | {"checked": "2000-01-01"}
    cache.write_text(json.dumps({f"{server}/ok": old}), encoding="utf-8")
    run([f"{server}/ok"], cache, max_age_days=7)
    assert Handler.hits["/ok"] > before["/ok"], "stale entries are checked again"


def test_report_names_the_source(tmp_path: Path) -> None:
    today = dt.date.today().isoformat()
    results = {"https://a.example/x": Result("https://a.example/x", 404, "https://a.example/x", "Not Found", today),
               "https://b.example/y": Result("https://b.example/y", 200, "https://b.example/z", "", today)}
    sources = {"https://a.example/x": ["data/papers/resnet.yaml: code[0].url"]}
    dead, moved = write_report(results, sources, tmp_path)
    assert (dead, moved) == (1, 1)
    report = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "https://a.example/x (404)" in report and "data/papers/resnet.yaml: code[0].url" in report


def test_every_external_link_of_the_catalogue_is_collected(catalogue: Catalogue) -> None:
    links = external_links(catalogue)
    for paper in catalogue.papers.values():
        for link in paper.code:
            assert link.url in links
        if paper.doi:
            assert f"https://doi.org/{paper.doi}" in links
