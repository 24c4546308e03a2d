"""The review report (engine/report.py, `personvern report`): its content must agree with the coverage.

The page is parsed with the standard library's HTML parser; each clause's table row must show
exactly the rules that cite the clause and the scenarios tagged with it, with their last result.
"""

from __future__ import annotations

import json
import re
import shutil
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import pytest

import personvern
from personvern.legal import coverage
from personvern.cli import main
from personvern.legal.report import render_html

from .conftest import ROOT

FEATURES = ROOT / "features"


class Page(HTMLParser):
    """Text per clause (the element with id="klausul-..."), per interpretation box, and every tag and attribute seen."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, str] = {}
        self.interpretations: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self._row: str | None = None
        self._tag = ""  # the clause's element
        self._nested = 0  # elements of the same kind inside it (a scenario's <details>)
        self._interp = 0
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if self._row is not None and tag == self._tag:
            self._nested += 1
        elif self._row is None and (a.get("id") or "").startswith("klausul-"):
            self._row, self._tag = (a["id"] or "")[len("klausul-"):], tag
            self.rows[self._row] = ""
        if tag == "div":
            if self._interp:
                self._depth += 1
            elif "interp" in (a.get("class") or "").split():
                self._interp, self._depth = 1, 1
                self.interpretations.append("")

    def handle_endtag(self, tag: str) -> None:
        if self._row is not None and tag == self._tag:
            if self._nested:
                self._nested -= 1
            else:
                self._row = None
        if tag == "div" and self._interp:
            self._depth -= 1
            if self._depth == 0:
                self._interp = 0

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._row is not None:
            self.rows[self._row] += data
        if self._interp:
            self.interpretations[-1] += data


def features() -> list[tuple[str, str]]:
    return [(p.relative_to(FEATURES).as_posix(), p.read_text(encoding="utf-8")) for p in sorted(FEATURES.rglob("*.feature"))]


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


def results_for(policy: personvern.Policy, cov: coverage.Coverage, failed: frozenset[str] = frozenset()) -> coverage.Results:
    entries = [{"feature": s.feature, "scenario": s.name, "outcome": "failed" if s.name in failed else "passed",
                "rules": ["markedsforing.kontakt"] if s.feature == "markedsforing.feature" else []} for s in cov.scenarios]
    text = json.dumps({"format": 1, "policy_hash": policy.content_hash, "written_at": "2026-11-25T20:00:00+01:00", "scenarios": entries})
    results, problems = coverage.parse_results(text, "r.json")
    assert results is not None and not problems
    return results


def test_every_clause_rule_and_scenario_of_the_coverage_is_in_the_report(policy: personvern.Policy) -> None:
    cov0 = coverage.compute(policy, features())
    failing = cov0.scenarios[0].name
    cov = coverage.compute(policy, features(), results_for(policy, cov0, frozenset({failing})), "r.json")
    page = parse(render_html(policy, cov))
    assert list(page.rows) == [cc.clause.id for cc in cov.clauses]
    for cc in cov.clauses:
        row = page.rows[cc.clause.id]
        assert cc.clause.text in row
        for c in cc.citations:
            assert c.id in row and c.title_nb in row and c.explanation_nb in row, (cc.clause.id, c.id)
        for s in cc.scenarios:
            assert s.name in row, (cc.clause.id, s.name)
        if not cc.clause.normative:
            assert "Ikke forpliktende" in row and (cc.clause.reason or "") in row
        else:
            assert "Forpliktende" in row
        # the rules and scenarios of other clauses are not shown in this row
        others = {c.id for o in cov.clauses if o is not cc for c in o.citations} - {c.id for c in cc.citations}
        assert not any(f">{rid}<" in row for rid in others)
    # results: the failed scenario is marked failed where it appears, the others passed
    html = render_html(policy, cov)
    tolk = '(?: <span class="badge tolk">Tolkning</span>)?'
    shown = re.findall(f'<span class="badge feil">Feilet</span>{tolk} {re.escape(escape(failing))}<', html)
    assert len(shown) == len(cov0.scenarios[0].clauses)
    assert html.count('<span class="badge feil">Feilet</span>') == len(cov0.scenarios[0].clauses)
    passed = sum(len(s.clauses) for s in cov.scenarios if s.name != failing)
    assert html.count('<span class="badge ok">Bestått</span>') == passed
    kontakt = policy.rules["markedsforing.kontakt"].title_nb
    assert f"Svaret bygde på: {kontakt}" in page.rows["markedsforing.3"]  # the rules recorded with the result, in words
    f = cov.figures()
    assert f"<b>{f['normative']}</b>forpliktende klausuler (av {f['clauses']})" in html
    assert f"<b>{f['normative_with_passing_scenario']}</b>med minst ett bestått scenario" in html


def test_interpretations_are_listed_with_their_notes(policy: personvern.Policy) -> None:
    cov = coverage.compute(policy, features())
    page = parse(render_html(policy, cov))
    flagged = [c for c in cov.citations if c.interpretation_nb]
    assert len(flagged) >= 10
    assert len(page.interpretations) == len(flagged) + 1  # and the response deadline for rights
    for c, box in zip(flagged, page.interpretations):
        assert c.title_nb in box and c.id in box and c.interpretation_nb in box
    assert policy.response_deadline_note and policy.response_deadline_note in page.interpretations[-1]


def test_without_results_every_scenario_is_not_run(policy: personvern.Policy) -> None:
    page = parse(render_html(policy, coverage.compute(policy, features())))
    text = "".join(page.text)
    assert "Ikke kjørt" in text and "Bestått" not in text and "Feilet" not in text
    assert "ingen testresultater oppgitt" in text


def test_findings_are_shown(policy: personvern.Policy) -> None:
    files = [f for f in features() if f[0] != "sikkerhet.feature"]
    cov = coverage.compute(policy, files)
    assert cov.findings
    html = render_html(policy, cov)
    page = parse(html)
    assert 'id="funn"' in html
    for p in cov.findings:
        assert p.message in "".join(page.text)
    assert "Ingen scenarioer tester klausulen." in page.rows["sikkerhet.4"]


def test_everything_from_the_sources_is_escaped(policy: personvern.Policy) -> None:
    hostile = ("# language: no\nEgenskap: <b>fet</b>\n\n  @klausul:markedsforing.1\n"
               "  Scenario: <script>alert('x')</script> & «sitat»\n    Gitt en kunde\n")
    cov = coverage.compute(policy, features() + [("<img src=x>.feature", hostile)])
    html = render_html(policy, cov)
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; «sitat»" in html
    assert "&lt;img src=x&gt;.feature" in html
    assert "<script>alert('x')</script> & «sitat»" in parse(html).rows["markedsforing.1"]


def test_the_page_is_self_contained_and_printable(policy: personvern.Policy) -> None:
    html = render_html(policy, coverage.compute(policy, features()))
    page = parse(html)
    assert html.startswith("<!DOCTYPE html>") and '<html lang="nb">' in html
    assert "@media print" in html and "default-src 'none'" in html
    for tag, attrs in page.tags:
        assert tag not in ("script", "link", "img", "iframe", "object", "embed"), tag
        for name in ("src", "href"):
            value = attrs.get(name)
            assert value is None or value.startswith("#"), (tag, name, value)


def test_report_command_writes_the_page(tmp_path: Path, capsys: pytest.CaptureFixture[str], policy: personvern.Policy) -> None:
    out = tmp_path / "rapport.html"
    code = main(["report", "--html", str(out), "--features", str(FEATURES)])
    _, err = capsys.readouterr()
    assert code == 0 and "rapport skrevet til" in err
    page = parse(out.read_text(encoding="utf-8"))
    assert len(page.rows) == len(policy.clauses)
    # a folder that cannot be written is invalid input, not a traceback
    code = main(["report", "--html", str(tmp_path / "mangler" / "rapport.html"), "--features", str(FEATURES)])
    _, err = capsys.readouterr()
    assert code == 2 and "cannot write the report" in err


def test_report_reads_results(tmp_path: Path, capsys: pytest.CaptureFixture[str], policy: personvern.Policy) -> None:
    cov = coverage.compute(policy, features())
    entries = [{"feature": s.feature, "scenario": s.name, "outcome": "passed", "rules": []} for s in cov.scenarios]
    results = tmp_path / "r.json"
    results.write_text(json.dumps({"format": 1, "policy_hash": policy.content_hash, "written_at": "2026-11-25T20:00:00+01:00",
                                   "scenarios": entries}), encoding="utf-8")
    out = tmp_path / "rapport.html"
    assert main(["report", "--html", str(out), "--features", str(FEATURES), "--results", str(results)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "Ikke kjørt" not in text and text.count("Bestått") >= len(cov.scenarios)
    assert "registrert 2026-11-25T20:00:00+01:00" in text


def test_feature_copy_without_a_file_still_renders(tmp_path: Path, policy: personvern.Policy) -> None:
    folder = tmp_path / "features"
    shutil.copytree(FEATURES, folder)
    (folder / "markedsforing.feature").unlink()
    files = [(p.name, p.read_text(encoding="utf-8")) for p in folder.glob("*.feature")]
    page = parse(render_html(policy, coverage.compute(policy, files)))
    assert "Ingen scenarioer tester klausulen." in page.rows["markedsforing.2"]
