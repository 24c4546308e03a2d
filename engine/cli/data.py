"""personvern generate / audit / sql: the policy over whole tables (personvern.sql)."""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import sys
from pathlib import Path
from typing import Any

from .. import errors
from . import common

DIALECTS = ("duckdb", "postgres", "spark", "trino", "snowflake", "bigquery")


def _inventory(args: argparse.Namespace) -> tuple[Any, Any]:
    try:
        from ..sql import load_inventory
    except ImportError as e:  # the optional dependencies are missing
        raise errors.PersonvernError(f"{e.name} is not installed: pip install 'personvern[data]'") from None
    policy = common.load(args)
    return policy, load_inventory(args.inventory, policy)


def cmd_generate(args: argparse.Namespace) -> int:
    from ..sql import synth

    counts = synth.write(args.folder, args.customers, args.seed, args.format)
    for table, n in counts.items():
        print(f"{table}: {n} rows")
    print(f"written to {args.folder} ({args.format})")
    return common.EXIT_OK


def cmd_audit(args: argparse.Namespace) -> int:
    from ..sql import compile_sweep, connect
    from ..sql.dialect import render
    from ..sql.run import execute
    from ..sql.sweep import due_query, sweep

    policy, inv = _inventory(args)
    on = args.on or _dt.date.today()
    con = connect(args.data, inv)
    result = sweep(policy, inv, con, on)
    if args.format == "html":
        from ..sql.forecast import forecast
        from ..sql.sweep_page import render_page

        page = render_page(policy, result, forecast(policy, inv, con, on), str(args.inventory), args.lang)
        if args.output:
            try:
                Path(args.output).write_text(page, encoding="utf-8")
            except OSError as e:  # a folder, a missing folder, no permission: the user's mistake, said as one
                raise errors.InvalidInputError([errors.Problem(errors.FILE_MISSING, f"cannot write the page: {e.strerror}",
                                                               str(args.output))], "the page") from None
        else:
            print(page)
        return common.EXIT_REFUSED if result.due else common.EXIT_OK
    if args.output:
        if args.format not in ("csv", "parquet"):
            raise errors.InvalidInputError([errors.Problem(errors.USAGE, "--output needs --format csv or parquet")], "the command line")
        rel = con.sql(render(due_query(compile_sweep(policy, inv, on)), "duckdb"))
        (rel.write_parquet if args.format == "parquet" else rel.write_csv)(str(Path(args.output)))
    elif args.format in ("csv", "parquet"):
        if args.format == "parquet":
            raise errors.InvalidInputError([errors.Problem(errors.USAGE, "--format parquet needs --output FILE")], "the command line")
        res = execute(con, due_query(compile_sweep(policy, inv, on)))
        import csv

        w = csv.writer(sys.stdout)
        w.writerow([d[0] for d in res.description])
        while chunk := res.fetchmany(10_000):
            w.writerows(chunk)
        return common.EXIT_REFUSED if result.due else common.EXIT_OK
    if args.format == "json":
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    elif args.format == "text":
        print(f"{args.inventory} per {on.isoformat()}: {result.due} poster skal slettes eller rettes (records due)")
        for r in result.summary:
            print(f"  {r.table:<16} {r.outcome:<12} {r.count:>10}  {r.rule_id}  [{', '.join(r.clause_ids)}]")
        for t in result.unclassified:
            print(f"  {t:<16} uten oppbevaringsklasse (no record class): ikke vurdert (not swept)")
    return common.EXIT_REFUSED if result.due else common.EXIT_OK


def cmd_sql(args: argparse.Namespace) -> int:
    from ..sql import audience_query, compile_audience, compile_sweep
    from ..sql.sweep import sql_text

    policy, inv = _inventory(args)
    if args.audience:
        doc = common.read(args.audience)
        if not args.table:
            raise errors.InvalidInputError([errors.Problem(errors.USAGE, "--audience needs --table")], "the command line")
        try:
            query: Any = audience_query(compile_audience(policy, inv, args.table, doc.data))
        except errors.OperationError as e:
            raise common.located(doc, e) from None
    else:
        query = compile_sweep(policy, inv, args.on or _dt.date.today())
    print(sql_text(query, args.dialect) + ";")
    return common.EXIT_OK


