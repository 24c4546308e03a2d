"""Compile validated rule documents into an immutable, indexed :class:`CompiledPolicy`.

Input: the documents the loader read (already checked against their JSON Schemas),
the statement text, and the rule set's content hash. Output: a CompiledPolicy whose rules are
cross-checked against the vocabulary and the statement's clauses, whose conditions are
compiled once to closures, and whose rules are indexed by purpose and recipient kind so
that evaluation never scans the whole rule set. Every problem is collected and raised
together as a PolicyLoadError. Pure: no file access here.
"""

from __future__ import annotations

import re
from types import MappingProxyType
from typing import Any, Mapping

from .. import errors
from ..lang import expr
from . import statement
from ..errors import Problem
from ..lang.expr import Scope
from .loader import Document
from ..core.decision import ClauseRef, Reason
from ..core.model import Clause, CompiledPolicy, Plan, RetentionRule, Rule, Source, Vocabulary
from . import compile_requests as requests
from .vocabulary import build_labels, build_scopes, compile_vocabulary


class _Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, doc: Document, code: str, message: str, path: str, at_key: bool = False) -> None:
        self.problems.append(doc.problem(code, message, path, at_key))


def compile_policy(docs: Mapping[str, Document], statement_text: str, statement_file: str,
                   content_hash: str, root: str, asts: Mapping[str, expr.Ast] | None = None,
                   partial: bool = False) -> tuple[CompiledPolicy, dict[str, expr.Ast]]:
    """Build the CompiledPolicy. ``asts`` are parsed conditions from the cache (text -> AST).

    ``partial``: some files failed to load; check what is here, skip whole-set checks.
    """
    c = _Collector()
    meta = docs["policy"]
    clauses = _clauses(docs["clauses"], statement_text, statement_file, c)
    vocab = compile_vocabulary(docs["vocabulary"], c)
    scope_p, scope_r = build_scopes(vocab)
    controller = meta.data.get("controller") or {}
    labels = build_labels(vocab, controller.get("short_name") or controller.get("name"))
    parsed: dict[str, expr.Ast] = dict(asts or {})

    def cite_check(doc: Document, cites: list[str], path: str) -> tuple[str, ...]:
        for i, cid in enumerate(cites):
            if cid not in clauses:
                c.add(doc, errors.UNKNOWN_CLAUSE, f"cites {cid!r}, which is not a clause of the statement", f"{path}[{i}]")
        return tuple(cites)

    for i, cid in enumerate(meta.data.get("controller", {}).get("cites", [])):
        if cid not in clauses:
            c.add(meta, errors.UNKNOWN_CLAUSE, f"cites {cid!r}, which is not a clause of the statement", f"$.controller.cites[{i}]")

    rules: dict[str, Rule] = {}
    for key in sorted(k for k in docs if k.startswith("rules:")):
        doc = docs[key]
        level = doc.data["level"]
        scope = scope_p if level == "processing" else scope_r
        for i, r in enumerate(doc.data["rules"]):
            rule = _rule(doc, level, r, f"$.rules[{i}]", vocab, scope, cite_check, parsed, c)
            if rule is None:
                continue
            if rule.id in rules:
                c.add(doc, errors.DUPLICATE_ID, f"the rule id {rule.id!r} is used twice (also in {rules[rule.id].source})", f"$.rules[{i}].id")
                continue
            rules[rule.id] = rule
    # `refines` names a rule of the same effect and level; a named rule that is written but refused is reported where it is.
    written_ids = {r.get("id") for key, doc in docs.items() if key.startswith("rules:") for r in doc.data["rules"] if isinstance(r, Mapping)}
    for key in sorted(k for k in docs if k.startswith("rules:")):
        for i, r in enumerate(docs[key].data["rules"]):
            target = (r.get("refines") or {}).get("rule")
            refined, own = rules.get(str(target)), rules.get(str(r.get("id")))
            if target is None or own is None or (refined is None and target in written_ids and target not in rules):
                continue
            if refined is None or (refined.effect, refined.level) != (own.effect, own.level):
                c.add(docs[key], errors.UNKNOWN_TERM, f"refines {target!r}, which is not a rule of the same effect and level", f"$.rules[{i}].refines.rule")

    by_purpose, by_kind = _index(rules, vocab, docs, c, partial)
    retention = _retention(docs.get("retention"), vocab, cite_check, c)
    rights, deadline, extension, deadline_note, rights_config = requests.compile_rights(docs.get("rights"), vocab, cite_check, c, _terms)
    duties, breach_cites, breach_note, breach_config = requests.compile_breach(docs.get("breach"), vocab, cite_check, c)
    # A rule that is written but refused (its condition, say) is reported where it is, not again here.
    written = {r.get("id") for key, doc in docs.items() if key.startswith("rules:") for r in doc.data["rules"] if isinstance(r, Mapping)}
    for name, right in rights.items():
        for i, rr in enumerate(right.records):
            if rr.rule is not None and rr.rule not in written and not partial:
                c.add(docs["rights"], errors.UNKNOWN_TERM, f"refers to the rule {rr.rule!r}, which no rules file defines",
                      f"$.rights.{name}.records[{i}].rule")
    if c.problems:
        raise errors.PolicyLoadError(c.problems, "the rule set")
    policy = CompiledPolicy(
        id=meta.data["id"], version=str(meta.data["version"]), title_nb=meta.data["title"]["nb"],
        statement_date=meta.data.get("statement_date"), content_hash=content_hash, root=root,
        clauses=MappingProxyType(clauses), vocabulary=vocab, rules=MappingProxyType(rules),
        by_purpose=MappingProxyType(by_purpose), by_recipient_kind=MappingProxyType(by_kind),
        retention_rules=retention, rights_by_id=MappingProxyType(rights), response_deadline=deadline,
        response_extension=extension, response_deadline_note=deadline_note,
        breach_duties=duties, breach_cites=breach_cites, breach_note=breach_note,
        rights_config=rights_config, breach_config=breach_config,
        scope_processing=scope_p, scope_recipient=scope_r, labels=labels,
        controller=controller.get("name", ""), controller_short=controller.get("short_name") or controller.get("name", ""),
        reasons=MappingProxyType({r.id: reason_for(r, clauses) for r in rules.values()}),
    )
    return policy, parsed


