"""Compile rights.yaml and breach.yaml: the rights, how each treats a stored record, the deadline
calendar, the breach duties and their exemptions. Called by the compiler; every problem goes to its
collector (``c.add``), and term lists are checked with its ``terms`` function.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Any, Mapping

from .. import errors
from ..core.calendars import HolidayCalendar
from ..core.factkinds import BOOLEAN, SET, FactKind, kind_of
from .loader import Document
from ..core.model import BreachConfig, BreachDuty, Deadline, RecordRule, Right, RightsConfig, Vocabulary


_MATCH_TERMS = {"record_class": "record_classes", "purpose": "purposes", "legal_basis": "legal_bases"}
_MATCH_BOOLS = ("provided_by_subject", "automated", "grounds")


def _pair(d: Mapping[str, Any] | None) -> tuple[str, str] | None:
    return (d["nb"], d["en"]) if d else None


def compile_rights(doc: Document | None, vocab: Vocabulary, cite_check: Any,
            c: Any, terms: Any) -> tuple[dict[str, Right], Deadline, Deadline, str | None, RightsConfig]:
    if doc is None:
        return {}, Deadline(months=1), Deadline(months=2), None, RightsConfig()
    rd = doc.data["response_deadline"]
    rights = {}
    for name, r in doc.data["rights"].items():
        records = tuple(_record_rule(doc, rr, f"$.rights.{name}.records[{i}]", vocab, cite_check, c, terms)
                        for i, rr in enumerate(r.get("records", [])))
        rights[name] = Right(
            id=name, nb=r["nb"], en=r["en"], cites=cite_check(doc, r["cites"], f"$.rights.{name}.cites"),
            actions=tuple((a["nb"], a["en"]) for a in r["actions"]),
            portable_bases=frozenset(r.get("portable_bases", [])), formats=tuple(r.get("formats", [])),
            no_deadline=bool(r.get("no_deadline")), interpretation_nb=(r.get("interpretation") or {}).get("nb"),
            records=records, grounds=frozenset(r.get("grounds", [])), interpretation_en=(r.get("interpretation") or {}).get("en"),
        )
    cal = rd.get("calendar")
    holidays = None if cal is None else HolidayCalendar(
        weekend=frozenset(_WEEKDAYS.index(d) for d in cal["weekend"]),
        fixed=frozenset((int(md[:2]), int(md[3:])) for md in cal["fixed"]),
        from_easter=frozenset(cal.get("from_easter", [])))
    refusal = doc.data.get("refusal_notice")
    proc = doc.data.get("processor") or {}
    if proc:
        _fact_check(doc, vocab, proc["fact"], BOOLEAN, "$.processor.fact", c)
    config = RightsConfig(
        deadline_source_nb=rd["source"]["nb"], holidays=holidays, holidays_nb=cal["nb"] if cal else None,
        extension_notice=_pair(rd.get("extension_notice")), refusal_notice=_pair(refusal),
        refusal_cites=cite_check(doc, refusal["cites"], "$.refusal_notice.cites") if refusal else (),
        field_labels=MappingProxyType({k: (v["nb"], v["en"]) for k, v in doc.data.get("record_fields", {}).items()}),
        processor_fact=proc.get("fact"), processor_cites=cite_check(doc, proc.get("cites", []), "$.processor.cites"),
        processor_actions=tuple((a["nb"], a["en"]) for a in proc.get("actions", [])),
        processor_record=_pair(proc.get("record")), processor_unknown=_pair(proc.get("if_unknown")),
        processor_note_nb=(proc.get("interpretation") or {}).get("nb"), processor_note_en=(proc.get("interpretation") or {}).get("en"),
        deadline_source_en=rd["source"].get("en"), deadline_note_en=(rd.get("interpretation") or {}).get("en"),
    )
    return (rights, Deadline(**rd["period"]), Deadline(**rd["extension"]),
            (rd.get("interpretation") or {}).get("nb"), config)


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _fact_check(doc: Document, vocab: Vocabulary, name: str, kind: FactKind, path: str, c: Any) -> None:
    d = vocab.facts.get(name)
    if d is None or kind_of(d) is not kind:
        c.add(doc, errors.UNKNOWN_TERM, f"{name!r} is not a {kind.name} fact of the vocabulary", path)


def _record_rule(doc: Document, r: Mapping[str, Any], path: str, vocab: Vocabulary, cite_check: Any, c: Any,
                 terms: Any) -> RecordRule:
    match: list[tuple[str, frozenset[str] | bool | str]] = []
    for key, section in _MATCH_TERMS.items():
        if key in r:
            found = terms(doc, r, key, section, vocab, path, c)
            match.append((key, found or frozenset()))
    for key in _MATCH_BOOLS:
        if key in r:
            match.append((key, bool(r[key])))
    if "retention" in r:
        match.append(("retention", frozenset(r["retention"])))
    if "purpose_in_fact" in r:
        d = vocab.facts.get(r["purpose_in_fact"])
        if d is None or kind_of(d) is not SET or d.get("of") != "purposes":
            c.add(doc, errors.UNKNOWN_TERM, f"{r['purpose_in_fact']!r} is not a set fact of purposes", f"{path}.purpose_in_fact")
        match.append(("purpose_in_fact", str(r["purpose_in_fact"])))
    if "purpose_not_in_set" in r:
        if vocab.set_of.get(r["purpose_not_in_set"]) != "purposes":
            c.add(doc, errors.UNKNOWN_TERM, f"{r['purpose_not_in_set']!r} is not a named set of purposes", f"{path}.purpose_not_in_set")
        match.append(("purpose_not_in_set", str(r["purpose_not_in_set"])))
    return RecordRule(
        id=r["id"], action=r["action"], nb=r["nb"], en=r["en"], cites=cite_check(doc, r["cites"], f"{path}.cites"),
        match=tuple(match), refusal=bool(r.get("refusal")), with_retention=bool(r.get("with_retention")),
        rule=r.get("rule"), source_nb=(r.get("source") or {}).get("nb"))


def compile_breach(doc: Document | None, vocab: Vocabulary, cite_check: Any,
            c: Any) -> tuple[tuple[BreachDuty, ...], tuple[str, ...], str | None, BreachConfig]:
    if doc is None:
        return (), (), None, BreachConfig()
    exemptions = {k: (v["nb"], v["en"], v["source"]["nb"]) for k, v in doc.data.get("exemptions", {}).items()}
    duties = []
    for i, d in enumerate(doc.data["duties"]):
        for key in ("lifted_by", "only_with"):
            for j, e in enumerate(d.get(key, [])):
                if e not in exemptions:
                    c.add(doc, errors.UNKNOWN_TERM, f"{e!r} is not an exemption of breach.yaml", f"$.duties[{i}].{key}[{j}]")
        duties.append(BreachDuty(d["id"], d["applies_when"], d["nb"], d["en"], d["source"]["nb"], d.get("deadline_hours"),
                                 processor=d.get("processor"), lifted_by=frozenset(d.get("lifted_by", [])),
                                 only_with=frozenset(d.get("only_with", [])), when_late=bool(d.get("when_late")),
                                 source_en=d["source"].get("en")))
    proc = doc.data.get("processor") or {}
    if proc:
        _fact_check(doc, vocab, proc["fact"], BOOLEAN, "$.processor.fact", c)
    config = BreachConfig(MappingProxyType(exemptions), proc.get("fact"), (proc.get("interpretation") or {}).get("nb"),
                          (proc.get("interpretation") or {}).get("en"), (doc.data.get("interpretation") or {}).get("en"))
    return tuple(duties), cite_check(doc, doc.data["cites"], "$.cites"), (doc.data.get("interpretation") or {}).get("nb"), config
