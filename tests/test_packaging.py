"""The wheel carries the rules and schemas: the CLI works from any folder after pip install."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from .conftest import ROOT


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    dist = work / "dist"
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(dist), str(ROOT)],
                           capture_output=True, text=True, timeout=600)
    assert build.returncode == 0, build.stdout + build.stderr
    [wheel] = dist.glob("personvern-*.whl")
    env_dir = work / "venv"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    inst = subprocess.run([str(py), "-m", "pip", "install", "-q", str(wheel)], capture_output=True, text=True, timeout=600)
    assert inst.returncode == 0, inst.stdout + inst.stderr
    return env_dir


def test_wheel_contents(installed: Path) -> None:
    site = next((installed / "lib").glob("python3*/site-packages/personvern"))
    for rel in ("rules/policy.yaml", "rules/statement/personvernerklaering-flex-v1.txt", "schemas/rules.schema.json",
                "schemas/operation.schema.json", "lang/expr.lark", "py.typed", "cli/__init__.py"):
        assert (site / rel).is_file(), rel


def test_cli_from_another_folder(installed: Path, tmp_path: Path) -> None:
    env = {**os.environ, "PERSONVERN_CACHE_DIR": str(tmp_path / "cache")}
    exe = installed / "bin" / "personvern"
    done = subprocess.run([str(exe), "validate"], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0 and done.stdout.startswith("OK: flex-kunder"), done.stderr
    op = tmp_path / "op.yaml"
    op.write_text((ROOT / "examples" / "operations" / "markedsforing-etter-reservasjon.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    done = subprocess.run([str(exe), "evaluate", "op.yaml"], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 1 and "markedsforing.reservasjon" in done.stdout
