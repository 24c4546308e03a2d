"""The review report with its change review («Hva er endret siden forrige gjennomgang») in headless Chromium.

Skips without chromium (fails in CI, which installs it), like tests/test_report_browser.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from personvern.cli import main

from ..test_report_browser import browse, console_messages, locate_chromium
from .test_report_since import HOSTILE_CLAUSE, repo  # noqa: F401  (the module fixture: a revision with mutated rules)


@pytest.fixture(scope="module")
def chromium() -> str:
    return locate_chromium()


@pytest.mark.browser
def test_the_report_with_the_change_review_loads_without_console_errors(chromium: str, repo: Path, tmp_path: Path) -> None:  # noqa: F811
    out = tmp_path / "rapport.html"
    assert main(["report", "--html", str(out), "--since", "HEAD", "--repo", str(repo),
                 "--policy", str(repo / "rules"), "--features", str(repo / "features")]) == 0
    done = browse(chromium, out, tmp_path, "--dump-dom")
    assert done.returncode == 0, done.stderr[-2000:]
    assert console_messages(done.stderr) == []
    dom = done.stdout
    assert dom.index("Hva er endret siden forrige gjennomgang") < dom.index("Erklæringen klausul for klausul")
    assert 'id="endring-1"' in dom and 'id="endret-klausul-markedsforing.3"' in dom
    assert "&lt;script&gt;" in dom and HOSTILE_CLAUSE not in dom  # shown as text, never run
    pdf = tmp_path / "rapport.pdf"
    printed = browse(chromium, out, tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
    assert printed.returncode == 0 and pdf.read_bytes().startswith(b"%PDF")
