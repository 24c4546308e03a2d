"""Sikkerhet: features/sikkerhet.feature, with the steps for a personal data breach."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pytest_bdd import given, parsers, scenarios, then, when

from . import phrases
from .sak import Avvik, Sak, normaliser

scenarios("sikkerhet.feature")

_DATO = r"\d{1,2}\.\d{1,2}\.\d{4}"
_TID = r"\d{1,2}:\d{2}"
_SVAR = {"gjelder": True, "gjelder ikke": False, "avhenger av risikovurderingen": None, "avhenger av når meldingen sendes": None}


@given(parsers.re(rf"^et sikkerhetsbrudd som Flex ble kjent med (?P<dag>{_DATO}) kl\. (?P<klokke>{_TID})$"))
def sikkerhetsbrudd(sak: Sak, dag: str, klokke: str) -> None:
    local = phrases.tidspunkt(dag, klokke)
    # The instant, with its UTC offset (as a date-time written in a file would carry it).
    offset = local.utcoffset() or dt.timedelta(0)
    sak.incident = {"aware_at": local.astimezone(dt.timezone(offset))}


@when(parsers.re(rf"^Flex melder bruddet til Datatilsynet (?P<dag>{_DATO}) kl\. (?P<klokke>{_TID})$"))
def melder_bruddet(sak: Sak, dag: str, klokke: str) -> None:
    local = phrases.tidspunkt(dag, klokke)
    sak.incident["notified_at"] = local.astimezone(dt.timezone(local.utcoffset() or dt.timedelta(0)))


@when("Flex vurderer varslingspliktene")
def vurderer_varslingspliktene(sak: Sak) -> None:
    if sak.facts.get("exemptions"):
        sak.incident["exemptions"] = sorted(sak.facts["exemptions"])
    facts = {k: v for k, v in sak.facts.items() if k in sak.policy.vocabulary.facts and k not in phrases.POSTFELT}
    if facts:
        sak.incident["facts"] = facts
    sak.brudd()


def _avvik(sak: Sak, forventet: str) -> Avvik:
    state = {True: "gjelder", False: "gjelder ikke", None: "avhenger av risikovurderingen"}
    lines = [f"{state[d.applies]}: {d.nb} (frist {phrases.norsk_tid(d.deadline)}; {d.source})" for d in sak.breach.duties]
    lines += [f"{c.id}: «{c.text}»" for c in sak.breach.clauses]
    return sak.avvik(forventet, "varslingsplikter", "Motorens svar:\n  " + "\n  ".join(lines))


def _plikt(sak: Sak, tekst: str) -> Any:
    if sak.breach is None:
        raise Avvik("Scenariet spør ikke om varslingsplikter («Når Flex vurderer varslingspliktene»).")
    hits = [d for d in sak.breach.duties if normaliser(tekst) in normaliser(d.nb)]
    if len(hits) != 1:
        raise _avvik(sak, f"nøyaktig én plikt med teksten «{tekst}»")
    return hits[0]


@then(parsers.re(r"^(?:gjelder plikten «(?P<a>.+)»|plikten «(?P<b>.+)» (?P<svar>gjelder|gjelder ikke|avhenger av risikovurderingen|avhenger av når meldingen sendes))$"))
def plikten(sak: Sak, a: str | None, b: str | None, svar: str | None) -> None:
    tekst = a or b or ""
    want = _SVAR[svar or "gjelder"]
    if _plikt(sak, tekst).applies is not want:
        raise _avvik(sak, f"plikten «{tekst}» {svar or 'gjelder'}")


@then(parsers.re(rf"^fristen for plikten «(?P<tekst>.+)» er (?P<dag>{_DATO}) kl\. (?P<klokke>{_TID})$"))
def fristen_for_plikten(sak: Sak, tekst: str, dag: str, klokke: str) -> None:
    d = _plikt(sak, tekst)
    if d.deadline is None or d.deadline != phrases.tidspunkt(dag, klokke):
        raise _avvik(sak, f"fristen for plikten «{tekst}» skulle være {dag} kl. {klokke}")
