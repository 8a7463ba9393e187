"""Editing the YAML files people write: text in -> the same text with a few values changed.

ruamel.yaml in round-trip mode keeps comments, key order, quoting and line breaks, so the diff of an
edit touches only the lines of the values that changed. The settings are those of data/papers/
(mappings indented by 2, sequences by 2 with `- ` at 2, long lines never re-wrapped); a file is
edited only when loading and dumping it unchanged gives back its exact bytes, so a file written in
another style is reported and left alone rather than reformatted.

ruamel attaches a comment to the value *before* it, so inserting or deleting a key would carry the
comment that introduces the next key along; the helpers below move that comment so that it stays
in front of the key it describes.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedBase, CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.tokens import CommentToken

# (mapping, sequence, offset): the data files' style first, then the common alternatives.
INDENTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4))


class NotRoundTrippableError(ValueError):
    """The file would not come back byte for byte, so it is not edited automatically."""


def make_yaml(indent: tuple[int, int, int] = INDENTS[0]) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 1 << 16  # never re-wrap a long title or summary
    mapping, sequence, offset = indent
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    # Data files may not hold anchors (cvatlas.yamlio refuses them): one date object written in two
    # places must be written out twice, not as &id001 and *id001.
    yaml.representer.ignore_aliases = lambda data: True
    return yaml


def dump(yaml: YAML, data: Any) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def load_exact(text: str) -> tuple[YAML, Any]:
    """The document and the YAML settings under which it dumps back to exactly `text`."""
    for indent in INDENTS:
        yaml = make_yaml(indent)
        data = yaml.load(text)
        if dump(yaml, data) == text:
            return yaml, data
    raise NotRoundTrippableError("loading and writing it back unchanged does not give the same text")


# ---------------------------------------------------------------- comments after a value


def _is_block(value: Any) -> bool:
    return isinstance(value, (CommentedMap, CommentedSeq)) and len(value) > 0 and not value.fa.flow_style()


def _slot_index(node: CommentedBase) -> int:
    # ca.items[key] holds [.., .., after value, ..] for a mapping and [after item, ..] for a sequence.
    return 2 if isinstance(node, CommentedMap) else 0


def _slots(node: Any) -> list[tuple[CommentedBase, Any]]:
    """Where a comment after the last line of `node` may be attached, outermost first."""
    path: list[tuple[CommentedBase, Any]] = []
    while _is_block(node):
        last = next(reversed(node)) if isinstance(node, CommentedMap) else len(node) - 1
        path.append((node, last))
        node = node[last]
    return path


def _take_after(holder: CommentedBase, key: Any) -> str:
    """Remove and return the comment lines after an entry's value (its own end-of-line comment stays)."""
    taken = ""
    value = holder[key]
    for node, slot in [(holder, key), *_slots(value)]:
        entry = node.ca.items.get(slot)
        index = _slot_index(node)
        if not entry or entry[index] is None:
            continue
        text = entry[index].value
        own_line, newline, rest = text.partition("\n")
        if own_line.strip():  # an end-of-line comment belongs to its line
            entry[index].value = own_line + newline
            taken += rest
        else:
            entry[index] = None
            taken += rest
    return taken


def _put_after(holder: CommentedBase, key: Any, lines: str) -> None:
    """Attach comment lines after an entry's value (at its deepest last line)."""
    if not lines:
        return
    node, slot = ([(holder, key), *_slots(holder[key])])[-1]
    index = _slot_index(node)
    entry = node.ca.items.setdefault(slot, [None, None, None, None])
    if entry[index] is None:
        entry[index] = CommentToken("\n" + lines, CommentMark(0), None)
    else:
        entry[index].value = entry[index].value.rstrip("\n") + "\n" + lines


# ---------------------------------------------------------------- edits


def set_value(mapping: CommentedMap, key: str, value: Any) -> bool:
    """Set an existing or new key (new keys go last); True when the file changes."""
    if key in mapping:
        if mapping[key] == value and type(mapping[key]) is type(value):
            return False
        mapping[key] = value
        return True
    insert(mapping, key, value)
    return True


def insert(mapping: CommentedMap, key: str, value: Any, before: str | None = None) -> None:
    """Add a key before another one (or last), keeping each comment in front of the key it introduces."""
    keys = list(mapping)
    position = keys.index(before) if before in mapping else len(keys)
    previous = keys[position - 1] if position > 0 else None
    moved = _take_after(mapping, previous) if previous is not None else ""
    mapping.insert(position, key, value)
    _put_after(mapping, key, moved)


def delete(mapping: CommentedMap, key: str, note: str | None = None) -> None:
    """Remove a key, keeping the comments around it (and leaving `note` as a comment in its place)."""
    keys = list(mapping)
    position = keys.index(key)
    entry = mapping.ca.items.get(key)
    before = ""
    if entry and entry[1]:  # comment lines ruamel attached in front of the key
        before = "".join(token.value for token in entry[1])
    after = _take_after(mapping, key)
    lines = before + (f"# {note}\n" if note else "") + after
    del mapping[key]
    mapping.ca.items.pop(key, None)
    if position == 0:
        mapping.yaml_set_start_comment(lines.rstrip("\n"))
        return
    previous = keys[position - 1]
    _put_after(mapping, previous, lines)


def replace_items(seq: CommentedSeq, values: Iterable[Any]) -> None:
    """Replace a sequence's items, keeping the comment after its last item after the new last item."""
    moved = _take_after(seq, len(seq) - 1) if len(seq) else ""
    seq.clear()
    for index in list(seq.ca.items):
        seq.ca.items.pop(index)
    seq.extend(values)
    if len(seq):
        _put_after(seq, len(seq) - 1, moved)


# ---------------------------------------------------------------- files


def write_atomic(path: Path, text: str) -> None:
    """Replace `path` all at once: readers see the old file or the new one, never half of it."""
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        if path.exists():
            os.chmod(temp, path.stat().st_mode & 0o777)
        else:
            os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
