"""The canonical layout of a YAML rule file or manifest, comments kept (``personvern fmt``).

It changes only whitespace the YAML scanner shows to be outside every token (a key, a value,
a quoted or block scalar, a flow bracket), so it cannot change the data: trailing blanks go,
line ends become LF, at most one blank line in a row, none at the start, one newline at the end;
a comment line takes the indentation of the line it comments on, a comment starts with "# ",
and a comment after a value stands two spaces from it; `key:   value` becomes `key: value` and
`[a ,b]` becomes `[a, b]`. Keys are not reordered and block indentation is not changed
(re-indenting would need a YAML writer that keeps comments, which is not available).
Every result is loaded again and compared with the original's data; a difference is an error,
and nothing is written. Formatting a formatted text changes nothing.
"""

from __future__ import annotations

from typing import Any

from .. import errors
from ..errors import Problem
from .loader import parse_yaml


class _Edits:
    """Replacements of character ranges of one text, applied from the end."""

    def __init__(self) -> None:
        self.items: list[tuple[int, int, str]] = []

    def replace(self, start: int, end: int, new: str) -> None:
        self.items.append((start, end, new))

    def apply(self, text: str) -> str:
        for start, end, new in sorted(self.items, reverse=True):
            text = text[:start] + new + text[end:]
        return text


def _tokens(text: str, name: str) -> list[Any]:
    import yaml

    try:
        return list(yaml.scan(text, Loader=yaml.SafeLoader))
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        raise errors.InvalidInputError([Problem(errors.YAML_SYNTAX, str(e.problem or e.context), name,
                                                mark.line + 1 if mark else None, mark.column + 1 if mark else None)], name) from None
    except yaml.YAMLError as e:
        raise errors.InvalidInputError([Problem(errors.YAML_SYNTAX, str(e).splitlines()[0], name)], name) from None


def _comment_starts(text: str, tokens: list[Any]) -> tuple[dict[int, int], list[int], bytearray]:
    """Where each line's comment starts (line number -> index of its '#': a '#' outside every token, at a
    line's start or after a blank), each line's start index, and which characters lie inside a token."""
    covered = bytearray(len(text) + 1)  # 1: inside a token (no edit may touch it)
    for t in tokens:
        covered[t.start_mark.index:t.end_mark.index] = b"\x01" * (t.end_mark.index - t.start_mark.index)
    comments: dict[int, int] = {}
    lines = text.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    for n, line in enumerate(lines):
        for col, ch in enumerate(line):
            i = starts[n] + col
            if ch == "#" and not covered[i] and (col == 0 or line[col - 1] in " \t"):
                comments[n] = i
                break
    return comments, starts, covered


def yaml_comments(text: str, name: str = "<text>") -> list[tuple[int, int, str]]:
    """The comments of a YAML text, as (line, column, text from the '#'), 1-based: never a '#' inside a
    quoted string or a block scalar. Raises InvalidInputError for text that is not YAML."""
    comments, starts, _ = _comment_starts(text, _tokens(text, name))
    lines = text.split("\n")
    return [(n + 1, i - starts[n] + 1, lines[n][i - starts[n]:]) for n, i in sorted(comments.items())]


def _pass(text: str, name: str) -> str:
    import yaml

    tokens = _tokens(text, name)
    comments, starts, covered = _comment_starts(text, tokens)
    edits = _Edits()
    lines = text.split("\n")
    content = [n for n, line in enumerate(lines) if line.strip() and not (n in comments and not line[:comments[n] - starts[n]].strip())]
    for n, i in comments.items():
        line, col = lines[n], i - starts[n]
        body = line[col + 1:]
        if body and body[0] not in " #!":
            edits.replace(i + 1, i + 1, " ")
        if line[:col].strip():  # after a value: two spaces (or more, for comments aligned in a column)
            gap = len(line[:col]) - len(line[:col].rstrip())
            if gap < 2 and not covered[i - gap]:
                edits.replace(i - gap, i, "  ")
        else:  # a comment line: at a level open at the line before it, or as the line after it (else as that one)
            allowed = _levels(lines, [m for m in content if m < n])
            nxt = next((m for m in content if m > n), None)
            if nxt is not None:
                allowed.append(_indent(lines[nxt]))
            if allowed and col not in allowed and not any(covered[starts[n]:i]):
                edits.replace(starts[n], i, " " * allowed[-1])
    # trailing blanks, outside tokens (a block scalar keeps its own)
    for n, line in enumerate(lines):
        stripped = line.rstrip(" \t")
        if len(stripped) < len(line) and not covered[starts[n] + len(stripped)]:
            edits.replace(starts[n] + len(stripped), starts[n] + len(line), "")
    # one space after "key:" and after ",", none before "," or inside flow brackets
    for a, b in zip(tokens, tokens[1:]):
        space = text[a.end_mark.index:b.start_mark.index]
        if "\n" in space or (space and space.strip(" ")):
            continue
        if isinstance(a, (yaml.ValueToken, yaml.FlowEntryToken)) and not isinstance(b, (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken)):
            if space != " ":
                edits.replace(a.end_mark.index, b.start_mark.index, " ")
        elif isinstance(b, (yaml.FlowEntryToken, yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken)) or \
                isinstance(a, (yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken)):
            if space:
                edits.replace(a.end_mark.index, b.start_mark.index, "")
    out = edits.apply(text)
    # blank lines: none at the start, at most one in a row outside tokens, one newline at the end
    kept: list[str] = []
    covered_after = _covered_lines(out, name)
    for n, line in enumerate(out.split("\n")):
        if not line.strip() and n not in covered_after and (not kept or not kept[-1].strip()):
            continue
        kept.append(line)
    return "\n".join(kept).rstrip("\n") + "\n"


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _levels(lines: list[str], before: list[int]) -> list[int]:
    """The indentations of the line ``before[-1]`` and of each line it is nested in."""
    out: list[int] = []
    for m in reversed(before):
        ind = _indent(lines[m])
        if not out or ind < out[-1]:
            out.append(ind)
        if ind == 0:
            break
    return out


def _covered_lines(text: str, name: str) -> set[int]:
    """The lines inside a token (a block or multi-line scalar): their blank lines are data."""
    out: set[int] = set()
    for t in _tokens(text, name):
        if t.end_mark.line > t.start_mark.line:
            out.update(range(t.start_mark.line + 1, t.end_mark.line + (1 if t.end_mark.column else 0)))
    return out


def format_yaml(text: str, name: str = "<text>") -> str:
    """The canonical layout of ``text``; raises InvalidInputError for YAML that cannot be read or
    (never expected) a layout whose data differs from the original's."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    before, problems = parse_yaml(text, name)
    if before is None:
        raise errors.InvalidInputError(problems, name)
    out = _pass(text, name)
    after, problems = parse_yaml(out, name)
    if after is None or after.data != before.data:
        raise errors.InvalidInputError([Problem(errors.YAML_SYNTAX, "formatting would change the data; the file was left as it is "
                                                                    "(please report this file)", name)], name)
    return out
