"""Every code block in README.md is executed or parsed against the real package, so the README cannot rot.

- ``python`` blocks run in README order in one fresh interpreter (one namespace, as a reader pastes
  them into one session). A line ``expression  # <Python literal>`` is also an assertion: the
  expression must equal the literal (``decision.outcome  # "deny"``).
- ``console`` blocks: each ``$ personvern …`` line is run and its output compared line by line; a
  line ``...`` stands for any number of lines, ``...`` inside a line for any text.
- ``yaml`` blocks are parsed; a block whose first line names a file of this repository
  (``# examples/operations/nyhetsbrev.yaml``) must hold the same data as that file; a manifest is
  checked with ``personvern check`` (exit 0); the pre-commit configuration names this repository's hook.
- ``sh`` blocks are parsed by bash; every ``personvern`` command in them is parsed by the real
  command line, every path it names exists, and the block is run as written unless a comment
  ``<!-- readme-test: skip <reason> -->`` right before it says why not (the first block is what CI
  runs itself).
"""

from __future__ import annotations

import ast
import json
import os
import re
import shlex
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT

README = ROOT / "README.md"
BIN = Path(sys.executable).parent
LANGUAGES = {"sh", "console", "python", "yaml", "toml", "text"}


@dataclass(frozen=True)
class Block:
    language: str
    line: int  # line of the first line of code (1-based)
    text: str
    skip: str | None  # reason, from a <!-- readme-test: skip … --> comment right before the fence

    @property
    def id(self) -> str:
        return f"{self.language}@README.md:{self.line}"


def readme_blocks() -> list[Block]:
    lines = README.read_text(encoding="utf-8").splitlines()
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        m = re.fullmatch(r"\s*```(\S*)\s*", lines[i])
        if not m:
            i += 1
            continue
        start = i
        j = i + 1
        while j < len(lines) and lines[j].strip() != "```":
            j += 1
        if j == len(lines):
            raise AssertionError(f"README.md:{start + 1}: a code block is never closed")
        before = lines[start - 1].strip() if start else ""
        s = re.fullmatch(r"<!--\s*readme-test:\s*skip\s+(.+?)\s*-->", before)
        indent = len(lines[start]) - len(lines[start].lstrip())
        code = "\n".join(line[indent:] for line in lines[start + 1:j]) + "\n"
        blocks.append(Block(m.group(1), start + 2, code, s.group(1) if s else None))
        i = j + 1
    return blocks


BLOCKS = readme_blocks()


def of(language: str) -> list[Block]:
    return [b for b in BLOCKS if b.language == language]


def test_every_block_has_a_language_the_suite_knows() -> None:
    unknown = [b.id for b in BLOCKS if b.language not in LANGUAGES]
    assert not unknown, f"code blocks without a tested language ({sorted(LANGUAGES)}): {unknown}"
    assert len(of("python")) >= 3 and len(of("console")) >= 2 and len(of("yaml")) >= 3 and len(of("sh")) >= 3


def test_ci_runs_the_first_sh_block_as_the_readme_shows_it() -> None:
    first = of("sh")[0]
    commands = [ln for ln in first.text.splitlines() if ln.strip()]
    assert len(commands) == 2 and "pytest" in commands[1], commands
    assert first.skip, "the first block is run by .ci/run itself and must say so"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert 'SETUP=$(readme_command 1)' in ci and 'bash -c "$SETUP"' in ci and 'bash -c "$TESTS"' in ci


# ---------------------------------------------------------------- python

# Names the README leaves to the reader's own system; everything else comes from the blocks.
PRELUDE = textwrap.dedent('''
    class _Customer:
        opted_out = False
        objections = ()
        active = True
    class crm:  # the calling service's own customer system
        @staticmethod
        def customer(customer_id):
            return _Customer()
    facts_by_customer = {
        "k1": {"direct_marketing_objection": False, "objected_purposes": [], "customer_relationship": "active"},
        "k2": {"direct_marketing_objection": True, "objected_purposes": ["direct_marketing"], "customer_relationship": "active"},
    }
''')

