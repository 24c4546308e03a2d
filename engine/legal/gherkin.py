"""The feature files: a small line-based Gherkin reader for scenarios, their tags, steps and examples.

Pure (the text is given), and independent of the test tools. Tags used:

    @klausul:<clause id>   the scenario checks this clause (several tags for several clauses)
    @tolkning              the outcome rests on an interpretation, not on the statement's text

Tags on a feature or a rule apply to every scenario beneath it, as in Gherkin. The steps of a
«Bakgrunn» (background) are put in front of each scenario they apply to, as Gherkin runs them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from ..errors import Problem

CLAUSE_TAG = "klausul:"
INTERPRETATION_TAG = "tolkning"

# Stable finding codes (tools and tests match on these, never on message text).
FEATURE_SYNTAX = "feature_syntax_error"
DUPLICATE_SCENARIO = "duplicate_scenario"

# Gherkin keywords of the languages the features may be written in (from gherkin-languages.json).
_KEYWORDS: Mapping[str, Mapping[str, tuple[str, ...]]] = {
    "en": {"feature": ("Feature", "Business Need", "Ability"), "rule": ("Rule",), "background": ("Background",),
           "outline": ("Scenario Outline", "Scenario Template"), "scenario": ("Scenario", "Example"),
           "examples": ("Examples", "Scenarios")},
    "no": {"feature": ("Egenskap",), "rule": ("Regel",), "background": ("Bakgrunn",),
           "outline": ("Scenariomal", "Abstrakt Scenario"), "scenario": ("Scenario", "Eksempel"),
           "examples": ("Eksempler",)},
}
_STEP_WORDS: Mapping[str, tuple[str, ...]] = {
    "en": ("Given", "When", "Then", "And", "But", "*"),
    "no": ("Gitt", "Når", "Så", "Og", "Men", "*"),
}

Table = tuple[tuple[str, ...], ...]  # rows of cells, the header first


@dataclass(frozen=True, slots=True)
class Step:
    keyword: str  # as written: Gitt, Når, Så, Og, Men, *
    text: str
    table: Table = ()  # a data table under the step
    background: bool = False  # from a «Bakgrunn»


@dataclass(frozen=True, slots=True)
class ScenarioRef:
    """One scenario (or scenario outline) in a feature file, with its effective tags."""

    feature: str  # the file, relative to the features folder, with forward slashes
    feature_name: str
    rule_name: str | None
    name: str
    line: int
    clauses: tuple[str, ...]
    interpretation: bool
    examples: int = 0  # rows in the Examples tables of an outline (0 for a plain scenario)
    steps: tuple[Step, ...] = ()
    tables: tuple[Table, ...] = ()  # the Examples tables of an outline, header first

    @property
    def key(self) -> tuple[str, str]:
        return (self.feature, self.name)


def _cells(line: str) -> tuple[str, ...]:
    inner = line.strip()[1:]
    if inner.endswith("|"):
        inner = inner[:-1]
    return tuple(c.strip().replace("\x00", "|") for c in inner.replace("\\|", "\x00").split("|"))


def _language(lines: list[str]) -> str:
    for raw in lines:
        s = raw.strip()
        if not s:
            continue
        if s.startswith("#"):
            body = s[1:].strip()
            if body.replace(" ", "").startswith("language:"):
                return body.split(":", 1)[1].strip()
            continue
        break
    return "en"


def parse_feature(text: str, name: str) -> tuple[tuple[ScenarioRef, ...], list[Problem]]:
    """The scenarios of one feature file with their effective tags (feature + rule + scenario + examples)."""
    problems: list[Problem] = []
    lines = text.splitlines()
    lang = _language(lines)
    kw = _KEYWORDS.get(lang)
    if kw is None:
        return (), [Problem(FEATURE_SYNTAX, f"ukjent språk {lang!r} i «# language:» (kjente: {', '.join(sorted(_KEYWORDS))})", name, 1)]
    step_words = _STEP_WORDS[lang]

    pending: list[tuple[str, int]] = []
    feature_tags: list[tuple[str, int]] = []
    rule_tags: list[tuple[str, int]] = []
    feature_name = ""
    rule_name: str | None = None
    current: dict[str, Any] | None = None  # the scenario being read
    found: list[dict[str, Any]] = []
    in_doc: str | None = None
    in_examples = False
    header_seen = False
    feature_background: list[Step] = []
    rule_background: list[Step] = []
    steps: list[Step] | None = None  # where the next step goes (a scenario's or a background's)
    is_background = False

    def keyword(s: str) -> tuple[str, str] | None:
        for kind in ("feature", "rule", "background", "outline", "examples", "scenario"):
            for word in kw[kind]:
                if s.startswith(word + ":"):
                    return kind, s[len(word) + 1:].strip()
        return None

    def step(s: str) -> Step | None:
        for word in step_words:
            if s.startswith(word + " ") or (word == "*" and s.startswith("*")):
                return Step(word, s[len(word):].strip(), background=is_background)
        return None

    for no, raw in enumerate(lines, start=1):
        s = raw.strip()
        if in_doc is not None:
            if s.startswith(in_doc):
                in_doc = None
            continue
        if not s or s.startswith("#"):
            continue
        if s.startswith('"""') or s.startswith("```"):
            in_doc = s[:3]
            continue
        if s.startswith("@"):
            for word in s.split("#", 1)[0].split():
                if not word.startswith("@") or len(word) < 2:
                    problems.append(Problem(FEATURE_SYNTAX, f"ugyldig merke {word!r}", name, no))
                else:
                    pending.append((word[1:], no))
            continue
        if s.startswith("|"):
            if in_examples and current is not None:
                if header_seen:
                    current["examples"] += 1
                else:
                    current["tables"].append([])
                current["tables"][-1].append(_cells(s))
                header_seen = True
            elif steps:
                last = steps[-1]
                steps[-1] = Step(last.keyword, last.text, last.table + (_cells(s),), last.background)
            continue
        k = keyword(s)
        if k is None:
            st = step(s) if not in_examples else None
            if st is not None and steps is not None and not pending:
                steps.append(st)
            _pending_check(pending, problems, name, no)
            pending = []
            continue
        kind, title = k
        is_background = False
        if kind == "feature":
            feature_tags, feature_name = pending, title
            steps = None
        elif kind == "rule":
            rule_tags, rule_name = pending, title
            rule_background = []
            current, steps = None, None
        elif kind in ("scenario", "outline"):
            current = {"name": title, "line": no, "tags": feature_tags + rule_tags + pending, "rule": rule_name,
                       "examples": 0, "steps": [*feature_background, *rule_background], "tables": []}
            found.append(current)
            steps = current["steps"]
        elif kind == "examples":
            if current is not None:
                current["tags"] = current["tags"] + pending
            elif pending:
                problems.append(Problem(FEATURE_SYNTAX, "«Eksempler» utenfor et scenario", name, no))
        elif kind == "background":
            if pending:
                problems.append(Problem(FEATURE_SYNTAX, "merker kan ikke stå på «Bakgrunn»", name, no))
            is_background = True
            steps = rule_background if rule_name is not None else feature_background
        in_examples = kind == "examples"
        header_seen = False
        pending = []
    if pending:
        _pending_check(pending, problems, name, len(lines))

    scenarios = []
    seen: dict[str, int] = {}
    for f in found:
        clause_ids: list[str] = []
        for tag, line in f["tags"]:
            if tag.startswith(CLAUSE_TAG):
                cid = tag[len(CLAUSE_TAG):]
                if not cid:
                    problems.append(Problem(FEATURE_SYNTAX, "merket @klausul: mangler klausul-id", name, line))
                elif cid not in clause_ids:
                    clause_ids.append(cid)
        if f["name"] in seen:
            problems.append(Problem(DUPLICATE_SCENARIO, f"scenariet «{f['name']}» finnes allerede på linje {seen[f['name']]}; "
                                    "navnene må være unike i en fil", name, f["line"]))
        seen.setdefault(f["name"], f["line"])
        interp = any(tag == INTERPRETATION_TAG for tag, _ in f["tags"])
        scenarios.append(ScenarioRef(name, feature_name, f["rule"], f["name"], f["line"], tuple(clause_ids), interp,
                                     f["examples"], tuple(f["steps"]), tuple(tuple(t) for t in f["tables"])))
    return tuple(scenarios), problems


def _pending_check(pending: list[tuple[str, int]], problems: list[Problem], name: str, no: int) -> None:
    if pending:
        problems.append(Problem(FEATURE_SYNTAX, "merker må stå rett over «Egenskap», «Regel», et scenario eller «Eksempler»",
                                name, pending[0][1]))
