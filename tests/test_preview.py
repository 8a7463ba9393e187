"""`make serve` shows what `make build` would build: after every edit, the served site equals a
clean build of the same data, file by file (pages, downloads, feeds, search index, sitemap).

One preview (tools/serve.py) runs on a scratch copy of the fixture data, with hand-written stub
pages (one citing a paper), and goes through a series of edits: a summary, a title (whose
reference pages cite), a new relation, a new paper file, a broken file (the last good preview
stays, the report names the file), deleting the paper file, a hand-written page's title (every
page's navigation). After each, once the preview has settled, the same data is built cleanly.

Normalised, because a development server must differ: MkDocs injects its live-reload script
before </body> of every page it serves; nothing else is normalised.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tools.build import build_site, source_date_epoch

from .conftest import ROOT, _free_port, copy_fixture_tree
from .test_bad_input import shutil_copy_config

LIVERELOAD = re.compile(rb"<script>\nvar livereload = function\(epoch, requestId\) \{.*?</script>(?=</body>)", re.S)
SETTLE_TIMEOUT = 240


@dataclass
class Preview:
    process: subprocess.Popen
    port: int
    data: Path
    docs: Path
    config: Path
    work: Path

    @property
    def public(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def get(self, path: str) -> tuple[int, bytes]:
        try:
            with urllib.request.urlopen(self.public + path.lstrip("/"), timeout=60) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def status(self) -> dict:
        return json.loads(self.get("/_preview/status")[1])

    def settle(self) -> dict:
        deadline = time.monotonic() + SETTLE_TIMEOUT
        while time.monotonic() < deadline:
            assert self.process.poll() is None, "the preview stopped"
            try:
                status = self.status()
            except (OSError, ValueError):
                status = {}
            if status.get("settled") or status.get("error"):
                time.sleep(0.3)  # an event may still be on its way from the file system
                again = self.status()
                if again.get("settled") == status.get("settled") and again.get("batch") == status.get("batch"):
                    return again
            time.sleep(0.1)
        raise AssertionError(f"the preview did not settle: {self.status()}")


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Preview]:
    work = tmp_path_factory.mktemp("preview")
    data = copy_fixture_tree(work)
    config, docs = work / "config", work / "docs"
    shutil_copy_config(config, docs)
    for lang in ("ko", "en"):  # a hand-written page with a citation and an abbreviation
        (docs / lang / "about.md").write_text("# About\n\nSee MobileNet[@mobilenet], a CNN.\n", encoding="utf-8")
    port = _free_port()
    env = dict(os.environ, SOURCE_DATE_EPOCH=source_date_epoch())  # the sitemap's dates, as the build's
    process = subprocess.Popen(
        [sys.executable, "-m", "tools.serve", "--port", str(port), "--data", str(data), "--docs", str(docs),
         "--cache", str(work / "cache")],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=(work / "serve.log").open("wb"))
    session = Preview(process, port, data, docs, config, work)
    try:
        session.settle()
        yield session
    finally:
        process.terminate()
        process.wait(timeout=30)


def site_files(root: Path) -> dict[str, Path]:
    return {p.relative_to(root).as_posix(): p for p in sorted(root.rglob("*")) if p.is_file()}


def url_of(relative: str) -> str:
    return relative[: -len("index.html")] if relative.endswith("index.html") else relative


def differences(preview: Preview, site: Path) -> list[str]:
    """Every file of the clean build that the preview serves differently (or not at all)."""
    found = []
    for lang in ("ko", "en"):
        for relative, path in site_files(site / lang).items():
            if relative == "sitemap.xml.gz":  # the same sitemap.xml, compressed with its own time stamp
                continue
            status, body = preview.get(f"/{lang}/{url_of(relative)}")
            if relative.endswith(".html"):
                body = LIVERELOAD.sub(b"", body)
            if status != 200 or body != path.read_bytes():
                found.append(f"{lang}/{relative} ({status})")
    return found


def clean_build(preview: Preview, name: str) -> Path:
    site = preview.work / name
    assert build_site(site, preview.data, preview.public, config_dir=preview.config) == 0
    return site


def edit(path: Path, old: str, new: str) -> Callable[[], None]:
    def apply() -> None:
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {path}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return apply


NEW_PAPER = """title: "ShuffleNet: An Extremely Efficient Convolutional Neural Network for Mobile Devices"
name: ShuffleNet
authors: [Xiangyu Zhang, Xinyu Zhou, Mengxiao Lin, Jian Sun]
year: 2017
arxiv: "1707.01083"
topics: [efficient]
tags: [lightweight]
summary:
  ko: 채널 셔플로 그룹 합성곱 사이에 정보를 섞는 경량 네트워크.
  en: A light network that mixes information between group convolutions with a channel shuffle.
details:
  ko: |
    - MobileNetV2[@mobilenet-v2]와 비교된다.
  en: |
    - Compared with MobileNetV2[@mobilenet-v2].
relations:
  - type: improves
    target: mobilenet
added: 2026-01-04
translation: {ko: "00000001", en: "00000001"}
"""


def test_every_edit_shows_as_a_clean_build_would_build_it(preview: Preview) -> None:
    papers = preview.data / "papers"
    new_paper = papers / "shufflenet.yaml"
    mobilenet = papers / "mobilenet.yaml"
    relation = "relations:\n  - type: uses\n    target: resnet\nadded:"
    steps: list[tuple[str, Callable[[], None]]] = [
        ("the first preview", lambda: None),
        ("a summary", edit(papers / "resnet.yaml", "en: ", "en: Edited in the preview. ")),
        ("a title that other pages cite", edit(mobilenet, 'title: "MobileNets:', 'title: "MobileNets v1:')),
        ("a relation", edit(mobilenet, "added:", relation)),
        ("a new paper file", lambda: new_paper.write_text(NEW_PAPER, encoding="utf-8")),
        ("the paper file deleted", new_paper.unlink),
        ("a hand-written page's title", lambda: [edit(preview.docs / lang / "about.md", "# About", "# About us")()
                                                 for lang in ("ko", "en")]),
    ]
    for index, (what, change) in enumerate(steps):
        change()
        status = preview.settle()
        assert status["error"] is None, status["error"]
        site = clean_build(preview, f"site-{index}")
        assert differences(preview, site) == [], f"after {what}"
        if what == "the paper file deleted":
            for lang in ("ko", "en"):
                assert preview.get(f"/{lang}/papers/shufflenet/")[0] == 404
                assert preview.get(f"/{lang}/papers/shufflenet.bib")[0] == 404


def test_a_broken_edit_keeps_the_last_good_preview_and_names_the_problem(preview: Preview) -> None:
    page = "/en/papers/resnet/"
    before = LIVERELOAD.sub(b"", preview.get(page)[1])
    paper = preview.data / "papers" / "resnet.yaml"
    good = paper.read_text(encoding="utf-8")
    paper.write_text(good.replace("year: 2015", "year: 2999"), encoding="utf-8")
    status = preview.settle()
    assert status["error"] and "papers/resnet.yaml: year: 2999 is in the future" in status["error"]
    assert LIVERELOAD.sub(b"", preview.get(page)[1]) == before
    assert "2999 is in the future" in (preview.work / "serve.log").read_text(encoding="utf-8")
    paper.write_text(good, encoding="utf-8")
    assert preview.settle()["error"] is None
