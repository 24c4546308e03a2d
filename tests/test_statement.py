"""The statement is divided into clauses whose ids come from its structure."""

from __future__ import annotations

import pytest
import yaml

import personvern
from personvern.load import statement
from personvern.load.rules import default_rules_dir

from .conftest import SEED


def _sections() -> dict[str | None, str]:
    data = yaml.safe_load((default_rules_dir() / "clauses.yaml").read_text(encoding="utf-8"))
    return {s["heading"]: s["id"] for s in data["sections"]}


def _text() -> str:
    return (default_rules_dir() / "statement" / "personvernerklaering-flex-v1.txt").read_text(encoding="utf-8")


def test_bundled_text_is_the_seed_verbatim() -> None:
    if not SEED.exists():
        pytest.skip("shared/seed is not beside this checkout")
    assert _text() == SEED.read_text(encoding="utf-8")


def test_ids_survive_a_reread_of_the_text() -> None:
    first = statement.segment(_text(), _sections())
    # Re-read with other line endings, a BOM and extra blank lines: same ids, same texts.
    noisy = "\ufeff" + _text().replace("\n\n", "\n\n\n").replace("\n", "\r\n")
    second = statement.segment(noisy, _sections())
    assert [(c.id, c.text) for c in first] == [(c.id, c.text) for c in second]


def test_ids_do_not_depend_on_line_numbers() -> None:
    # Inserting a paragraph in one section shifts only that section's later sentences.
    text = _text().replace("Markedsføring\n\n", "Markedsføring\n\nEn ny første setning.\n\n", 1)
    ids = {c.id: c.text for c in statement.segment(text, _sections())}
    original = {c.id: c.text for c in statement.segment(_text(), _sections())}
    assert ids["markedsforing.1"] == "En ny første setning."
    assert ids["markedsforing.4"] == original["markedsforing.3"]
    assert ids["rettigheter.5"] == original["rettigheter.5"]


@pytest.mark.parametrize(
    ("cid", "text"),
    [
        ("markedsforing.3", "Du kan motsi deg direktemarkedsføring når som helst."),
        ("behandlingsansvarlig.1", "Den behandlingsansvarlige i henhold til den gjeldende loven om personvern er Flex AS v/daglig leder Iren N. Tverå."),
        ("innhenting.2", "Når du er kunde hos oss lagrer vi navn, fødselsdato, kjønn, adresse, telefonnummer etc.."),
        ("overforinger.b.2", "Vi vil kontrollere og ha ansvar for bruken av dine personopplysninger til enhver tid."),
        ("overforinger.c", "Med ditt samtykke til parter som samtykket relaterer til"),
        ("rettigheter.11", "I Norge er det Datatilsynet."),
        ("tjenesteutvikling.tittel", "Tjenesteutvikling, informasjonssikkerhet og intern rapportering"),
        ("versjon", "Versjon 1 – 17.07.2018"),
    ],
)
def test_known_clauses(policy: personvern.Policy, cid: str, text: str) -> None:
    assert policy.clauses[cid].text == text


def test_abbreviations_and_initials_do_not_split_sentences() -> None:
    assert statement.split_sentences("Vi kan bli forpliktet, f.eks. i forhold til regnskap. Neste.") == [
        "Vi kan bli forpliktet, f.eks. i forhold til regnskap.", "Neste."]
    assert statement.split_sentences("Leder er Iren N. Tverå. Vi er ansvarlig.") == ["Leder er Iren N. Tverå.", "Vi er ansvarlig."]
    assert statement.split_sentences("dvs. rett til å motta. Slutt") == ["dvs. rett til å motta.", "Slutt"]


def test_every_clause_is_classified(policy: personvern.Policy) -> None:
    assert len(policy.clauses) == 59
    for c in policy.clauses.values():
        assert c.normative or c.reason, f"{c.id} is not normative but gives no reason"


def test_unknown_heading_is_an_error() -> None:
    with pytest.raises(statement.StatementError, match="no section id"):
        statement.segment(_text().replace("Sikkerhet\n", "Trygghet\n"), _sections())


def test_empty_statement_is_an_error() -> None:
    with pytest.raises(statement.StatementError):
        statement.segment("\n\n", _sections())
