"""The personvern command line: the only place that prints or exits.

Exit codes: 0 permitted (a conditional permit included, with its conditions printed),
1 refused (or findings), 2 invalid input or usage. Never a traceback for bad input.
Each command lives in a module with a ``register(subparsers)`` function; COMMANDS names the
module of each command, so a run imports only the module of the command it runs (``personvern
check`` never loads the SQL, diff or report code) and ``personvern --help`` imports none.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import Any, Callable, NamedTuple, Sequence

from ..errors import PersonvernError
from .common import EXIT_INVALID
from .parser import Parser, lang_of


class Command(NamedTuple):
    module: str
    help: str  # one line, for `personvern --help` and the command's own description
    ok: str  # what exit 0 means for this command
    refused: str | None = None  # what exit 1 means (None: the command does not exit 1)


COMMANDS: dict[str, Command] = {
    "evaluate": Command("decide", "decide on proposed operations (YAML/JSON files, or - for stdin)",
                        "every operation is permitted (a conditional permit included; its conditions are printed)",
                        "at least one operation is refused"),
    "explain": Command("decide", "evaluate with the full trace of every rule considered",
                       "every operation is permitted (conditions printed)", "at least one operation is refused"),
    "validate": Command("decide", "load and check a rule set, reporting every problem", "the rule set is valid"),
    "clauses": Command("decide", "list the statement's clauses and their ids (* = normative)", "the clauses were listed"),
    "vocabulary": Command("decide", "list every term an operation may use, with Norwegian and English labels",
                          "the vocabulary was listed"),
    "schema": Command("decide", "print a JSON Schema specialised to the policy's vocabulary", "the schema was printed"),
    "retention": Command("queries", "may a stored record still be kept, and until when?", "keep the record",
                         "delete it, or keep it only on a condition (printed)"),
    "rights": Command("queries", "answer a data subject's request", "the request was answered"),
    "breach": Command("queries", "notification duties after a personal data breach", "the duties were assessed"),
    "coverage": Command("legal", "clause coverage: the rules and scenarios behind every clause",
                        "every normative clause is covered, no findings", "findings (printed)"),
    "report": Command("legal", "write the HTML review report for legal", "the report was written"),
    "check": Command("check", "check processing declarations (manifests, @personvern.guard in Python) against the policy",
                     "clean (conditional activities included: their conditions are printed)",
                     "findings: a refused activity, an invalid declaration, one that cannot be checked statically"),
    "generate": Command("data", "write a seeded synthetic Flex customer base (Parquet, CSV or DuckDB)", "the tables were written"),
    "audit": Command("data", "retention sweep over the tables of an inventory", "no record is due", "records are due for deletion"),
    "sql": Command("data", "print the compiled SQL (retention sweep, or an operation's audience)", "the SQL was printed"),
    "subject": Command("data", "a rights request over the data: every row about one subject, keep or erase and why",
                       "every row was decided", "a row cannot be decided (no record class)"),
    "inventory": Command("data", "check an inventory: categories no purpose allows, tables with no retention class",
                         "no findings", "findings (printed)"),
    "diff": Command("versions", "what changes in practice between two policy versions (folders or git revisions)",
                    "no change in practice", "the versions decide some operations differently"),
    "lint": Command("versions", "rules that can never apply, permits that can never lift a refusal, rules shadowed by others",
                    "no findings", "findings (printed)"),
    "export": Command("versions", "the policy as linked data (W3C DPV, JSON-LD or Turtle), or manifests as a Fides system manifest",
                      "the export was printed"),
    "fmt": Command("fmt", "rewrite YAML rule files and manifests in their canonical layout, comments kept",
                   "every file is in canonical layout (with --check), or was rewritten",
                   "with --check: a file is not in canonical layout (named on stdout)"),
    "completion": Command("completion", "print a shell completion script (bash or zsh)", "the script was printed"),
}


def epilog(name: str) -> str:
    c = COMMANDS[name]
    return ("exit codes:\n"
            f"  0  {c.ok}\n"
            + (f"  1  {c.refused}\n" if c.refused else "")
            + "  2  invalid input or bad usage (the problem is printed on stderr, with file, line and column)")


class _Subcommands:
    """What a command module's ``register`` receives: add_parser with the table's help, exit codes and language."""

    def __init__(self, sub: Any, lang: str) -> None:
        self._sub, self._lang = sub, lang

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser:
        help_ = COMMANDS[name].help
        kwargs.setdefault("description", help_[0].upper() + help_[1:] + ("" if help_.endswith("?") else "."))
        parser: argparse.ArgumentParser = self._sub.add_parser(name, help=help_, epilog=epilog(name), lang=self._lang, **kwargs)
        return parser


def build_parser(argv: Sequence[str] = (), everything: bool = False) -> argparse.ArgumentParser:
    """The parser for ``argv``: only the module of the command named there is imported (none for help).

    ``everything``: the whole command line, every module imported (for completion scripts).
    """
    from .. import __version__

    lang = lang_of(argv)
    p = Parser(prog="personvern", description="Flex AS's privacy statement as machine-checkable rules.", lang=lang,
               epilog="exit codes: 0 permitted / clean, 1 refused / findings, 2 invalid input or usage "
                      "(each command's --help says what they mean for it)")
    p.add_argument("-V", "--version", action="version", version=f"personvern {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    wanted = next((a for a in argv if not a.startswith("-")), None)
    modules = (dict.fromkeys(c.module for c in COMMANDS.values()) if everything
               else (COMMANDS[wanted].module,) if wanted in COMMANDS else ())
    for module in modules:
        importlib.import_module(f"{__name__}.{module}").register(_Subcommands(sub, lang))
    if not modules:  # help, or a command that does not exist: list them all, importing none
        for name, c in COMMANDS.items():
            sub.add_parser(name, help=c.help, lang=lang)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(argv)
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
