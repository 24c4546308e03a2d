"""Shared pieces of the command line: reading inputs, locating problems, exit codes."""

from __future__ import annotations

import argparse
import datetime as _dt
import sys
from pathlib import Path
from typing import Any

from .. import errors
from ..errors import Problem
from ..core.safetext import clean
from .parser import DEFAULT_LANG, LANGS

EXIT_OK, EXIT_REFUSED, EXIT_INVALID = 0, 1, 2


def load(args: argparse.Namespace) -> Any:
    from ..facade.policy import load_policy

    return load_policy(getattr(args, "policy", None))


def read(path: str) -> Any:
    """Read a YAML/JSON input file (or - for standard input) into a Document."""
    from ..load import loader

    if path == "-":
        raw = sys.stdin.buffer.read(loader.MAX_FILE_BYTES + 1)
        text, problems = loader.decode(raw, "<stdin>")
        if text is None:
            raise errors.InvalidInputError(problems, "<stdin>")
        doc, problems = loader.parse_yaml(text, "<stdin>")
    else:
        shown = clean(path)  # a file name is input too: it is printed in every message about the file
        doc, problems = loader.read_document(Path(path), shown, fast=True)
        path = shown
    if doc is None:
        raise errors.InvalidInputError(problems, path)
    return doc


def located(doc: Any, e: errors.InvalidInputError, prefix: str = "$") -> errors.InvalidInputError:
    """Give problems found in data (JSON paths only) the file, line and column of the source."""
    out = []
    for p in e.problems:
        path = prefix + p.path[1:] if p.path.startswith("$") else p.path
        out.append(doc.problem(p.code, p.message, path, at_key="unknown field" in p.message))
    return type(e)(out, doc.file)


def operations(doc: Any) -> list[tuple[str, Any]]:
    data = doc.data
    if isinstance(data, dict) and "operations" in data and "purpose" not in data:
        ops = data["operations"]
        if not isinstance(ops, list) or not ops:
            raise errors.InvalidInputError([doc.problem(errors.SCHEMA, "'operations' must be a non-empty list", "$.operations")], doc.file)
        extra = [k for k in data if k != "operations"]
        if extra:
            raise errors.InvalidInputError([doc.problem(errors.SCHEMA, f"unknown field {extra[0]!r} beside 'operations'", f"$.{extra[0]}", True)], doc.file)
        return [(f"$.operations[{i}]", op) for i, op in enumerate(ops)]
    return [("$", data)]




def date_arg(value: str) -> _dt.date:
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date written YYYY-MM-DD") from None


def policy_option(sp: argparse.ArgumentParser) -> None:
    sp.add_argument("--policy", metavar="DIR", help="the rules folder (default: the bundled Flex policy)")


def lang_option(sp: argparse.ArgumentParser) -> None:
    sp.add_argument("--lang", choices=LANGS, default=DEFAULT_LANG,
                    help="the language of the output: Norwegian, English or both (default: both)")


def format_option(sp: argparse.ArgumentParser, *choices: str) -> None:
    sp.add_argument("--format", choices=choices or ("text", "json"), default=(choices or ("text",))[0])
