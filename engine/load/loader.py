"""Read YAML (and JSON, which is YAML) safely into plain data, keeping positions.

The only module that imports yaml (lazily); jsonschema is imported by schemas.py. Every problem
is a :class:`~personvern.errors.Problem` with file, line, column and JSON path; a reader
collects all of them before raising, so one run shows everything that is wrong.

Hardening: a size limit, no anchors or aliases (so no "billion laughs"), only the
plain YAML tags (no Python objects), one document per file, strict UTF-8, a nesting
limit, duplicate keys refused, and YAML 1.2 booleans only (``NO`` stays the string
"NO", not false, so Norway keeps its country code).

The pieces live in their own modules and are importable from here as before: the parsed
:class:`Document` (document.py), bounded file reading (files.py) and JSON Schema
validation (schemas.py).
"""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path
from typing import Any

from .. import errors
from ..errors import Problem, json_path
from .document import Document
from .files import (
    MAX_FILE_BYTES, NO_SUCH_FILE, decode, inside, read_regular_file, read_text, untrusted,
)
from .schemas import PACKAGE_DIR, SCHEMA_DIR, schema, validate

__all__ = [
    "Document", "MAX_FILE_BYTES", "MAX_DEPTH", "MAX_PROBLEMS", "MAX_NODES", "NO_SUCH_FILE", "RULES_DIR", "SCHEMA_DIR",
    "decode", "inside", "json_path", "parse_yaml", "parse_yaml_fast", "read_document", "read_regular_file", "read_text",
    "schema", "untrusted", "validate",
]

MAX_DEPTH = 64
MAX_PROBLEMS = 100  # per file: enough to fix, never a flood
MAX_NODES = 50_000  # values per file (the largest bundled file has ~2,300): bounds time and memory
RULES_DIR = PACKAGE_DIR / "rules"
if not RULES_DIR.is_dir():  # editable install / source checkout: rules/ beside engine/
    RULES_DIR = PACKAGE_DIR.parent / "rules"

_TOO_MANY_VALUES = f"more than {MAX_NODES} values in one file"


# ---------------------------------------------------------------------------- YAML

_loader_class: Any = None
_ALIAS_TAG = "tag:personvern:alias"  # what an alias (*name) is composed into: a placeholder, never a copy
_INT = r"^(?:[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$"  # YAML 1.2: no 0777 octal, no 1:20 sexagesimal
_FLOAT = r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"


def _yaml_loader() -> Any:
    global _loader_class
    if _loader_class is None:
        import yaml

        class Refused(yaml.MarkedYAMLError):
            """Input refused while scanning or composing (too deep), with its position."""

            def __init__(self, code: str, message: str, mark: Any) -> None:
                super().__init__(problem=message, problem_mark=mark)
                self.code = code

        class StrictLoader(yaml.SafeLoader):
            def __init__(self, stream: str) -> None:
                super().__init__(stream)
                self.node_count = 0
                self.alias_count = 0
                self.first_alias: Any = None

            # Nesting is bounded while scanning, before the parser can recurse or the
            # scanner's simple-key bookkeeping can turn quadratic (deep "[[[[..." input).
            def fetch_flow_collection_start(self, TokenClass: Any) -> None:
                if self.flow_level >= MAX_DEPTH:
                    raise Refused(errors.INPUT_TOO_LARGE, f"nested deeper than {MAX_DEPTH} levels", self.get_mark())
                super().fetch_flow_collection_start(TokenClass)

            def add_indent(self, column: int) -> bool:
                if len(self.indents) >= MAX_DEPTH:
                    raise Refused(errors.INPUT_TOO_LARGE, f"nested deeper than {MAX_DEPTH} levels", self.get_mark())
                result: bool = super().add_indent(column)
                return result

            # An alias becomes a small placeholder node that _build reports: nothing is
            # ever shared or expanded, so "billion laughs" costs what the file costs. The
            # number of values is bounded too: pure-Python YAML costs ~50 µs and ~1 kB each.
            def compose_node(self, parent: Any, index: Any) -> Any:
                self.node_count += 1
                if self.node_count > MAX_NODES:
                    mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                    raise Refused(errors.INPUT_TOO_LARGE, _TOO_MANY_VALUES, mark)
                if self.check_event(yaml.AliasEvent):
                    event = self.get_event()  # type: ignore[no-untyped-call]
                    self.first_alias = self.first_alias or event.start_mark
                    self.alias_count += 1
                    if self.alias_count > MAX_PROBLEMS:  # a bomb: stop at once, show where it starts
                        raise Refused(errors.YAML_FORBIDDEN, "anchors and aliases (*name) are not allowed", self.first_alias)
                    return yaml.ScalarNode(_ALIAS_TAG, str(event.anchor), event.start_mark, event.end_mark)
                return super().compose_node(parent, index)

        StrictLoader.Refused = Refused  # type: ignore[attr-defined]
        # YAML 1.2 booleans: yes/no/on/off/y/n stay strings. Integers and floats as YAML 1.2
        # writes them: 0123 and 10:30 stay strings, not octal or base-60 numbers.
        StrictLoader.yaml_implicit_resolvers = {
            k: [(tag, rx) for tag, rx in v if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float")]
            for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
        }
        StrictLoader.add_implicit_resolver(
            "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
        )
        StrictLoader.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(_INT), list("-+0123456789"))
        StrictLoader.add_implicit_resolver("tag:yaml.org,2002:float", re.compile(_FLOAT), list("-+0123456789."))
        _loader_class = StrictLoader
    return _loader_class