def cmd_subject(args: argparse.Namespace) -> int:
    from ..sql import connect
    from ..sql.subject import UNDECIDED, rights_request

    policy, inv = _inventory(args)
    received = args.received_on or _dt.date.today()
    result = rights_request(policy, inv, connect(args.data, inv), args.subject, args.right, received, args.ground or ())
    if args.format == "json":
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        head = result.response
        print(f"{args.right} for {args.subject!r}: {len(result.records)} poster (records)"
              + (f", frist (deadline) {head.deadline.isoformat()}" if head is not None and head.deadline else ""))
        for r in result.records:
            until = f" til {r.keep_until.isoformat()}" if r.keep_until else ""
            print(f"  {r.table:<16} {r.record_key:<12} {r.action:<10}{until}  {r.rule_id or ''} [{', '.join(r.clause_ids)}]  {r.nb}")
    # exit 1 when a row cannot be decided (no record class): the request is not fully answered
    return common.EXIT_REFUSED if any(r.action == UNDECIDED for r in result.records) else common.EXIT_OK


def cmd_inventory(args: argparse.Namespace) -> int:
    from ..sql.subject import check_inventory

    policy, inv = _inventory(args)
    findings = check_inventory(policy, inv)
    if args.format == "json":
        print(json.dumps([{"kind": f.kind, "table": f.table, "column": f.column, "category": f.category, "nb": f.nb, "en": f.en}
                          for f in findings], ensure_ascii=False, indent=2))
    else:
        for f in findings:
            where = f"{f.table}.{f.column}" if f.column else f.table
            print(f"{args.inventory}: {where}: {f.kind}: {f.nb} ({f.en})")
        print(f"{len(findings)} funn (findings)")
    return common.EXIT_REFUSED if findings else common.EXIT_OK


def register(sub: Any) -> None:
    g = sub.add_parser("generate")
    g.add_argument("folder")
    g.add_argument("--customers", type=int, default=10_000)
    g.add_argument("--seed", type=int, default=1)
    g.add_argument("--format", choices=("parquet", "csv", "duckdb"), default="parquet")
    g.set_defaults(run=cmd_generate)

    a = sub.add_parser("audit")
    a.add_argument("inventory")
    a.add_argument("--data", metavar="PATH", help="a DuckDB file (read-only) or a folder of <table>.parquet/.csv")
    a.add_argument("--on", type=common.date_arg, help="the date to decide on (default: today)")
    a.add_argument("--output", metavar="FILE", help="write the records due (--format csv or parquet) or the page (html) to FILE")
    common.format_option(a, "text", "json", "csv", "parquet", "html")
    a.add_argument("--lang", choices=("nb", "en", "both"), default="both", help="the language of the html page")
    common.policy_option(a)
    a.set_defaults(run=cmd_audit)

    s = sub.add_parser("sql")
    s.add_argument("inventory")
    s.add_argument("--dialect", choices=DIALECTS, default="duckdb")
    s.add_argument("--on", type=common.date_arg)
    s.add_argument("--audience", metavar="OPERATION", help="an operation file: print who it may reach")
    s.add_argument("--table", help="the inventory table of the audience")
    common.policy_option(s)
    s.set_defaults(run=cmd_sql)

    r = sub.add_parser("subject")
    r.add_argument("inventory")
    r.add_argument("--data", metavar="PATH", help="a DuckDB file (read-only) or a folder of <table>.parquet/.csv")
    r.add_argument("--subject", required=True, help="the subject's id (the tables' subject column)")
    r.add_argument("--right", default="erasure", help="the right asked for (default: erasure)")
    r.add_argument("--ground", action="append", help="a ground for the request (repeatable)")
    r.add_argument("--received-on", type=common.date_arg, help="the date the request was received (default: today)")
    common.format_option(r, "text", "json")
    common.policy_option(r)
    r.set_defaults(run=cmd_subject)

    i = sub.add_parser("inventory")
    i.add_argument("inventory")
    common.format_option(i, "text", "json")
    common.policy_option(i)
    i.set_defaults(run=cmd_inventory)
