"""personvern retention / rights / breach: the questions beside evaluate."""

from __future__ import annotations

import argparse
import datetime as _dt
import json
from typing import Any

from .. import errors
from ..core.decision import in_lang
from ..core.safetext import clean
from . import common


def said(lang: str, label_nb: str, label_en: str, nb: str, en: str | None = None, indent: str = "  ") -> list[str]:
    """One labelled line in the language asked for; with --lang both the English follows in brackets.

    A value the same in both languages (a date, an id) is given once, after both labels."""
    en = en or nb
    if lang == "nb":
        return [f"{indent}{label_nb}: {nb}"]
    if lang == "en":
        return [f"{indent}{label_en}: {en}"]
    if en == nb:
        return [f"{indent}{label_nb} ({label_en}): {nb}"]
    return [f"{indent}{label_nb}: {nb}", f"{indent}  ({label_en}: {en})"]


def clause_lines(clauses: Any) -> list[str]:
    return [f"  {c.id}: «{c.text}»" for c in clauses]  # the statement's own words: Norwegian in every language


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
        return common.EXIT_OK if r.outcome == "keep" else common.EXIT_REFUSED
    lang = args.lang
    nb, en = {"keep": ("BEHOLD", "keep"), "delete": ("SLETT", "delete"), "conditional": ("BEHOLD PÅ VILKÅR", "conditional")}[r.outcome]
    out = [f"{doc.file} {in_lang('per', 'on', lang) if lang != 'both' else 'per'} {on.isoformat()}: {in_lang(nb, en, lang)}"]
    out += said(lang, f"regel {r.rule_id}", f"rule {r.rule_id}", r.explanation_nb, r.explanation_en)
    if r.source:
        out += said(lang, "kilde", "source", r.source, r.source_en)
    if r.keep_until:
        out += said(lang, "kan beholdes til og med", "may be kept until and including", r.keep_until.isoformat())
    if r.delete_by:
        out += said(lang, "skal være slettet senest", "must be deleted by", r.delete_by.isoformat())
    if r.condition_nb:
        out += said(lang, "vilkår", "condition", r.condition_nb, r.condition_en)
    if r.excess_categories:
        labels = policy.vocabulary
        out += said(lang, "slett disse kategoriene nå", "delete these categories now",
                    ", ".join(labels.label("data_categories", c) for c in r.excess_categories),
                    ", ".join(labels.label("data_categories", c, "en") for c in r.excess_categories))
    out += clause_lines(r.clauses)
    if r.interpretation:
        out += said(lang, "tolkning", "interpretation", r.interpretation, r.interpretation_en)
    print("\n".join(clean(line) for line in out))
    return common.EXIT_OK if r.outcome == "keep" else common.EXIT_REFUSED


# What a right does with a record, in words (RecordOutcome.action is a term of rights.yaml)
ACTIONS = {
    "erase": ("slettes", "erase"), "keep": ("beholdes", "keep"), "export": ("utleveres", "export"),
    "exclude": ("holdes utenfor", "exclude"), "stop": ("behandlingen stanses", "stop"), "continue": ("behandlingen fortsetter", "continue"),
    "restrict": ("bruken begrenses", "restrict"), "include": ("tas med", "include"), "rectify": ("rettes", "rectify"),
    "forward": ("videresendes til kunden", "forward to the customer"), "conditional": ("avhenger av vilkår", "conditional"),
}


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
    lang, v = args.lang, policy.vocabulary
    right_en = r.right_en or r.right
    out = [{"nb": f"{doc.file}: rett til {r.right_nb}", "en": f"{doc.file}: right to {right_en}",
            "both": f"{doc.file}: rett til {r.right_nb} (right to {right_en})"}[lang]]
    if r.deadline:
        latest = r.latest_deadline.isoformat() if r.latest_deadline else "-"
        src_nb, src_en = r.deadline_source or "", r.deadline_source_en or r.deadline_source or ""
        out += said(lang, "svarfrist", "deadline for the answer", f"{r.deadline.isoformat()} (kan forlenges til {latest}; {src_nb})",
                    f"{r.deadline.isoformat()} (may be extended to {latest}; {src_en})")
    for nb, en in r.actions:
        out += [f"  - {en if lang == 'en' else nb}"] + ([f"    ({en})"] if lang == "both" else [])
    for rec in r.records:
        act_nb, act_en = ACTIONS.get(rec.action, (rec.action, rec.action))
        cls_nb, cls_en = v.label("record_classes", rec.record_class), v.label("record_classes", rec.record_class, "en")
        until_nb = f" til og med {rec.keep_until.isoformat()}" if rec.keep_until else ""
        until_en = f" until and including {rec.keep_until.isoformat()}" if rec.keep_until else ""
        ids = f" [{', '.join(rec.clause_ids)}]"
        line_nb = f"  post {rec.index} ({cls_nb}): {act_nb}{until_nb} – {rec.nb}{ids}"
        line_en = f"  record {rec.index} ({cls_en}): {act_en}{until_en} – {rec.en}{ids}"
        out += [line_en if lang == "en" else line_nb] + ([f"    ({line_en.strip()})"] if lang == "both" else [])
    out += clause_lines(r.clauses)
    for nb, en in r.conditions:
        out += said(lang, "forutsetning", "assumption", nb, en)
    for nb, en in r.notes():
        out += said(lang, "tolkning", "interpretation", nb, en)
    print("\n".join(clean(line) for line in out))
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
    lang = args.lang
    out = [f"{doc.file}: {in_lang('sikkerhetsbrudd', 'personal data breach', lang)}"]
    states = {True: ("GJELDER", "APPLIES"), False: ("gjelder ikke", "does not apply"),
              None: ("AVHENGER AV VURDERINGEN", "DEPENDS ON THE ASSESSMENT")}
    for d in r.duties:
        when = d.deadline.isoformat() if d.deadline and d.applies is not False else None
        nb = (f"{states[d.applies][0]}: {d.nb}" + (f" – frist {when}" if when else "")
              + (f" – {d.condition_nb}" if d.condition_nb else "") + f" ({d.source})")
        en = (f"{states[d.applies][1]}: {d.en}" + (f" – deadline {when}" if when else "")
              + (f" – {d.condition_en or d.condition_nb}" if d.condition_nb else "") + f" ({d.source_en or d.source})")
        out += [f"  {en if lang == 'en' else nb}"] + ([f"    ({en})"] if lang == "both" else [])
    if r.interpretation:
        out += said(lang, "tolkning", "interpretation", r.interpretation, r.interpretation_en)
    print("\n".join(clean(line) for line in out))
    return common.EXIT_OK


def register(sub: Any) -> None:
    re_ = sub.add_parser("retention")
    re_.add_argument("file", metavar="FILE")
    re_.add_argument("--on", type=common.date_arg, help="the date to decide for (default: today)")
    common.policy_option(re_)
    common.format_option(re_)
    common.lang_option(re_)
    re_.set_defaults(run=cmd_retention)
    ri = sub.add_parser("rights")
    ri.add_argument("file", metavar="FILE")
    common.policy_option(ri)
    common.format_option(ri)
    common.lang_option(ri)
    ri.set_defaults(run=cmd_rights)
    br = sub.add_parser("breach")
    br.add_argument("file", metavar="FILE")
    common.policy_option(br)
    common.format_option(br)
    common.lang_option(br)
    br.set_defaults(run=cmd_breach)
