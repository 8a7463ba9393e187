"""Shared fixtures: data trees, the real catalogue, one real build of the whole site, and the local
server of recorded API answers (tests/replay.py) for the refresh and import tests.

The site is built once per test session, exactly as `make build` does, under a sub-path
(/cv-atlas/) as on GitHub Pages, and served on localhost for the browser tests.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from cvatlas.catalogue import load_catalogue
from cvatlas.model import Catalogue
from tools.build import build_site

from .replay import Replay, serve_replay

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_DATA = ROOT / "tests" / "fixtures" / "data"
SUBPATH = "cv-atlas"


def copy_fixture_tree(target: Path) -> Path:
    """A small valid data tree in `target`/data; vocabularies shared with data/ are copied fresh."""
    data = target / "data"
    shutil.copytree(FIXTURE_DATA, data)
    for name in ("relations.yaml", "venues.yaml", "ui/ko.yaml", "ui/en.yaml"):
        (data / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "data" / name, data / name)
    return data


@pytest.fixture
def fixture_data(tmp_path: Path) -> Path:
    return copy_fixture_tree(tmp_path)


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_catalogue(ROOT / "data")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass(frozen=True)
class BuiltSite:
    root: Path  # the site's root directory (holds index.html, ko/, en/)
    www: Path  # the directory served, which contains root as /cv-atlas/
    port: int
    site_url: str  # what the site was built for: http://127.0.0.1:<port>/cv-atlas/

    def page(self, lang: str, path: str = "") -> Path:
        """The HTML file of a page URL such as ("ko", "papers/resnet/")."""
        target = self.root / lang / path
        return target / "index.html" if path == "" or path.endswith("/") else target

    def html(self, lang: str, path: str = "") -> str:
        return self.page(lang, path).read_text(encoding="utf-8")

    def url(self, lang: str, path: str = "") -> str:
        return f"{self.site_url}{lang}/{path}"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    port = _free_port()
    site_url = f"http://127.0.0.1:{port}/{SUBPATH}/"
    www = tmp_path_factory.mktemp("www")
    root = www / SUBPATH
    assert build_site(root, ROOT / "data", site_url) == 0, "the real site must build"
    return BuiltSite(root, www, port, site_url)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def served_site(built_site: BuiltSite) -> Iterator[BuiltSite]:
    """The built site on http://127.0.0.1:<port>/cv-atlas/, like a static host."""
    handler = functools.partial(_QuietHandler, directory=str(built_site.www))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", built_site.port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield built_site
    server.shutdown()
    server.server_close()


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


# ---------------------------------------------------------------- recorded API answers (tests/replay.py)


@pytest.fixture
def replay(monkeypatch: pytest.MonkeyPatch) -> Iterator[Replay]:
    with serve_replay(monkeypatch) as server:
        yield server


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Every time.sleep asked for (Retry-After, pacing), without sleeping."""
    asked: list[float] = []
    monkeypatch.setattr(time, "sleep", asked.append)
    return asked
