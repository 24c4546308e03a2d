"""personvern fmt [FILES...] [--check]: rule files and manifests in their canonical layout (personvern.load.fmt)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from .. import errors
from ..core.safetext import clean
from ..errors import Problem
from . import common

_SKIP = {"node_modules", "venv", "__pycache__", "site-packages"}


def _files(args: list[str]) -> list[Path]:
    out: list[Path] = []
    for arg in args or ["."]:
        path = Path(arg)
        if path.is_dir() and not path.is_symlink():
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _SKIP)
                out += [Path(root) / n for n in sorted(names) if n.endswith((".yaml", ".yml"))]
        else:
            out.append(path)
    return out


def cmd_fmt(args: argparse.Namespace) -> int:
    from ..load import loader
    from ..load.fmt import format_yaml

    problems: list[Problem] = []
    unformatted = []
    for path in _files(args.files):
        shown = clean(str(path))
        if path.is_symlink():
            problems.append(Problem(errors.USAGE, "is a link; format the file it points to", shown))
            continue
        text, found = loader.read_text(path, shown)
        if text is None:
            problems += found
            continue
        try:
            out = format_yaml(text, shown)
        except errors.InvalidInputError as e:
            problems += e.problems
            continue
        if out == text:
            continue
        unformatted.append(shown)
        if args.check:
            print(f"{shown}: ikke i kanonisk form (not formatted)")
        else:
            path.write_text(out, encoding="utf-8")
            print(f"{shown}: formatert (formatted)")
    if problems:  # after every file that could be read was done
        raise errors.InvalidInputError(problems, "the files")
    return common.EXIT_REFUSED if args.check and unformatted else common.EXIT_OK


def register(sub: Any) -> None:
    sp = sub.add_parser("fmt", description="Rewrite YAML rule files and manifests in their canonical layout, comments kept: "
                                           "no trailing blanks, at most one blank line in a row, comments as '# ' at the "
                                           "indentation of their block, one space after 'key:' and ','. Only whitespace "
                                           "outside values changes, and the data is checked to be unchanged before a file is "
                                           "written. Keys are not reordered and block indentation is kept.")
    sp.add_argument("files", nargs="*", metavar="FILE", help="YAML files or folders (default: every .yaml/.yml below the current folder)")
    sp.add_argument("--check", action="store_true", help="change nothing; exit 1 if a file is not in canonical layout (for CI)")
    sp.set_defaults(run=cmd_fmt)
