"""personvern report --since OLD: the change review first in the review report.

The report of a working tree against a git revision whose rules and features were mutated: every
change of the diff, every changed clause and every scenario added or changed appears in the first
section, with text from the input escaped; a folder as OLD says the scenarios cannot be compared.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from personvern.cli import main
from personvern.load import rules as api
from personvern.versions import diff_policies, load_version
from personvern.versions.describe import Words, groups
from personvern.versions.render import _side_lines, headline
from personvern.versions.review import clause_changes, render_since, scenario_changes

from ..conftest import ROOT
from .test_diff_cli import _drop_rule

HOSTILE_CLAUSE = "Du kan motsi deg <script>alert(1)</script> direktemarkedsføring når som helst."
HOSTILE_SCENARIO = "Et nytt scenario med <img src=x onerror=alert(1)> i tittelen"
CHANGED_SCENARIO = "Markedsføring på grunnlag av samtykke tillates når kunden har samtykket"


class Page(HTMLParser):
    """The tags, ids, headings and text of a page, and the text inside each element with an id."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.ids: list[str] = []
        self.order: list[tuple[str, str]] = []  # (tag, id) of each section and h2, in document order
        self.text_of: dict[str, list[str]] = {}
        self._open: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        ident = dict(attrs).get("id")
        if ident:
            self.ids.append(ident)
            self.text_of[ident] = []
        if tag in ("section", "h2"):
            self.order.append((tag, ident or ""))
        if tag not in ("meta", "col", "br", "img", "input", "link"):
            self._open.append((tag, ident))

    def handle_endtag(self, tag: str) -> None:
        while self._open:
            t, _ = self._open.pop()
            if t == tag:
                break

    def handle_data(self, data: str) -> None:
        for _, ident in self._open:
            if ident:
                self.text_of[ident].append(data)

    def text(self, ident: str) -> str:
        return " ".join(" ".join(self.text_of[ident]).split())


def parse(html: str) -> Page:
    p = Page()
    p.feed(html)
    p.close()
    return p


