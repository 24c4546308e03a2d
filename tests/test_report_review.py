"""What a lawyer reads in the review report besides the clause table (issue 13, «Review report and coverage»).

- `coverage` and `report` find the last test run's results and the feature files themselves, from
  any folder, and say which results file they used (or where they looked and found none);
- every scenario shows its steps and examples, checked against the official Gherkin parser;
- sections and scenarios are collapsible (<details>), filters work without scripts, ids are unique
  and every #anchor resolves;
- the pictures (coverage per section, retention timelines, breach deadlines) are drawn from the
  rules: a changed period or deadline in a copy of the rules changes the picture.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from html import escape, unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Callable

import pytest
import yaml
from gherkin.parser import Parser

import personvern
from personvern.cli import main
from personvern.legal import coverage
from personvern.legal.report import render_html

from .conftest import ROOT
from .test_report import features, parse, results_for

FEATURES = ROOT / "features"
RULES = ROOT / "rules"
RESULTS = ".personvern-results.json"


class Elements(HTMLParser):
    """Every element as (tag, attributes, text inside it, with nested text), in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None], list[str]]] = []
        self._open: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        text: list[str] = []
        self.elements.append((tag, dict(attrs), text))
        if tag not in ("input", "br", "meta", "col", "line", "rect", "path", "img"):
            self._open.append(text)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs), []))

    def handle_endtag(self, tag: str) -> None:
        if tag not in ("input", "br", "meta", "col", "line", "rect", "path", "img") and self._open:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        for t in self._open:
            t.append(data)

    def find(self, tag: str, cls: str | None = None) -> list[tuple[dict[str, str | None], str]]:
        return [(a, "".join(t)) for g, a, t in self.elements
                if g == tag and (cls is None or cls in (a.get("class") or "").split())]


def elements(html: str) -> Elements:
    e = Elements()
    e.feed(html)
    e.close()
    return e


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


# --------------------------------------------------------------------------- results and features found from any folder