def reason_for(rule: Rule, clauses: Mapping[str, Clause]) -> Reason:
    """The reason a decision gives when this rule determines it, built once per rule."""
    refs = tuple(ClauseRef(cid, clauses[cid].text) for cid in rule.cites if cid in clauses)
    return Reason(rule.id, rule.effect, refs, rule.explanation_nb, rule.explanation_en, rule.interpretation_nb,
                  interpretation_en=rule.interpretation_en)


def _clauses(doc: Document, text: str, file: str, c: _Collector) -> dict[str, Clause]:
    sections = {s["heading"]: s["id"] for s in doc.data["sections"]}
    try:
        derived = statement.segment(text, sections)
    except statement.StatementError as e:
        c.problems.append(Problem(errors.STATEMENT, str(e), file))
        return {}
    listed = doc.data["clauses"]
    out: dict[str, Clause] = {}
    for cl in derived:
        meta = listed.get(cl.id)
        if meta is None:
            c.add(doc, errors.STATEMENT, f"the statement has a clause {cl.id!r} («{cl.text[:60]}») that clauses.yaml does not list", "$.clauses")
            continue
        out[cl.id] = Clause(cl.id, cl.section, cl.kind, cl.text, bool(meta["normative"]), meta.get("reason"), meta.get("note"))
    for cid in listed:
        if cid not in out and not any(d.id == cid for d in derived):
            c.add(doc, errors.UNKNOWN_CLAUSE, f"clauses.yaml lists {cid!r}, which the statement does not have", f"$.clauses.{cid}", at_key=True)
    return out


