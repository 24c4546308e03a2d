"""Safe YAML with positions, and schema problems reported where they are."""

from __future__ import annotations

from pathlib import Path

import pytest

from personvern import errors
from personvern.load import loader


def _parse(text: str) -> tuple[loader.Document | None, list[errors.Problem]]:
    return loader.parse_yaml(text, "x.yaml")


def test_positions_are_recorded_per_json_path() -> None:
    doc, problems = _parse("a: 1\nlist:\n  - {b: 2}\n  - c\n")
    assert not problems and doc is not None
    assert doc.positions["$.list[0].b"] == (3, 9)
    assert doc.key_positions["$.list"] == (2, 1)
    assert doc.locate("$.list[1]") == (4, 5)
    assert doc.locate("$.list[0].missing") == (3, 5)  # falls back to the nearest parent


def test_yaml_12_booleans_keep_norway() -> None:
    doc, _ = _parse("country: NO\nyes: no\non: true\n")
    assert doc is not None
    assert doc.data == {"country": "NO", "yes": "no", "on": True}


def test_dates_become_iso_strings() -> None:
    doc, _ = _parse("d: 2026-11-25\nt: 2026-11-25T10:00:00+01:00\n")
    assert doc is not None
    assert doc.data == {"d": "2026-11-25", "t": "2026-11-25T10:00:00+01:00"}


def test_duplicate_keys_are_an_error_with_both_positions() -> None:
    doc, problems = _parse("a: 1\nb: 2\na: 3\n")
    assert doc is None
    [p] = problems
    assert p.code == errors.YAML_DUPLICATE_KEY
    assert (p.line, p.column, p.path) == (3, 1, "$.a")
    assert "first at line 1" in p.message


def test_syntax_error_has_position() -> None:
    doc, problems = _parse("a: [1, 2\nb: 3\n")
    assert doc is None and problems[0].code == errors.YAML_SYNTAX
    assert problems[0].line is not None and problems[0].column is not None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("a: &x [1]\nb: *x\n", errors.YAML_FORBIDDEN),
        ("a: !!python/object/apply:os.system ['true']\n", errors.YAML_FORBIDDEN),
        ("a: !custom 1\n", errors.YAML_FORBIDDEN),
        ("a: 1\n---\nb: 2\n", errors.YAML_SYNTAX),
        ("", errors.SCHEMA),
        ("<<: {a: 1}\n", errors.YAML_FORBIDDEN),
    ],
)
def test_forbidden_constructs(text: str, code: str) -> None:
    doc, problems = _parse(text)
    assert doc is None
    assert problems and problems[0].code == code


def test_every_problem_in_a_file_is_reported() -> None:
    doc, problems = _parse("a: 1\na: 2\nb: &x 1\nc: *x\nb: 3\n")
    assert doc is None
    assert {p.code for p in problems} == {errors.YAML_DUPLICATE_KEY, errors.YAML_FORBIDDEN}
    assert len(problems) >= 3


def test_encoding_and_size(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"a: 1\nb: \xff\n")
    doc, problems = loader.read_document(bad)
    assert doc is None and problems[0].code == errors.ENCODING and problems[0].line == 2
    bom = tmp_path / "bom.yaml"
    bom.write_bytes(b"\xef\xbb\xbfa: \xc3\xa6\xc3\xb8\xc3\xa5\n")
    doc, problems = loader.read_document(bom)
    assert doc is not None and doc.data == {"a": "æøå"}
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: " + b"x" * (loader.MAX_FILE_BYTES + 1))
    doc, problems = loader.read_document(big)
    assert doc is None and problems[0].code == errors.INPUT_TOO_LARGE


def test_missing_file() -> None:
    doc, problems = loader.read_document(Path("/nonexistent/x.yaml"))
    assert doc is None and problems[0].code == errors.FILE_MISSING


def test_schema_problems_point_at_the_field() -> None:
    doc, _ = _parse("level: processing\nrules:\n  - id: a\n    effect: maybe\n    bogus: 1\n    cites: [x]\n")
    assert doc is not None
    problems = loader.validate(doc, "rules")
    by_path = {p.path: p for p in problems}
    assert by_path["$.rules[0].effect"].line == 4
    assert by_path["$.rules[0].bogus"].message.startswith("unknown field 'bogus'")
    assert (by_path["$.rules[0].bogus"].line, by_path["$.rules[0].bogus"].column) == (5, 5)
    assert any("'title' is required" in p.message for p in problems)


def test_inside_refuses_escapes(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("x: 1")
    assert loader.inside(tmp_path, "a.yaml") == (tmp_path / "a.yaml").resolve()
    assert loader.inside(tmp_path, "../a.yaml") is None
    assert loader.inside(tmp_path, "/etc/passwd") is None
    (tmp_path / "link.yaml").symlink_to("/etc/hostname")
    assert loader.inside(tmp_path, "link.yaml") is None


def test_json_path_format() -> None:
    assert loader.json_path(["rules", 3, "when"]) == "$.rules[3].when"
    assert loader.json_path(["a b", "ø"]) == '$["a b"]["ø"]'
