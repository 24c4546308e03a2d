"""The kinds of fact a vocabulary may declare: one table, from which every other module reads.

A fact in rules/vocabulary.yaml has a ``type``: its kind. Each kind is one :class:`FactKind`
in :data:`KINDS`, which says how the vocabulary spells it, its labels, its type in the
condition language, how an input value is read and normalised (and the problem reported for
a bad one), the shape of a normalised value (what the fast acceptance path tests), its JSON
Schema fragment, its SQL type, and its values when there are finitely many. The loader
validates ``type`` against this table, the compiler types conditions from it, the operation
parser and the fast path normalise by it, the schema generator, the SQL compiler and the
policy comparison read it. No other module spells a kind; adding one is an entry here plus
the rules that use it.
"""

from __future__ import annotations

import copy
import datetime as _dt
from dataclasses import dataclass
from typing import Any, Callable, Container, Mapping

from .. import errors
from ..lang.typecheck import Type

MAX_LIST = 256  # items in one list of an operation (a set fact, categories, recipients)
MAX_TEXT = 1024  # characters of one free text
TEXT = "text"  # ``of: text``: the members of a set fact are free texts, not terms

Sections = Mapping[str, Mapping[str, Any]]  # vocabulary section -> term -> definition
Path = tuple[str | int, ...]
Bad = Callable[..., None]  # bad(code, message, *path): report one problem
Reader = Callable[[Any, "str | None", Sections, Bad, Path], Any]
Allowed = Container[str] | None


@dataclass(frozen=True, slots=True)
class FactKind:
    """One kind of fact.

    ``read(value, of, sections, bad, path)`` returns the normalised value, or None after
    reporting every problem with ``bad`` (a value that is never None: None means unknown).
    A normalised value is of exactly the type ``normal``; if ``many``, it is a frozenset
    whose members lie in ``allowed(of, sections)`` (None: any short text); else, when
    ``allowed`` gives a container, the value lies in it. ``coerce`` turns a plainly valid
    value that is not in normal form into it (None: it cannot; the full reader decides).
    """

    name: str  # as vocabulary.yaml spells it: ``type: boolean``
    nb: str
    en: str
    type_kind: str  # its type in the condition language (lang.typecheck.Type.kind)
    normal: type
    read: Reader
    schema: Callable[[str | None, Callable[[str], dict[str, Any]]], dict[str, Any]]  # (of, enum of a section) -> fragment
    sql_type: str
    many: bool = False
    needs_of: bool = False  # the fact names the vocabulary section of its values with ``of``
    vocab: str | None = None  # the vocabulary of its values when the kind itself fixes it
    finite: tuple[Any, ...] | None = None  # every value, when there are finitely many
    coerce: Callable[[Any], Any] | None = None
    allowed: Callable[[str | None, Sections], Allowed] | None = None

    def lang_type(self, of: str | None) -> Type:
        """The type of a fact of this kind in conditions."""
        return Type(self.type_kind, of if self.needs_of else self.vocab)

    def members(self, of: str | None, sections: Sections) -> Allowed:
        """What a normalised value (or each member of it) must be one of; None: no such limit."""
        return None if self.allowed is None else self.allowed(of, sections)


def parse_date(value: Any, path: Path, bad: Bad) -> _dt.date | None:
    """A date (a ``datetime.date`` or YYYY-MM-DD text), or None after reporting why not."""
    if isinstance(value, _dt.datetime):
        bad(errors.SCHEMA, "must be a date (YYYY-MM-DD), not a date and time", *path)
        return None
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str) and len(value) == 10:
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            pass
    bad(errors.SCHEMA, f"must be a date written YYYY-MM-DD, not {str(value)[:40]!r}", *path)
    return None


def _read_bool(value: Any, of: str | None, sections: Sections, bad: Bad, path: Path) -> Any:
    if not isinstance(value, bool):
        bad(errors.SCHEMA, f"must be true or false, not {value!r}"[:120], *path)
        return None
    return value


