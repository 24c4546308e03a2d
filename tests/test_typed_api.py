"""The README's set-up gives static tools the package: mypy --strict on a user's script finds
personvern and sees the public API's real types (no Any), as a user of the library would."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

MYPY = Path(sys.executable).parent / "mypy"

USER_SCRIPT = '''\
from datetime import date

import personvern

policy = personvern.load_policy()
decision = policy.evaluate({"purpose": "direct_marketing"})
reveal_type(decision)
reveal_type(policy.retention({"record_class": "customer_data"}, on=date(2026, 1, 1)))
reveal_type(policy.rights_request({"right": "access"}))
reveal_type(policy.require)
reveal_type(personvern.batch)
reveal_type(personvern.ProcessingDenied)
outcome: str = decision.outcome
'''


@pytest.mark.skipif(not MYPY.exists(), reason="mypy is a test dependency")
def test_mypy_strict_finds_the_package_and_its_types_from_outside_the_repository(tmp_path: Path) -> None:
    script = tmp_path / "user.py"
    script.write_text(USER_SCRIPT, encoding="utf-8")
    run = subprocess.run([str(MYPY), "--strict", "--no-incremental", "--cache-dir", str(tmp_path / "cache"), "user.py"],
                         cwd=tmp_path, capture_output=True, text=True, timeout=600)
    out = run.stdout + run.stderr
    assert "import-not-found" not in out and "import-untyped" not in out, out
    revealed = [line.split("Revealed type is ", 1)[1] for line in out.splitlines() if "Revealed type is" in line]
    assert len(revealed) == 6, out
    assert revealed[0] == '"personvern.core.decision.Decision"', out
    assert revealed[1] == '"personvern.decide.retention.RetentionDecision"', out
    assert not any(r == '"Any"' for r in revealed), out
    assert "BatchResult" in revealed[4], out
    assert "error:" not in out.replace("note:", ""), out