@pytest.fixture
def project(tmp_path: Path, policy: personvern.Policy) -> Path:
    """A project of its own: rules/ and features/ side by side (the bundled ones, copied)."""
    root = tmp_path / "prosjekt"
    shutil.copytree(RULES, root / "rules", ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    shutil.copytree(FEATURES, root / "features")
    return root


def write_results(path: Path, policy_hash: str, cov: coverage.Coverage, failed: str = "") -> None:
    entries = [{"feature": s.feature, "scenario": s.name, "outcome": "failed" if s.name == failed else "passed", "rules": []}
               for s in cov.scenarios]
    path.write_text(json.dumps({"format": 1, "policy_hash": policy_hash, "written_at": "2026-11-29T21:00:00+01:00",
                                "scenarios": entries}), encoding="utf-8")


def test_coverage_and_report_find_the_last_runs_results_beside_the_rules_from_another_folder(
        project: Path, tmp_path: Path, policy: personvern.Policy, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("PERSONVERN_RESULTS")
    elsewhere = tmp_path / "et-annet-sted"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # neither features/ nor a results file here
    rules = str(project / "rules")
    cov = coverage.compute(policy, features())
    failing = cov.scenarios[3].name
    write_results(project / RESULTS, policy.content_hash, cov, failing)

    code, out, _ = run(["coverage", "--policy", rules, "--format", "json"], capsys)
    data = json.loads(out)
    assert data["results"]["file"] == str(project / RESULTS)
    assert data["figures"]["scenarios"] == len(cov.scenarios)  # the features beside the rules were read
    results = [s["result"] for c in data["clauses"] for s in c["scenarios"] if s["name"] == failing]
    assert results and set(results) == {"failed"}
    code, out, _ = run(["coverage", "--policy", rules], capsys)
    assert f"Resultater: testresultater fra {project / RESULTS}, registrert 2026-11-29T21:00:00+01:00" in out

    page = tmp_path / "rapport.html"
    assert run(["report", "--html", str(page), "--policy", rules], capsys)[0] == 0
    html = page.read_text(encoding="utf-8")
    assert escape(str(project / RESULTS)) in html and "Feilet" in html and "Ikke kjørt" not in html


def test_without_a_results_file_they_say_where_they_looked_and_show_every_scenario_as_not_run(
        project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("PERSONVERN_RESULTS")
    monkeypatch.chdir(tmp_path)
    rules = str(project / "rules")
    code, out, _ = run(["coverage", "--policy", rules], capsys)
    assert code == 0
    assert f"Resultater: fant ingen resultatfil (så etter {project / RESULTS}): alle scenarioer vises som «Ikke kjørt»" in out
    code, out, _ = run(["coverage", "--policy", rules, "--format", "json"], capsys)
    data = json.loads(out)
    assert data["results"] is None and data["results_sought"] == [str(project / RESULTS)]
    page = tmp_path / "rapport.html"
    code, _, err = run(["report", "--html", str(page), "--policy", rules], capsys)
    assert code == 0 and "fant ingen resultatfil" in err
    found = elements(page.read_text(encoding="utf-8")).find("p", "mangler")
    assert len(found) == 1 and str(project / RESULTS) in found[0][1] and "Ikke kjørt" in found[0][1]


def test_the_results_variable_of_the_test_run_is_read_too(
        project: Path, tmp_path: Path, policy: personvern.Policy, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    elsewhere = tmp_path / "resultater.json"
    write_results(elsewhere, policy.content_hash, coverage.compute(policy, features()))
    monkeypatch.setenv("PERSONVERN_RESULTS", str(elsewhere))
    data = json.loads(run(["coverage", "--policy", str(project / "rules"), "--format", "json"], capsys)[1])
    assert data["results"]["file"] == str(elsewhere) and data["figures"]["normative_with_passing_scenario"] == data["figures"]["normative"]
    monkeypatch.setenv("PERSONVERN_RESULTS", "")  # recording turned off: nothing is read, and it says so
    _, out, _ = run(["coverage", "--policy", str(project / "rules")], capsys)
    assert "Resultater: ingen testresultater oppgitt" in out


def test_the_installed_command_finds_the_bundled_features_from_any_folder(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PERSONVERN_RESULTS"}
    done = subprocess.run([sys.executable, "-m", "personvern", "coverage", "--format", "json"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120, env=env, check=False)
    assert done.returncode in (0, 1), done.stderr  # 1 only when the repository's own results are stale
    data = json.loads(done.stdout)
    assert data["figures"]["scenarios"] == len(coverage.compute(personvern.load_policy(), features()).scenarios) > 100
    assert str(ROOT / RESULTS) in ([data["results"]["file"]] if data["results"] else data["results_sought"])


# --------------------------------------------------------------------------- steps, collapsing, filters, ids

def official_scenarios() -> dict[tuple[str, str], tuple[list[tuple[str, str]], list[list[str]]]]:
    """(file, title) -> (steps as (keyword, text), every examples cell), read with the official Gherkin parser."""
    out = {}
    for path in sorted(FEATURES.glob("*.feature")):
        doc = Parser().parse(path.read_text(encoding="utf-8"))
        feature = doc["feature"]
        for child in feature["children"]:
            for item in [child] + (child.get("rule") or {}).get("children", []):
                sc = item.get("scenario")
                if sc:
                    cells = [[c["value"] for c in row["cells"]] for ex in sc["examples"]
                             for row in [ex["tableHeader"], *ex["tableBody"]]]
                    out[(path.name, sc["name"])] = ([(s["keyword"].strip(), s["text"]) for s in sc["steps"]], cells)
    return out


def test_every_scenario_shows_its_steps_and_examples_as_the_feature_file_has_them(policy: personvern.Policy) -> None:
    html = render_html(policy, coverage.compute(policy, features()))
    shown = {}
    for attrs, text in elements(html).find("details", "scen"):
        shown.setdefault(text, attrs)
    blocks = [(a, t) for a, t in elements(html).find("details", "scen")]
    expected = official_scenarios()
    assert len(expected) > 100
    for (feature, title), (steps, cells) in expected.items():
        mine = [t for _, t in blocks if t.startswith(("Bestått", "Feilet", "Ikke kjørt")) and f" {title}" in t and feature in t]
        assert mine, (feature, title)
        text = mine[0]
        pos = 0
        for keyword, step in steps:  # in order, keyword and text
            at = text.find(keyword + step, pos)
            assert at >= 0, (feature, title, keyword, step)
            pos = at + len(step)
        for row in cells:
            assert all(c in text for c in row), (feature, title, row)


def test_sections_clauses_and_scenarios_are_collapsed_details_with_script_free_filters(policy: personvern.Policy) -> None:
    cov0 = coverage.compute(policy, features())
    failing = next(s for s in cov0.scenarios if not s.interpretation)
    cov = coverage.compute(policy, features(), results_for(policy, cov0, frozenset({failing.name})), "r.json")
    html = render_html(policy, cov)
    page = elements(html)
    sections = page.find("details", "seksjon")
    order = [cc.clause.section for cc in cov.clauses]
    assert len(sections) == 1 + sum(1 for a, b in zip(order, order[1:]) if a != b)  # one per run of a section
    clauses = page.find("details", "klausul")
    assert [(a.get("id") or "")[len("klausul-"):] for a, _ in clauses] == [cc.clause.id for cc in cov.clauses]
    assert all("open" not in a for a, _ in sections + clauses + page.find("details", "scen"))  # collapsed on screen
    assert "details::details-content { content-visibility: visible; display: block; }" in html.split("@media print")[1]
    assert "<script" not in html.lower() and not any(k.startswith("on") for _, a, _ in page.elements for k in a)
    radios = [a for a in (x for x, _ in page.find("input")) if a.get("type") == "radio"]
    assert {a.get("id") for a in radios} == {"vis-alle", "vis-tolkninger", "vis-feil"}
    assert "#vis-tolkninger:checked" in html and "#vis-feil:checked" in html
    rows = {(a.get("id") or "")[len("klausul-"):]: set((a.get("class") or "").split()) for a, _ in page.find("details", "klausul")}
    for cc in cov.clauses:
        interp = any(c.interpretation_nb for c in cc.citations) or any(s.interpretation for s in cc.scenarios)
        assert ("tolk" in rows[cc.clause.id]) == interp, cc.clause.id
        assert ("feil" in rows[cc.clause.id]) == (failing in cc.scenarios), cc.clause.id


@pytest.mark.parametrize("with_results", [False, True])
def test_ids_are_unique_and_every_anchor_link_resolves(policy: personvern.Policy, with_results: bool) -> None:
    cov = coverage.compute(policy, features())
    if with_results:
        cov = coverage.compute(policy, features(), results_for(policy, cov), "r.json")
    page = elements(render_html(policy, cov))
    ids = Counter(a["id"] for _, a, _ in page.elements if a.get("id"))
    assert [i for i, n in ids.items() if n > 1] == []
    links = [a["href"] for _, a, _ in page.elements if a.get("href")]
    assert len(links) > 20 and all(h.startswith("#") for h in links)
    assert [h for h in links if h[1:] not in ids] == []


# --------------------------------------------------------------------------- pictures from the rules

def _rules(name: str) -> Any:
    return yaml.safe_load((RULES / name).read_text(encoding="utf-8"))


def test_every_section_has_a_coverage_bar_with_its_counts(policy: personvern.Policy) -> None:
    cov0 = coverage.compute(policy, features())
    failing = frozenset(s.name for s in cov0.scenarios if s.feature == "markedsforing.feature")
    cov = coverage.compute(policy, features(), results_for(policy, cov0, failing), "r.json")
    page = elements(render_html(policy, cov))
    figure = next(t for a, t in page.find("figure") if a.get("id") == "bilde-dekning")
    labels = [unescape(a.get("aria-label") or "") for a, _ in page.find("svg", "bar")]
    clauses = _rules("clauses.yaml")["clauses"]
    tagged = {s.name: s.clauses for s in cov0.scenarios}
    by_section: dict[str, list[str]] = {}
    for cid, meta in clauses.items():
        if meta["normative"]:
            by_section.setdefault(cid.split(".")[0], []).append(cid)
    assert any(c in tagged[name] for name in failing for c in by_section["markedsforing"])
    for section, cids in by_section.items():
        failed = sum(1 for c in cids if any(c in tagged[name] for name in failing))
        passed = len(cids) - failed  # every other scenario passed, and every normative clause has one
        assert f"{passed} av {len(cids)} bestått" + (f", {failed} feilet" if failed else "") in figure, section
        assert any(f": {len(cids)} forpliktende klausuler; {passed} bestått, {failed} med feilet scenario, 0 ikke kjørt, "
                   "0 mangler regel eller scenario" in lab for lab in labels), section


def _retention_bars(html: str) -> dict[str, float]:
    """Rule id -> width of the drawn period (the dark bar after the start line), from the retention figure."""
    out = {}
    for m in re.finditer(r'aria-label="Oppbevaring \(([^)]+)\)[^"]*"[^>]*>.*?</svg>', html):
        widths = [float(w) for x, w in re.findall(r'<rect x="([\d.]+)" y="10" width="([\d.]+)"', m.group(0))]
        out[m.group(1)] = max(widths)
    return out


def test_retention_is_drawn_per_record_class_with_period_start_and_source(policy: personvern.Policy) -> None:
    html = render_html(policy, coverage.compute(policy, features()))
    page = elements(html)
    figure = next(t for a, t in page.find("figure") if a.get("id") == "bilde-oppbevaring")
    labels = _rules("vocabulary.yaml")["record_classes"]
    rules = _rules("retention.yaml")["rules"]
    rows = [t for a, t in page.find("tr") if "Oppbevaring (" in t and t in figure]
    assert len(rows) == sum(len(r["record_classes"]) for r in rules)
    for r in rules:
        for rc in r["record_classes"]:
            row = next(t for t in rows if labels[rc]["nb"] in t and f"({r['id']})" in t)
            if r["keep"] == "period":
                years, months = r["period"].get("years", 0), r["period"].get("months", 0)
                words = " og ".join(([f"{years} år"] if years else []) + ([f"{months} måneder"] if months else []))
                assert r["source"]["nb"] in row and words in row, (words, row)
                assert {"fiscal_year_end": "regnskapsårets slutt", "relationship_ended_on": "kundeforholdet avsluttes",
                        "collected_on": "innsamlingsdatoen"}[r["from"]] in row
    bars = _retention_bars(html)
    periods = {r["id"]: r["period"].get("years", 0) + r["period"].get("months", 0) / 12 for r in rules if r["keep"] == "period"}
    first, *others = periods
    for rid in others:  # the bars are drawn to one scale
        assert bars[rid] / bars[first] == pytest.approx(periods[rid] / periods[first], rel=0.01), rid


def test_the_pictures_follow_the_rules_not_the_code(rules_copy: Callable[..., Path]) -> None:
    rules = rules_copy({"retention.yaml": [("period: {years: 5}", "period: {years: 7}")],
                        "breach.yaml": [("deadline_hours: 72\n    nb: Meld", "deadline_hours: 48\n    nb: Meld")]})
    changed = personvern.load_policy(str(rules), use_cache=False)
    html = render_html(changed, coverage.compute(changed, features()))
    assert "7 år fra regnskapsårets slutt" in unescape(html) and "5 år fra regnskapsårets slutt" not in unescape(html)
    assert 'aria-label="brudd.varsle-datatilsynet: senest 48 timer etter at Flex ble kjent med bruddet"' in html
    assert "frist 48 t" in html
    assert_deadline_drawn_at(html, "brudd.varsle-datatilsynet", 48)


def test_the_breach_deadline_is_drawn_from_the_breach_rules(policy: personvern.Policy) -> None:
    html = render_html(policy, coverage.compute(policy, features()))
    page = elements(html)
    figure = next(t for a, t in page.find("figure") if a.get("id") == "bilde-brudd")
    duties = _rules("breach.yaml")["duties"]
    for d in duties:
        assert d["nb"] in figure and d["source"]["nb"] in figure
    timed = [d for d in duties if d.get("deadline_hours") and not d.get("when_late")]
    assert timed
    for d in timed:
        assert_deadline_drawn_at(html, d["id"], d["deadline_hours"])


def assert_deadline_drawn_at(html: str, duty: str, hours: int) -> None:
    """The duty's picture has a red line at the tick of ``hours`` on its axis."""
    svg = re.search(rf'aria-label="{re.escape(duty)}: senest {hours} timer[^"]*"[^>]*>.*?</svg>', html)
    assert svg is not None, duty
    axis = {int(h): float(x) for x, h in re.findall(r'<text x="([\d.]+)" y="38"[^>]*>(\d+) t</text>', svg.group(0))}
    deadline_x = float(re.findall(r'<line x1="([\d.]+)" y1="4" x2="[\d.]+" y2="30" stroke="#cf222e"', svg.group(0))[0])
    assert deadline_x == pytest.approx(axis[hours], abs=0.2)  # the red line stands at the deadline's hour
