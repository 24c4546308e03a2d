"""The state of one scenario (a «sak»): what the steps have said so far, and the engine's answers.

The steps fill in who, what and what is known; the first «Så» step asks the real engine
(policy.evaluate / retention / rights_request / breach) and every later check reads that answer.
Nothing here decides anything: it only builds the question and compares the answer.
A failed check raises Avvik with a Norwegian message: what the scenario expected, what the engine
decided, and the engine's reasons (decision.render).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import personvern
from personvern.core.decision import OUTCOME_WORDS

from . import phrases


class Avvik(AssertionError):
    """The engine answered differently from what the scenario says."""


def normaliser(tekst: str) -> str:
    return " ".join(tekst.split()).rstrip(" .:").strip()


_BISETNING = re.compile(r"\bikke (har|er|trenger|kan|skal)\b")


def hovedsetning(bisetning: str) -> str:
    """«at kunden ikke har reservert seg» is written «kunden har ikke reservert seg» in the engine's words.

    Only the word order of a subordinate clause changes (ikke before the verb); nothing else.
    """
    return _BISETNING.sub(r"\1 ikke", bisetning)


@dataclass
class Svar:
    """One answer from the engine, with what it rests on (for the tag checks after the scenario)."""

    hva: str
    klausuler: tuple[str, ...]
    regler: tuple[str, ...]
    tolkninger: tuple[str, ...]


@dataclass
class Sak:
    policy: personvern.Policy
    # the operation
    subjects: list[str] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)
    purpose: str | None = None
    legal_basis: str | None = None
    categories: list[str] = field(default_factory=list)
    action: str | None = None
    recipients: list[dict[str, Any]] = field(default_factory=list)
    # a stored record, a request, a breach
    record: dict[str, Any] = field(default_factory=dict)
    request: dict[str, Any] = field(default_factory=dict)
    incident: dict[str, Any] = field(default_factory=dict)
    # answers
    decision: Any = None
    retention: Any = None
    rights: Any = None
    breach: Any = None
    svar: list[Svar] = field(default_factory=list)
    checked_conditions: set[str] = field(default_factory=set)
    checked_condition_rules: set[str] = field(default_factory=set)
    quoted: set[str] = field(default_factory=set)
    tags: set[str] = field(default_factory=set)
    failed: bool = False

    # ------------------------------------------------------------------ building the question

    def apply(self, updates: tuple[phrases.Update, ...], target: dict[str, Any] | None = None) -> None:
        facts = self.facts if target is None else target
        for op, key, value in updates:
            if op == "set":
                facts[key] = value
            elif op == "unset":
                facts.pop(key, None)
            elif op == "add":
                cur = list(facts.get(key) or [])
                if value not in cur:
                    cur.append(value)
                facts[key] = cur
            elif op == "remove":
                facts[key] = [v for v in facts.get(key) or [] if v != value]
        self.decision = None

    def handling(self, h: phrases.Handling) -> None:
        self.purpose, self.action = h.purpose, h.action
        self.categories = list(h.categories)
        self.decision = None

    def operation(self) -> dict[str, Any]:
        missing = []
        if self.purpose is None:
            missing.append("hva Flex vil gjøre («Når Flex vil ...»)")
        if self.legal_basis is None:
            missing.append("hvilket rettslig grunnlag behandlingen bygger på («... på grunnlag av ...»)")
        if not self.subjects:
            missing.append("hvem opplysningene gjelder («Gitt en kunde ...»)")
        if missing:
            raise Avvik("Scenariet er ufullstendig; det sier ikke " + " eller ".join(missing) + ".")
        known = {k: v for k, v in self.facts.items() if k in self.policy.vocabulary.facts}
        op: dict[str, Any] = {"purpose": self.purpose, "legal_basis": self.legal_basis, "data_categories": list(self.categories),
                              "data_subjects": list(self.subjects), "facts": known}
        if self.action:
            op["action"] = self.action
        if self.recipients:
            op["recipients"] = [dict(r) for r in self.recipients]
        return op

    def describe(self) -> str:
        """The question in words, from the policy's own vocabulary labels."""
        v = self.policy.vocabulary
        v_facts = v.facts
        lines = [
            f"  formål: {v.label('purposes', self.purpose or '')}",
            f"  rettslig grunnlag: {v.label('legal_bases', self.legal_basis or '')}",
            f"  opplysninger: {', '.join(v.label('data_categories', c) for c in self.categories)}",
            f"  gjelder: {', '.join(v.label('data_subjects', s) for s in self.subjects)}",
        ]
        if self.action:
            lines.append(f"  handling: {v.label('actions', self.action)}")
        for r in self.recipients:
            avtale = {True: ", med databehandleravtale", False: ", uten databehandleravtale"}.get(r.get("dpa"), "")
            lines.append(f"  mottaker: {r['name']} ({v.label('recipient_kinds', r['kind'])}, {r['country']}{avtale})")
        known = {k: val for k, val in self.facts.items() if k in v_facts}
        for key, value in known.items():
            lines.append(f"  kjent: {self.fact_in_words(key, value)}")
        if not known:
            lines.append("  kjent: ingen fakta")
        return "\n".join(lines)

    def fact_in_words(self, key: str, value: Any) -> str:
        d = self.policy.vocabulary.facts[key]
        if d.get("type") == "boolean":
            return str(d["nb"] if value else d.get("nb_not", f"ikke: {d['nb']}"))
        if d.get("type") == "set":
            of = d.get("of")
            items = [self.policy.vocabulary.label(of, x) if of and of != "text" else str(x) for x in value]
            return f"{d['nb']}: {', '.join(items) or 'ingen'}"
        of = d.get("of")
        return f"{d['nb']}: {self.policy.vocabulary.label(of, value) if of else value}"

    # ------------------------------------------------------------------ asking the engine

    def avgjørelse(self) -> Any:
        if self.decision is None:
            self.decision = self.policy.evaluate(self.operation())
            d = self.decision
            clauses = d.clause_ids + tuple(c for cond in d.conditions for c in cond.clause_ids)
            self.svar.append(Svar("behandling", tuple(dict.fromkeys(clauses)), d.rule_ids,
                                  tuple(r.interpretation for r in d.reasons if r.interpretation)))
        return self.decision

    def post(self) -> dict[str, Any]:
        """The stored record for a retention question: the record and what is known about it."""
        if not self.record:
            raise Avvik("Scenariet er ufullstendig; det sier ikke hvilke opplysninger Flex har lagret («Gitt at Flex har lagret ...»).")
        rec = dict(self.record)
        rec.update({k: v for k, v in self.facts.items() if k in phrases.POSTFELT})
        return rec

    def post_in_words(self) -> str:
        v = self.policy.vocabulary
        rec = self.post()
        words = [v.label("record_classes", rec["record_class"]),
                 "opplysninger: " + ", ".join(v.label("data_categories", c) for c in rec.get("data_categories", []))]
        if "customer_relationship" in rec:
            words.append(f"kundeforholdet: {v.label('relationship_states', rec['customer_relationship'])}")
        if rec.get("relationship_ended_on"):
            words.append(f"avsluttet {phrases.norsk_dato(rec['relationship_ended_on'])}")
        if rec.get("fiscal_year_end"):
            words.append(f"regnskapsåret sluttet {phrases.norsk_dato(rec['fiscal_year_end'])}")
        if rec.get("collected_on"):
            words.append(f"samlet inn {phrases.norsk_dato(rec['collected_on'])}")
        if "direct_marketing_objection" in rec:
            words.append(self.fact_in_words("direct_marketing_objection", rec["direct_marketing_objection"]))
        return "; ".join(words)

    def oppbevaring(self, on: dt.date) -> Any:
        self.retention = r = self.policy.retention(self.post(), on=on)
        self.svar.append(Svar("oppbevaring", tuple(c.id for c in r.clauses), (r.rule_id,),
                              (r.interpretation,) if r.interpretation else ()))
        return r

    def rettighet(self) -> Any:
        req = dict(self.request)
        if "grounds" in self.facts:
            req["grounds"] = list(self.facts["grounds"])
        self.rights = r = self.policy.rights_request(req)
        clauses = tuple(c.id for c in r.clauses) + tuple(c for rec in r.records for c in rec.clause_ids)
        rules = (r.right,) + tuple(rec.rule_id for rec in r.records if rec.rule_id)
        self.svar.append(Svar("rettighet", tuple(dict.fromkeys(clauses)), tuple(dict.fromkeys(rules)), tuple(r.interpretation)))
        return r

    def brudd(self) -> Any:
        inc = dict(self.incident)
        if self.facts.get("risk") is not None:
            inc["risk"] = self.facts["risk"]
        self.breach = r = self.policy.breach(inc)
        self.svar.append(Svar("sikkerhetsbrudd", tuple(c.id for c in r.clauses), ("sikkerhetsbrudd",),
                              (r.interpretation,) if r.interpretation else ()))
        return r

    # ------------------------------------------------------------------ comparing

    def avvik(self, forventet: str, besluttet: str, detaljer: str) -> Avvik:
        return Avvik(f"\nForventet: {forventet}\nMotoren svarte: {besluttet}\n{detaljer}")

    def avvik_behandling(self, forventet: str) -> Avvik:
        d = self.avgjørelse()
        return self.avvik(forventet, OUTCOME_WORDS[d.outcome][0],
                          f"Behandlingen som ble vurdert:\n{self.describe()}\nMotorens begrunnelse:\n{d.render('nb')}")

    def klausuler_med(self, sitat: str) -> set[str]:
        """The clauses whose text contains the quotation (the quotation must be the statement's words)."""
        wanted = normaliser(sitat)
        found = {c.id for c in self.policy.clauses.values() if wanted and wanted in normaliser(c.text)}
        if not found:
            raise Avvik(f"Sitatet «{sitat}» finnes ikke i erklæringen. Siter erklæringens ord nøyaktig.")
        return found

    def sjekk_utfall(self, utfall: str, forventet: str) -> Any:
        d = self.avgjørelse()
        if d.outcome != utfall:
            raise self.avvik_behandling(forventet)
        return d

    def sjekk_henvisning(self, sitat: str, forventet: str, effect: str | None = None) -> None:
        d = self.avgjørelse()
        ids = self.klausuler_med(sitat)
        hits = {c.id for r in d.reasons if effect is None or r.effect == effect for c in r.clauses} & ids
        if not hits:
            raise self.avvik_behandling(forventet)
        self.quoted |= hits

    def sjekk_vilkår(self, vilkår: str) -> None:
        d = self.avgjørelse()
        want = normaliser(hovedsetning(vilkår))
        hit = next((c for c in d.conditions if normaliser(c.nb) == want), None)
        if hit is None:
            raise self.avvik_behandling(f"behandlingen skulle tillates på vilkår om at {vilkår}")
        self.checked_conditions.add(normaliser(hit.nb))
        self.checked_condition_rules.update(hit.rule_id.split(","))

    def sjekk_standardavslag(self, forventet: str) -> None:
        d = self.sjekk_utfall(personvern.DENY, forventet)
        if not d.reasons or not all(self.policy.rules[r.rule_id].default for r in d.reasons):
            raise self.avvik_behandling(forventet)

    # ------------------------------------------------------------------ after the scenario

    def etterkontroll(self) -> list[str]:
        """Tag checks once a scenario has passed: @klausul tags, quotes and @tolkning must match the answers."""
        problems = []
        tagged = {t.split(":", 1)[1] for t in self.tags if t.startswith("klausul:")}
        cited = {c for s in self.svar for c in s.klausuler}
        if not self.svar:
            problems.append("Scenariet spurte aldri motoren om noe.")
        for cid in sorted(tagged - cited):
            problems.append(f"Scenariet er merket @klausul:{cid}, men motorens svar viser ikke til {cid}. "
                            f"Svarene viste til: {', '.join(sorted(cited)) or 'ingen klausuler'}.")
        for cid in sorted(self.quoted - tagged):
            problems.append(f"Scenariet siterer klausul {cid}, men er ikke merket @klausul:{cid}.")
        interp = [t for s in self.svar for t in s.tolkninger]
        cond_interp = [self.policy.rules[r].interpretation_nb for r in self.checked_condition_rules
                       if r in self.policy.rules and self.policy.rules[r].interpretation_nb]
        is_tagged = "tolkning" in self.tags
        if interp and not is_tagged:
            problems.append("Svaret bygger på en tolkning, men scenariet er ikke merket @tolkning. Tolkningen:\n  "
                            + "\n  ".join(dict.fromkeys(interp)))
        if is_tagged and not interp and not cond_interp:
            problems.append("Scenariet er merket @tolkning, men ingen regel svaret bygger på har en tolkningsmerknad.")
        return problems
