"""The retention sweep as an HTML page: the month forecast computed in the database agrees with
the Python engine, the page's numbers are the sweep's own, and the page holds no script (also in
a real headless browser: no console message, the chart is there with one bar per rule and month)."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

import personvern
from personvern.cli import main
from personvern.sql import connect, load_inventory, synth
from personvern.sql.forecast import Forecast, forecast, forecast_query
from personvern.sql.retention_sql import compile_sweep
from personvern.sql.run import execute
from personvern.sql.subject import python_sweep
from personvern.sql.sweep import SummaryRow, SweepResult, sweep
from personvern.sql.sweep_page import OUTCOMES, per_clause, per_rule, render_page

from ..test_report_browser import browse, chromium, console_messages  # noqa: F401  (chromium: the shared fixture)

ROOT = Path(__file__).resolve().parents[2]
INVENTORY = str(ROOT / "examples" / "data" / "flex.inventory.yaml")
ON = dt.date(2026, 11, 25)


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("flex-page")
    synth.write(folder, 400, seed=7)
    return folder


@pytest.fixture(scope="module")
def swept(data: Path) -> tuple[SweepResult, Forecast]:
    policy = personvern.load_policy()
    inv = load_inventory(INVENTORY, policy)
    con = connect(data, inv)
    return sweep(policy, inv, con, ON, progress=False), forecast(policy, inv, con, ON)


@pytest.fixture(scope="module")
def page(data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("page") / "sletting.html"
    assert main(["audit", INVENTORY, "--data", str(data), "--on", ON.isoformat(), "--format", "html", "--output", str(out)]) == 1
    return out


class _Elements(HTMLParser):
    """Every start tag with its attributes, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    p = _Elements()
    p.feed(html)
    return p.tags


def page_counts(html: str, key: str) -> dict[str, dict[str, int]]:
    """The numbers a counts table shows: {row name: {outcome: n}} from the cells' data attributes."""
    out: dict[str, dict[str, int]] = {}
    row = None
    for tag, a in elements(html):
        if tag == "tr":
            row = a.get(f"data-{key}")
        elif tag == "td" and row is not None and a.get("data-outcome") not in (None, "total"):
            out.setdefault(row, {})[str(a["data-outcome"])] = int(str(a["data-n"]))
    return out


def bars(html: str) -> Counter[tuple[str, str]]:
    return Counter({(str(a["data-rule"]), str(a["data-month"])): int(str(a["data-n"]))
                    for tag, a in elements(html) if tag == "rect" and a.get("class") == "bar"})


def test_the_forecast_per_month_equals_the_python_engines_delete_by_dates(data: Path, swept: tuple[SweepResult, Forecast]) -> None:
    policy = personvern.load_policy()
    inv = load_inventory(INVENTORY, policy)
    con = connect(data, inv)
    _, fc = swept
    expected: Counter[tuple[str, str]] = Counter()
    for _, _, d in python_sweep(policy, inv, con, ON):
        if d is not None and d.delete_by is not None and ON < d.delete_by <= fc.last_day:  # None: invalid, no deadline
            expected[(d.rule_id, d.delete_by.isoformat()[:7])] += 1
    got = Counter({(rule, m.isoformat()[:7]): n for rule, counts in fc.series for m, n in zip(fc.months, counts) if n})
    assert len({r for r, _ in expected}) >= 2 and sum(expected.values()) > 100  # the data has something to show
    assert got == expected
    assert len(fc.months) == 60 and fc.months[0] == ON.replace(day=1) and fc.last_day == dt.date(2031, 10, 31)


def test_the_forecast_is_grouped_in_the_database_one_row_per_rule_and_month(data: Path, swept: tuple[SweepResult, Forecast]) -> None:
    policy = personvern.load_policy()
    inv = load_inventory(INVENTORY, policy)
    _, fc = swept
    fetched = execute(connect(data, inv), forecast_query(compile_sweep(policy, inv, ON), ON, fc.last_day)).fetchall()
    assert len(fetched) == sum(1 for _, counts in fc.series for n in counts if n) < fc.total


def test_the_pages_numbers_are_the_sweeps_and_the_forecasts(page: Path, swept: tuple[SweepResult, Forecast]) -> None:
    result, fc = swept
    html = page.read_text(encoding="utf-8")
    want_rule = {r: {o: c.get(o, 0) for o in OUTCOMES} for r, c in per_rule(result).items()}
    assert page_counts(html, "rule") == want_rule
    assert sum(sum(c.values()) for c in want_rule.values()) == sum(r.count for r in result.summary)
    assert page_counts(html, "clause") == {c: {o: n.get(o, 0) for o in OUTCOMES} for c, n in per_clause(result).items()}
    assert bars(html) == Counter({(r, m.isoformat()[:7]): n for r, counts in fc.series for m, n in zip(fc.months, counts) if n})
    legend = [a["data-rule"] for tag, a in elements(html) if tag == "g" and a.get("class") == "legend-item"]
    assert legend == [r for r, _ in fc.series]
    assert "<script" not in html.lower() and "http://" not in html.replace("http://www.w3.org/2000/svg", "")