def _git(repo: Path, *argv: str) -> None:
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.com", *argv], check=True)


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository whose HEAD has mutated rules (a purpose's permits dropped, a clause's text
    changed) and features; its working tree has the shipped rules and features, plus one new scenario."""
    repo = tmp_path_factory.mktemp("since") / "repo"
    repo.mkdir()
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    shutil.copytree(api.default_rules_dir(), repo / "rules", ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    shutil.copytree(ROOT / "features", repo / "features")
    _drop_rule(repo / "rules")
    statement = next((repo / "rules" / "statement").glob("*.txt"))
    text = statement.read_text(encoding="utf-8")
    statement.write_text(text.replace("Du kan motsi deg direktemarkedsføring når som helst.", HOSTILE_CLAUSE), encoding="utf-8")
    feature = repo / "features" / "markedsforing.feature"
    ftext = feature.read_text(encoding="utf-8")
    feature.write_text(ftext.replace("Og kunden har samtykket til direktemarkedsføring", "Og kunden har samtykket", 1), encoding="utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "the last review")
    shutil.rmtree(repo / "rules")
    shutil.copytree(api.default_rules_dir(), repo / "rules", ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    feature.write_text(ftext + f"\n    @klausul:markedsforing.3\n    Scenario: {HOSTILE_SCENARIO}\n"
                       "      Gitt en kunde med et aktivt kundeforhold som ikke har reservert seg mot direktemarkedsføring\n",
                       encoding="utf-8")
    return repo


@pytest.fixture(scope="module")
def page(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """Run from another folder, with only --policy: the repository and features are found from the rules."""
    out = tmp_path_factory.mktemp("page") / "rapport.html"
    here = os.getcwd()
    os.chdir(out.parent)
    try:
        assert main(["report", "--html", str(out), "--since", "HEAD", "--policy", str(repo / "rules")]) == 0
    finally:
        os.chdir(here)
    return out.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def diff(repo: Path) -> object:
    return diff_policies(load_version("HEAD", repo), load_version(str(repo / "rules")))


def test_the_change_review_is_the_first_section_and_heading(page: str) -> None:
    p = parse(page)
    assert p.order[0] == ("section", "endringer")
    assert p.order[1] == ("h2", "")
    assert p.text("endringer").startswith("Hva er endret siden forrige gjennomgang What changed since the last review")


def test_every_change_of_the_diff_appears_with_its_rules_and_clauses_in_both_languages(page: str, diff: object) -> None:
    p = parse(page)
    gs = groups(diff)  # type: ignore[arg-type]
    w = Words(diff)  # type: ignore[arg-type]
    assert gs, "the mutation must change what is decided"
    for i, g in enumerate(gs, 1):
        text = p.text(f"endring-{i}")
        assert " ".join(headline(w, g, "nb").split()) in text and " ".join(headline(w, g, "en").split()) in text
        for side in (g.old, g.new):
            for line in _side_lines(w, side, "nb"):
                assert " ".join(line.split()) in text
            for rid in side.rules + side.clauses:
                assert rid in text
    assert f"endring-{len(gs) + 1}" not in p.ids


def test_a_changed_clause_is_shown_old_beside_new_and_escaped(page: str) -> None:
    p = parse(page)
    row = p.text("endret-klausul-markedsforing.3")
    assert HOSTILE_CLAUSE in row and "Du kan motsi deg direktemarkedsføring når som helst." in row
    assert row.index(HOSTILE_CLAUSE) < row.index("Du kan motsi deg direktemarkedsføring")  # old, then new
    assert "script" not in p.tags and "img" not in p.tags  # text from the input never becomes markup
    assert "<script>" not in page and "<img" not in page


def test_scenarios_added_and_changed_since_the_revision_are_listed(page: str) -> None:
    text = parse(page).text("endringer")
    assert f"Ny {HOSTILE_SCENARIO}" in text
    assert f"Endret {CHANGED_SCENARIO}" in text
    assert text.count("Endret ") == 2  # the clause and the one scenario: no unchanged scenario is listed


def test_the_page_has_no_duplicate_ids_and_no_scripts(page: str) -> None:
    p = parse(page)
    assert len(p.ids) == len(set(p.ids))
    assert "script" not in p.tags
    assert "<details" not in page or "</details>" in page


def test_a_folder_as_old_version_says_the_scenarios_cannot_be_compared(diff: object, repo: Path) -> None:
    old = load_version("HEAD", repo)
    html = render_since(diff, "../forrige", clause_changes(old, diff.new), None)  # type: ignore[attr-defined]
    assert "scenarioene kan ikke sammenlignes" in html and "the scenarios cannot be compared" in html


def test_scenario_changes_match_by_file_and_title() -> None:
    def feature(*scenarios: str) -> str:
        return "# language: no\nEgenskap: F\n" + "".join(scenarios)

    a = "\n  @klausul:x.1\n  Scenario: A\n    Gitt noe\n"
    b = "\n  Scenario: B\n    Gitt noe\n"
    b_steps = "\n  Scenario: B\n    Gitt noe annet\n"
    a_tags = "\n  @klausul:x.2\n  Scenario: A\n    Gitt noe\n"
    c = "\n  Scenario: C\n    Gitt noe\n"
    old = [("f.feature", feature(a, b))]
    assert scenario_changes(old, old) == ()
    got = {(s.name, s.status) for s in scenario_changes(old, [("f.feature", feature(a, b_steps, c))])}
    assert got == {("B", "changed"), ("C", "added")}
    got = {(s.name, s.status) for s in scenario_changes(old, [("f.feature", feature(a_tags))])}
    assert got == {("A", "changed"), ("B", "removed")}
    assert {s.status for s in scenario_changes(old, [("g.feature", feature(a, b))])} == {"added", "removed"}


@pytest.mark.parametrize("spec", ["no-such-folder-or-revision", "HEAD~999999"])
def test_report_since_a_version_that_does_not_exist_exits_2_without_traceback(
        spec: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "rapport.html"
    assert main(["report", "--html", str(out), "--since", spec, "--repo", str(ROOT), "--features", str(ROOT / "features")]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "neither a rules folder nor a git revision" in err
    assert not out.exists()


def test_a_rule_cited_by_several_clauses_gives_no_duplicate_ids(tmp_path: Path) -> None:
    out = tmp_path / "rapport.html"
    assert main(["report", "--html", str(out), "--features", str(ROOT / "features")]) == 0
    p = parse(out.read_text(encoding="utf-8"))
    assert len(p.ids) == len(set(p.ids))
    assert "endringer" not in p.ids  # without --since there is no change review
