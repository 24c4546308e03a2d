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
    from ..check import findings, formats, suppress
    from ..check import declarations, manifest
    from ..errors import Problem
    from ..load.rules import load_compiled

    # The compiled rules, not the façade's Policy: the check decides through decide/ directly,
    # and a pre-commit hook should not import the runtime (guards, batch, decision log) it never uses.
    policy = load_compiled(getattr(args, "policy", None))
    targets: list[tuple[Path, str, Path]] = []  # (file, as shown, the repository it must stay in)
    here = Path.cwd()
    exclude_base, patterns, config_problems = suppress.config_excludes(here)
    if config_problems:
        raise errors.InvalidInputError(config_problems, suppress.CONFIG_FILE)
    patterns = (*patterns, *(args.exclude or ()))
    sources = []
    left_out: list[str] = []  # named files an exclude pattern left out (--force-exclude): said, never silent
    for arg in args.files or ["."]:
        path = Path(arg)
        if arg == "-":  # a declaration on standard input: a manifest, or Python when --stdin-filename ends in .py
            sources.append(manifest.stdin_source(sys.stdin.buffer.read(manifest.MAX_STDIN_BYTES + 1), clean(args.stdin_filename or "<stdin>")))
        elif path.is_dir() and not path.is_symlink():
            targets += [(p, clean(_display(p)), path) for p in manifest.discover(path) if not suppress.excluded(p, exclude_base, patterns)]
        elif args.force_exclude and suppress.excluded(path, exclude_base, patterns):
            left_out.append(clean(arg))
        else:
            # a named file is checked unless --force-exclude (pre-commit names every changed file: its hook passes it);
            # it belongs to the current folder, or else to its own folder
            full = os.path.abspath(path)
            targets.append((path, clean(arg), here if os.path.commonpath([full, str(here)]) == str(here) else Path(full).parent))
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
    if left_out:
        print(f"personvern check: {len(left_out)} navngitte filer utelatt av exclude ({', '.join(left_out[:5])}"
              f"{', …' if len(left_out) > 5 else ''}) ({len(left_out)} named files left out by an exclude pattern)", file=sys.stderr)
    checked = manifest.check(policy, sources, _dt.date.today())
    report = findings.build_report(policy, sources, checked)
    fmt = args.format
    if fmt == "json":
        print(json.dumps(findings.to_json(report), ensure_ascii=False, indent=2))
    elif fmt == "sarif":
        from .. import __version__

        base = Path.cwd().as_uri().rstrip("/") + "/"
        print(json.dumps(formats.to_sarif(report, __version__, base), ensure_ascii=False, indent=2))
    elif fmt == "junit":
        print(formats.to_junit(report))
    elif fmt == "github":
        print(formats.to_github(report))
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
    sp.add_argument("--exclude", action="append", metavar="GLOB",
                    help="leave out paths matching GLOB when searching folders (repeatable; also [tool.personvern.check] "
                         "exclude in pyproject.toml)")
    sp.add_argument("--force-exclude", action="store_true",
                    help="leave out excluded paths even when named as FILE (for pre-commit, which names every changed file)")
    sp.add_argument("--stdin-filename", metavar="NAME",
                    help="with FILE -: the name to report standard input as; NAME ending in .py reads Python, else a manifest")
    sp.set_defaults(run=cmd_check)
