"""A build that outlives its platform: ProperDocs (the maintained fork of MkDocs 1.x) builds the
same site from the same configuration, hook and plugins, file for file.

The one difference, normalised here and listed in the README: the generator tag in each page's
head names the builder (overrides/main.html writes `mkdocs-{{ mkdocs_version }}`, which ProperDocs
fills with "ProperDocs 1.6.7").
"""

from __future__ import annotations

import re
from pathlib import Path

from tools.build import build_site

from .conftest import ROOT, BuiltSite

GENERATOR = re.compile(rb'<meta name="generator" content="mkdocs-(?:ProperDocs )?[0-9.]+, mkdocs-material">')


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_properdocs_builds_the_same_site(built_site: BuiltSite, tmp_path: Path) -> None:
    site = tmp_path / "properdocs"
    assert build_site(site, ROOT / "data", built_site.site_url, builder="properdocs") == 0
    mkdocs, properdocs = files(built_site.root), files(site)
    assert sorted(properdocs) == sorted(mkdocs)
    html = [name for name in mkdocs if name.endswith(".html") and name.split("/")[0] in ("ko", "en")]
    assert all(b'content="mkdocs-ProperDocs 1.6.7, mkdocs-material"' in properdocs[name] for name in html)
    different = [name for name in mkdocs
                 if GENERATOR.sub(b"", mkdocs[name]) != GENERATOR.sub(b"", properdocs[name])]
    assert different == []
