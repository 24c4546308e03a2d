"""The feature files themselves: written for a lawyer, in Norwegian, quoting the statement faithfully."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import personvern

from . import phrases
from .conftest import FEATURES
from .sak import normaliser

SECTIONS = ("innhenting", "markedsforing", "tjenesteutvikling", "lover", "samtykke", "overforinger",
            "informasjonskapsler", "oppbevaring", "rettigheter", "sikkerhet")
STEP = re.compile(r"^\s*(Gitt|Når|Så|Og|Men|\*) (?P<tekst>.+)$")
FILES = sorted(FEATURES.glob("*.feature"))


def steps(text: str) -> list[str]:
    return [m.group("tekst") for line in text.splitlines() if (m := STEP.match(line))]


def quoted(text: str, opening: str) -> str | None:
    """The text between «opening» and its matching closing », allowing «nested» quotes."""
    start = text.find(opening)
    if start < 0:
        return None
    depth, i = 1, start + len(opening)
    for j in range(i, len(text)):
        depth += {"«": 1, "»": -1}.get(text[j], 0)
        if depth == 0:
            return text[i:j]
    return None


def test_one_norwegian_feature_file_per_section() -> None:
    assert sorted(p.stem for p in FILES) == sorted(SECTIONS)
    for path in FILES:
        assert path.read_text(encoding="utf-8").splitlines()[0] == "# language: no", path.name


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_steps_hold_no_code(path: Path, regelsett: personvern.Policy) -> None:
    words = {term for section in regelsett.vocabulary.sections.values() for term in section}
    words |= set(regelsett.rules) | set(regelsett.rights_by_id) | {r.id for r in regelsett.retention_rules}
    for step in steps(path.read_text(encoding="utf-8")):
        assert not re.search(r"[{}\[\]\"]|\b[a-z]+_[a-z_]+\b|\btrue\b|\bfalse\b", step), step
        found = {w for w in words if re.search(rf"(?<![\w.-]){re.escape(w)}(?![\w.-])", step)}
        assert not found, f"{step!r} uses the code word(s) {sorted(found)}"


def test_description_quotes_are_the_statements_words(regelsett: personvern.Policy) -> None:
    statement = normaliser(" ".join(c.text for c in regelsett.clauses.values()))
    for path in FILES:
        text = path.read_text(encoding="utf-8")
        quote = quoted(text, "Erklæringen sier: «")
        assert quote, f"{path.name}: the description must quote the statement («Erklæringen sier: «...»»)"
        for part in quote.split("[...]"):
            assert normaliser(part) in statement, f"{path.name}: «{part.strip()}» is not in the statement"


def test_every_phrase_in_the_table_is_used() -> None:
    text = " ".join(p.read_text(encoding="utf-8") for p in FILES)  # steps and Examples tables
    for table in (phrases.HANDLINGER, phrases.PERSONER, phrases.POSTER):
        unused = [k for k in table if k not in text]
        assert not unused, f"phrases defined but never used: {unused}"
