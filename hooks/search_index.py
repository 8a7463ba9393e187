r"""Material writes its search index with every non-ASCII character escaped (\\uXXXX, six bytes for
one Korean syllable that UTF-8 stores in three). Re-serialising it as UTF-8 without spaces keeps
exactly the same data and cuts the Korean index by about 40 %; browsers parse both the same way.
"""

from __future__ import annotations

import json
from pathlib import Path


def compact(path: Path) -> None:
    if not path.is_file():
        return
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
