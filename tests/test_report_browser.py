"""The review report in a real headless browser (Debian's chromium).

The page must load without a single console message (it has no scripts, so any message is an
error or a blocked request), show the report's content, render to a non-trivial screenshot, and
print. Without chromium the tests skip with a clear message, except in CI (the environment
variable CI is set), where a missing browser is a failure: .ci/run installs it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
from pathlib import Path
from typing import Iterator

import pytest

import personvern
from personvern.cli import main

from .cdp import Browser
from .conftest import ROOT


FEATURES = ROOT / "features"
CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
CONSOLE = re.compile(r":CONSOLE[:(]")


def locate_chromium(candidates: tuple[str, ...] = CANDIDATES) -> str:
    """The chromium binary; skip without one, but fail when CI is set (CI must run these tests)."""
    for name in candidates:
        found = shutil.which(name)
        if found:
            return found
    message = "chromium is not installed: the report cannot be checked in a browser (apt-get install -y chromium)"
    if os.environ.get("CI"):
        pytest.fail(message + "; CI is set, so this is a failure, not a skip")
    pytest.skip(message)


@pytest.fixture(scope="module")
def chromium() -> str:
    return locate_chromium()


def browse(chromium: str, page: Path, tmp: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    profile = tmp / f"profile-{len(list(tmp.glob('profile-*')))}"
    argv = [chromium, *FLAGS, f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0", *extra, page.as_uri()]
    env = dict(os.environ, HOME=str(tmp))
    return subprocess.run(argv, capture_output=True, text=True, timeout=180, env=env, check=False)


def console_messages(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if CONSOLE.search(line)]


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report") / "rapport.html"
    assert main(["report", "--html", str(out), "--features", str(FEATURES)]) == 0
    return out


@pytest.mark.browser
def test_the_report_loads_without_console_errors_and_shows_its_content(chromium: str, report: Path, tmp_path: Path) -> None:
    done = browse(chromium, report, tmp_path, "--dump-dom")
    assert done.returncode == 0, done.stderr[-2000:]
    assert console_messages(done.stderr) == []
    dom = done.stdout
    assert "Juridisk gjennomgang" in dom and "Tolkninger til juridisk vurdering" in dom
    assert 'id="klausul-markedsforing.3"' in dom and "Du kan motsi deg direktemarkedsføring når som helst." in dom
    assert "Reservasjon mot direktemarkedsføring" in dom  # a rule, in words


@pytest.mark.browser
def test_the_report_renders_to_a_non_trivial_screenshot(chromium: str, report: Path, tmp_path: Path) -> None:
    shot = tmp_path / "report.png"
    done = browse(chromium, report, tmp_path, "--window-size=1280,2000", "--hide-scrollbars", f"--screenshot={shot}")
    assert done.returncode == 0 and shot.exists(), done.stderr[-2000:]
    assert console_messages(done.stderr) == []
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1280, 2000)
    assert len(data) > 50_000  # a blank page of this size compresses to a few kilobytes


@pytest.mark.browser
def test_the_report_prints_on_several_pages(chromium: str, report: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "rapport.pdf"
    done = browse(chromium, report, tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
    assert done.returncode == 0 and pdf.exists(), done.stderr[-2000:]
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    pages = max(int(n) for n in re.findall(rb"/Count (\d+)", data))
    assert pages >= 3


@pytest.mark.browser
def test_a_console_error_would_be_seen(chromium: str, tmp_path: Path) -> None:
    # The check above must be able to fail: a page that logs an error is caught.
    page = tmp_path / "feil.html"
    page.write_text('<!DOCTYPE html><html lang="nb"><head><meta charset="utf-8"><title>t</title></head>'
                    '<body><script>console.error("rapportfeil")</script></body></html>', encoding="utf-8")
    done = browse(chromium, page, tmp_path, "--dump-dom")
    assert any("rapportfeil" in line for line in console_messages(done.stderr))


def test_without_chromium_it_skips_but_fails_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="chromium is not installed"):
        locate_chromium(("/nonexistent/chromium",))
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI is set"):
        locate_chromium(("/nonexistent/chromium",))


# --------------------------------------------------------------------------- the page driven as a reader would (DevTools protocol)

SHOTS = ROOT / "build" / "report-browser"  # screenshots and PDFs kept for inspection
VISIBLE = "(s => [...document.querySelectorAll(s)].filter(e => e.checkVisibility()).length)"


@pytest.fixture(scope="module")
def report_with_a_failure(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report with results in which the scenarios of one feature failed and every other one passed."""
    from personvern.legal import coverage as cv

    from .test_report import features

    policy = personvern.load_policy(use_cache=False)
    cov = cv.compute(policy, features())
    entries = [{"feature": s.feature, "scenario": s.name, "outcome": "failed" if s.feature == "samtykke.feature" else "passed",
                "rules": []} for s in cov.scenarios]
    folder = tmp_path_factory.mktemp("report-failure")
    results = folder / "resultater.json"
    results.write_text(json.dumps({"format": 1, "policy_hash": policy.content_hash, "scenarios": entries}), encoding="utf-8")
    out = folder / "rapport.html"
    assert main(["report", "--html", str(out), "--features", str(FEATURES), "--results", str(results)]) == 0
    return out


@pytest.fixture
def browser(chromium: str, tmp_path: Path) -> Iterator[Browser]:
    b = Browser(chromium, FLAGS, tmp_path / "profile")
    try:
        yield b
    finally:
        b.close()