def _read_set(value: Any, of: str | None, sections: Sections, bad: Bad, path: Path) -> Any:
    if not isinstance(value, (list, tuple, set, frozenset)):
        bad(errors.SCHEMA, "must be a list", *path)
        return None
    if len(value) > MAX_LIST:
        bad(errors.INPUT_TOO_LARGE, f"has {len(value)} items; the limit is {MAX_LIST}", *path)
        return None
    items = set()
    for i, item in enumerate(value):
        if not isinstance(item, str) or len(item) > MAX_TEXT:
            bad(errors.SCHEMA, "items must be short strings", *path, i)
        elif of != TEXT and item not in sections.get(str(of), {}):
            bad(errors.UNKNOWN_TERM, errors.unknown_term(item, str(of), sections.get(str(of), {})), *path, i)
        else:
            items.add(item)
    return frozenset(items)


def _read_term(value: Any, of: str | None, sections: Sections, bad: Bad, path: Path) -> Any:
    if not isinstance(value, str) or value not in sections.get(str(of), {}):
        bad(errors.UNKNOWN_TERM, errors.unknown_term(value, str(of), sections.get(str(of), {})), *path)
        return None
    return value


def _read_date(value: Any, of: str | None, sections: Sections, bad: Bad, path: Path) -> Any:
    return parse_date(value, path, bad)


_SEQUENCES = (list, tuple, set, frozenset)


def _to_frozenset(value: Any) -> frozenset[Any] | None:
    if type(value) not in _SEQUENCES or len(value) > MAX_LIST:  # the length as given, before duplicates go
        return None
    try:
        return frozenset(value)
    except TypeError:
        return None


def _set_members(of: str | None, sections: Sections) -> Allowed:
    return None if of == TEXT else frozenset(sections.get(str(of), {}))


def _terms_of(of: str | None, sections: Sections) -> Allowed:
    return frozenset(sections.get(str(of), {}))


def _set_schema(of: str | None, enum: Callable[[str], dict[str, Any]]) -> dict[str, Any]:
    items = {"type": "string", "maxLength": MAX_TEXT} if of == TEXT else enum(str(of))
    return {"type": ["array", "null"], "items": items, "uniqueItems": True, "maxItems": MAX_LIST}


BOOLEAN = FactKind("boolean", "sant eller usant", "true or false", "bool", bool, _read_bool,
                   lambda of, enum: {"type": ["boolean", "null"]}, "BOOLEAN", finite=(True, False))
SET = FactKind("set", "en mengde ord", "a set of terms", "set", frozenset, _read_set, _set_schema, "ARRAY<TEXT>",
               many=True, needs_of=True, coerce=_to_frozenset, allowed=_set_members)
TERM = FactKind("term", "ett ord", "one term", "term", str, _read_term,
                lambda of, enum: {"anyOf": [enum(str(of)), {"type": "null"}]}, "TEXT", needs_of=True, allowed=_terms_of)
DATE = FactKind("date", "en dato", "a date", "date", _dt.date, _read_date,
                lambda of, enum: {"type": ["string", "null"], "format": "date"}, "DATE")

KINDS: dict[str, FactKind] = {k.name: k for k in (BOOLEAN, SET, TERM, DATE)}
"""Every kind by its vocabulary spelling, in the order the vocabulary schema lists them."""


def kind_of(definition: Mapping[str, Any]) -> FactKind:
    """The kind of a fact from its vocabulary definition (validated: its ``type`` is in KINDS)."""
    return KINDS[definition["type"]]


def vocabulary_schema(base: Mapping[str, Any]) -> dict[str, Any]:
    """The vocabulary's JSON Schema with the kinds a fact may have taken from this table."""
    out = copy.deepcopy(dict(base))
    out["properties"]["facts"]["additionalProperties"]["properties"]["type"]["enum"] = list(KINDS)
    return out
