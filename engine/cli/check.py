"""personvern check [FILES...]: a code base's processing declarations against the policy.

Exit codes: 0 clean (conditional activities included: their conditions are printed),
1 findings (a refused activity, an invalid declaration, one that cannot be checked
statically), 2 an input that cannot be read or parsed, or bad usage.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import sys
from pathlib import Path
from typing import Any

from ..core.safetext import clean
from . import common

FORMATS = ("text", "json", "sarif", "junit", "github")
_MANIFEST_LIKE = (".yaml", ".yml", ".json")


def cmd_check(args: argparse.Namespace) -> int:
    from .. import errors
    from ..check import findings
    from ..check import declarations, manifest
    from ..errors import Problem

    policy = common.load(args)
    targets: list[tuple[Path, str, Path]] = []  # (file, as shown, the repository it must stay in)
    here = Path.cwd()
    for arg in args.files or ["."]:
        path = Path(arg)
        if path.is_dir() and not path.is_symlink():
            targets += [(p, clean(_display(p)), path) for p in manifest.discover(path)]
        else:  # a file named on the command line belongs to the current folder, or else to its own folder
            full = os.path.abspath(path)
            targets.append((path, clean(arg), here if os.path.commonpath([full, str(here)]) == str(here) else Path(full).parent))
    sources = []
    for path, shown, root in targets:
        if manifest.outside(path, root) and path.is_file():  # a device or a pipe is refused by the reader, unread too
            problem = Problem(errors.PATH_ESCAPE, "en lenke som peker ut av depotet; ikke lest "
                                                  "(a link that points outside the repository; not read)", shown)
            sources.append(declarations.SourceFile(shown, "manifest", (), (problem,), True))
        elif path.suffix == ".py" or path.suffix in _MANIFEST_LIKE or not path.exists():
            sources.append(manifest.read_source(path, shown))
        else:
            problem = Problem(errors.USAGE, "not a manifest (.yaml, .yml, .json) or a Python file (.py)", shown)
            sources.append(declarations.SourceFile(shown, "manifest", (), (problem,), True))
    checked = manifest.check(policy, sources, _dt.date.today())
    report = findings.build_report(policy, sources, checked)
    fmt = args.format
    if fmt == "json":
        print(json.dumps(findings.to_json(report), ensure_ascii=False, indent=2))
    elif fmt == "sarif":
        from .. import __version__

        base = Path.cwd().as_uri().rstrip("/") + "/"
        print(json.dumps(findings.to_sarif(report, __version__, base), ensure_ascii=False, indent=2))
    elif fmt == "junit":
        print(findings.to_junit(report))
    elif fmt == "github":
        print(findings.to_github(report))
    else:
        color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        print(findings.render_text(report, color))
        if not checked and not report.findings:
            print("ingen deklarasjoner funnet (no declarations found)", file=sys.stderr)
    if report.unreadable:
        return common.EXIT_INVALID
    return common.EXIT_REFUSED if report.errors else common.EXIT_OK


def _display(p: Path) -> str:
    try:
        return str(p.relative_to(Path.cwd()))
    except ValueError:
        return str(p)


def register(sub: Any) -> None:
    sp = sub.add_parser(
        "check", description="Validate every processing declaration and decide on it with runtime facts unknown. "
                    "Without FILES: manifests (personvern.yaml, *.personvern.yaml, personvern/*.yaml) and Python "
                    "files below the current folder.")
    sp.add_argument("files", nargs="*", metavar="FILE", help="manifests, Python files or folders (default: the current folder)")
    common.policy_option(sp)
    sp.add_argument("--format", choices=FORMATS, default="text", help="text (default), json, sarif (2.1.0), junit or github")
    sp.set_defaults(run=cmd_check)