_fast_class: Any = None
_BRACKETS = re.compile(r"[\[\]{}]")


def _fast_loader(text: str) -> Any:
    """The strict loader fed with events by libyaml's C parser (None: use the pure-Python one).

    Only the events come from C; composing (aliases, value counts), tags, duplicate keys and
    positions stay the strict Python code, so a file both read cleanly gives the same Document,
    about four times faster. Flow nesting is measured first: libyaml's simple-key bookkeeping
    turns quadratic on deep "[[[[" input, which the Python scanner refuses early. Text with a
    tab goes to the Python loader too: libyaml accepts tabs where pyyaml refuses them.
    """
    global _fast_class
    if _fast_class is None:
        import yaml

        _fast_class = False
        if getattr(yaml, "__with_libyaml__", False):
            from yaml._yaml import CParser

            class FastStrictLoader(_yaml_loader()):  # type: ignore[misc]
                def __init__(self, stream: str) -> None:
                    super().__init__("")
                    self.events = CParser(stream)
                    self.check_event, self.peek_event, self.get_event = (
                        self.events.check_event, self.events.peek_event, self.events.get_event)

                def dispose(self) -> None:
                    self.events.dispose()

            _fast_class = FastStrictLoader
    if not _fast_class or "\t" in text:
        return None
    depth = 0
    for b in _BRACKETS.findall(text):
        depth = depth + 1 if b in "[{" else max(depth - 1, 0)
        if depth >= MAX_DEPTH:
            return None
    return _fast_class


_STR_TAG = "tag:yaml.org,2002:str"
_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}



def parse_yaml(text: str, name: str, loader_class: Any = None) -> tuple[Document | None, list[Problem]]:
    """Parse one YAML document into plain data with positions. Never raises for bad input."""
    import yaml

    if len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        return None, [Problem(errors.INPUT_TOO_LARGE, f"the input is larger than {MAX_FILE_BYTES} bytes", name)]
    loader_class = loader_class or _yaml_loader()
    try:
        loader = loader_class(text)
    except yaml.reader.ReaderError as e:  # a character YAML does not allow, found before parsing
        return None, [_reader_problem(text, name, e)]
    try:
        try:
            node = loader.get_single_node()
        except loader_class.Refused as e:
            return None, [_mark_problem(e.code, str(e.problem), name, e.problem_mark)]
        except yaml.reader.ReaderError as e:
            return None, [_reader_problem(text, name, e)]
        except yaml.composer.ComposerError as e:
            mark = e.problem_mark or e.context_mark
            msg = str(e.problem or e)
            if "expected a single document" in str(e.context or "") + msg:
                msg = "the file holds more than one YAML document; put one document in a file"
            return None, [_mark_problem(errors.YAML_SYNTAX, msg, name, mark)]
        except yaml.MarkedYAMLError as e:
            mark = e.problem_mark or e.context_mark
            return None, [_mark_problem(errors.YAML_SYNTAX, f"{e.problem or e.context}", name, mark)]
        except yaml.YAMLError as e:
            return None, [Problem(errors.YAML_SYNTAX, str(e).splitlines()[0], name)]
        except RecursionError:
            return None, [Problem(errors.INPUT_TOO_LARGE, f"the YAML is nested deeper than {MAX_DEPTH} levels", name)]
        doc = Document(name, None)
        if node is None:
            return None, [Problem(errors.SCHEMA, "the file is empty", name, 1, 1)]
        problems: list[Problem] = []
        doc.data = _build(node, loader, doc, "$", problems, set(), 0)
        if len(problems) >= MAX_PROBLEMS:
            problems.append(Problem(errors.INPUT_TOO_LARGE, f"more than {MAX_PROBLEMS} problems; the rest were not reported", name))
        return (None if problems else doc), problems
    finally:
        loader.dispose()


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _reader_problem(text: str, name: str, e: Any) -> Problem:
    at = min(max(int(e.position), 0), len(text))
    line = text.count("\n", 0, at) + 1
    col = at - (text.rfind("\n", 0, at) + 1) + 1
    ch = e.character if isinstance(e.character, int) else 0
    return Problem(errors.ENCODING, f"the character U+{ch:04X} is not allowed in YAML", name, line, col)


