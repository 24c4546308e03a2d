"""The tag checks run after every scenario (Sak.etterkontroll), tried on real engine answers."""

from __future__ import annotations

import personvern

from . import phrases
from .sak import Sak


def newsletter(policy: personvern.Policy, *facts: str) -> Sak:
    sak = Sak(policy)
    who, updates = phrases.person("en kunde med et aktivt kundeforhold")
    sak.subjects = list(who.subjects)
    sak.apply(who.facts + updates)
    for f in facts:
        sak.apply(phrases.fakta(f))
    sak.handling(phrases.HANDLINGER["sende nyhetsbrev på e-post"])
    sak.legal_basis = "legitimate_interests"
    return sak


def test_an_answer_resting_on_an_interpretation_needs_the_tag(regelsett: personvern.Policy) -> None:
    sak = newsletter(regelsett, "kunden har ikke reservert seg mot direktemarkedsføring", "kunden har ikke protestert mot noen behandling")
    assert sak.avgjørelse().permitted and sak.avgjørelse().reasons[0].interpretation
    sak.tags = {"klausul:markedsforing.1"}
    problems = sak.etterkontroll()
    assert len(problems) == 1 and "ikke merket @tolkning" in problems[0]
    sak.tags.add("tolkning")
    assert sak.etterkontroll() == []


def test_the_tag_is_refused_where_nothing_rests_on_an_interpretation(regelsett: personvern.Policy) -> None:
    sak = newsletter(regelsett, "kunden har reservert seg mot direktemarkedsføring")
    assert sak.avgjørelse().refused and not sak.avgjørelse().reasons[0].interpretation
    sak.tags = {"klausul:markedsforing.3", "tolkning"}
    assert [p for p in sak.etterkontroll() if "merket @tolkning, men" in p]
    sak.tags = {"klausul:markedsforing.3"}
    assert sak.etterkontroll() == []


def test_clause_tags_must_be_cited_and_quoted_clauses_tagged(regelsett: personvern.Policy) -> None:
    sak = newsletter(regelsett, "kunden har reservert seg mot direktemarkedsføring")
    sak.sjekk_henvisning("Du kan motsi deg direktemarkedsføring når som helst", "avslag", "forbid")
    sak.tags = {"klausul:markedsforing.2"}
    problems = sak.etterkontroll()
    assert any("@klausul:markedsforing.2, men motorens svar viser ikke til markedsforing.2" in p for p in problems)
    assert any("siterer klausul markedsforing.3, men er ikke merket @klausul:markedsforing.3" in p for p in problems)


def test_a_scenario_must_ask_the_engine(regelsett: personvern.Policy) -> None:
    sak = Sak(regelsett)
    assert sak.etterkontroll() == ["Scenariet spurte aldri motoren om noe."]
