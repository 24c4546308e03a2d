"""personvern check: every way a file can reach the library is checked, or reported as unchecked.

The class of fault: a refused declaration spelt so that the reader does not recognise it
(an alias, another import form, a decorator expression, a call, fullwidth letters, another
coding) passed the check with exit 0 and "no declarations found". The properties generate
equivalent spellings of one declaration and require the same verdict for every one of them.
"""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from personvern import errors
from personvern.cli import main

REFUSED = {"purpose": "profiling", "legal_basis": "consent", "data_categories": ["name"], "data_subjects": ["customer"]}
PERMITTED = {"purpose": "security", "legal_basis": "legitimate_interests", "data_categories": ["ip_address"],
             "data_subjects": ["website_visitor"]}


def check_source(source: str | bytes, *extra: str) -> tuple[int, dict[str, object]]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "service.py"
        path.write_bytes(source if isinstance(source, bytes) else source.encode("utf-8"))
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            code = main(["check", "--format", "json", str(path), *extra])
    return code, json.loads(out.getvalue())


def codes(report: dict[str, object]) -> set[str]:
    return {str(f["code"]) for f in report["findings"]}  # type: ignore[attr-defined,index]


# ---------------------------------------------------------------------------- spellings

_VARIANTS = (lambda c: c, lambda c: chr(ord(c) + 0xFEE0), lambda c: chr(0x1D41A + ord(c) - ord("a")))  # a, ａ, 𝐚


@st.composite
def word(draw: st.DrawFn, w: str) -> str:
    """An identifier as Python reads it after NFKC: each lower-case letter plain, fullwidth or mathematical bold."""
    return "".join(draw(st.sampled_from(_VARIANTS))(c) if "a" <= c <= "z" else c for c in w)


@st.composite
def entry(draw: st.DrawFn, kind: str) -> tuple[list[str], str]:
    """(lines that import, the expression that is personvern.guard / personvern.processing)."""
    pv, k = draw(word("personvern")), draw(word(kind))
    form = draw(st.integers(0, 9))
    if form == 0:
        return [f"import {pv}"], f"{pv}.{k}"
    if form == 1:
        return [f"import {pv} as {draw(word('pv'))}"], f"pv.{k}"
    if form == 2:
        return [f"from {pv} import {k} as {draw(word('declare'))}"], "declare"
    if form == 3:
        return [f"from {pv} import {k}"], kind
    if form == 4:
        return [f"from {pv} import *"], k
    if form == 5:
        return [f"from {pv} import {draw(word('load_policy'))} as lp", "policy = lp()"], f"policy.{k}"
    if form == 6:
        return [f"import {pv}", f"store = {pv}.{draw(word('configure'))}()"], f"store.{k}"
    if form == 7:
        return ["import importlib", 'pv = importlib.import_module("personvern")'], f"pv.{k}"
    if form == 8:
        return [f"import {pv}.store"], f"{pv}.{draw(word('load_policy'))}().{k}"
    return [f"import {pv}"], f'getattr({pv}, "{kind}")'


@st.composite
def call(draw: st.DrawFn, expr: str, declaration: dict[str, object]) -> str:
    """The declaring call: keywords in any order, with any whitespace and parentheses, or as **{literal}."""
    items = draw(st.permutations(list(declaration.items())))
    if draw(st.booleans()):
        args = "**{" + ", ".join(f"{k!r}: {v!r}" for k, v in items) + "}"
    else:
        sep = draw(st.sampled_from([", ", ",\n    ", " ,  ", ",\n\t\t"]))
        args = sep.join(f"{k}={'(' + repr(v) + ')' if draw(st.booleans()) else repr(v)}" for k, v in items)
    head = f"({expr})" if draw(st.booleans()) else expr
    return f"{head}({args})"


@st.composite
def spelling(draw: st.DrawFn, declaration: dict[str, object]) -> str:
    """One file that declares ``declaration`` in one of many equivalent ways."""
    kind = draw(st.sampled_from(["guard", "processing"]))
    imports, expr = draw(entry(kind))
    lines = list(imports)
    alias = draw(st.sampled_from(["none", "assign", "walrus"]))
    if alias == "assign":
        lines.append(f"{draw(word('alias'))} = {expr}")
        expr = "alias"
    elif alias == "walrus":
        expr = f"(alias := {expr})"
    c = draw(call(expr, declaration))
    if kind == "guard":
        use = draw(st.sampled_from([
            "@{c}\ndef f(): ...", "@{c}\nasync def f(): ...", "@{c}\nclass C: ...", "def _f(): ...\nf = {c}(_f)",
            "@[{c}][0]\ndef f(): ...", "class S:\n    @{c}\n    def m(self): ...", "f = ({c})(lambda: None)",
        ]))
    else:
        use = draw(st.sampled_from([
            "with {c}:\n    pass", "with open('x') as fh, {c}:\n    pass", "async def g():\n    async with {c}:\n        pass",
            "import contextlib\nwith contextlib.ExitStack() as stack:\n    stack.enter_context({c})",
            "def g():\n    with {c} as p:\n        pass",
        ]))
    return "\n".join(lines) + "\n\n" + use.format(c=c) + "\n"


_SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(spelling(REFUSED))
def test_every_spelling_of_a_refused_declaration_fails_the_check(source: str) -> None:
    code, report = check_source(source)
    assert code == 1, source
    assert "forbud.formal-utenfor-erklaeringen" in codes(report), source


@_SETTINGS
@given(spelling(PERMITTED))
def test_every_spelling_of_a_permitted_literal_declaration_is_read_and_passes(source: str) -> None:
    code, report = check_source(source)
    assert code == 0, (source, report["findings"])
    assert len(report["activities"]) == 1, source  # type: ignore[arg-type]


# ---------------------------------------------------------------------------- what cannot be read is reported

_P = ", ".join(f"{k}={v!r}" for k, v in PERMITTED.items())


@pytest.mark.parametrize("source", [
    f"import personvern\nDECL = dict({_P})\npolicy = personvern.load_policy()\n@policy.guard(**DECL)\ndef f(): ...\n",
    f"import personvern\ndef wrap(g):\n    return g({_P})\n@wrap(personvern.guard)\ndef f(): ...\n",
    f"import personvern\nNAME = 'guard'\n@getattr(personvern, NAME)({_P})\ndef f(): ...\n",
    f"import personvern\nTABLE = {{'g': personvern.guard}}\n@TABLE['g']({_P})\ndef f(): ...\n",
    f"import functools, personvern\ndeclare = functools.partial(personvern.guard, {_P})\n@declare()\ndef f(): ...\n",
    "from personvern import guard  # imported here, used by a module that imports it from this one\n",
    f"def protect(policy, decl):\n    return policy.guard(**decl)\n",
    "import personvern\npolicy = personvern.load_policy()\nresult = policy.batch(OPERATION, subjects)\n",
    f"import personvern\nprep = personvern.load_policy().prepare(dict({_P}))\n",
    "import sys\npv = sys.modules['personvern']\nrun = pv._guard\n",
])
def test_a_use_that_cannot_be_read_literally_fails_as_not_static(source: str) -> None:
    code, report = check_source(source)
    assert code == 1, source
    found = [f for f in report["findings"] if f["code"] == errors.NOT_STATIC]  # type: ignore[attr-defined]
    assert found, (source, report["findings"])
    assert all(f["level"] == "error" and f["line"] and f["column"] for f in found)
    message = found[0]["explanation"]["en"]
    assert "kan ikke kontrolleres" in message and "manifest" in message


def test_a_runtime_option_that_is_not_a_literal_does_not_hide_the_declaration() -> None:
    """subject= is the runtime's own: a name there is fine; the declaration itself is still checked."""
    code, report = check_source(f"import personvern\n@personvern.guard({_P}, subject='customer_id')\ndef f(): ...\n")
    assert code == 0 and len(report["activities"]) == 1  # type: ignore[arg-type]


@pytest.mark.parametrize("coding", ["utf-7", "utf-16", "no-such-coding"])
def test_a_file_in_an_unusual_coding_is_refused_not_skipped(coding: str) -> None:
    body = "import personvern\n@personvern.guard(purpose='profiling')\ndef f(): ...\n"
    raw = f"# -*- coding: {coding} -*-\n".encode("ascii") + (body.encode("utf-7") if coding == "utf-7" else body.encode("ascii"))
    code, report = check_source(raw)
    assert code == 1 and errors.NOT_STATIC in codes(report)


def test_a_plain_file_without_the_library_is_not_a_finding() -> None:
    code, report = check_source("import cache\n@cache.guard(timeout=5)\ndef f(): ...\nwith lock.processing():\n    pass\n")
    assert code == 0 and not report["findings"]


def test_fullwidth_letters_reach_the_library_as_python_reads_them() -> None:
    source = "import personvern\n@personvern.ｇｕａｒｄ(" + ", ".join(f"{k}={v!r}" for k, v in REFUSED.items()) + ")\ndef f(): ...\n"
    code, report = check_source(source)
    assert code == 1 and "forbud.formal-utenfor-erklaeringen" in codes(report)
    assert textwrap.dedent(source).count("guard") == 0  # the bytes never say "guard"