def _count(b: Browser, selector: str, visible: bool = False) -> int:
    if visible:
        return int(b.evaluate(f"{VISIBLE}({json.dumps(selector)})"))
    return int(b.evaluate(f"document.querySelectorAll({json.dumps(selector)}).length"))


@pytest.mark.browser
def test_sections_are_collapsed_on_screen_and_open_in_print_with_the_pictures_visible(
        browser: Browser, report_with_a_failure: Path) -> None:
    b = browser
    b.open(report_with_a_failure.as_uri())
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert b.evaluate("document.scripts.length") == 0
    sections = _count(b, "details.seksjon")
    assert sections > 10 and _count(b, "details.seksjon[open]") == 0
    assert _count(b, "details.seksjon > summary", visible=True) == sections  # the headings show
    assert _count(b, "details.klausul", visible=True) == 0  # the clauses do not, until opened
    assert _count(b, "details.klausul") > 50 and _count(b, "details.klausul[open]") == 0
    assert _count(b, "ol.steg", visible=True) == 0 and _count(b, "ol.steg") > 100
    # the pictures: drawn, visible and of a readable size
    for figure, least in (("#bilde-dekning svg.bar", 10), ("#bilde-oppbevaring svg.tidslinje", 5), ("#bilde-brudd svg.tidslinje", 3)):
        assert _count(b, figure, visible=True) >= least, figure
        widths = b.evaluate(f"[...document.querySelectorAll({json.dumps(figure)})].map(e => e.getBoundingClientRect().width)")
        assert min(widths) >= 150, (figure, widths)
    assert _count(b, "details.seksjon svg.bar", visible=True) >= 10  # a bar in each section's heading
    shot = b.screenshot(SHOTS / "skjerm.png")
    b.evaluate("document.querySelector('.filter').scrollIntoView()")
    b.screenshot(SHOTS / "skjerm-avsnitt.png")
    assert shot[:8] == b"\x89PNG\r\n\x1a\n" and len(shot) > 50_000

    b.media("print")
    assert _count(b, "details.klausul .innhold", visible=True) == _count(b, "details.klausul")
    assert _count(b, "ol.steg", visible=True) == _count(b, "ol.steg")
    assert _count(b, ".filter", visible=True) == 0
    b.media("screen")
    assert b.console() == []


@pytest.mark.browser
def test_the_filters_show_only_interpretations_or_only_failures_without_scripts(browser: Browser, report_with_a_failure: Path) -> None:
    b = browser
    b.open(report_with_a_failure.as_uri())
    rows = _count(b, "details.klausul")
    failed, interpreted = _count(b, "details.klausul.feil"), _count(b, "details.klausul.tolk")
    assert 0 < failed < rows and 0 < interpreted < rows
    b.evaluate("document.getElementById('vis-feil').click()")  # the reader's click; the page itself runs nothing
    assert _count(b, "details.klausul", visible=True) == failed == _count(b, "details.klausul.feil", visible=True)
    assert _count(b, "details.klausul .innhold", visible=True) == failed  # shown open, with the failed scenario
    shown = b.evaluate("[...document.querySelectorAll('details.seksjon')].filter(e => e.checkVisibility()).length")
    assert shown == b.evaluate("[...document.querySelectorAll('details.seksjon')].filter(e => e.querySelector('details.klausul.feil')).length")
    b.evaluate("document.querySelector('.filter').scrollIntoView()")
    b.screenshot(SHOTS / "bare-feil.png")
    b.evaluate("document.getElementById('vis-tolkninger').click()")
    assert _count(b, "details.klausul", visible=True) == interpreted == _count(b, "details.klausul.tolk", visible=True)
    b.evaluate("document.getElementById('vis-alle').click()")
    assert _count(b, "details.seksjon", visible=True) == _count(b, "details.seksjon")
    assert _count(b, "details.klausul", visible=True) == 0  # back to the collapsed overview
    assert _count(b, "p.ingen-treff", visible=True) == 0
    assert b.console() == []


@pytest.mark.browser
def test_a_link_to_a_clause_opens_its_section(browser: Browser, report: Path) -> None:
    b = browser
    b.open(report.as_uri() + "#klausul-markedsforing.3")
    assert b.evaluate("document.getElementById('klausul-markedsforing.3').checkVisibility()") is True
    assert b.evaluate("document.getElementById('klausul-markedsforing.3').closest('details.seksjon').open") is True


@pytest.mark.browser
def test_the_print_stylesheet_is_what_opens_the_sections(chromium: str, report: Path, tmp_path: Path) -> None:
    # The same page without the print rule that opens <details> prints far fewer pages: the rule does the work.
    html = report.read_text(encoding="utf-8")
    rule = "details::details-content { content-visibility: visible; display: block; }"
    print_part = html.split("@media print", 1)[1]
    assert rule in print_part
    closed = tmp_path / "uten-utskriftsregel.html"
    closed.write_text(html.replace("@media print" + print_part, "@media print" + print_part.replace(rule, "", 1)), encoding="utf-8")
    SHOTS.mkdir(parents=True, exist_ok=True)
    pages = []
    for page, pdf in ((report, SHOTS / "rapport.pdf"), (closed, tmp_path / "lukket.pdf")):
        done = browse(chromium, page, tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
        assert done.returncode == 0 and pdf.exists(), done.stderr[-2000:]
        pages.append(_pages(pdf.read_bytes()))
    open_pages, closed_pages = pages
    assert open_pages >= 3 * closed_pages and closed_pages >= 1, (open_pages, closed_pages)


def _pages(pdf: bytes) -> int:
    assert pdf.startswith(b"%PDF")
    return max(int(n) for n in re.findall(rb"/Count (\d+)", pdf))
