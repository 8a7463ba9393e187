"""Reading data files safely: bytes on disk -> plain Python values, or a Problem.

Data comes from pull requests, so the reader refuses what YAML would otherwise accept silently:
files that are huge or not UTF-8, tabs in indentation, duplicate keys, and anchors/aliases
(an "anchor bomb" expands a few lines into gigabytes once anything walks the tree).
Timestamps stay strings ("2022-07"), so dates round-trip exactly as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.resolver import Resolver

from .problems import Problem
from .schema import field_path

try:  # libyaml is ~10x faster; the pure-Python parser gives the same results
    from yaml.cyaml import CParser as _Parser
except ImportError:  # pragma: no cover - depends on the PyYAML wheel
    from yaml.parser import Parser as _Parser  # type: ignore[assignment]

MAX_FILE_BYTES = 256 * 1024
# Raw control characters other than tab, line feed and carriage return; NEL (U+0085) too, which YAML
# would silently read as a line break.
_MARKER = "\ue000"
_RAW_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class _AtlasResolver(Resolver):
    """The YAML 1.1 resolver without timestamps: `as_of: 2022-07-16` stays a string."""


_AtlasResolver.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in Resolver.yaml_implicit_resolvers.items()
}


class _AtlasConstructor(SafeConstructor):
    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in seen:
                raise ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


if _Parser is not yaml.parser.Parser:

    class _Loader(_Parser, _AtlasConstructor, _AtlasResolver):  # type: ignore[misc,valid-type]
        def __init__(self, stream: str) -> None:
            _Parser.__init__(self, stream)
            _AtlasConstructor.__init__(self)
            _AtlasResolver.__init__(self)

else:  # pragma: no cover

    class _Loader(  # type: ignore[no-redef]
        yaml.reader.Reader, yaml.scanner.Scanner, _Parser, Composer, _AtlasConstructor, _AtlasResolver
    ):
        def __init__(self, stream: str) -> None:
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            _Parser.__init__(self)
            Composer.__init__(self)
            _AtlasConstructor.__init__(self)
            _AtlasResolver.__init__(self)


def _has_alias(node: yaml.Node) -> bool:
    """True when one node object is reachable twice, which is exactly what an alias produces."""
    seen: set[int] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            return True
        seen.add(id(current))
        if isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                stack.extend((key, value))
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
    return False


def _tab_indented_line(text: str) -> int | None:
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.lstrip(" ")
        if stripped.startswith("\t"):
            return number
    return None


def strings_of(value: Any, parts: tuple[Any, ...] = ()) -> Iterator[tuple[str, str]]:
    """Every string of a parsed file, keys included, with its field path ("summary.en", "authors[2]")."""
    if isinstance(value, str):
        yield field_path(parts), value
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str):
                yield from strings_of(key, parts)
            yield from strings_of(item, (*parts, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from strings_of(item, (*parts, index))


def _field_at(text: str, offset: int) -> str:
    """The field whose text holds the character at `offset`, found by parsing the file with every raw
    control character replaced by a marker; "" when the file does not parse even so.
    """
    marked = _RAW_CONTROL.sub(lambda m: _MARKER if m.start() == offset else " ", text)
    loader = _Loader(marked)
    try:
        value = loader.get_single_data()
    except yaml.YAMLError:
        return ""
    finally:
        loader.dispose()
    return next((where for where, string in strings_of(value) if _MARKER in string), "")


def read_yaml(path: Path, display: str) -> tuple[Any, Problem | None]:
    """Read one YAML file. Returns (value, None) or (None, problem); `display` names the file."""
    try:
        size = path.stat().st_size
    except OSError as error:
        return None, Problem(display, "", f"cannot read the file ({error.strerror})")
    if size > MAX_FILE_BYTES:
        return None, Problem(
            display,
            "",
            f"the file is {size // 1024} KB, over the {MAX_FILE_BYTES // 1024} KB limit for one data file",
            "keep one paper per file and key points short; move long texts out of data/",
        )
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, Problem(
            display, "", f"the file is not valid UTF-8 (byte {error.start}, line {line})",
            "save the file as UTF-8 (without BOM)",
        )
    text = text.removeprefix("\ufeff")
    tab_line = _tab_indented_line(text)
    if tab_line is not None:
        return None, Problem(
            display, "", f"line {tab_line} is indented with a tab", "indent YAML with spaces only"
        )
    control = _RAW_CONTROL.search(text)
    if control:  # YAML refuses them too, with a message that names neither the character nor the line
        line = text.count("\n", 0, control.start()) + 1
        column = control.start() - (text.rfind("\n", 0, control.start()) + 1) + 1
        return None, Problem(display, _field_at(text, control.start()),
                             f"the file contains the control character U+{ord(control.group()):04X} "
                             f"at line {line}, column {column}",
                             "delete it (retype the text around it if you cannot see it)")
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        if _has_alias(node):
            return None, Problem(
                display, "", "YAML anchors and aliases (&name, *name) are not allowed in data files",
                "write each value out in full",
            )
        return loader.construct_document(node), None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        reason = error.problem or error.context or "invalid YAML"
        return None, Problem(display, "", f"YAML syntax error{where}: {reason}",
                             "check indentation, colons and quotes on that line")
    except yaml.YAMLError as error:
        return None, Problem(display, "", f"YAML error: {error}", "check the file's syntax")
    finally:
        loader.dispose()
