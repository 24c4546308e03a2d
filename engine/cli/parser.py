"""argparse in the user's language: usage errors in Norwegian (nb), English (en) or both.

argparse formats its messages in English before ``error`` sees them; ``Parser.error`` maps each
template argparse uses (Python 3.10-3.13) back to its Norwegian wording. A message it does not
know stays English. The exit code stays 2, as argparse's.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from typing import Any, NoReturn, Sequence

LANGS = ("nb", "en", "both")
DEFAULT_LANG = "both"

# (English template as a regular expression, Norwegian wording with {1}, {2}… for the groups)
_NB: tuple[tuple[str, str], ...] = (
    (r"unrecognized arguments: (.*)", "ukjente argumenter: {1}"),
    (r"the following arguments are required: (.*)", "disse argumentene mangler: {1}"),
    (r"one of the arguments (.*) is required", "ett av argumentene {1} må være med"),
    (r"argument (.+?): (.*)", "argumentet {1}: {2*}"),
    (r"invalid choice: (.*) \(choose from (.*)\)", "ugyldig valg: {1} (velg blant {2})"),
    (r"invalid (\S+) value: (.*)", "ugyldig verdi for {1}: {2}"),
    (r"expected one argument", "trenger én verdi"),
    (r"expected at least one argument", "trenger minst én verdi"),
    (r"expected at most one argument", "tar høyst én verdi"),
    (r"expected (\d+) arguments?", "trenger {1} verdier"),
    (r"ambiguous option: (.*) could match (.*)", "tvetydig valg: {1} kan bety {2}"),
    (r"not allowed with argument (.*)", "kan ikke brukes sammen med {1}"),
    (r"ignored explicit argument (.*)", "tar ingen verdi: {1} ble ikke brukt"),
    (r"unexpected option string: (.*)", "uventet valg: {1}"),
    (r"(.*) is not a date written YYYY-MM-DD", "{1} er ikke en dato skrevet ÅÅÅÅ-MM-DD"),
)  # compiled when a usage error is reported, never on a run without one


def norwegian(message: str) -> str | None:
    """The Norwegian wording of one of argparse's messages, or None when it is not a known one."""
    for pattern, nb in _NB:
        m = re.fullmatch(pattern, message, re.S)
        if m is None:
            continue
        out = nb
        for i, group in enumerate(m.groups(), 1):
            if "{%d*}" % i in out:  # a nested message: translate it too
                out = out.replace("{%d*}" % i, norwegian(group) or group)
            out = out.replace("{%d}" % i, group)
        return out
    return None


def lang_of(argv: Sequence[str]) -> str:
    """The --lang an argument list asks for (before it is parsed: a usage error needs it too)."""
    for i, a in enumerate(argv):
        value = argv[i + 1] if a == "--lang" and i + 1 < len(argv) else a[7:] if a.startswith("--lang=") else None
        if value in LANGS:
            return value
    return DEFAULT_LANG


def _columns() -> int:
    """The terminal's width as shutil.get_terminal_size reads it ($COLUMNS, else standard output's
    terminal, else 80): argparse imports shutil for it (and so bz2, lzma, ...) on every run of every command."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns if sys.__stdout__ else 0
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class Formatter(argparse.HelpFormatter):
    """Wraps paragraphs, but keeps lines that start with a space as written (the exit-code table)."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None) -> None:
        super().__init__(prog, indent_increment, max_help_position, _columns() - 2 if width is None else width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        out = []
        for para in text.split("\n"):
            out.append(indent + para if para.startswith(" ") or not para else super()._fill_text(para, width, indent))
        return "\n".join(out)


class Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, lang: str = DEFAULT_LANG, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", Formatter)
        super().__init__(*args, **kwargs)
        self.lang = lang

    def error(self, message: str) -> NoReturn:
        nb = norwegian(message) if self.lang != "en" else None
        if nb is None:
            text = f"{self.prog}: error: {message}"
        elif self.lang == "nb":
            text = f"{self.prog}: feil: {nb}"
        else:
            text = f"{self.prog}: feil: {nb}\n  (error: {message})"
        usage = self.format_usage()
        if self.lang == "nb":
            usage = re.sub(r"^usage: ", "bruk: ", usage)
        sys.stderr.write(usage)
        self.exit(2, text + "\n")
