"""personvern coverage / report: what legal reviews — clause coverage, and the HTML review report."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from .. import errors
from ..load import loader
from ..errors import Problem
from . import common

DEFAULT_FEATURES = "features"
MAX_FEATURE_BYTES = 1_000_000


def read_features(folder: Path) -> list[tuple[str, str]]:
    """Every .feature file under ``folder`` as (path relative to it, text)."""
    if not folder.is_dir():
        raise errors.InvalidInputError([Problem(errors.FILE_MISSING, "the features folder does not exist (use --features DIR)", str(folder))],
                                       "the features")
    out = []
    problems = []
    for path in sorted(folder.rglob("*.feature")):
        rel = path.relative_to(folder).as_posix()
        raw, found = loader.read_regular_file(path, str(path), MAX_FEATURE_BYTES)  # a pipe or a device is refused, not read
        if raw is None:
            problems += found
            continue
        try:
            out.append((rel, raw.decode("utf-8")))
        except UnicodeDecodeError as e:
            problems.append(Problem(errors.ENCODING, f"not UTF-8 ({e.reason} at byte {e.start})", str(path)))
    if problems:
        raise errors.InvalidInputError(problems, "the features")
    return out


def _coverage(args: argparse.Namespace) -> Any:
    from ..legal import coverage
    from ..legal.locate import locate

    policy = common.load(args)
    found = locate(getattr(args, "policy", None), args.features, args.results)
    args.features = str(found.features)  # --since compares the same folder
    features = read_features(found.features)
    results = None
    extra: list[Problem] = []
    if found.results is not None:
        name = str(found.results)
        text, problems = loader.read_text(found.results, name)  # bounded: /dev/zero or a pipe is refused
        if text is None:
            raise errors.InvalidInputError([replace(p, message=f"cannot read the results file: {p.message}") for p in problems], "the results")
        results, extra = coverage.parse_results(text, name)
        if results is None:
            raise errors.InvalidInputError(extra, "the results")
    cov = coverage.compute(policy, features, results, None if found.results is None else str(found.results))
    return policy, replace(cov, findings=cov.findings + tuple(extra), results_sought=tuple(str(p) for p in found.sought))


def cmd_coverage(args: argparse.Namespace) -> int:
    _, cov = _coverage(args)
    if args.format == "json":
        print(json.dumps(cov.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(render_coverage(cov, args.lang))
    return common.EXIT_OK if cov.ok else common.EXIT_REFUSED


def render_coverage(cov: Any, lang: str = "both") -> str:
    """Coverage for a terminal: Norwegian, English, or both (the summary's English beneath the Norwegian)."""
    en = lang == "en"

    def w(nb: str, en_: str) -> str:
        return en_ if en else nb

    nb_head = f"Klausuldekning for {cov.policy_id} versjon {cov.policy_version} ({cov.policy_hash[:12]})"
    en_head = f"Clause coverage of {cov.policy_id} version {cov.policy_version} ({cov.policy_hash[:12]})"
    lines = [en_head if en else nb_head] + ([f"  ({en_head})"] if lang == "both" else [])
    lines.append(w("Resultater: ", "Results: ") + cov.results_note("en" if en else "nb"))
    if lang == "both":
        lines.append(f"  (Results: {cov.results_note('en')})")
    for cc in cov.clauses:
        c = cc.clause
        if not c.normative:
            lines.append(f"  {c.id:<28} {w('ikke forpliktende', 'not normative')}: {c.reason or w('(ingen begrunnelse)', '(no reason given)')}")
            continue
        rules = ", ".join(r.id for r in cc.citations) or w("INGEN REGEL", "NO RULE")
        if cc.scenarios:
            scen = f"{len(cc.scenarios)} {w('scenario(er)', 'scenario(s)')}"
            if cov.results is not None:
                scen += f", {len(cov.passing(cc))} {w('bestått', 'passed')}"
        else:
            scen = w("INGEN SCENARIOER", "NO SCENARIOS")
        lines.append(f"* {c.id:<28} {w('regler', 'rules')}: {rules}; {scen}")
    f = cov.figures()
    passing = f["normative_with_passing_scenario"]
    summary = (
        (f"Forpliktende klausuler: {f['normative']}; med regel: {f['normative_with_rule']}; "
         f"med scenario: {f['normative_with_scenario']}" + (f"; med bestått scenario: {passing}" if passing is not None else ""),
         f"Normative clauses: {f['normative']}; with a rule: {f['normative_with_rule']}; "
         f"with a scenario: {f['normative_with_scenario']}" + (f"; with a passing scenario: {passing}" if passing is not None else "")),
        (f"Scenarioer: {f['scenarios']}; regler som viser til erklæringen: {f['rules']}",
         f"Scenarios: {f['scenarios']}; rules that cite the statement: {f['rules']}"),
        (f"Funn ({len(cov.findings)}):" if cov.findings else "Ingen funn.",
         f"Findings ({len(cov.findings)}):" if cov.findings else "No findings."),
    )
    lines.append("")
    for nb, en_ in summary:
        lines += [en_ if en else nb] + ([f"  ({en_})"] if lang == "both" else [])
    lines.extend(f"  {p.location() + ': ' if p.file else ''}{p.message} [{p.code}]" for p in cov.findings)
    return "\n".join(lines)


def cmd_report(args: argparse.Namespace) -> int:
    from ..legal.report import render_html

    policy, cov = _coverage(args)
    page = render_html(policy, cov, _since(args, policy) if args.since else "")
    out = Path(args.html)
    try:
        out.write_text(page, encoding="utf-8")
    except OSError as e:
        raise errors.InvalidInputError([Problem(errors.FILE_MISSING, f"cannot write the report: {e.strerror}", args.html)],
                                       "the report") from None
    f = cov.figures()
    print(f"rapport skrevet til {out} ({len(page.encode())} byte): {f['normative']} forpliktende klausuler, "
          f"{f['normative_with_rule']} med regel, {f['normative_with_scenario']} med scenario, {len(cov.findings)} funn\n"
          f"resultater: {cov.results_note()}", file=sys.stderr)
    return common.EXIT_OK


def _since(args: argparse.Namespace, policy: Any) -> str:
    """The change-review section: the diff from --since to the policy reported on (rendered by personvern.versions)."""
    from ..versions import diff_policies, load_version
    from ..versions.review import clause_changes, render_since, scenario_changes
    from ..versions.source import files_at_revision

    if args.repo is None:  # the repository the rules are in, found from the rules folder like the features
        from ..legal.locate import project_root

        args.repo = str(project_root(getattr(args, "policy", None)) or ".")
    old = load_version(args.since, args.repo, args.rules_path)
    features = Path(args.features)
    if features.is_absolute():
        try:
            features = features.resolve().relative_to(Path(args.repo).resolve())
        except ValueError:
            features = Path(DEFAULT_FEATURES)
    old_features = files_at_revision(args.since, args.repo, features.as_posix(), ".feature")
    scenarios = None if old_features is None else scenario_changes(old_features, read_features(Path(args.features)))
    return render_since(diff_policies(old, policy), args.since, clause_changes(old, policy), scenarios)


def _common(sp: argparse.ArgumentParser) -> None:
    sp.add_argument("--features", metavar="DIR",
                    help=f"the Gherkin feature files (default: {DEFAULT_FEATURES}/ beside the rules folder, found from any folder)")
    sp.add_argument("--results", metavar="FILE",
                    help="scenario results recorded by the test run (default: the last run's .personvern-results.json "
                         "beside the features, or $PERSONVERN_RESULTS; the output names the file used)")
    common.policy_option(sp)


def register(sub: Any) -> None:
    cv = sub.add_parser("coverage")
    _common(cv)
    common.format_option(cv)
    common.lang_option(cv)
    cv.set_defaults(run=cmd_coverage)
    rp = sub.add_parser("report")
    rp.add_argument("--html", metavar="FILE", required=True, help="where to write the report")
    rp.add_argument("--since", metavar="OLD", help="put first what changed since OLD (a rules folder, or a git revision of --repo)")
    rp.add_argument("--repo", default=None, help="the git repository for --since revisions (default: the one the rules folder is in)")
    rp.add_argument("--rules-path", default="rules", help="the rules folder inside the repository (default: rules)")
    _common(rp)
    rp.set_defaults(run=cmd_report)
