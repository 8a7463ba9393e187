"""config/base.yml read outside MkDocs (by the benchmark and the tests), with its !ENV and python
tags ignored: they only matter to MkDocs itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

CONFIG_DIR = Path(__file__).resolve().parent.parent / "config"


class _IgnoreTags(yaml.SafeLoader):
    pass


_IgnoreTags.add_multi_constructor("", lambda loader, suffix, node: None)


def atlas_settings(config_dir: Path = CONFIG_DIR) -> dict[str, Any]:
    """The atlas's own settings (extra.atlas): repository, branch, hand-written pages."""
    config: dict[str, Any] = yaml.load((config_dir / "base.yml").read_text(encoding="utf-8"), Loader=_IgnoreTags)
    return config["extra"]["atlas"]


def handwritten_pages(config_dir: Path = CONFIG_DIR) -> dict[str, list[str]]:
    """The hand-written pages of the navigation, by section (extra.atlas.handwritten)."""
    return atlas_settings(config_dir)["handwritten"]
