"""Divide the privacy statement into clauses with stable ids.

The ids come from the text's structure, never from line numbers:
``<section>.tittel`` for a heading, ``<section>.N`` for the N-th sentence of a section,
``<section>.a`` (and ``<section>.a.2``) for list items, ``tittel`` and ``versjon`` for the
document title and version line. The section part is looked up from the heading text in
clauses.yaml, so re-reading the same text always gives the same ids.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping

BULLETS = ("•", "-", "*", "–")
_VERSION = re.compile(r"^Versjon\s+\S+\s+[–-]\s+\d{2}\.\d{2}\.\d{4}$")
# A sentence ends at . ! ? (possibly repeated) followed by space and a capital or a quote.
_SENTENCE_END = re.compile(r"([.!?]+)\s+(?=[A-ZÆØÅ«\"])")
_ABBREVIATIONS = ("f.eks", "dvs", "bl.a", "osv", "etc", "ca", "nr", "jf", "v")


@dataclass(frozen=True, slots=True)
class Clause:
    id: str
    section: str
    kind: str  # "title", "heading", "sentence", "item", "version"
    text: str
    paragraph: int  # 1-based paragraph within the section (0 for a heading)


class StatementError(ValueError):
    pass


def split_sentences(paragraph: str) -> list[str]:
    """Split a paragraph into sentences, keeping abbreviations and initials whole."""
    text = " ".join(paragraph.split())
    out: list[str] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        before = text[start : m.start()]
        last_word = before.rsplit(" ", 1)[-1].lower().lstrip("(")
        if m.group(1) == "." and (len(last_word) == 1 and last_word.isalpha() or last_word in _ABBREVIATIONS and last_word != "etc"):
            continue  # an initial ("Iren N. Tverå") or an abbreviation ("f.eks. Skatt")
        out.append(text[start : m.end(1)].strip())
        start = m.end()
    rest = text[start:].strip()
    if rest:
        out.append(rest)
    return out


def _is_heading(block: list[str]) -> bool:
    if len(block) != 1:
        return False
    line = block[0].strip()
    return bool(line) and len(line) <= 90 and line[-1] not in ".:!?" and not line.startswith(BULLETS)


def segment(text: str, sections: Mapping[str | None, str]) -> list[Clause]:
    """Clauses of ``text``; ``sections`` maps heading text (None: the preamble) to section id."""
    text = text.replace("\r\n", "\n").lstrip("\ufeff")
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in text.split("\n"):
        if line.strip():
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    if not blocks:
        raise StatementError("the statement is empty")

    clauses: list[Clause] = []
    first = blocks[0]
    if not _is_heading(first):
        raise StatementError("the statement must start with its title on a line of its own")
    clauses.append(Clause("tittel", "", "title", first[0].strip(), 0))

    section = _section_id(None, sections)
    sentence_no = 0
    paragraph_no = 0
    item_no = 0
    for block in blocks[1:]:
        if len(block) == 1 and _VERSION.match(block[0].strip()):
            clauses.append(Clause("versjon", "", "version", block[0].strip(), 0))
            continue
        if _is_heading(block):
            section = _section_id(block[0].strip(), sections)
            clauses.append(Clause(f"{section}.tittel", section, "heading", block[0].strip(), 0))
            sentence_no = paragraph_no = item_no = 0
            continue
        paragraph_no += 1
        lines: list[str] = []
        for line in block:
            stripped = line.strip()
            if stripped.startswith(BULLETS):
                _flush(lines, clauses, section, paragraph_no, sentence_no)
                sentence_no += _count(lines)
                lines = []
                letter = chr(ord("a") + item_no)
                item_no += 1
                body = stripped.lstrip("".join(BULLETS)).strip()
                for k, sentence in enumerate(split_sentences(body), start=1):
                    cid = f"{section}.{letter}" if k == 1 else f"{section}.{letter}.{k}"
                    clauses.append(Clause(cid, section, "item", sentence, paragraph_no))
            else:
                lines.append(stripped)
        _flush(lines, clauses, section, paragraph_no, sentence_no)
        sentence_no += _count(lines)
    ids = [c.id for c in clauses]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise StatementError(f"clause ids are not unique: {', '.join(dupes)}")
    return clauses


def _count(lines: list[str]) -> int:
    return len(split_sentences(" ".join(lines))) if lines else 0


def _flush(lines: list[str], clauses: list[Clause], section: str, paragraph: int, offset: int) -> None:
    if not lines:
        return
    for k, sentence in enumerate(split_sentences(" ".join(lines)), start=offset + 1):
        clauses.append(Clause(f"{section}.{k}", section, "sentence", sentence, paragraph))


def _section_id(heading: str | None, sections: Mapping[str | None, str]) -> str:
    try:
        return sections[heading]
    except KeyError:
        what = "the text before the first heading" if heading is None else f"the heading {heading!r}"
        raise StatementError(f"clauses.yaml gives no section id for {what}") from None
