"""personvern completion bash|zsh: a shell completion script, generated from the parser by shtab."""

from __future__ import annotations

import argparse
from typing import Any

from . import common

SHELLS = ("bash", "zsh")


def cmd_completion(args: argparse.Namespace) -> int:
    import shtab

    from . import build_parser

    print(shtab.complete(build_parser(everything=True), shell=args.shell), end="")
    return common.EXIT_OK


def register(sub: Any) -> None:
    sp = sub.add_parser("completion", description="Print a completion script for bash or zsh. Load it with "
                                                  "`eval \"$(personvern completion bash)\"` in ~/.bashrc, or write the zsh "
                                                  "one to a file named _personvern in a folder of $fpath.")
    sp.add_argument("shell", choices=SHELLS)
    sp.set_defaults(run=cmd_completion)
