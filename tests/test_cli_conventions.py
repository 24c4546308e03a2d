"""The command line's conventions: lazy commands, -V, help pages with exit codes, --lang on every
output, one JSON shape for evaluate, argparse in Norwegian, shell completion."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

import personvern

from personvern.cli import COMMANDS, main
from personvern.cli.parser import norwegian

from .conftest import ROOT

EXAMPLES = ROOT / "examples"
OPS = EXAMPLES / "operations"


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        code = main(argv)
    except SystemExit as e:  # argparse: --help, --version, usage errors
        code = int(e.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def _words(text: str) -> set[str]:
    """The words of a text; ids (rettigheter.erasure, record_class) are terms, not words of a language."""
    return {t.strip(".-") for t in re.findall(r"[\w.\-]+", text) if t.strip(".-").isalpha()}


# ---------------------------------------------------------------------------- 1. lazy commands, -V, help pages

_HEAVY = ("personvern.sql", "personvern.versions", "personvern.legal", "personvern.cli.data", "personvern.cli.versions",
          "personvern.cli.legal", "personvern.cli.decide", "personvern.cli.queries", "personvern.cli.completion")


def _modules_after(argv: list[str], cwd: Path) -> set[str]:
    code = ("import sys\nfrom personvern.cli import main\ntry:\n    main(%r)\nexcept SystemExit:\n    pass\n"
            "sys.stderr.write('\\nMODULES ' + ' '.join(sorted(sys.modules)))" % (argv,))
    done = subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=120)
    return set(done.stderr.rsplit("MODULES ", 1)[1].split())


def test_a_command_imports_only_its_own_module(tmp_path: Path) -> None:
    loaded = _modules_after(["check", "nothing-here.yaml"], tmp_path)
    assert "personvern.cli.check" in loaded and "personvern.check.manifest" in loaded  # the check ran
    assert not [m for m in loaded if m.startswith(_HEAVY)], sorted(m for m in loaded if m.startswith(_HEAVY))
    helped = _modules_after(["--help"], tmp_path)  # the command list comes from the table, no command module
    assert not [m for m in helped if m.startswith(("personvern.cli.", "personvern.facade", "personvern.load"))
                and m not in ("personvern.cli.common", "personvern.cli.parser")]


@pytest.mark.parametrize("flag", ["-V", "--version"])
def test_version_short_and_long(flag: str, capsys: pytest.CaptureFixture[str]) -> None:
    from personvern import __version__

    code, out, _ = run([flag], capsys)
    assert code == 0 and out.strip() == f"personvern {__version__}"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_help_has_a_description_and_its_exit_codes(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run([name, "--help"], capsys)
    assert code == 0
    body = out.split("\n\n")
    assert body[0].startswith(f"usage: personvern {name}") and len(body[1].strip()) > 20  # the description
    codes = out[out.index("exit codes:"):]
    assert f"  0  {COMMANDS[name].ok}" in codes and "  2  invalid input or bad usage" in codes
    assert ("  1  " in codes) == (COMMANDS[name].refused is not None)


def test_every_command_in_the_table_is_registered_by_its_module(capsys: pytest.CaptureFixture[str]) -> None:
    from personvern.cli import build_parser

    parser = build_parser(everything=True)
    sub = next(a for a in parser._actions if a.dest == "command")
    assert set(sub.choices) == set(COMMANDS)  # type: ignore[attr-defined]


# ---------------------------------------------------------------------------- 2. --lang on every output

def test_evaluate_interpretation_in_english_and_in_json(capsys: pytest.CaptureFixture[str], policy: personvern.Policy) -> None:
    op = str(OPS / "nyhetsbrev.yaml")  # markedsforing.kontakt rests on an interpretation
    rule = policy.rules["markedsforing.kontakt"]
    assert rule.interpretation_nb and rule.interpretation_en
    _, en, _ = run(["evaluate", "--lang", "en", op], capsys)
    assert f"interpretation: {rule.interpretation_en}" in en and "tolkning" not in en and rule.interpretation_nb not in en
    assert "permitted on conditions" in en and "TILLATT" not in en and "vilkår som" not in en
    _, nb, _ = run(["evaluate", "--lang", "nb", op], capsys)
    assert f"tolkning: {rule.interpretation_nb}" in nb and rule.interpretation_en not in nb and "(permitted" not in nb
    _, both, _ = run(["evaluate", op], capsys)
    assert rule.interpretation_nb in both and rule.interpretation_en in both
    _, out, _ = run(["evaluate", "--format", "json", op], capsys)
    reason = next(r for r in json.loads(out)["decisions"][0]["reasons"] if r["rule"] == "markedsforing.kontakt")
    assert reason["interpretation"] == {"nb": rule.interpretation_nb, "en": rule.interpretation_en}
    _, trace, _ = run(["explain", "--lang", "en", op], capsys)
    assert "trace:" in trace and "sporing" not in trace and "tolkning" not in trace


# Norwegian words each answer prints in Norwegian, and the English ones that must not leak into it
_NB_ONLY = {"tolkning", "regel", "kilde", "svarfrist", "forutsetning", "post", "GJELDER", "vilkår", "frist", "Klausuldekning", "bestått"}
_EN_ONLY = {"interpretation", "rule", "source", "deadline", "assumption", "record", "erase", "keep", "right", "erasure",
            "APPLIES", "condition", "Clause", "passed", "findings", "Findings"}


@pytest.mark.parametrize("argv", [
    ["retention", "--on", "2026-11-25", str(EXAMPLES / "retention" / "bilag-2019.yaml")],
    ["rights", str(EXAMPLES / "rights" / "sletting.yaml")],
    ["breach", str(EXAMPLES / "breach" / "tapt-laptop.yaml")],
    ["coverage", "--features", str(ROOT / "features")],
], ids=lambda a: a[0])
def test_each_answer_in_the_language_asked_for(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    _, nb, _ = run([*argv, "--lang", "nb"], capsys)
    _, en, _ = run([*argv, "--lang", "en"], capsys)
    _, both, _ = run([*argv, "--lang", "both"], capsys)
    def clause_free(text: str) -> str:
        # without the statement's own words, the rule ids coverage lists, and why a clause is not normative (clauses.yaml
        # gives that reason in Norwegian only)
        text = "\n".join(line for line in text.splitlines() if "«" not in line)
        return re.sub(r"(not normative|ikke forpliktende): .*", "", re.sub(r"(regler|rules): [^;]*;", r"\1:;", text))

    leaked_en = _words(clause_free(nb)) & _EN_ONLY
    leaked_nb = _words(clause_free(en)) & _NB_ONLY
    assert not leaked_en, f"English words in the Norwegian answer: {leaked_en}"
    assert not leaked_nb, f"Norwegian words in the English answer: {leaked_nb}"
    assert _words(nb) & _NB_ONLY and _words(en) & _EN_ONLY
    assert _words(both) >= (_words(clause_free(nb)) & _NB_ONLY) | (_words(clause_free(en)) & _EN_ONLY)


def test_rights_in_norwegian_names_the_right_and_the_record_classes_in_norwegian(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(["rights", "--lang", "nb", str(EXAMPLES / "rights" / "sletting.yaml")], capsys)
    assert out.splitlines()[0].endswith(": rett til sletting")
    assert "post 1 (regnskapsmateriale" in out and "beholdes til og med 2029-12-31" in out and "bookkeeping" not in out


def test_interpretations_in_json_answers_carry_both_languages(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(["rights", "--format", "json", str(EXAMPLES / "rights" / "sletting.yaml")], capsys)
    notes = json.loads(out)["interpretation"]
    assert notes and all(set(n) == {"nb", "en"} and n["nb"] != n["en"] for n in notes)
    _, out, _ = run(["breach", "--format", "json", str(EXAMPLES / "breach" / "tapt-laptop.yaml")], capsys)
    data = json.loads(out)
    assert data["interpretation"]["en"].startswith("The duties") and data["duties"][0]["source"]["en"].startswith("GDPR")


def test_clauses_text_json_and_language(capsys: pytest.CaptureFixture[str], policy: personvern.Policy) -> None:
    code, out, _ = run(["clauses", "--format", "json"], capsys)
    data = json.loads(out)
    clauses = policy.clauses
    assert code == 0 and [c["id"] for c in data["clauses"]] == list(clauses)
    assert {c["id"] for c in data["clauses"] if c["normative"]} == {i for i, c in clauses.items() if c.normative}
    assert all(c["text"] == clauses[c["id"]].text for c in data["clauses"])
    _, en, _ = run(["clauses", "--lang", "en"], capsys)
    _, nb, _ = run(["clauses", "--lang", "nb"], capsys)
    assert en.splitlines()[0] == "* = normative clause" and nb.splitlines()[0] == "* = forpliktende klausul"


# ---------------------------------------------------------------------------- 3. one JSON shape for evaluate

def _decisions_validator() -> Draft202012Validator:
    schema = json.loads((ROOT / "schemas" / "decisions.schema.json").read_text(encoding="utf-8"))
    return Draft202012Validator(schema)


@pytest.mark.parametrize("files", [["lonnskjoring.yaml"], ["lonnskjoring.yaml", "e-post-via-usa.yaml", "nyhetsbrev.yaml"]])
def test_evaluate_json_has_one_shape_for_one_operation_or_many(files: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("evaluate", "explain"):
        _, out, _ = run([command, "--format", "json", *[str(OPS / f) for f in files]], capsys)
        data = json.loads(out)
        assert list(data) == ["decisions"] and len(data["decisions"]) == len(files)
        assert not list(_decisions_validator().iter_errors(data))


def test_the_decisions_schema_is_printed_by_the_cli(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["schema", "decisions"], capsys)
    assert code == 0 and json.loads(out) == json.loads((ROOT / "schemas" / "decisions.schema.json").read_text(encoding="utf-8"))
    assert list(_decisions_validator().iter_errors({"outcome": "permit"}))  # the old one-object shape is rejected


# ---------------------------------------------------------------------------- 4. validate --policy, Norwegian usage errors, wording

def test_validate_takes_policy_like_every_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from personvern.load.rules import default_rules_dir

    rules = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), rules, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    code, out, _ = run(["validate", "--policy", str(rules)], capsys)
    assert code == 0 and out.startswith("OK: flex-kunder")
    code, out, _ = run(["validate", str(rules)], capsys)
    assert code == 0 and out.startswith("OK: flex-kunder")
    (rules / "processing.yaml").write_text("rules: [\n", encoding="utf-8")  # the folder named by --policy is the one read
    code, _, err = run(["validate", "--policy", str(rules)], capsys)
    assert code == 2 and "processing.yaml" in err
    code, _, err = run(["validate", str(rules), "--policy", str(tmp_path)], capsys)
    assert code == 2 and "once" in err


@pytest.mark.parametrize(("argv", "nb", "en"), [
    (["evaluate", "--bogus", "x"], "ukjente argumenter: --bogus", "unrecognized arguments: --bogus"),
    (["evaluate"], "disse argumentene mangler: FILE", "the following arguments are required: FILE"),
    (["evaluate", "--format", "xml", "x"], "argumentet --format: ugyldig valg: 'xml'", "argument --format: invalid choice: 'xml'"),
    (["evaluat"], "argumentet COMMAND: ugyldig valg: 'evaluat'", "argument COMMAND: invalid choice: 'evaluat'"),
    (["retention", "--on", "2026-13-01", "x"], "'2026-13-01' er ikke en dato skrevet ÅÅÅÅ-MM-DD", "is not a date written YYYY-MM-DD"),
    (["evaluate", "--policy"], "argumentet --policy: trenger én verdi", "argument --policy: expected one argument"),
])
def test_usage_errors_in_the_language_asked_for(argv: list[str], nb: str, en: str, capsys: pytest.CaptureFixture[str]) -> None:
    def with_lang(lang: str) -> list[str]:
        return [argv[0], "--lang", lang, *argv[1:]]

    code, _, err = run(with_lang("nb"), capsys)
    assert code == 2 and nb in err and "feil:" in err and "bruk:" in err and "error" not in err
    code, _, err = run(with_lang("en"), capsys)
    assert code == 2 and en in err and "feil" not in err and "usage:" in err
    code, _, err = run(argv, capsys)  # the default: both
    assert code == 2 and nb in err and "(error: " in err and en in err


def test_every_argparse_error_template_has_a_norwegian_wording() -> None:
    # The messages argparse itself formats (Python 3.11): a new one would show up here in English.
    for message in ("unrecognized arguments: --x", "the following arguments are required: FILE, --html",
                    "one of the arguments --a --b is required", "argument --on: expected one argument",
                    "argument --n: invalid int value: 'x'", "argument X: expected at least one argument",
                    "argument X: expected at most one argument", "argument X: expected 2 arguments",
                    "ambiguous option: --f could match --format, --features", "argument --a: not allowed with argument --b",
                    "argument --v: ignored explicit argument 'x'", "unexpected option string: --q"):
        assert norwegian(message), message


def test_check_closing_line_calls_the_developers_declaration_deklarasjonen(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["check", str(EXAMPLES / "manifests" / "refused.personvern.yaml")], capsys)
    assert code == 1 and "Rett deklarasjonen, eller behandlingen den beskriver, og prøv igjen." in out
    assert "Rett erklæringen" not in out  # «erklæringen» is the privacy statement everywhere else


# ---------------------------------------------------------------------------- 5. shell completion

def test_bash_completion_is_valid_bash_and_knows_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, script, _ = run(["completion", "bash"], capsys)
    assert code == 0
    for name in COMMANDS:
        assert name in script
    if shutil.which("bash"):
        done = subprocess.run(["bash", "-n"], input=script, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        probe = script + '\ncomplete -p personvern\n'
        done = subprocess.run(["bash", "-c", probe], capture_output=True, text=True, timeout=60)
        assert done.returncode == 0 and "personvern" in done.stdout, done.stderr


def test_zsh_completion_and_an_unknown_shell(capsys: pytest.CaptureFixture[str]) -> None:
    code, script, _ = run(["completion", "zsh"], capsys)
    assert code == 0 and script.startswith("#compdef personvern") and "evaluate" in script
    code, _, err = run(["completion", "fish", "--lang", "en"], capsys)
    assert code == 2 and "invalid choice: 'fish'" in err


# ---------------------------------------------------------------------------- 6. fmt

def _yaml_files() -> list[Path]:
    return sorted(ROOT.joinpath("rules").glob("*.yaml")) + sorted(EXAMPLES.rglob("*.yaml"))


def _comments(text: str) -> list[str]:
    return [line.split("#", 1)[1].strip() for line in text.splitlines() if line.lstrip().startswith("#")]


@pytest.mark.parametrize("path", _yaml_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_fmt_keeps_the_data_and_the_comments_and_is_idempotent(path: Path) -> None:
    from personvern.load.fmt import format_yaml
    from personvern.load.loader import parse_yaml

    text = path.read_text(encoding="utf-8")
    once = format_yaml(text, str(path))
    before, after = parse_yaml(text, "a")[0], parse_yaml(once, "b")[0]
    assert before is not None and after is not None and after.data == before.data
    assert format_yaml(once, str(path)) == once
    assert [c.lstrip("#").strip() for c in _comments(once)] == [c.lstrip("#").strip() for c in _comments(text)]


MESSY = """# rules
key:    value   
list: [a ,b,  c ]
#no space
map:
    inner: 1 # close
      # stray
    text: |
      kept as written   
      
      # not a comment

    other: 'a  #  b'


