"""Dine rettigheter: features/rettigheter.feature, with the steps for a data subject's request."""

from __future__ import annotations

from typing import Any

from pytest_bdd import given, parsers, scenarios, then, when

from . import phrases
from .sak import Avvik, Sak, normaliser

scenarios("rettigheter.feature")

_DATO = r"\d{1,2}\.\d{1,2}\.\d{4}"


@given(parsers.re(rf"^at Flex (?P<dag>{_DATO}) mottar en henvendelse fra en kunde om (?P<rett>.+)$"))
def mottar_henvendelse(sak: Sak, dag: str, rett: str) -> None:
    sak.request = {"right": phrases.rettighet(sak.policy, rett), "received_on": phrases.dato(dag), "records": []}


@given("forespørselen gjelder disse opplysningene:")
def forespørselen_gjelder(sak: Sak, datatable: list[list[str]]) -> None:
    header, *rows = datatable
    columns = [phrases.slå_opp(phrases.KOLONNER, h, "kolonne") for h in header]
    for row in rows:
        record: dict[str, Any] = {}
        for column, cell in zip(columns, row):
            cell = cell.strip()
            if not cell:
                continue
            if column == "post":
                p = phrases.slå_opp(phrases.POSTER, cell, "lagrede opplysninger")
                record.update(record_class=p.record_class, data_categories=list(p.categories))
            elif column == "customer_relationship":
                record[column] = phrases.slå_opp(phrases.KUNDEFORHOLD, cell, "kundeforhold")
            elif column in ("relationship_ended_on", "fiscal_year_end", "collected_on"):
                record[column] = phrases.dato(cell)
            elif column == "purpose":
                record[column] = phrases.slå_opp(phrases.FORMAL, cell, "formål")
            elif column == "received_from":
                record[column] = cell
            elif column == "legal_basis":
                record[column] = phrases.slå_opp(phrases.GRUNNLAG, cell, "rettslig grunnlag")
            else:
                record[column] = phrases.slå_opp(phrases.JA_NEI, cell, "ja eller nei")
        sak.request["records"].append(record)


@when("Flex behandler henvendelsen")
def behandler_henvendelsen(sak: Sak) -> None:
    facts = {k: v for k, v in sak.facts.items() if k in sak.policy.vocabulary.facts and k not in phrases.POSTFELT}
    if facts:
        sak.request["facts"] = facts
    sak.rettighet()


def _avvik(sak: Sak, forventet: str) -> Avvik:
    r = sak.rights
    lines = [f"rett til {r.right_nb}", f"svarfrist: {phrases.norsk_dato(r.deadline)} (forlenget: {phrases.norsk_dato(r.latest_deadline)})"]
    lines += [f"tiltak: {nb}" for nb, _ in r.actions]
    for rec in r.records:
        until = f" til og med {phrases.norsk_dato(rec.keep_until)}" if rec.keep_until else ""
        what = sak.policy.vocabulary.label("record_classes", rec.record_class)
        lines.append(f"post {rec.index + 1} ({what}): {phrases.SVAR.get(rec.action, rec.action)}{until} – {rec.nb}")
    lines += [f"{c.id}: «{c.text}»" for c in r.clauses]
    lines += [f"forutsetning: {nb}" for nb, _ in r.conditions]
    return sak.avvik(forventet, f"rett til {r.right_nb}", "Motorens svar:\n  " + "\n  ".join(lines))


@then(parsers.re(rf"^skal Flex svare senest (?P<dag>{_DATO})$"))
def svare_senest(sak: Sak, dag: str) -> None:
    if sak.rights.deadline != phrases.dato(dag):
        raise _avvik(sak, f"Flex skulle svare senest {dag}")


@then(parsers.re(rf"^fristen kan forlenges til senest (?P<dag>{_DATO})$"))
def kan_forlenges(sak: Sak, dag: str) -> None:
    if sak.rights.latest_deadline != phrases.dato(dag):
        raise _avvik(sak, f"fristen skulle kunne forlenges til senest {dag}")


@then(parsers.re(r"^Flex skal ikke gjøre dette: «(?P<tekst>.+)»$"))
def skal_ikke_gjøre(sak: Sak, tekst: str) -> None:
    if any(normaliser(tekst) in normaliser(nb) for nb, _ in sak.rights.actions):
        raise _avvik(sak, f"Flex skulle ikke måtte gjøre dette: «{tekst}»")


@then(parsers.re(r"^svaret for post (?P<nr>\d+) sier «(?P<tekst>.+)»$"))
def svaret_for_post(sak: Sak, nr: str, tekst: str) -> None:
    recs = sak.rights.records
    if not (0 < int(nr) <= len(recs)) or normaliser(tekst) not in normaliser(recs[int(nr) - 1].nb):
        raise _avvik(sak, f"svaret for post {nr} skulle si «{tekst}»")


@then("gjelder ingen svarfrist for Flex")
def ingen_svarfrist(sak: Sak) -> None:
    if sak.rights.deadline is not None:
        raise _avvik(sak, "ingen svarfrist for Flex")


@then(parsers.re(r"^Flex må gjøre dette: «(?P<tekst>.+)»$"))
def må_gjøre(sak: Sak, tekst: str) -> None:
    if not any(normaliser(tekst) in normaliser(nb) for nb, _ in sak.rights.actions):
        raise _avvik(sak, f"Flex skulle måtte gjøre dette: «{tekst}»")


@then("opplysningene skal behandles slik:")
def behandles_slik(sak: Sak, datatable: list[list[str]]) -> None:
    header, *rows = datatable
    if [h.strip() for h in header] != ["opplysninger", "svar"]:
        raise Avvik("Tabellen må ha kolonnene «opplysninger» og «svar».")
    got = sak.rights.records
    if len(rows) != len(got):
        raise _avvik(sak, f"svar for {len(rows)} poster")
    for i, ((post, svar), rec) in enumerate(zip(rows, got), start=1):
        until = f" til og med {phrases.norsk_dato(rec.keep_until)}" if rec.keep_until else ""
        actual = phrases.SVAR.get(rec.action, rec.action) + until
        expected_class = phrases.slå_opp(phrases.POSTER, post.strip(), "lagrede opplysninger").record_class
        if rec.record_class != expected_class or normaliser(svar) != normaliser(actual):
            raise _avvik(sak, f"post {i} ({post.strip()}): {svar.strip()}")