def _terms(doc: Document, r: Mapping[str, Any], key: str, section: str, vocab: Vocabulary, path: str, c: _Collector) -> frozenset[str] | None:
    if key not in r:
        return None
    known = vocab.terms(section)
    for i, t in enumerate(r[key]):
        if t not in known:
            c.add(doc, errors.UNKNOWN_TERM, errors.unknown_term(t, section, known), f"{path}.{key}[{i}]")
    return frozenset(r[key])


def _rule(doc: Document, level: str, r: Mapping[str, Any], path: str, vocab: Vocabulary, scope: Scope,
          cite_check: Any, parsed: dict[str, expr.Ast], c: _Collector) -> Rule | None:
    n = len(c.problems)
    purposes = _terms(doc, r, "purposes", "purposes", vocab, path, c)
    kinds = _terms(doc, r, "recipient_kinds", "recipient_kinds", vocab, path, c)
    actions = _terms(doc, r, "actions", "actions", vocab, path, c)
    bases = _terms(doc, r, "legal_bases", "legal_bases", vocab, path, c)
    cats = _terms(doc, r, "data_categories", "data_categories", vocab, path, c)
    subjects = _terms(doc, r, "data_subjects", "data_subjects", vocab, path, c)
    cites = cite_check(doc, r["cites"], f"{path}.cites")
    obligations = []
    for i, o in enumerate(r.get("obligations", [])):
        if o not in vocab.obligations:
            c.add(doc, errors.UNKNOWN_TERM, errors.unknown_term(o, "obligations", vocab.obligations), f"{path}.obligations[{i}]")
        else:
            obligations.append(vocab.obligations[o])
    effect = r["effect"]
    is_default = bool(r.get("default"))
    if is_default and (effect != "forbid" or "when" in r or purposes or kinds):
        c.add(doc, errors.SCHEMA, "a default rule must be a forbid rule with no condition and no scope", path)
    if effect == "permit" and level == "processing":
        for key in ("purposes", "legal_bases", "data_categories", "data_subjects"):
            if key not in r:
                c.add(doc, errors.SCHEMA, f"a processing permit must name its {key}", path)
    if effect == "permit" and level == "recipient" and kinds is None:
        c.add(doc, errors.SCHEMA, "a recipient permit must name its recipient_kinds", path)
    if level == "processing" and kinds is not None:
        c.add(doc, errors.SCHEMA, "recipient_kinds belongs in a recipient-level rule file", f"{path}.recipient_kinds")
    ast = cond = None
    when = raw_when = r.get("when")
    if when is not None:
        when = " ".join(when.split())
        try:
            ast = parsed.get(when) or expr.parse(when)
            parsed[when] = ast
            found = expr.check(ast, scope, when)  # every type problem, each at its token
            if not found:
                cond = expr.compile_condition(ast, scope)
        except errors.ExpressionError as e:
            found = [e]
        for err in found:
            line, col = _where(doc, f"{path}.when", str(raw_when), when, err)
            detail = f"{err.message}" + (f"\n{err.context}" if err.context else "")
            c.problems.append(Problem(err.code, f"in the condition: {detail}", doc.file, line, col, f"{path}.when"))
    if len(c.problems) > n:
        return None
    pos = doc.locate(path)
    interp = r.get("interpretation") or {}
    return Rule(
        id=r["id"], effect=effect, level=level, cites=cites,
        title_nb=r["title"]["nb"], title_en=r["title"]["en"],
        explanation_nb=r["explanation"]["nb"], explanation_en=r["explanation"]["en"],
        default=is_default, purposes=purposes, recipient_kinds=kinds, actions=actions,
        legal_bases=bases, categories=cats, subjects=subjects, when=when, ast=ast, cond=cond,
        obligations=tuple(obligations), interpretation_nb=interp.get("nb"), interpretation_en=interp.get("en"),
        refines=(r.get("refines") or {}).get("rule"),
        source=Source(doc.file, pos[0] if pos else None, pos[1] if pos else None),
    )


