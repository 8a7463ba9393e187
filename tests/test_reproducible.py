"""Two builds of the same commit are byte-identical (sorted collections, SOURCE_DATE_EPOCH)."""

from __future__ import annotations

from pathlib import Path

from tools.build import build_site

from .conftest import BuiltSite

ROOT = Path(__file__).resolve().parent.parent


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(built_site: BuiltSite, tmp_path: Path) -> None:
    again = tmp_path / "again"
    assert build_site(again, ROOT / "data", built_site.site_url) == 0
    first, second = files(built_site.root), files(again)
    assert sorted(first) == sorted(second)
    different = [name for name in first if first[name] != second[name]]
    assert different == []
