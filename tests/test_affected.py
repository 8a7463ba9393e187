"""What an edit touches (cvatlas.affected), checked against the real site: after each kind of
edit of a copy of data/, every output whose text changed was among those listed to render again,
and the edited paper's own page comes first.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from cvatlas.affected import affected, changes
from cvatlas.catalogue import load_catalogue
from cvatlas.index import build_index
from cvatlas.model import Catalogue
from cvatlas.pages import render_site
from cvatlas.textcheck import cited_keys

from .conftest import ROOT

LANG = "en"


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (old, path)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _leaf(cat: Catalogue) -> str:
    """A paper nothing depends on: no relations to or from it, never cited, in no glossary or note."""
    cited = {key for p in cat.papers.values() for text in (p.details or {}).values() for key in cited_keys(text)}
    targets = {r.target for p in cat.papers.values() for r in p.relations}
    listed = {pid for term in cat.glossary for pid in term.papers} | {e.paper for n in cat.notes for e in n.entries}
    return next(pid for pid, p in cat.papers.items()
                if not p.relations and not p.results and pid not in cited | targets | listed)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    return tmp_path / "data"


def test_every_changed_output_is_listed(data: Path) -> None:
    papers = data / "papers"
    cat = load_catalogue(data)
    leaf = _leaf(cat)
    copy = (papers / "mobilenet-v2.yaml").read_text(encoding="utf-8")
    copy = copy.replace('"1801.04381"', '"1801.09999"').replace("Inverted Residuals", "Inverted Residual Twins")
    copy = copy.replace("doi: 10.1109/CVPR.2018.00474\n", "")
    steps: dict[str, Callable[[], None]] = {
        "summary": lambda: _replace(papers / "resnet.yaml", "en: ", "en: Edited. "),
        "name and tags": lambda: [_replace(papers / "mobilenet-v2.yaml", old, new) for old, new in (
            ("name: MobileNetV2", "name: MobileNetV2b"),
            ("tags: [lightweight, depthwise-separable, residual]", "tags: [lightweight, depthwise-separable]"))],
        "year (related lists, timeline)": lambda: _replace(papers / "vgg.yaml", "year: 2014", "year: 2013"),
        "title (cited in other papers' key points)": lambda: _replace(papers / "batch-norm.yaml", 'title: "',
                                                                      'title: "Edited '),
        "a relation": lambda: _replace(papers / f"{leaf}.yaml", "added:", "relations:\n  - type: uses\n"
                                       "    target: resnet\nadded:"),
        "a result": lambda: _replace(papers / "resnet.yaml", "value: 77.1", "value: 77.3"),
        "a new paper": lambda: (papers / "mobilenet-v2-twin.yaml").write_text(copy, encoding="utf-8"),
        "a paper deleted": lambda: (papers / "mobilenet-v2-twin.yaml").unlink(),
    }
    old = cat
    old_ix = build_index(old)
    before = {o.path: o.content for o in render_site(old, LANG, index=old_ix)}
    for what, change in steps.items():
        change()
        try:
            new = load_catalogue(data)
        except Exception as error:  # the edit itself must be valid, or this proves nothing
            pytest.fail(f"{what}: {error}")
        new_ix = build_index(new)
        after = {o.path: o.content for o in render_site(new, LANG, index=new_ix)}
        change_set = changes(old, new)
        assert change_set.papers and not change_set.other, what
        cited_by: dict[str, set[str]] = {}
        for path, text in before.items():
            for key in cited_keys(text):
                cited_by.setdefault(key, set()).add(path)
        old_refs = render_references(old)
        new_refs = render_references(new)
        touched = affected(old, old_ix, new, new_ix, change_set, cited_by,
                           {pid for pid in old_refs.keys() | new_refs.keys() if old_refs.get(pid) != new_refs.get(pid)})
        changed = {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}
        missed = changed - touched.first - touched.then
        assert missed == set(), f"{what}: changed but not listed: {sorted(missed)}"
        for pid in change_set.papers:
            if pid in new.papers:
                assert f"papers/{pid}.md" in touched.first, what
        old, old_ix, before = new, new_ix, after


def render_references(cat: Catalogue) -> dict[str, str]:
    from cvatlas.pages import formatted_references

    return formatted_references(cat)
