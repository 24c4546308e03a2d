"""personvern retention / rights / breach: the questions beside evaluate."""

from __future__ import annotations

import argparse
import datetime as _dt
import json
from typing import Any

from .. import errors
from . import common


def cmd_retention(args: argparse.Namespace) -> int:
    policy = common.load(args)
    doc = common.read(args.file)
    on = args.on or _dt.date.today()
    try:
        r = policy.retention(doc.data, on)
    except errors.OperationError as e:
        raise common.located(doc, e) from None
    if args.format == "json":
        print(json.dumps(r.to_dict(), ensure_ascii=False, indent=2))
    else:
        word = {"keep": "BEHOLD (keep)", "delete": "SLETT (delete)", "conditional": "BEHOLD PÅ VILKÅR (conditional)"}[r.outcome]
        print(f"{doc.file} per {on.isoformat()}: {word}")
        print(f"  regel {r.rule_id}: {r.explanation_nb}")
        if r.source:
            print(f"  kilde: {r.source}")
        if r.keep_until:
            print(f"  kan beholdes til og med {r.keep_until.isoformat()}")
        if r.delete_by:
            print(f"  skal være slettet senest {r.delete_by.isoformat()}")
        if r.condition_nb:
            print(f"  vilkår: {r.condition_nb}")
        if r.excess_categories:
            print(f"  slett disse kategoriene nå: {', '.join(r.excess_categories)}")
        for c in r.clauses:
            print(f"  {c.id}: «{c.text}»")
        if r.interpretation:
            print(f"  tolkning: {r.interpretation}")
    return common.EXIT_OK if r.outcome == "keep" else common.EXIT_REFUSED


def cmd_rights(args: argparse.Namespace) -> int:
    policy = common.load(args)
    doc = common.read(args.file)
    try:
        r = policy.rights_request(doc.data)
    except errors.OperationError as e:
        raise common.located(doc, e) from None
    if args.format == "json":
        print(json.dumps(r.to_dict(), ensure_ascii=False, indent=2))
        return common.EXIT_OK
    print(f"{doc.file}: rett til {r.right_nb} ({r.right})")
    if r.deadline:
        print(f"  svarfrist: {r.deadline.isoformat()} (kan forlenges til {r.latest_deadline.isoformat() if r.latest_deadline else '-'}; {r.deadline_source})")
    for nb, en in r.actions:
        print(f"  - {nb}\n    ({en})")
    for rec in r.records:
        until = f" til og med {rec.keep_until.isoformat()}" if rec.keep_until else ""
        print(f"  post {rec.index} ({rec.record_class}): {rec.action}{until} – {rec.nb} [{', '.join(rec.clause_ids)}]")
    for c in r.clauses:
        print(f"  {c.id}: «{c.text}»")
    for nb, _ in r.conditions:
        print(f"  forutsetning: {nb}")
    for note in r.interpretation:
        print(f"  tolkning: {note}")
    return common.EXIT_OK


def cmd_breach(args: argparse.Namespace) -> int:
    policy = common.load(args)
    doc = common.read(args.file)
    try:
        r = policy.breach(doc.data)
    except errors.OperationError as e:
        raise common.located(doc, e) from None
    if args.format == "json":
        print(json.dumps(r.to_dict(), ensure_ascii=False, indent=2))
        return common.EXIT_OK
    print(f"{doc.file}: sikkerhetsbrudd")
    for d in r.duties:
        state = {True: "GJELDER", False: "gjelder ikke", None: "AVHENGER AV VURDERINGEN"}[d.applies]
        when = f" – frist {d.deadline.isoformat()}" if d.deadline and d.applies is not False else ""
        cond = f" – {d.condition_nb}" if d.condition_nb else ""
        print(f"  {state}: {d.nb}{when}{cond} ({d.source})")
    if r.interpretation:
        print(f"  tolkning: {r.interpretation}")
    return common.EXIT_OK


def register(sub: Any) -> None:
    re_ = sub.add_parser("retention", help="may a stored record still be kept, and until when?")
    re_.add_argument("file", metavar="FILE")
    re_.add_argument("--on", type=common.date_arg, help="the date to decide for (default: today)")
    common.policy_option(re_)
    common.format_option(re_)
    re_.set_defaults(run=cmd_retention)
    ri = sub.add_parser("rights", help="answer a data subject's request")
    ri.add_argument("file", metavar="FILE")
    common.policy_option(ri)
    common.format_option(ri)
    ri.set_defaults(run=cmd_rights)
    br = sub.add_parser("breach", help="notification duties after a personal data breach")
    br.add_argument("file", metavar="FILE")
    common.policy_option(br)
    common.format_option(br)
    br.set_defaults(run=cmd_breach)
