"""One error hierarchy for personvern, with stable codes and source locations.

Every problem the engine finds in input is a :class:`Problem`: a stable code (like
OPA's ``rego_parse_error``), a message, and where it is (file, line, column and the
JSON path of the field, like jsonschema's ``json_path``). Loaders collect every
problem they find and raise them together, so a user fixes a file in one pass.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Iterable

# Stable error codes. Tools and tests match on these, never on message text.
YAML_SYNTAX = "yaml_syntax_error"
YAML_DUPLICATE_KEY = "yaml_duplicate_key"
YAML_FORBIDDEN = "yaml_forbidden_construct"
INPUT_TOO_LARGE = "input_too_large"
ENCODING = "encoding_error"
SCHEMA = "schema_error"
UNKNOWN_TERM = "unknown_term"
UNKNOWN_CLAUSE = "unknown_clause"
EXPR_SYNTAX = "expr_parse_error"
EXPR_TYPE = "expr_type_error"
DUPLICATE_ID = "duplicate_id"
CONTRADICTION = "contradictory_facts"
PATH_ESCAPE = "path_outside_rules"
FILE_MISSING = "file_missing"
STATEMENT = "statement_error"
RULE_ERROR = "rule_evaluation_error"
FACT_PROVIDER_ERROR = "fact_provider_error"  # the fact provider failed or gave invalid facts
USAGE = "usage_error"
NOT_STATIC = "declaration_not_static"  # a declaration in code that cannot be read without running it
PYTHON_SYNTAX = "python_syntax_error"
DECLARED_FACTS = "declared_facts"  # a declaration (guard, processing, prepare, batch) that asserts facts
DECLARED_FACTS_NB = "en erklæring kan ikke selv fastsette fakta; fakta kommer fra faktaleverandører ved kjøring"
DECLARED_FACTS_EN = "a declaration cannot assert facts; facts come from fact providers at run time"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with one input, and where it is."""

    code: str
    message: str
    file: str | None = None
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based
    path: str = "$"  # JSON path of the field, e.g. $.rules[3].when

    def location(self) -> str:
        where = self.file or "<input>"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where

    def sort_key(self) -> tuple[str, int, int, str, str]:
        """File, line, column, then code and path: the order a report lists problems in."""
        return (self.file or "", self.line or 0, self.column or 0, self.code, self.path)

    def __str__(self) -> str:
        at = f" (at {self.path})" if self.path and self.path != "$" else ""
        return f"{self.location()}: {self.code}: {self.message}{at}"

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
        }


class PersonvernError(Exception):
    """Base class of every error personvern raises on purpose."""

    code = "personvern_error"


class InvalidInputError(PersonvernError):
    """Input (rules, an operation, a manifest) is invalid. Carries every problem found."""

    code = "invalid_input"

    def __init__(self, problems: list[Problem] | tuple[Problem, ...], what: str = "input") -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.what = what
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in {what}"
        super().__init__(head + ":\n" + "\n".join(f"  {p}" for p in self.problems))


class PolicyLoadError(InvalidInputError):
    """The rule set could not be loaded; no policy is served from it."""

    code = "policy_load_error"


class OperationError(InvalidInputError):
    """A proposed operation (or a request) is not valid against the policy's vocabulary."""

    code = "invalid_operation"


class DeclaredFactsError(OperationError):
    """A declared processing carries facts. Facts come from fact providers at run time, never
    from the code that wants to process (else it could assert its own permit)."""

    code = DECLARED_FACTS

    def __init__(self, what: str = "the declaration") -> None:
        super().__init__([Problem(DECLARED_FACTS, f"{DECLARED_FACTS_NB} ({DECLARED_FACTS_EN})", path="$.facts")], what)


class UsageError(PersonvernError, TypeError):
    """The library was called with an argument it cannot use (e.g. a decision log that is neither a path nor a log)."""

    code = USAGE


class ExpressionError(PersonvernError):
    """A condition could not be parsed or type-checked."""

    code = EXPR_SYNTAX

    def __init__(self, code: str, message: str, line: int, column: int, context: str = "") -> None:
        self.code = code
        self.message = message
        self.line = line
        self.column = column
        self.context = context
        super().__init__(f"{message} (line {line}, column {column})" + (f"\n{context}" if context else ""))


MAX_LISTED = 12  # an unknown-term message lists the valid terms when there are at most this many


def suggest(value: object, known: Iterable[str], lang: str = "en", listed: bool | None = None) -> str:
    """What an "unknown term" message adds: the closest known terms (difflib), and, when there are
    few (``listed`` None) or when asked, every valid term. ``lang``: "en" or "nb". Empty when nothing helps."""
    import difflib

    terms = sorted({str(t) for t in known})
    text = (value if isinstance(value, str) else str(value))[:80]
    close = difflib.get_close_matches(text, terms, n=3, cutoff=0.6) if terms else []
    if not close:  # a different case or separator ("E-mail", "E_MAIL") is still the closest
        folded = {t.casefold().replace("-", "_"): t for t in terms}
        hit = folded.get(text.casefold().replace("-", "_").replace(" ", "_"))
        close = [hit] if hit else []
    out = ""
    if close:
        shown = " or ".join(repr(c) for c in close) if lang == "en" else " eller ".join(f"«{c}»" for c in close)
        out += f"; did you mean {shown}?" if lang == "en" else f"; mente du {shown}?"
    if terms and (listed if listed is not None else len(terms) <= MAX_LISTED):
        head = ("expected one of: " if lang == "en" else "gyldige verdier: ") if not close else ("Expected one of: " if lang == "en" else "Gyldige verdier: ")
        out += (" " if close else "; ") + head + ", ".join(terms)
    return out


def unknown_term(value: object, section: str, known: Iterable[str], listed: bool | None = None) -> str:
    """The message of an unknown term: ``'emial' is not a known term of data_categories; did you mean 'email'?``"""
    return f"{(value if isinstance(value, str) else str(value))[:80]!r} is not a known term of {section}" + suggest(value, known, listed=listed)


_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def json_path(parts: Iterable[str | int]) -> str:
    """A JSON path like jsonschema's ``json_path``: ``$.recipients[0].kind``."""
    out = "$"
    for p in parts:
        if isinstance(p, int):
            out += f"[{p}]"
        elif _IDENT.match(p):
            out += f".{p}"
        else:
            out += "[" + json.dumps(p, ensure_ascii=False) + "]"
    return out
