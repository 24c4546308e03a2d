"""The review report in a real headless browser (Debian's chromium).

The page must load without a single console message (it has no scripts, so any message is an
error or a blocked request), show the report's content, render to a non-trivial screenshot, and
print. Without chromium the tests skip with a clear message, except in CI (the environment
variable CI is set), where a missing browser is a failure: .ci/run installs it.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from personvern.cli import main

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
