"""A local server that answers as arXiv, OpenAlex, Semantic Scholar and GitHub do, from recorded
answers in tests/fixtures/refresh/, and records every request (tests/test_refresh.py and
tests/test_import.py; the `replay` and `waits` fixtures are in conftest.py). No test uses the network.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.server
import json
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "refresh"
_ENTRY = re.compile(r"(?s)  <entry>.*?</entry>\n")


@dataclass
class Seen:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    port: int
    at: float


@dataclass
class Replay:
    """Recorded answers for the four APIs and every request received; tests change `github` and `arxiv_raw`."""

    base: str = ""
    requests: list[Seen] = field(default_factory=list)
    github: dict[str, list[tuple[int, dict[str, str], bytes]]] = field(default_factory=dict)
    github_all: tuple[int, dict[str, str], bytes] | None = None  # one answer for every repository
    arxiv_raw: bytes | None = None  # served as it is instead of composing a feed
    arxiv_status: int = 200

    def seen(self, prefix: str) -> list[Seen]:
        return [r for r in self.requests if r.path.startswith(prefix)]


def recorded_answer(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def arxiv_entries() -> dict[str, str]:
    """arXiv id (without version) -> its <entry> text, from every recorded feed."""
    entries = {}
    for path in sorted((FIXTURES / "arxiv").glob("*.xml")):
        if path.stem in ("empty", "truncated"):
            continue
        for entry in _ENTRY.findall(path.read_text(encoding="utf-8")):
            found = re.search(r"<id>http://arxiv\.org/abs/(.+?)v\d+</id>", entry)
            assert found, path
            entries[found.group(1)] = entry
    return entries


def default_github(base: str) -> dict[str, list[tuple[int, dict[str, str], bytes]]]:
    ok = "github/{}.json"
    return {
        "/github/repos/KaimingHe/deep-residual-networks": [
            (200, {}, recorded_answer(ok.format("KaimingHe-deep-residual-networks")))],
        "/github/repos/liuzhuang13/DenseNet": [(200, {}, recorded_answer(ok.format("liuzhuang13-DenseNet")))],
        "/github/repos/old-owner/densenet-pytorch": [
            (301, {"Location": f"{base}/github/repositories/81234567"}, recorded_answer("github/moved-301.json"))],
        "/github/repositories/81234567": [(200, {}, recorded_answer(ok.format("new-owner-densenet-pytorch")))],
        "/github/repos/gone-user/densenet-keras": [(404, {}, recorded_answer("github/not-found.json"))],
        "/github/repos/pytorch/vision": [(500, {}, recorded_answer("github/server-error.json")),
                                         (200, {}, recorded_answer(ok.format("pytorch-vision")))],
        "/github/repos/google-research/vision_transformer": [
            (429, {"Retry-After": "7"}, recorded_answer("github/secondary-rate-limit.json")),
            (200, {}, recorded_answer(ok.format("google-research-vision_transformer")))],
        "/github/repos/lucidrains/vit-pytorch": [(200, {}, recorded_answer("github/lucidrains-vit-pytorch-cut.json"))],
    }


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, so a test can see one connection per API
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None,
              content_type: str = "application/json; charset=utf-8") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def _record(self) -> Seen:
        length = int(self.headers.get("Content-Length") or 0)
        parts = urlsplit(self.path)
        seen = Seen(self.command, parts.path, parse_qs(parts.query), {k.lower(): v for k, v in self.headers.items()},
                    self.rfile.read(length), self.client_address[1], time.monotonic())
        self.server.replay.requests.append(seen)
        return seen

    def do_GET(self) -> None:
        seen = self._record()
        if seen.path == "/arxiv/api/query":
            self._arxiv(seen)
        elif seen.path == "/openalex/works":
            self._openalex(seen)
        elif seen.path.startswith("/github/"):
            self._github(seen)
        else:
            self._send(404, b"{}")

    def do_POST(self) -> None:
        seen = self._record()
        if seen.path != "/s2/graph/v1/paper/batch":
            self._send(404, b"{}")
            return
        pool = json.loads(recorded_answer("s2/papers.json"))
        answer = [pool.get(i) for i in json.loads(seen.body)["ids"]]
        self._send(200, json.dumps(answer).encode())

    def _arxiv(self, seen: Seen) -> None:
        replay = self.server.replay
        if replay.arxiv_raw is not None:
            self._send(replay.arxiv_status, replay.arxiv_raw, content_type="application/atom+xml; charset=UTF-8")
            return
        ids = seen.query["id_list"][0].split(",")
        entries = arxiv_entries()
        found = [entries[i] for i in ids if i in entries]
        head = recorded_answer("arxiv/empty.xml").decode().replace("</feed>\n", "")
        head = head.replace("<opensearch:totalResults>0<", f"<opensearch:totalResults>{len(found)}<")
        body = head + "".join(found) + "</feed>\n"
        self._send(200, body.encode(), content_type="application/atom+xml; charset=UTF-8")

    def _openalex(self, seen: Seen) -> None:
        wanted = set(seen.query["filter"][0].removeprefix("doi:").split("|"))
        recorded = json.loads(recorded_answer("openalex/works.json"))
        results = [w for w in recorded["results"] if w["doi"].removeprefix("https://doi.org/") in wanted]
        recorded["results"] = results
        recorded["meta"]["count"] = len(results)
        self._send(200, json.dumps(recorded).encode())

    def _github(self, seen: Seen) -> None:
        replay = self.server.replay
        if replay.github_all is not None:
            status, headers, body = replay.github_all
        else:
            script = replay.github.get(seen.path)
            if not script:
                self._send(404, recorded_answer("github/not-found.json"))
                return
            status, headers, body = script.pop(0) if len(script) > 1 else script[0]
        etag = '"' + hashlib.sha1(body).hexdigest()[:20] + '"'
        if status == 200 and seen.headers.get("if-none-match") == etag:
            self._send(304, b"", {"ETag": etag})
            return
        self._send(status, body, {**headers, **({"ETag": etag} if status == 200 else {})})


class _Server(http.server.ThreadingHTTPServer):
    replay: Replay


@contextlib.contextmanager
def serve_replay(monkeypatch: pytest.MonkeyPatch) -> Iterator[Replay]:
    """The replay server on a free port, with every endpoint, key and delay of the refresh pointed at it."""
    server = _Server(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    server.replay = Replay(base=base, github=default_github(base))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("ATLAS_ARXIV_API", f"{base}/arxiv/api/query")
    monkeypatch.setenv("ATLAS_OPENALEX_API", f"{base}/openalex")
    monkeypatch.setenv("ATLAS_S2_API", f"{base}/s2")
    monkeypatch.setenv("ATLAS_GITHUB_API", f"{base}/github")
    monkeypatch.setenv("ATLAS_REFRESH_DELAY", "0")
    monkeypatch.setenv("ATLAS_REFRESH_BACKOFF", "0")
    monkeypatch.setenv("OPENALEX_API_KEY", "test-openalex-key")
    monkeypatch.setenv("S2_API_KEY", "test-s2-key")
    monkeypatch.setenv("GITHUB_TOKEN", "test-github-token")
    try:
        yield server.replay
    finally:
        server.shutdown()
        server.server_close()