DRIVER = textwrap.dedent('''
    import ast, json, sys
    blocks = json.loads(sys.stdin.read())
    namespace = {"__name__": "__readme__"}
    exec(compile(blocks.pop(0)["text"], "<prelude>", "exec"), namespace)
    checked = 0
    for block in blocks:
        tree = ast.parse(block["text"], filename="README.md")
        ast.increment_lineno(tree, block["line"] - 1)
        comments = {}
        for no, text in enumerate(block["text"].splitlines(), start=block["line"]):
            if "#" in text:
                comments[no] = text.split("#", 1)[1].strip()
        for node in tree.body:
            code = compile(ast.Module(body=[node], type_ignores=[]), "README.md", "exec")
            expected = comments.get(node.end_lineno)
            if isinstance(node, ast.Expr) and expected is not None:
                try:
                    want = ast.literal_eval(expected)
                except (ValueError, SyntaxError):
                    exec(code, namespace)
                    continue
                got = eval(compile(ast.Expression(node.value), "README.md", "eval"), namespace)
                if got != want:
                    print(f"README.md:{node.lineno}: {ast.unparse(node.value)} is {got!r}, the README says {want!r}")
                    sys.exit(1)
                checked += 1
            else:
                exec(code, namespace)
    print(f"ok {checked} checked values")
''')