def _where(doc: Document, jp: str, raw: str, text: str, e: errors.ExpressionError) -> tuple[int | None, int | None]:
    """Where in the file an error in a condition is: exact for a condition written on one
    line (``text`` is ``raw`` with its runs of blanks made single spaces); otherwise where
    the condition starts (the excerpt in the message shows the spot)."""
    pos = doc.positions.get(jp)
    if pos is None:
        return None, None
    offset = doc.text_offsets.get(jp, 0)
    if offset is not None and "\n" not in raw and e.line == 1:
        return pos[0], pos[1] + offset + _raw_column(raw, e.column) - 1
    return pos


def _raw_column(raw: str, column: int) -> int:
    """The column in ``raw`` of ``column`` in ``" ".join(raw.split())``."""
    at = 0  # offset in the normalised text
    end = 1
    for m in re.finditer(r"\S+", raw):
        if column - 1 < at + len(m.group()):
            return m.start() + max(column - 1 - at, 0) + 1
        at += len(m.group()) + 1
        end = m.end() + 1
    return end


def _index(rules: Mapping[str, Rule], vocab: Vocabulary, docs: Mapping[str, Document], c: _Collector,
           partial: bool = False) -> tuple[dict[str, Plan], dict[str, Plan]]:
    out: list[dict[str, Plan]] = []
    for level, section, scope_attr in (("processing", "purposes", "purposes"), ("recipient", "recipient_kinds", "recipient_kinds")):
        level_rules = sorted((r for r in rules.values() if r.level == level), key=lambda r: r.id)
        defaults = [r for r in level_rules if r.default]
        if len(defaults) != 1:
            if partial and not defaults:
                out.append({})
                continue
            doc = next((d for k, d in docs.items() if k.startswith("rules:") and d.data.get("level") == level), docs["policy"])
            c.add(doc, errors.SCHEMA, f"the {level} rules need exactly one default rule (default: true), found {len(defaults)}", "$.rules")
            out.append({})
            continue
        plans: dict[str, Plan] = {}
        for term in sorted(vocab.terms(section)):
            def applies(r: Rule) -> bool:
                scope_terms = getattr(r, scope_attr)
                return not r.default and (scope_terms is None or term in scope_terms)
            plans[term] = Plan(
                forbids=tuple(r for r in level_rules if r.effect == "forbid" and applies(r)),
                permits=tuple(r for r in level_rules if r.effect == "permit" and applies(r)),
                default=defaults[0],
            )
        out.append(plans)
    return out[0], out[1]


def _retention(doc: Document | None, vocab: Vocabulary, cite_check: Any, c: _Collector) -> tuple[RetentionRule, ...]:
    if doc is None:
        return ()
    out = []
    for i, r in enumerate(doc.data["rules"]):
        path = f"$.rules[{i}]"
        classes = _terms(doc, r, "record_classes", "record_classes", vocab, path, c) or frozenset()
        cats = _terms(doc, r, "data_categories", "data_categories", vocab, path, c)
        period = r.get("period", {})
        interp = r.get("interpretation") or {}
        out.append(RetentionRule(
            id=r["id"], record_classes=classes, keep=r["keep"], cites=cite_check(doc, r["cites"], f"{path}.cites"),
            explanation_nb=r["explanation"]["nb"], explanation_en=r["explanation"]["en"],
            years=period.get("years", 0), months=period.get("months", 0), days=period.get("days", 0),
            anchor=r.get("from"), source_nb=(r.get("source") or {}).get("nb"), source_en=(r.get("source") or {}).get("en"),
            categories=cats, interpretation_nb=interp.get("nb"), interpretation_en=interp.get("en"),
        ))
    seen: dict[str, str] = {}
    for i, rr in enumerate(out):
        for rc in rr.record_classes:
            if rc in seen:
                c.add(doc, errors.DUPLICATE_ID, f"the record class {rc!r} has two retention rules ({seen[rc]} and {rr.id})", f"$.rules[{i}].record_classes")
            seen[rc] = rr.id
    return tuple(out)
