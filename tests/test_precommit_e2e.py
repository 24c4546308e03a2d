"""End to end with the real pre-commit tool: the hook as Flex's other repositories use it.

The repository under test is snapshotted (every file git tracks or would track, as it is
in the working tree) into a temporary git repository, because pre-commit installs a hook
repository from a commit. Two runs, each building the hook's virtualenv from PyPI (tens of
seconds): ``pre-commit try-repo`` on a refused manifest, and the two-line
.pre-commit-config.yaml from the README in a fresh repository, where committing a refused
manifest is blocked and the fixed one goes through.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT
from .test_readme import of

EXAMPLES = ROOT / "examples" / "manifests"
PRE_COMMIT = Path(sys.executable).parent / "pre-commit"
README_REPO = "https://github.com/flex-as/personvern"

pytestmark = pytest.mark.skipif(not PRE_COMMIT.exists() or shutil.which("git") is None,
                                reason="needs the pre-commit tool in the venv and git")


def git(cwd: Path, *args: str, env: dict[str, str] | None = None, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=check)


def environment(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT", "VIRTUAL_ENV"))}
    env.update(GIT_AUTHOR_NAME="Test", GIT_AUTHOR_EMAIL="test@flex.as", GIT_COMMITTER_NAME="Test",
               GIT_COMMITTER_EMAIL="test@flex.as", GIT_CONFIG_GLOBAL=str(tmp_path / "gitconfig"), GIT_CONFIG_NOSYSTEM="1",
               PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"), NO_COLOR="1",
               PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    (tmp_path / "gitconfig").write_text("[init]\n\tdefaultBranch = main\n")
    return env


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """This repository as it is on disk, committed into a temporary repository: (path, commit)."""
    snap = tmp_path_factory.mktemp("personvern-hook-repo")
    env = environment(tmp_path_factory.mktemp("git-env"))
    listed = git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard").stdout.split("\0")
    for rel in filter(None, listed):
        src = ROOT / rel
        if src.is_file():
            (snap / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, snap / rel)
    git(snap, "init", "-q", env=env)
    git(snap, "add", "-A", env=env)
    git(snap, "commit", "-q", "-m", "snapshot", env=env)
    return snap, git(snap, "rev-parse", "HEAD", env=env).stdout.strip()


def test_try_repo_fails_on_a_refused_manifest(hook_repo: tuple[Path, str], tmp_path: Path) -> None:
    env = environment(tmp_path)
    consumer = tmp_path / "lonn"
    consumer.mkdir()
    git(consumer, "init", "-q", env=env)
    shutil.copy(EXAMPLES / "refused.personvern.yaml", consumer / "kampanje.personvern.yaml")
    (consumer / "README.md").write_text("not a manifest\n")
    git(consumer, "add", ".", env=env)
    run = subprocess.run([str(PRE_COMMIT), "try-repo", str(hook_repo[0]), "personvern-check", "--all-files"],
                         cwd=consumer, env=env, capture_output=True, text=True, timeout=900)
    out = run.stdout + run.stderr
    assert run.returncode == 1, out
    assert "Failed" in out and "- exit code: 1" in out
    assert "kampanje.personvern.yaml:25:9: feil (error): «nyhetsbrev-via-usa» er avvist (mottaker: Mailchimp)" in out
    assert "(The recipient is in a country outside the EEA, and the statement does not mention such transfers.)" in out


def test_the_readme_config_blocks_a_refused_commit_and_lets_the_fix_through(hook_repo: tuple[Path, str], tmp_path: Path) -> None:
    env = environment(tmp_path)
    repo = tmp_path / "nyhetsbrev"
    repo.mkdir()
    git(repo, "init", "-q", env=env)
    path, rev = hook_repo
    # The README's configuration verbatim, only the repository's address is this snapshot's path;
    # then the README's own pinning and install commands.
    (block,) = [b for b in of("yaml") if b.text.startswith("# .pre-commit-config.yaml")]
    assert README_REPO in block.text
    config = repo / ".pre-commit-config.yaml"
    config.write_text(block.text.replace(README_REPO, str(path)), encoding="utf-8")
    (setup,) = [b for b in of("sh") if "pre-commit autoupdate" in b.text]
    pinned = subprocess.run(["bash", "-c", setup.text], cwd=repo, env=env, capture_output=True, text=True, timeout=600)
    assert pinned.returncode == 0, pinned.stdout + pinned.stderr
    assert f"rev: {rev}" in config.read_text(encoding="utf-8"), config.read_text(encoding="utf-8")

    manifest = repo / "personvern.yaml"
    bad = (EXAMPLES / "personvern.yaml").read_text(encoding="utf-8").replace(
        "{kind: processor, name: Postmark EU, country: IE, dpa: true}", "{kind: processor, name: Mailchimp, country: US, dpa: true}")
    manifest.write_text(bad, encoding="utf-8")
    (repo / "app.py").write_text("print('no declarations here')\n")
    git(repo, "add", ".", env=env)
    blocked = git(repo, "commit", "-m", "newsletter via Mailchimp", env=env, check=False)
    out = blocked.stdout + blocked.stderr
    assert blocked.returncode != 0, out
    assert "personvern.yaml:16:9: feil (error): «nyhetsbrev-nye-funksjoner» er avvist (mottaker: Mailchimp)" in out
    assert "overforinger.1: «Vi kan overføre personopplysninger til tredjeparter:»" in out
    assert git(repo, "rev-list", "--all", env=env).stdout == ""  # nothing was committed

    shutil.copy(EXAMPLES / "personvern.yaml", manifest)
    git(repo, "add", ".", env=env)
    passed = git(repo, "commit", "-m", "newsletter via Postmark EU", env=env, check=False)
    out = passed.stdout + passed.stderr
    assert passed.returncode == 0, out
    assert "Passed" in out
    assert "VILKÅR" in out, out  # verbose: the conditions of a conditional permit show although the hook passed
    assert git(repo, "log", "--oneline", env=env).stdout.count("\n") == 1
