"""Renderings of a ``personvern check`` report for other tools: SARIF 2.1.0 (code scanning), JUnit XML
(CI test reports) and GitHub workflow commands (annotations). Pure: no printing, no files.
A suppressed finding stays in every rendering, marked: SARIF ``suppressions``, a JUnit ``skipped``
test case, a GitHub notice instead of an error."""

from __future__ import annotations

from typing import Any

from ..core.safetext import clean, clean_data
from .findings import CONDITIONAL_CODE, ERROR, NOTE, Finding, Report, body_lines


# ---------------------------------------------------------------------------- SARIF 2.1.0

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
_RULE_TEXT = {CONDITIONAL_CODE: ("tillatt på vilkår som koden må sikre ved kjøring",
                                 "permitted on conditions the code must enforce at run time")}


def _uri(file: str) -> str:
    from pathlib import PurePath
    from urllib.parse import quote

    p = PurePath(file)
    if p.is_absolute():
        return "file://" + quote(p.as_posix() if p.as_posix().startswith("/") else "/" + p.as_posix())
    return quote(p.as_posix())


def to_sarif(report: Report, version: str, root_uri: str | None = None) -> dict[str, Any]:
    """A SARIF 2.1.0 log: one result per finding, one reporting descriptor per rule or problem code."""
    rules: dict[str, dict[str, Any]] = {}
    results = []
    for f in report.findings:
        if f.code not in rules:
            nb, en = _RULE_TEXT.get(f.code) or ((f.explanation_nb, f.explanation_en) if f.kind in ("refused", "retention")
                                                 else (f.title_nb, f.title_en))
            rule: dict[str, Any] = {"id": f.code, "shortDescription": {"text": en or f.title_en},
                                    "fullDescription": {"text": f"{nb} ({en})" if nb else en},
                                    "defaultConfiguration": {"level": f.level}}
            if f.clauses:
                rule["help"] = {"text": "\n".join(f"{c.id}: «{c.text}»" for c in f.clauses)}
                rule["properties"] = {"clauses": [c.id for c in f.clauses]}
            rules[f.code] = rule
        result: dict[str, Any] = {
            "ruleId": f.code, "ruleIndex": list(rules).index(f.code), "level": f.level,
            "message": {"text": "\n".join([f"{f.title_nb} ({f.title_en})", *body_lines(f)])},
            "properties": {"kind": f.kind, "activity": f.activity, "path": f.path,
                           "clauses": [c.id for c in f.clauses] + [c.id for r in f.requirements for c in r.clauses]},
        }
        if f.suppressed is not None:
            result["suppressions"] = [{"kind": "inSource", "status": "accepted", "justification": f.suppressed}]
        if f.file:
            loc: dict[str, Any] = {"artifactLocation": {"uri": _uri(f.file)}}
            if root_uri and not loc["artifactLocation"]["uri"].startswith("file:"):
                loc["artifactLocation"]["uriBaseId"] = "SRCROOT"
            if f.line:
                loc["region"] = {"startLine": f.line, **({"startColumn": f.column} if f.column else {})}
            result["locations"] = [{"physicalLocation": loc}]
        results.append(result)
    run: dict[str, Any] = {
        "tool": {"driver": {"name": "personvern", "version": version, "rules": list(rules.values()),
                            "properties": {"policy": {"id": report.policy_id, "version": report.policy_version, "hash": report.policy_hash}}}},
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    if root_uri:
        run["originalUriBaseIds"] = {"SRCROOT": {"uri": root_uri}}
    log: dict[str, Any] = clean_data({"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]})
    return log


# ---------------------------------------------------------------------------- JUnit XML


def to_junit(report: Report) -> str:
    """JUnit XML: one test suite per file, one test case per activity; a failure per error."""
    import xml.etree.ElementTree as ET

    suites: dict[str, dict[str, list[Finding]]] = {f: {} for f in report.files}
    for c in report.checked:
        suites.setdefault(clean(c.declaration.file), {}).setdefault(clean(c.declaration.name), [])
    for f in report.findings:
        suites.setdefault(f.file or "<input>", {}).setdefault(f.activity or "(fil / file)", []).append(f)
    root = ET.Element("testsuites", name="personvern check")
    total = failed = skipped_total = 0
    for file, tests in suites.items():
        if not tests:
            continue
        suite = ET.SubElement(root, "testsuite", name=file)
        n_fail = n_skip = 0
        for name, found in tests.items():
            case = ET.SubElement(suite, "testcase", classname=file, name=name, file=file)
            errs = [f for f in found if f.level == ERROR and f.suppressed is None]
            skipped = [f for f in found if f.level == ERROR and f.suppressed is not None]
            if skipped and not errs:
                ET.SubElement(case, "skipped", message="; ".join(
                    f"undertrykt (suppressed) [{f.code}]: {f.suppressed}" for f in skipped))
                n_skip += 1
            for f in errs:
                fail = ET.SubElement(case, "failure", type=f.code, message=f"{f.location()}: {f.title_nb} ({f.title_en})")
                fail.text = "\n".join(body_lines(f))
            notes = [f for f in found if f.level == NOTE]
            if notes:
                ET.SubElement(case, "system-out").text = "\n".join(
                    line for f in notes for line in [f"{f.location()}: {f.title_nb} ({f.title_en})", *body_lines(f)])
            n_fail += bool(errs)
        suite.set("tests", str(len(tests)))
        suite.set("failures", str(n_fail))
        suite.set("errors", "0")
        suite.set("skipped", str(n_skip))
        total += len(tests)
        failed += n_fail
        skipped_total += n_skip
    root.set("tests", str(total))
    root.set("failures", str(failed))
    root.set("errors", "0")
    root.set("skipped", str(skipped_total))
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")


# ---------------------------------------------------------------------------- GitHub Actions


def to_github(report: Report) -> str:
    """GitHub workflow commands: ::error / ::notice annotations on the declaring line."""
    out = []
    for f in report.findings:
        props = []
        if f.file:
            props.append(f"file={_gh(f.file, True)}")
            if f.line:
                props.append(f"line={f.line}")
                if f.column:
                    props.append(f"col={f.column}")
        props.append(f"title={_gh(f'personvern: {f.title_en} [{f.code}]', True)}")
        message = "\n".join([f"{f.title_nb} ({f.title_en})", *body_lines(f)])
        if f.suppressed is not None:
            message = f"undertrykt (suppressed): {f.suppressed}\n" + message
        out.append(f"::{'error' if f.level == ERROR and f.suppressed is None else 'notice'} {','.join(props)}::{_gh(message)}")
    n = report.counts()
    out.append(f"personvern check: {len(report.checked)} activities: {n['permit']} permitted, {n['conditional']} conditional, "
               f"{n['deny']} refused, {n['invalid']} invalid; {len(report.errors)} errors")
    return "\n".join(out)


def _gh(s: str, prop: bool = False) -> str:
    s = s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return s.replace(":", "%3A").replace(",", "%2C") if prop else s
