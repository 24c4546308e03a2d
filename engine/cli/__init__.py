"""The personvern command line: the only place that prints or exits.

Exit codes: 0 permitted (a conditional permit included, with its conditions printed),
1 refused (or findings), 2 invalid input or usage. Never a traceback for bad input.
Each command lives in its own module with a ``register(subparsers)`` function.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import Callable, Sequence

from ..errors import PersonvernError
from .common import EXIT_INVALID

COMMAND_MODULES = ("decide", "queries", "legal", "check", "data", "versions")


def build_parser() -> argparse.ArgumentParser:
    from .. import __version__

    p = argparse.ArgumentParser(prog="personvern", description="Flex AS's privacy statement as machine-checkable rules.")
    p.add_argument("--version", action="version", version=f"personvern {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"{__name__}.{name}").register(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help(sys.stderr)
        return EXIT_INVALID
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except PersonvernError as e:
        print(f"personvern: {e}", file=sys.stderr)
        return EXIT_INVALID
    except BrokenPipeError:  # the reader went away (… | head): what was not delivered is never a success
        try:
            import os

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        except (OSError, ValueError):
            pass
        return 141  # 128 + SIGPIPE, as a shell reports a command a closed pipe killed
    except KeyboardInterrupt:
        return 130
    except RecursionError:
        print("personvern: the input is nested too deeply", file=sys.stderr)
        return EXIT_INVALID
    except Exception as e:  # never a traceback; never a permit
        print(f"personvern: internal error ({type(e).__name__}: {e}); nothing was permitted", file=sys.stderr)
        return EXIT_INVALID


def entry() -> None:
    sys.exit(main())
