"""JSON Schema checks: a parsed data file -> Problems naming the field and the fix.

The schemas in schemas/ are the contract. Editors use the same files (each data file names its
schema on its first line), so what an editor flags and what `make check` reports cannot disagree.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import fastjsonschema

from .problems import Problem

if TYPE_CHECKING:  # jsonschema is imported only to explain an invalid file: a build never pays for it
    from jsonschema import Draft202012Validator, ValidationError
    from referencing import Registry

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"


@cache
def _registry() -> Registry:
    from referencing import Registry, Resource

    resources = []
    for path in sorted(SCHEMA_DIR.glob("*.schema.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append((contents["$id"], Resource.from_contents(contents)))
    return Registry().with_resources(resources)


def _load_by_uri(uri: str) -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / uri.rsplit("/", 1)[1]).read_text(encoding="utf-8"))


@cache
def fast_validator(schema_name: str) -> Any:
    """The same schema compiled to Python by fastjsonschema: ~30x faster on the (common) valid file."""
    contents = json.loads((SCHEMA_DIR / f"{schema_name}.schema.json").read_text(encoding="utf-8"))
    return fastjsonschema.compile(contents, handlers={"https": _load_by_uri})


@cache
def validator(schema_name: str) -> Draft202012Validator:
    """The validator for e.g. "paper"; built once per process."""
    from jsonschema import Draft202012Validator

    contents = json.loads((SCHEMA_DIR / f"{schema_name}.schema.json").read_text(encoding="utf-8"))
    return Draft202012Validator(contents, registry=_registry())


def field_path(parts: Iterable[Any]) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _hint(subschema: Any) -> str:
    if not isinstance(subschema, dict):
        return ""
    if "x-hint" in subschema:
        return str(subschema["x-hint"])
    ref = subschema.get("$ref")
    if isinstance(ref, str):
        resolved = _registry().resolver(base_uri="https://cv-atlas.github.io/schemas/").lookup(ref)
        return _hint(resolved.contents)
    return ""


def _property_schema(schema: dict[str, Any], name: str) -> Any:
    return schema.get("properties", {}).get(name, {})


def _describe(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


_TYPE_NAMES = {
    "string": "text", "integer": "a whole number", "array": "a list", "object": "a mapping of fields",
    "boolean": "true or false", "number": "a number",
}


def _problem(display: str, error: ValidationError) -> Problem:
    where = field_path(error.absolute_path)
    kind = error.validator
    schema = error.schema if isinstance(error.schema, dict) else {}
    if kind == "required":
        match = re.match(r"^'(.+)' is a required property", error.message)
        name = match.group(1) if match else str(error.validator_value)
        full = f"{where}.{name}" if where else name
        hint = _hint(_property_schema(schema, name)) or "add it"
        return Problem(display, full, "missing required field", hint)
    if kind == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        extras = sorted(set(error.instance) - set(allowed)) if isinstance(error.instance, dict) else []
        name = extras[0] if extras else "?"
        full = f"{where}.{name}" if where else name
        close = difflib.get_close_matches(name, allowed, n=1)
        fix = f"did you mean `{close[0]}`? " if close else ""
        return Problem(display, full, "unknown field",
                       f"{fix}remove it or use one of: {', '.join(allowed)}")
    if kind == "type":
        expected = error.validator_value
        names = expected if isinstance(expected, list) else [expected]
        wanted = " or ".join(_TYPE_NAMES.get(n, n) for n in names)
        return Problem(display, where, f"must be {wanted}, found {_describe(error.instance)}",
                       _hint(schema) or f"write {wanted}")
    if kind == "minLength" and error.validator_value == 1:
        return Problem(display, where, "is empty", _hint(schema) or "write a value")
    if kind == "minItems":
        return Problem(display, where, "is an empty list", _hint(schema) or "add at least one item")
    if kind == "pattern" and isinstance(error.instance, str) and re.search(r"[\n\r]", error.instance) \
            and "\\n" in str(error.validator_value):
        return Problem(display, where, "must be a single line, found several lines",
                       "join the lines into one; put longer text in details")
    if kind in ("pattern", "enum", "const"):
        return Problem(display, where, f"{_describe(error.instance)} is not valid",
                       _hint(schema) or error.message)
    if kind == "uniqueItems":
        return Problem(display, where, "lists the same item twice", "remove the duplicate")
    if kind in ("maxLength", "maxItems"):
        return Problem(display, where, f"is too long (limit {error.validator_value})", "shorten it")
    if kind in ("minLength", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        return Problem(display, where, error.message.replace(repr(error.instance), _describe(error.instance), 1),
                       _hint(schema) or "correct the value")
    return Problem(display, where, error.message, _hint(schema) or "see the field's description in schemas/")


def check(schema_name: str, value: Any, display: str) -> list[Problem]:
    """All schema problems of one parsed file; an empty list when it conforms.

    A file that passes the compiled check is done; one that fails is validated again by jsonschema,
    which lists every error with its path (the compiled check stops at the first).
    """
    try:
        fast_validator(schema_name)(value)
        return []
    except fastjsonschema.JsonSchemaException:
        pass
    errors = validator(schema_name).iter_errors(value)
    return sorted({_problem(display, error) for error in errors})