def test_python_blocks_run_in_order_and_say_what_they_show(tmp_path: Path) -> None:
    payload = [{"line": 0, "text": PRELUDE}] + [{"line": b.line, "text": b.text} for b in of("python") if not b.skip]
    env = {**os.environ, "PERSONVERN_CACHE_DIR": str(tmp_path / "cache")}
    run = subprocess.run([sys.executable, "-c", DRIVER], input=json.dumps(payload), cwd=tmp_path,
                         capture_output=True, text=True, env=env, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    checked = int(run.stdout.split()[1])
    assert checked >= 3, run.stdout  # the library block states outcome, rule ids and the clause text


# ---------------------------------------------------------------- console


def matches(expected: list[str], actual: list[str]) -> bool:
    """Line-wise match with '...' elisions (a whole line: any lines; inside a line: any text)."""
    if not expected:
        return not actual
    head, rest = expected[0], expected[1:]
    if head.strip() == "...":
        return any(matches(rest, actual[k:]) for k in range(len(actual) + 1))
    if not actual:
        return False
    pattern = "^" + ".*".join(re.escape(p) for p in head.rstrip().split("...")) + "$"
    return re.match(pattern, actual[0].rstrip()) is not None and matches(rest, actual[1:])


def console_sessions() -> list[tuple[Block, str, list[str]]]:
    sessions = []
    for b in of("console"):
        current: tuple[str, list[str]] | None = None
        for line in b.text.splitlines():
            if line.startswith("$ "):
                if current:
                    sessions.append((b, *current))
                current = (line[2:], [])
            elif current is not None:
                current[1].append(line)
        if current:
            sessions.append((b, *current))
    return sessions


@pytest.mark.parametrize(("block", "command", "expected"), console_sessions(),
                         ids=[f"{b.id}:{c.split()[1]}" for b, c, _ in console_sessions()])
def test_console_blocks_show_the_real_output(block: Block, command: str, expected: list[str], tmp_path: Path) -> None:
    argv = shlex.split(command)
    assert argv[0] == "personvern", f"{block.id}: console blocks show personvern commands: {command}"
    env = {**os.environ, "NO_COLOR": "1", "PERSONVERN_CACHE_DIR": str(tmp_path / "cache")}
    run = subprocess.run([str(BIN / "personvern"), *argv[1:]], cwd=ROOT, capture_output=True, text=True, env=env, timeout=300)
    actual = run.stdout.splitlines()
    assert run.returncode in (0, 1), run.stderr
    assert matches(expected, actual), f"{block.id}: `{command}` printed:\n" + run.stdout


def test_elision_matching_can_fail() -> None:
    assert matches(["a", "...", "d ... f"], ["a", "b", "c", "d e f"])
    assert not matches(["a", "...", "d ... f"], ["a", "b", "d e g"])
    assert not matches(["a"], ["a", "b"])


# ---------------------------------------------------------------- yaml


@pytest.mark.parametrize("block", of("yaml"), ids=[b.id for b in of("yaml")])
def test_yaml_blocks_are_what_they_claim(block: Block, tmp_path: Path) -> None:
    data = yaml.safe_load(block.text)
    assert isinstance(data, dict), block.id
    first = block.text.splitlines()[0]
    named = first[1:].strip() if first.startswith("#") else ""
    if named == ".pre-commit-config.yaml":
        hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
        (repo,) = data["repos"]
        assert {h["id"] for h in repo["hooks"]} <= {h["id"] for h in hooks}
        return  # run for real, with the README's pinning step, in tests/test_precommit_e2e.py
    if named and (ROOT / named).is_file():
        assert data == yaml.safe_load((ROOT / named).read_text(encoding="utf-8")), f"{block.id} differs from {named}"
    if "activities" in data:
        manifest = tmp_path / "personvern.yaml"
        manifest.write_text(block.text, encoding="utf-8")
        env = {**os.environ, "NO_COLOR": "1", "PERSONVERN_CACHE_DIR": str(tmp_path / "cache")}
        run = subprocess.run([str(BIN / "personvern"), "check", str(manifest)], cwd=tmp_path,
                             capture_output=True, text=True, env=env, timeout=300)
        assert run.returncode == 0, run.stdout + run.stderr
    elif "purpose" in data:
        from personvern import load_policy
        load_policy().evaluate(data)  # a valid operation: raises OperationError otherwise


# ---------------------------------------------------------------- toml


@pytest.mark.parametrize("block", of("toml"), ids=[b.id for b in of("toml")])
def test_toml_blocks_are_this_repositorys_own_settings(block: Block) -> None:
    import tomllib

    data = tomllib.loads(block.text)
    ours = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert data["tool"]["personvern"] == ours["tool"]["personvern"], block.id


# ---------------------------------------------------------------- sh


def sh_commands(block: Block) -> list[list[str]]:
    """The simple commands of a block (split at &&, ;, | and newlines), comments dropped."""
    commands = []
    for line in block.text.splitlines():
        lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        lexer.commenters = "#"
        current: list[str] = []
        for token in lexer:
            if token in {"&&", "||", ";", "|", ">", "<"}:
                if current:
                    commands.append(current)
                current = []
            else:
                current.append(token)
        if current:
            commands.append(current)
    return commands


@pytest.mark.parametrize("block", of("sh"), ids=[b.id for b in of("sh")])
def test_sh_blocks_parse_and_name_real_commands_and_files(block: Block) -> None:
    parsed = subprocess.run(["bash", "-n"], input=block.text, capture_output=True, text=True)
    assert parsed.returncode == 0, f"{block.id}: {parsed.stderr}"
    from personvern.cli import build_parser

    for argv in sh_commands(block):
        program = Path(argv[0]).name
        if program == "personvern":
            try:
                build_parser(argv[1:]).parse_args(argv[1:])
            except SystemExit as exc:
                raise AssertionError(f"{block.id}: the command line refuses {shlex.join(argv)}") from exc
        for arg in argv[1:]:
            if re.match(r"^(examples|rules|bench|features|schemas)/", arg):
                assert (ROOT / arg).exists(), f"{block.id}: {arg} does not exist"
        if program == "python" and "-m" in argv:
            module = argv[argv.index("-m") + 1]
            if module.startswith("bench."):
                assert (ROOT / (module.replace(".", "/") + ".py")).is_file(), f"{block.id}: no module {module}"
        if program == "pip" and "-e" in argv:
            extra = re.search(r"\[(\w+)\]", argv[argv.index("-e") + 1])
            if extra:
                assert f"\n{extra.group(1)} = [" in (ROOT / "pyproject.toml").read_text(encoding="utf-8"), extra.group(1)


RUNNABLE = [b for b in of("sh") if not b.skip]


@pytest.mark.parametrize("block", RUNNABLE, ids=[b.id for b in RUNNABLE])
def test_sh_blocks_run_as_written(block: Block, tmp_path: Path) -> None:
    """Run in a scratch folder that looks like a set-up clone: the repository's files, its .venv."""
    for name in ("examples", "rules", "features", "schemas", "pyproject.toml"):
        (tmp_path / name).symlink_to(ROOT / name)
    (tmp_path / ".venv").mkdir()
    (tmp_path / ".venv" / "bin").symlink_to(BIN)
    env = {**os.environ, "NO_COLOR": "1", "PERSONVERN_CACHE_DIR": str(tmp_path / "cache")}
    run = subprocess.run(["bash", "-c", block.text], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=600)
    # Exit 1 is an answer ("records are due", "the versions differ"); 2 is bad input or usage.
    assert run.returncode in (0, 1), f"{block.id} exited {run.returncode}:\n{run.stdout[-2000:]}\n{run.stderr[-2000:]}"
    assert run.stdout.strip(), f"{block.id} printed nothing"


def test_skipped_blocks_say_why() -> None:
    for b in BLOCKS:
        if b.skip is not None:
            assert len(b.skip.split()) >= 3, f"{b.id}: a skip needs a reason: {b.skip!r}"


def test_library_names_in_the_readme_exist() -> None:
    import personvern

    text = README.read_text(encoding="utf-8")
    names = set(re.findall(r"(?<![\w./])personvern\.([A-Za-z_]\w*)\b", text)) - {"yaml", "schema", "inventory", "py"}
    import importlib.util

    missing = [n for n in sorted(names) if not hasattr(personvern, n) and importlib.util.find_spec(f"personvern.{n}") is None]
    assert not missing, f"README names personvern.{missing}, which the package does not have"


def test_python_blocks_are_valid_python() -> None:
    for b in of("python"):
        ast.parse(b.text, filename=b.id)
