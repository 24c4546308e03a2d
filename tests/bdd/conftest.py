"""The Norwegian specifications in features/, run against the real engine.

Shared steps for every feature file live here; the steps of one area (retention, rights,
breaches) live in that area's test module. Steps are thin: they look the phrase up in
phrases.py, fill in the scenario's Sak, and compare the engine's answer.

After a scenario has passed, its tags are checked against the engine's answers: every
@klausul:<id> tag must be a clause the answers cite, every quoted clause must be tagged, and a
scenario whose answer rests on an interpretation must be tagged @tolkning (and only then).

Environment:
  PERSONVERN_POLICY_DIR   run the specifications against another rules folder (default: the bundled rules)
  PERSONVERN_RESULTS      where to record scenario results (default: .personvern-results.json in the
                          project root; an empty value turns recording off)
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any, Iterator

import pytest
from pytest_bdd import given, parsers, then, when

import personvern
from personvern.load import rules as api

from . import phrases
from .sak import Avvik, Sak, hovedsetning, normaliser

ROOT = Path(__file__).resolve().parents[2]
FEATURES = ROOT / "features"
RESULTS_FORMAT = 1
SCENARIO_KEY = pytest.StashKey[tuple[str, str, str]]()
SAK_KEY = pytest.StashKey[Sak]()

_DATO = r"\d{1,2}\.\d{1,2}\.\d{4}"
_PERSON = r"(?:en (?:kunde|tidligere kunde|ansatt|besøkende|interessent)|et barn|en av Flex sine ansatte)\b"

# --------------------------------------------------------------------------- fixtures and hooks


def _policy_dir() -> str | None:
    return os.environ.get("PERSONVERN_POLICY_DIR") or None


@pytest.fixture(scope="session")
def regelsett() -> personvern.Policy:
    """The policy the specifications run against: the bundled rules, or $PERSONVERN_POLICY_DIR."""
    return personvern.load_policy(_policy_dir(), use_cache=False)


@pytest.fixture
def sak(request: pytest.FixtureRequest, regelsett: personvern.Policy) -> Sak:
    s = Sak(regelsett)
    request.node.stash[SAK_KEY] = s
    return s


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "klausul(id): the scenario checks this clause of the statement (from @klausul:<id>)")
    config.addinivalue_line("markers", "tolkning: the scenario's outcome rests on an interpretation (from @tolkning)")


def pytest_bdd_apply_tag(tag: str, function: Any) -> Any:
    if tag.startswith("klausul:"):
        return pytest.mark.klausul(tag.split(":", 1)[1])(function)
    if tag == "tolkning":
        return pytest.mark.tolkning(function)
    return None


def _tags(feature: Any, scenario: Any) -> set[str]:
    rule_tags = scenario.rule.tags if getattr(scenario, "rule", None) is not None else set()
    return set(scenario.tags) | set(feature.tags) | set(rule_tags)


def pytest_bdd_before_scenario(request: pytest.FixtureRequest, feature: Any, scenario: Any) -> None:
    rel = os.path.relpath(feature.filename, FEATURES).replace(os.sep, "/")
    example = request.node.callspec.id if hasattr(request.node, "callspec") else ""
    request.node.stash[SCENARIO_KEY] = (rel, scenario.name, example)
    request.getfixturevalue("sak").tags = _tags(feature, scenario)


def pytest_bdd_step_error(request: pytest.FixtureRequest, **_: Any) -> None:
    s = request.node.stash.get(SAK_KEY, None)
    if s is not None:
        s.failed = True


def pytest_bdd_step_func_lookup_error(request: pytest.FixtureRequest, **_: Any) -> None:
    pytest_bdd_step_error(request)


def pytest_bdd_after_scenario(request: pytest.FixtureRequest, feature: Any, scenario: Any) -> None:
    s = request.node.stash.get(SAK_KEY, None)
    if s is None or s.failed:
        return
    problems = s.etterkontroll()
    if problems:
        raise Avvik(f"Merkene på scenariet «{scenario.name}» stemmer ikke med motorens svar:\n- " + "\n- ".join(problems))


_results: list[dict[str, Any]] = []


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    key = item.stash.get(SCENARIO_KEY, None)
    if key is None:
        return
    if report.when == "call" or (report.when == "setup" and not report.passed):
        s = item.stash.get(SAK_KEY, None)
        rules = list(dict.fromkeys(r for a in s.svar for r in a.regler)) if s is not None else []
        result = "passed" if report.passed else "skipped" if report.skipped else "failed"
        _results.append({"feature": key[0], "scenario": key[1], "example": key[2] or None, "outcome": result, "rules": rules})


def _results_path(config: pytest.Config) -> Path | None:
    env = os.environ.get("PERSONVERN_RESULTS")
    if env is not None:
        return Path(env) if env else None
    return Path(config.rootpath) / ".personvern-results.json"


def pytest_sessionfinish(session: pytest.Session) -> None:
    path = _results_path(session.config)
    if path is None or not _results:
        return
    # The rule set's content hash, as load_policy computes it (without touching any cache).
    digest = api.content_hash(Path(_policy_dir() or api.default_rules_dir()))
    keep: list[dict[str, Any]] = []
    try:
        old = json.loads(path.read_text(encoding="utf-8"))
        if old.get("format") == RESULTS_FORMAT and old.get("policy_hash") == digest:
            ran = {(r["feature"], r["scenario"]) for r in _results}
            keep = [r for r in old.get("scenarios", []) if (r.get("feature"), r.get("scenario")) not in ran]
    except (OSError, ValueError, AttributeError, TypeError):
        keep = []
    data = {"format": RESULTS_FORMAT, "policy_hash": digest,
            "written_at": dt.datetime.now(dt.timezone.utc).astimezone().isoformat(timespec="seconds"),
            "scenarios": keep + _results}
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)


# --------------------------------------------------------------------------- Gitt: who, and what is known


@given(parsers.re(rf"^(?P<tekst>{_PERSON}.*)$"))
def gitt_person(sak: Sak, tekst: str) -> None:
    who, updates = phrases.person(tekst)
    sak.subjects = list(who.subjects)
    sak.apply(who.facts)
    sak.apply(updates)


@given(parsers.re(rf"^(?!{_PERSON})(?!at Flex )(?!et sikkerhetsbrudd )(?!forespørselen )(?!posten )(?P<tekst>.+)$"))
def gitt_faktum(sak: Sak, tekst: str) -> None:
    sak.apply(phrases.fakta(tekst))


# --------------------------------------------------------------------------- Når: what Flex wants to do


@when(parsers.re(r"^Flex vil (?P<handling>.+?)(?: på grunnlag av (?P<grunnlag>.+))?$"))
def flex_vil(sak: Sak, handling: str, grunnlag: str | None) -> None:
    sak.handling(phrases.slå_opp(phrases.HANDLINGER, handling, "handling"))
    if grunnlag:
        sak.legal_basis = phrases.slå_opp(phrases.GRUNNLAG, grunnlag, "rettslig grunnlag")


@when(parsers.re(r"^behandlingen bygger på (?P<grunnlag>.+)$"))
def bygger_på(sak: Sak, grunnlag: str) -> None:
    sak.legal_basis = phrases.slå_opp(phrases.GRUNNLAG, grunnlag, "rettslig grunnlag")
    sak.decision = None


@when(parsers.re(r"^opplysningene omfatter også (?P<navn>.+)$"))
def omfatter_også(sak: Sak, navn: str) -> None:
    sak.categories.append(phrases.kategori(sak.policy, navn))
    sak.decision = None


@when(parsers.re(r"^opplysningene (?:sendes|utleveres|overføres) til (?P<slag>\S+) «(?P<navn>[^»]+)» i (?P<land>[^,]+?)(?:, (?P<avtale>.+))?$"))
def mottaker(sak: Sak, slag: str, navn: str, land: str, avtale: str | None) -> None:
    sak.recipients.append(phrases.mottaker(slag, navn, land, avtale or ""))
    sak.decision = None


@when(parsers.re(r"^det blir kjent at (?P<tekst>.+)$"))
def det_blir_kjent(sak: Sak, tekst: str) -> None:
    sak.apply(phrases.fakta(hovedsetning(tekst)))


# --------------------------------------------------------------------------- Så: what the engine must answer


@then("skal behandlingen tillates")
def tillates(sak: Sak) -> None:
    sak.sjekk_utfall(personvern.PERMIT, "behandlingen skulle tillates uten vilkår")


@then(parsers.re(r"^skal behandlingen tillates med henvisning til «(?P<sitat>.+)»$"))
def tillates_med_henvisning(sak: Sak, sitat: str) -> None:
    forventet = f"behandlingen skulle tillates med henvisning til «{sitat}»"
    sak.sjekk_utfall(personvern.PERMIT, forventet)
    sak.sjekk_henvisning(sitat, forventet, "permit")


@then("skal behandlingen avvises")
def avvises(sak: Sak) -> None:
    sak.sjekk_utfall(personvern.DENY, "behandlingen skulle avvises")


@then(parsers.re(r"^skal behandlingen avvises med henvisning til «(?P<sitat>.+)»$"))
def avvises_med_henvisning(sak: Sak, sitat: str) -> None:
    forventet = f"behandlingen skulle avvises med henvisning til «{sitat}»"
    sak.sjekk_utfall(personvern.DENY, forventet)
    sak.sjekk_henvisning(sitat, forventet, "forbid")


@then("skal behandlingen avvises fordi erklæringen ikke beskriver den")
def avvises_ikke_beskrevet(sak: Sak) -> None:
    sak.sjekk_standardavslag("behandlingen skulle avvises fordi ingen regel i erklæringen tillater den")


@then(parsers.re(r"^skal behandlingen tillates på vilkår om at (?P<vilkår>.+)$"))
def tillates_på_vilkår(sak: Sak, vilkår: str) -> None:
    sak.sjekk_utfall(personvern.CONDITIONAL, f"behandlingen skulle tillates på vilkår om at {vilkår}")
    sak.sjekk_vilkår(vilkår)


@then(parsers.re(r"^på vilkår om at (?P<vilkår>.+)$"))
def og_på_vilkår(sak: Sak, vilkår: str) -> None:
    sak.sjekk_utfall(personvern.CONDITIONAL, f"behandlingen skulle tillates på vilkår om at {vilkår}")
    sak.sjekk_vilkår(vilkår)


@then("det er ingen andre vilkår")
def ingen_andre_vilkår(sak: Sak) -> None:
    d = sak.avgjørelse()
    others = [c.nb for c in d.conditions if normaliser(c.nb) not in sak.checked_conditions]
    if others:
        raise sak.avvik_behandling("ingen andre vilkår enn dem scenariet nevner; motoren stilte også vilkår om at "
                                   + "; ".join(others))


@then(parsers.re(r"^Flex får plikten «(?P<plikt>.+)»$"))
def får_plikten(sak: Sak, plikt: str) -> None:
    d = sak.avgjørelse()
    if not any(normaliser(plikt) in normaliser(o.nb) for o in d.obligations):
        raise sak.avvik_behandling(f"Flex skulle få plikten «{plikt}»")


@then(parsers.re(r"^avslaget gjelder mottakeren «(?P<navn>.+)»$"))
def avslaget_gjelder_mottaker(sak: Sak, navn: str) -> None:
    d = sak.sjekk_utfall(personvern.DENY, f"behandlingen skulle avvises på grunn av mottakeren «{navn}»")
    if not any(r.recipient == navn for r in d.reasons):
        raise sak.avvik_behandling(f"avslaget skulle gjelde mottakeren «{navn}»")


@then(parsers.re(r"^(?:svaret|begrunnelsen) viser til «(?P<sitat>.+)»$"))
def svaret_viser_til(sak: Sak, sitat: str) -> None:
    if not sak.svar:
        sak.avgjørelse()
    ids = sak.klausuler_med(sitat)
    last = sak.svar[-1]
    hits = ids & set(last.klausuler)
    if not hits:
        raise Avvik(f"\nForventet: svaret skulle vise til «{sitat}» ({', '.join(sorted(ids))})\n"
                    f"Motoren viste til: {', '.join(last.klausuler) or 'ingen klausuler'}")
    sak.quoted |= hits


# --------------------------------------------------------------------------- stored data: how long it may be kept


@given(parsers.re(r"^at Flex har lagret (?P<post>.+)$"))
def har_lagret(sak: Sak, post: str) -> None:
    p = phrases.slå_opp(phrases.POSTER, post, "lagrede opplysninger")
    sak.record = {"record_class": p.record_class, "data_categories": list(p.categories)}


@given(parsers.re(r"^posten inneholder også (?P<navn>.+)$"))
def posten_inneholder(sak: Sak, navn: str) -> None:
    sak.record.setdefault("data_categories", []).append(phrases.kategori(sak.policy, navn))


@when(parsers.re(rf"^Flex vurderer oppbevaringen (?P<dag>{_DATO})$"))
def vurderer_oppbevaringen(sak: Sak, dag: str) -> None:
    sak.oppbevaring(phrases.dato(dag))


def _oppbevaring(sak: Sak, utfall: str, forventet: str) -> Any:
    r = sak.retention
    if r is None:
        raise Avvik("Scenariet spør ikke om oppbevaring («Når Flex vurderer oppbevaringen ...»).")
    if r.outcome != utfall:
        raise _avvik_oppbevaring(sak, forventet)
    return r


def _avvik_oppbevaring(sak: Sak, forventet: str) -> Avvik:
    r = sak.retention
    ord_ = {"keep": "BEHOLD", "delete": "SLETT", "conditional": "BEHOLD PÅ VILKÅR"}[r.outcome]
    lines = [f"regel {r.rule_id}: {r.explanation_nb}"]
    if r.keep_until:
        lines.append(f"kan beholdes til og med {phrases.norsk_dato(r.keep_until)}")
    if r.delete_by:
        lines.append(f"skal være slettet senest {phrases.norsk_dato(r.delete_by)}")
    if r.condition_nb:
        lines.append(f"vilkår: {r.condition_nb}")
    if r.source:
        lines.append(f"kilde: {r.source}")
    if r.excess_categories:
        lines.append("slett nå: " + ", ".join(sak.policy.vocabulary.label("data_categories", c) for c in r.excess_categories))
    lines += [f"{c.id}: «{c.text}»" for c in r.clauses]
    return sak.avvik(forventet, ord_, "Lagrede opplysninger: " + sak.post_in_words() + "\nMotorens begrunnelse:\n  " + "\n  ".join(lines))


@then("kan opplysningene beholdes")
def kan_beholdes(sak: Sak) -> None:
    _oppbevaring(sak, "keep", "opplysningene skulle kunne beholdes")


@then(parsers.re(rf"^kan opplysningene beholdes til og med (?P<dag>{_DATO})$"))
def kan_beholdes_til(sak: Sak, dag: str) -> None:
    forventet = f"opplysningene skulle kunne beholdes til og med {dag}"
    r = _oppbevaring(sak, "keep", forventet)
    if r.keep_until != phrases.dato(dag):
        raise _avvik_oppbevaring(sak, forventet)


@then("skal opplysningene slettes")
def skal_slettes(sak: Sak) -> None:
    _oppbevaring(sak, "delete", "opplysningene skulle slettes")


@then(parsers.re(rf"^skal opplysningene slettes, senest (?P<dag>{_DATO})$"))
def skal_slettes_senest(sak: Sak, dag: str) -> None:
    forventet = f"opplysningene skulle slettes, senest {dag}"
    r = _oppbevaring(sak, "delete", forventet)
    if r.delete_by != phrases.dato(dag):
        raise _avvik_oppbevaring(sak, forventet)


@then(parsers.re(rf"^de skal være slettet senest (?P<dag>{_DATO})$"))
def slettet_senest(sak: Sak, dag: str) -> None:
    if sak.retention is None or sak.retention.delete_by != phrases.dato(dag):
        raise _avvik_oppbevaring(sak, f"opplysningene skulle være slettet senest {dag}")


@then(parsers.re(r"^kan opplysningene bare beholdes på vilkår: «(?P<tekst>.+)»$"))
def beholdes_på_vilkår(sak: Sak, tekst: str) -> None:
    forventet = f"opplysningene skulle bare kunne beholdes på vilkår: «{tekst}»"
    r = _oppbevaring(sak, "conditional", forventet)
    if normaliser(r.condition_nb or "") != normaliser(tekst):
        raise _avvik_oppbevaring(sak, forventet)


@then(parsers.re(r"^vilkåret er «(?P<tekst>.+)»$"))
def vilkåret_er(sak: Sak, tekst: str) -> None:
    if sak.retention is None or normaliser(sak.retention.condition_nb or "") != normaliser(tekst):
        raise _avvik_oppbevaring(sak, f"vilkåret skulle være «{tekst}»")


@then(parsers.re(r"^fristen følger av (?P<kilde>.+)$"))
def fristen_følger_av(sak: Sak, kilde: str) -> None:
    if sak.retention is None or normaliser(sak.retention.source or "") != normaliser(kilde):
        raise _avvik_oppbevaring(sak, f"fristen skulle følge av {kilde}")


@then(parsers.re(r"^(?P<navn>.+) skal slettes straks$"))
def slettes_straks(sak: Sak, navn: str) -> None:
    term = phrases.kategori(sak.policy, navn)
    if sak.retention is None or term not in sak.retention.excess_categories:
        raise _avvik_oppbevaring(sak, f"{navn} skulle slettes straks")