def test_per_clause_counts_a_record_under_each_clause_its_rule_cites() -> None:
    result = SweepResult(ON, (SummaryRow("a", "r1", ("k.1", "k.2"), "delete", 5), SummaryRow("b", "r2", ("k.2",), "delete", 3),
                              SummaryRow("b", "r2", ("k.2",), "keep", 4)), ())
    assert per_clause(result) == {"k.1": {"delete": 5}, "k.2": {"delete": 8, "keep": 4}}
    assert per_rule(result) == {"r1": {"delete": 5}, "r2": {"delete": 3, "keep": 4}}


def test_names_from_the_inventory_and_data_are_escaped_never_markup() -> None:
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    result = SweepResult(ON, (SummaryRow(hostile, hostile, (hostile,), "delete", 2),), (hostile,))
    fc = Forecast(ON, tuple(dt.date(2027, m, 1) for m in range(1, 3)), ((hostile, (1, 0)),))
    html = render_page(personvern.load_policy(), result, fc, hostile)
    assert "<script" not in html and "<img" not in html
    assert [t for t, _ in elements(html) if t in ("script", "img", "iframe", "object")] == []


def test_the_page_speaks_english_when_asked(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "en.html"
    assert main(["audit", INVENTORY, "--data", str(data), "--on", ON.isoformat(), "--format", "html", "--lang", "en", "--output", str(out)]) == 1
    html = out.read_text(encoding="utf-8")
    assert '<html lang="en">' in html and "Delete now" in html and "Skal slettes" not in html


def test_no_deletions_in_the_period_is_said_not_drawn(tmp_path: Path) -> None:
    synth.write(tmp_path, 0)
    out = tmp_path / "tom.html"
    assert main(["audit", INVENTORY, "--data", str(tmp_path), "--on", ON.isoformat(), "--format", "html", "--output", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert bars(html) == Counter() and "Ingen poster får slettefrist i perioden" in html


@pytest.mark.browser
def test_the_sweep_page_in_a_browser_has_no_console_messages_and_shows_the_chart(
        chromium: str, page: Path, swept: tuple[SweepResult, Forecast], tmp_path: Path) -> None:  # noqa: F811
    result, fc = swept
    done = browse(chromium, page, tmp_path, "--dump-dom")
    assert done.returncode == 0, done.stderr[-2000:]
    assert console_messages(done.stderr) == []
    dom = done.stdout
    tags = elements(dom)
    assert [t for t, _ in tags if t == "script"] == []
    assert sum(1 for t, _ in tags if t == "svg") == 1
    assert sum(bars(dom).values()) == fc.total and len(bars(dom)) == sum(1 for _, c in fc.series for n in c if n)
    assert len({r for r, _ in bars(dom)}) == len(fc.series) >= 2
    assert len([a for t, a in tags if t == "g" and a.get("class") == "legend-item"]) == len(fc.series)
    assert page_counts(dom, "rule") == {r: {o: c.get(o, 0) for o in OUTCOMES} for r, c in per_rule(result).items()}
    assert page_counts(dom, "table") == {t: {o: sum(r.count for r in result.summary if r.table == t and r.outcome == o) for o in OUTCOMES}
                                         for t in {r.table for r in result.summary}}
    assert "Sletting som forfaller per måned" in dom and "Antall poster" in dom and "Måned da slettefristen inntreffer" in dom
    shown = re.search(r'data-figure="1"><b>([^<]+)</b>', dom)
    assert shown is not None and int(shown.group(1).replace("&nbsp;", "").replace("\u00a0", "")) == sum(r.count for r in result.summary if r.outcome == "delete")


@pytest.mark.browser
def test_the_sweep_page_renders_to_a_non_trivial_screenshot(chromium: str, page: Path, tmp_path: Path) -> None:  # noqa: F811
    shot = tmp_path / "sletting.png"
    done = browse(chromium, page, tmp_path, "--window-size=1200,1400", "--hide-scrollbars", f"--screenshot={shot}")
    assert done.returncode == 0 and shot.exists(), done.stderr[-2000:]
    assert console_messages(done.stderr) == []
    assert len(shot.read_bytes()) > 30_000