last: {a:   1 , b: 2}
"""


def test_fmt_layout_and_what_it_never_touches(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "m.personvern.yaml"
    f.write_text(MESSY, encoding="utf-8")
    code, out, _ = run(["fmt", "--check", str(f)], capsys)
    assert code == 1 and str(f) in out and f.read_text(encoding="utf-8") == MESSY  # --check writes nothing
    code, out, _ = run(["fmt", str(tmp_path)], capsys)
    assert code == 0 and str(f) in out
    text = f.read_text(encoding="utf-8")
    assert text.splitlines() == [
        "# rules", "key: value", "list: [a, b, c]", "# no space", "map:", "    inner: 1  # close", "    # stray", "    text: |",
        "      kept as written   ", "      ", "      # not a comment", "", "    other: 'a  #  b'", "", "last: {a: 1, b: 2}"]
    code, out, _ = run(["fmt", "--check", str(f)], capsys)
    assert code == 0 and out == ""


def test_fmt_refuses_what_it_cannot_read_and_formats_the_rest(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad, good = tmp_path / "bad.yaml", tmp_path / "good.yaml"
    bad.write_text("a: [\n", encoding="utf-8")
    good.write_text("a:  1\n", encoding="utf-8")
    code, _, err = run(["fmt", str(tmp_path)], capsys)
    assert code == 2 and f"{bad}:2:1: yaml_syntax_error" in err
    assert bad.read_text(encoding="utf-8") == "a: [\n" and good.read_text(encoding="utf-8") == "a: 1\n"
