"""The preview's catalogue (cvatlas.live) is load_catalogue's, edit after edit: the same records
when the data is valid, the same report when it is not, and paper edits never read every file;
its index (cvatlas.liveindex) is build_index's.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

import cvatlas.live
from cvatlas.catalogue import load_catalogue
from cvatlas.index import build_index
from cvatlas.live import LiveCatalogue
from cvatlas.liveindex import build_index_on_demand
from cvatlas.model import Catalogue
from cvatlas.problems import DataError


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (old, path)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _outcome(load: Callable[[], object]) -> object:
    try:
        return load()
    except DataError as error:
        return error.report()


def test_every_reload_equals_a_full_load(fixture_data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    papers = fixture_data / "papers"
    full_loads = []
    real_load = cvatlas.live.load_catalogue
    monkeypatch.setattr(cvatlas.live, "load_catalogue", lambda *a, **k: full_loads.append(1) or real_load(*a, **k))
    live = LiveCatalogue(fixture_data)
    shufflenet = (papers / "mobilenet.yaml").read_text(encoding="utf-8").replace(
        "MobileNets: Efficient", "ShuffleNet: Efficient").replace("1704.04861", "1707.01083")
    resnet = (papers / "resnet.yaml").read_text(encoding="utf-8")
    # (what, edit, read everything again?)
    steps: list[tuple[str, Callable[[], None], bool]] = [
        ("first load", lambda: None, True),
        ("a summary", lambda: _replace(papers / "resnet.yaml", "en: ", "en: Edited. "), False),
        ("a new paper", lambda: (papers / "shufflenet.yaml").write_text(shufflenet, encoding="utf-8"), False),
        ("a relation to it", lambda: _replace(papers / "mobilenet-v2.yaml", "relations:\n",
                                              "relations:\n  - type: improves\n    target: shufflenet\n"), False),
        ("its file deleted while cited", lambda: (papers / "shufflenet.yaml").unlink(), True),
        ("it comes back", lambda: (papers / "shufflenet.yaml").write_text(shufflenet, encoding="utf-8"), True),
        ("a duplicate arXiv id", lambda: _replace(papers / "shufflenet.yaml", "1707.01083", "1801.04381"), True),
        ("fixed", lambda: _replace(papers / "shufflenet.yaml", "1801.04381", "1707.01083"), True),
        ("an editor's swap file", lambda: (papers / ".resnet.yaml.swp").write_bytes(b"\0"), False),
        ("the template", lambda: (papers / "TEMPLATE.yaml").write_text("# nothing\n", encoding="utf-8"), False),
        ("broken YAML", lambda: (papers / "resnet.yaml").write_text("title: [broken", encoding="utf-8"), True),
        ("restored", lambda: (papers / "resnet.yaml").write_text(resnet, encoding="utf-8"), True),
        ("a vocabulary", lambda: _replace(fixture_data / "tags.yaml", "en: Lightweight", "en: Light"), True),
        ("a topic left empty", lambda: _replace(papers / "resnet.yaml", "topics: [backbones", "topics: [efficient"),
         False),
    ]
    for what, change, reads_all in steps:
        change()
        before = len(full_loads)
        got = _outcome(live.reload)
        assert got == _outcome(lambda: load_catalogue(fixture_data)), what
        if reads_all or isinstance(got, str):
            assert len(full_loads) > before, f"{what}: a full load was expected"
        else:
            assert len(full_loads) == before, f"{what}: only the changed files should have been read"
    assert live.catalogue is not None and "shufflenet" in live.catalogue.papers


def test_a_broken_state_keeps_the_last_good_catalogue(fixture_data: Path) -> None:
    live = LiveCatalogue(fixture_data)
    good = live.reload()
    (fixture_data / "papers" / "resnet.yaml").write_text("title: [broken", encoding="utf-8")
    with pytest.raises(DataError):
        live.reload()
    assert live.catalogue is good


def test_paper_order_follows_the_file_names(fixture_data: Path, tmp_path: Path) -> None:
    live = LiveCatalogue(fixture_data)
    live.reload()
    shutil.copy(fixture_data / "papers" / "mobilenet.yaml", fixture_data / "papers" / "a-first.yaml")
    _replace(fixture_data / "papers" / "a-first.yaml", "1704.04861", "1707.01083")
    _replace(fixture_data / "papers" / "a-first.yaml", "MobileNets:", "Xception:")
    assert list(live.reload().papers) == list(load_catalogue(fixture_data).papers)


def test_the_index_on_demand_is_build_index(catalogue: Catalogue) -> None:
    lazy = build_index_on_demand(catalogue)
    assert lazy.related["resnet"] == build_index(catalogue).related["resnet"]
    assert lazy == build_index(catalogue)
    assert len(lazy.related) == len(catalogue.papers) and "no-such-paper" not in lazy.related
    with pytest.raises(KeyError):
        lazy.related["no-such-paper"]
