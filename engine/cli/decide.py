"""personvern evaluate / explain / validate / clauses."""

from __future__ import annotations

import argparse
import json
from dataclasses import replace
from typing import Any

from .. import errors
from ..errors import Problem
from . import common


def cmd_evaluate(args: argparse.Namespace, explain: bool = False) -> int:
    from ..core.decision import DENY, render_text, render_trace, to_dict
    from ..core.safetext import clean_data

    policy = common.load(args)
    decisions = []
    problems: list[Problem] = []
    for path in args.files:
        doc = common.read(path)
        for prefix, data in common.operations(doc):
            try:
                op = policy.operation(data)
            except errors.OperationError as e:
                problems.extend(common.located(doc, e, prefix).problems)
                continue
            if op.id is None:
                op = replace(op, id=doc.file + ("" if prefix == "$" else prefix[1:]))
            decisions.append(policy.evaluate(op, trace=explain))
    if problems:
        raise errors.OperationError(problems, "the operations")
    if args.format == "json":
        # One shape for one operation or many: {"decisions": [...]} (schemas/decisions.schema.json)
        print(json.dumps({"decisions": clean_data([to_dict(d) for d in decisions])}, ensure_ascii=False, indent=2))
    else:
        print("\n\n".join(render_trace(d, args.lang) if explain else render_text(d, args.lang) for d in decisions))
    return common.EXIT_REFUSED if any(d.outcome == DENY for d in decisions) else common.EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    from ..facade.policy import load_policy

    if args.rules_dir and args.policy and args.rules_dir != args.policy:
        raise errors.UsageError("give the rules folder once: RULES_DIR or --policy DIR")
    try:
        policy = load_policy(args.rules_dir or args.policy)
    except errors.PolicyLoadError as e:  # every problem of every stage, in one list sorted by file and position
        raise errors.PolicyLoadError(sorted(e.problems, key=errors.Problem.sort_key), e.what) from None
    normative = sum(1 for c in policy.clauses.values() if c.normative)
    interp = sum(1 for r in policy.rules.values() if r.interpretation_nb)
    print(f"OK: {policy.id} versjon {policy.version} ({policy.content_hash[:12]})")
    print(f"  {len(policy.clauses)} klausuler ({normative} normative), {len(policy.rules)} regler ({interp} tolkninger), "
          f"{len(policy.retention_rules)} oppbevaringsregler, {len(policy.rights_by_id)} rettigheter")
    return common.EXIT_OK


def cmd_clauses(args: argparse.Namespace) -> int:
    policy = common.load(args)
    if args.format == "json":
        print(json.dumps({"policy": {"id": policy.id, "version": policy.version, "hash": policy.content_hash},
                          "clauses": [{"id": c.id, "section": c.section, "kind": c.kind, "normative": c.normative, "text": c.text,
                                       "reason": c.reason} for c in policy.clauses.values()]}, ensure_ascii=False, indent=2))
        return common.EXIT_OK
    # The clause texts are the statement's own (Norwegian) words in every language; only the frame follows --lang.
    head = {"nb": "* = forpliktende klausul", "en": "* = normative clause",
            "both": "* = forpliktende klausul (normative clause)"}[args.lang]
    print(head)
    for c in policy.clauses.values():
        print(f"{'*' if c.normative else ' '} {c.id:<28} {c.text}")
    return common.EXIT_OK


def register(sub: Any) -> None:
    for name, explain in (("evaluate", False), ("explain", True)):
        sp = sub.add_parser(name, description=(
            "Decide on proposed operations: each FILE (YAML or JSON, - for standard input) holds one operation or "
            "'operations: [...]'." + (" Every rule considered is traced." if explain else "") +
            ' With --format json the output is always {"decisions": [...]}, one decision per operation in order '
            "(schemas/decisions.schema.json; personvern schema decisions)."))
        sp.add_argument("files", nargs="+", metavar="FILE")
        common.policy_option(sp)
        common.format_option(sp)
        common.lang_option(sp)
        sp.set_defaults(run=(lambda a, e=explain: cmd_evaluate(a, e)))
    va = sub.add_parser("validate")
    va.add_argument("rules_dir", nargs="?", metavar="RULES_DIR", help="the rules folder (or --policy DIR)")
    common.policy_option(va)
    va.set_defaults(run=cmd_validate)
    cl = sub.add_parser("clauses")
    common.policy_option(cl)
    common.format_option(cl)
    common.lang_option(cl)
    cl.set_defaults(run=cmd_clauses)
    register_schema(sub)


def cmd_schema(args: argparse.Namespace) -> int:
    from ..check.schemagen import GENERATED

    print(json.dumps(GENERATED[args.name](common.load(args)), ensure_ascii=False, indent=2))
    return common.EXIT_OK


def cmd_vocabulary(args: argparse.Namespace) -> int:
    policy = common.load(args)
    v = policy.vocabulary
    if args.format == "json":
        out = {s: {t: {"nb": d["nb"], "en": d["en"]} for t, d in terms.items()} for s, terms in v.sections.items()}
        out["facts"] = {f: {"type": d["type"], "of": d.get("of"), "nb": d["nb"], "en": d["en"]} for f, d in v.facts.items()}
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return common.EXIT_OK
    for section, terms in v.sections.items():
        print(f"{section}:")
        for term, d in terms.items():
            flag = "  (særlig kategori)" if d.get("special") else ""
            print(f"  {term:<26} {d['nb']} / {d['en']}{flag}")
    print("facts (leave out when unknown):")
    for name, d in v.facts.items():
        kind = d["type"] + (f" of {d['of']}" if d.get("of") else "")
        print(f"  {name:<26} {kind:<22} {d['en']}")
    return common.EXIT_OK


def register_schema(sub: Any) -> None:
    vo = sub.add_parser("vocabulary")
    common.policy_option(vo)
    common.format_option(vo)
    vo.set_defaults(run=cmd_vocabulary)
    sp = sub.add_parser("schema")
    sp.add_argument("name", choices=("operation", "decision", "decisions", "manifest"))
    common.policy_option(sp)
    sp.set_defaults(run=cmd_schema)
