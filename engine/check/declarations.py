"""What a declaration is, wherever it was written (a manifest or Python code): the data both readers
produce and the checker decides on, with the limits that bound them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Mapping

from .. import errors
from ..errors import Problem
from ..load.loader import Document
from .suppress import Suppression

if TYPE_CHECKING:
    from ..core.decision import Decision
    from ..decide.retention import RetentionDecision

MAX_ACTIVITIES = 1000  # per file
MAX_NAME = 200
MAX_TEXT = 10240

# A declaration may not fix facts: runtime facts (objection, consent, relationship, actor) come from
# the world at run time, through fact providers, never from the code that wants to process.
DECLARED_FACTS = errors.DECLARED_FACTS
DECLARED_FACTS_MESSAGE = f"{errors.DECLARED_FACTS_NB} ({errors.DECLARED_FACTS_EN})"
QUOTE_LIMIT = 24  # characters of a value that is not a known term that a message may show

# ---------------------------------------------------------------------------- data


@dataclass(frozen=True, slots=True, eq=False)
class Declaration:
    """One declared processing activity, where it is written, and what is wrong with how it is written."""

    name: str
    source: str  # "manifest" | "decorator" | "context"
    file: str
    line: int | None
    column: int | None
    prefix: str  # JSON path of the activity in its document: "$.activities[2]" (manifest) or "$" (code)
    data: Mapping[str, Any]  # the fields as declared (only the literal ones, for code)
    doc: Document = field(compare=False, repr=False)
    problems: tuple[Problem, ...] = ()  # found while reading: structure, values that are not literal
    unreadable: frozenset[str] = frozenset()  # fields whose value is not a literal
    function: str | None = None  # the Python function it belongs to


@dataclass(frozen=True, slots=True, eq=False)
class SourceFile:
    """What was read from one file."""

    file: str
    kind: str  # "manifest" | "python"
    declarations: tuple[Declaration, ...] = ()
    problems: tuple[Problem, ...] = ()  # about the file as a whole
    unreadable: bool = False  # the file could not be read or parsed at all
    suppressions: tuple[Suppression, ...] = ()  # "# personvern: ignore[...] reason" comments in the file


@dataclass(frozen=True, slots=True, eq=False)
class Checked:
    """One declaration, validated and decided."""

    declaration: Declaration
    problems: tuple[Problem, ...]
    decision: Decision | None = None  # None when the declaration is invalid
    retention: RetentionDecision | None = None

    @property
    def outcome(self) -> str:
        """"invalid", or the decision's outcome: "permit", "deny" or "conditional"."""
        return "invalid" if self.decision is None else self.decision.outcome


# ---------------------------------------------------------------------------- reading


def quote(value: object, limit: int = QUOTE_LIMIT) -> str:
    """A value from input as a message may show it: a short prefix, escaped; never the whole value."""
    text = value if isinstance(value, str) else str(value)
    return repr(text[:limit]) + ("…" if len(text) > limit else "")


_QUOTED = re.compile(r"(?<![\w'])'((?:[^'\\\n]|\\.){%d,})'(?!\w)" % (QUOTE_LIMIT + 1))  # a quote opens after a blank


def shorten_quoted(message: str) -> str:
    """A message from the engine with every long quoted value cut to a short prefix."""
    return _QUOTED.sub(lambda m: "'" + m.group(1)[:QUOTE_LIMIT] + "'…", message)