def _mark_problem(code: str, message: str, name: str, mark: Any) -> Problem:
    if mark is None:
        return Problem(code, message, name)
    return Problem(code, message, name, mark.line + 1, mark.column + 1)


def _build(node: Any, loader: Any, doc: Document, jp: str, problems: list[Problem], seen: set[int], depth: int) -> Any:
    """Plain data from a node; ``jp`` is its JSON path (each child's is its parent's plus one step)."""
    import yaml

    if len(problems) >= MAX_PROBLEMS:
        return None  # enough to fix first; parse_yaml says that more were left out
    pos = (node.start_mark.line + 1, node.start_mark.column + 1)
    doc.positions[jp] = pos
    if depth > MAX_DEPTH:
        problems.append(Problem(errors.INPUT_TOO_LARGE, f"nested deeper than {MAX_DEPTH} levels", doc.file, *pos, jp))
        return None
    if id(node) in seen or node.tag == _ALIAS_TAG:
        problems.append(Problem(errors.YAML_FORBIDDEN, "anchors and aliases (*name) are not allowed", doc.file, *pos, jp))
        return None
    seen.add(id(node))  # the composer makes a new node per event, so a repeat is an alias
    if node.tag not in _PLAIN_TAGS:
        problems.append(Problem(errors.YAML_FORBIDDEN, f"the tag {node.tag!r} is not allowed; use plain YAML values", doc.file, *pos, jp))
        return None
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            kpos = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key_node.tag == "tag:yaml.org,2002:merge":
                problems.append(Problem(errors.YAML_FORBIDDEN, "merge keys (<<) are not allowed", doc.file, *kpos, jp))
                continue
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _PLAIN_TAGS:
                code = errors.YAML_FORBIDDEN if key_node.tag == _ALIAS_TAG else errors.SCHEMA
                problems.append(Problem(code, "a key must be a plain string", doc.file, *kpos, jp))
                continue
            key = key_node.value
            cjp = jp + json_path([key])[1:]
            if key in out:
                first = doc.key_positions.get(cjp)
                where = f" (first at line {first[0]})" if first else ""
                problems.append(Problem(errors.YAML_DUPLICATE_KEY, f"the key {key!r} appears twice{where}", doc.file, *kpos, cjp))
                continue
            doc.key_positions[cjp] = kpos
            out[key] = _build(value_node, loader, doc, cjp, problems, seen, depth + 1)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(v, loader, doc, f"{jp}[{i}]", problems, seen, depth + 1) for i, v in enumerate(node.value)]
    try:  # text, the most common value, is the node's own (what SafeConstructor would return), at a third of the cost
        value = node.value if node.tag == _STR_TAG and isinstance(node, yaml.ScalarNode) else loader.construct_object(node, deep=True)
    except Exception as e:  # e.g. !!timestamp on text that is no date: never past the loader
        reason = str(e).splitlines()[0] if str(e) else type(e).__name__
        reason = reason if len(reason) <= 120 else reason[:117] + "..."
        problems.append(Problem(errors.YAML_SYNTAX, f"bad value {_short(node.value)}: {reason}", doc.file, *pos, jp))
        return None
    if node.style or node.end_mark.line != node.start_mark.line:
        quote = node.style if node.style in ("'", '"') else None
        exact = quote is not None and node.end_mark.line == node.start_mark.line and quote not in node.value and "\\" not in node.value
        doc.text_offsets[jp] = 1 if exact else None
    if isinstance(value, _dt.datetime):
        return value.isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    return value


def parse_yaml_fast(text: str, name: str) -> tuple[Document | None, list[Problem]]:
    """parse_yaml through libyaml when it can (see _fast_loader). Input it does not read
    cleanly is read again by the pure-Python loader, so every problem is reported the same way."""
    try:
        fast = _fast_loader(text) if len(text) <= MAX_FILE_BYTES else None
        if fast is not None:
            doc, problems = parse_yaml(text, name, fast)
            if doc is not None and not problems:
                return doc, problems
            if [p.message for p in problems] == [_TOO_MANY_VALUES]:  # counted from the same events: read again, it costs 4x for the same answer
                return doc, problems
    except Exception:  # whatever C made of it, the strict loader decides
        pass
    return parse_yaml(text, name)


def read_document(path: Path, display: str | None = None, fast: bool = False) -> tuple[Document | None, list[Problem]]:
    """Read a YAML (or JSON, which is YAML) file."""
    text, problems = read_text(path, display)
    if text is None:
        return None, problems
    return (parse_yaml_fast if fast else parse_yaml)(text, display or str(path))
