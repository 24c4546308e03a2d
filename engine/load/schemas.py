"""Validate documents against the JSON Schemas in schemas/, one problem per error at its source position."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .. import errors
from ..errors import Problem, json_path
from .document import Document

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # personvern/ (engine/ in a source checkout or a strict editable install)
SCHEMA_DIR = PACKAGE_DIR / "schemas"
if not SCHEMA_DIR.is_dir():  # editable install / source checkout: schemas/ beside engine/
    SCHEMA_DIR = PACKAGE_DIR.parent / "schemas"

_schemas: dict[str, Any] = {}


def schema(name: str) -> dict[str, Any]:
    if name not in _schemas:
        _schemas[name] = json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
    result: dict[str, Any] = _schemas[name]
    return result


def validate(doc: Document, schema_name: str, schema_override: dict[str, Any] | None = None) -> list[Problem]:
    """Validate a document against a schema; one problem per error, at its source position."""
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match  # noqa: F401  (keeps jsonschema's import complete)

    sch = schema_override or schema(schema_name)
    validator = Draft202012Validator(sch, format_checker=Draft202012Validator.FORMAT_CHECKER)
    problems: list[Problem] = []
    for err in sorted(validator.iter_errors(doc.data), key=lambda e: (list(map(str, e.absolute_path)), e.message)):
        problems.extend(_schema_problems(doc, err))
    return _dedupe(problems)


def _schema_problems(doc: Document, err: Any) -> list[Problem]:
    path = list(err.absolute_path)
    jp = json_path(path)
    if err.validator == "additionalProperties" and isinstance(err.instance, dict):
        allowed = set(err.schema.get("properties", {}))
        extra = [k for k in err.instance if k not in allowed]
        known = ", ".join(sorted(allowed))
        return [
            doc.problem(errors.SCHEMA, f"unknown field {k!r}; allowed here: {known}{errors.suggest(k, allowed, listed=False)}", json_path(path + [k]), at_key=True)
            for k in extra
        ]
    if err.validator in ("anyOf", "oneOf") and err.context:
        # Report the branch that got furthest, the most useful message for a person.
        deepest = max(err.context, key=lambda e: len(list(e.absolute_path)))
        if len(list(deepest.absolute_path)) > len(path):
            return _schema_problems(doc, deepest)
    message = err.message
    if err.validator == "enum":
        options = ", ".join(map(str, err.validator_value[:40]))
        message = f"{err.instance!r} is not a known term here; expected one of: {options}{errors.suggest(err.instance, map(str, err.validator_value), listed=False)}"
    elif err.validator == "required":
        message = err.message.replace("is a required property", "is required but missing")
    elif err.validator in ("maxLength", "maxItems", "maxProperties") and hasattr(err.instance, "__len__"):
        unit = {"maxLength": "characters", "maxItems": "items", "maxProperties": "fields"}[err.validator]
        message = f"{len(err.instance)} {unit}; the limit is {err.validator_value}"
    if len(message) > 300:  # jsonschema quotes the whole value: never a megabyte in a message
        message = message[:297] + "..."
    code = errors.UNKNOWN_TERM if err.validator == "enum" else errors.SCHEMA
    return [doc.problem(code, message, jp)]


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen: set[tuple[Any, ...]] = set()
    out = []
    for p in problems:
        k = (p.code, p.message, p.path)
        if k not in seen:
            seen.add(k)
            out.append(p)
    return out
