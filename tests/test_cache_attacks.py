"""Attacks on the compiled cache: whatever is put in the cache folder, the answer is the uncached answer.

Each attack plants an entry that would change an answer if it were used (a permit for
``sale_of_data``, or a forbid on direct marketing after an objection that never fires), or an
entry that would hang, fill the memory or crash a loader, and then loads the policy through the
real library with the cache in tmp_path. The decisions must equal those of an uncached load.
The attacks that test one defence re-seal the forged entry with the folder's own key, so that
only that defence stands between the forgery and the answer; the control test
(test_cache_entry_sealed_with_the_users_key_is_trusted) shows such a forgery does change the
answer when every other condition holds: the key's owner is trusted, nobody else.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import time
import tracemalloc
from pathlib import Path
from typing import Any, Callable

import pytest

import personvern
from personvern.load import cache, files, loader
from personvern.load import rules as api
from personvern.core.decision import render_trace, to_dict

from .conftest import ROOT

EXAMPLES = sorted((ROOT / "examples" / "operations").glob("*.yaml"))
SALE = {"purpose": "sale_of_data", "legal_basis": "contract", "data_categories": ["name"], "data_subjects": ["customer"],
        "facts": {"customer_relationship": "active"}}
OBJECTED = {"purpose": "direct_marketing", "legal_basis": "legitimate_interests", "data_categories": ["name", "email"],
            "data_subjects": ["customer"], "action": "contact",
            "facts": {"direct_marketing_objection": True, "customer_relationship": "active"}}


def _without_sale_ban(text: str) -> str:
    """processing.yaml with sale_of_data taken off the list of purposes refused outright (an evil rule set)."""
    changed = text.replace("purposes: [sale_of_data, ", "purposes: [", 1)
    assert changed != text, "the outright refusal of sale_of_data has moved: update this attack"
    return changed


def _operations() -> list[Any]:
    ops = [loader.read_document(p)[0].data for p in EXAMPLES]  # type: ignore[union-attr]
    return ops + [SALE, OBJECTED]


def _answers(policy: personvern.Policy) -> list[Any]:
    """Everything a caller sees: each decision in full (outcome, rules, reasons, clause texts) and what explain prints."""
    out = []
    for op in _operations():
        d = policy.evaluate(op, trace=True)
        out.append((to_dict(d), render_trace(d)))
    return out


@pytest.fixture
def setup(rules_copy: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path, list[Any]]:
    """A rules folder, an empty private cache folder for it, and the uncached answers."""
    rules = rules_copy()
    cdir = tmp_path / "cache"
    monkeypatch.setenv("PERSONVERN_CACHE_DIR", str(cdir))
    expected = _answers(personvern.load_policy(rules, use_cache=False))
    assert expected[-2][0]["outcome"] == personvern.DENY and expected[-1][0]["outcome"] == personvern.DENY
    return rules, cdir, expected


def _entry(cdir: Path, rules: Path) -> Path:
    return cdir / f"{api.content_hash(rules)}.json"


def _warm(rules: Path, cdir: Path) -> Path:
    personvern.load_policy(rules)
    entry = _entry(cdir, rules)
    assert entry.is_file() and (cdir / cache.KEY_FILE).is_file()
    return entry


def _body(entry: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(entry.read_bytes().partition(b"\n")[2])
    return data


def _write(entry: Path, data: Any, seal: bool) -> None:
    """Write a body into the entry: re-sealed with the folder's key (``seal``), or with the old seal kept."""
    deep = '["not", ' * 100_000 + '["bool", true]' + "]" * 100_000  # deeper than any JSON encoder would write
    body = json.dumps(data, ensure_ascii=False).replace('"__DEEP__"', deep).encode()
    if seal:
        key = (entry.parent / cache.KEY_FILE).read_bytes()
        head = hmac.new(key, body, hashlib.sha256).hexdigest().encode()
    else:
        head = entry.read_bytes().partition(b"\n")[0]
    mode = entry.stat().st_mode
    entry.chmod(0o600)
    entry.write_bytes(head + b"\n" + body)
    entry.chmod(mode & 0o777)


def _permit_sale(data: dict[str, Any]) -> None:
    """The forgery: sale_of_data is no longer forbidden, and the payroll permit covers it."""
    for key, doc in data["docs"].items():
        if not key.startswith("rules:"):
            continue
        for rule in doc["data"]["rules"]:
            if "sale_of_data" in rule.get("purposes", []):
                rule["purposes"].remove("sale_of_data")
            if rule.get("effect") == "permit" and rule.get("purposes") == ["service_delivery"]:
                rule["purposes"].append("sale_of_data")


def _ignore_objection(data: dict[str, Any]) -> None:
    """The forgery: the objection forbid's condition becomes 'false'; its text (and explain) stays."""
    assert "facts.direct_marketing_objection" in data["asts"]
    data["asts"]["facts.direct_marketing_objection"] = ["bool", False]


FORGERIES = [pytest.param(_permit_sale, id="permits-sale-of-data"), pytest.param(_ignore_objection, id="ignores-the-objection")]


def _assert_same(rules: Path, expected: list[Any]) -> None:
    assert _answers(personvern.load_policy(rules)) == expected


def _warned(caplog: pytest.LogCaptureFixture, path: Path, words: str) -> None:
    messages = [r.getMessage() for r in caplog.records if r.name == "personvern.cache"]
    assert any(str(path) in m and words in m for m in messages), messages


@pytest.fixture(autouse=True)
def _fresh_warnings(caplog: pytest.LogCaptureFixture) -> None:
    cache._warned.clear()  # each test sees its own warnings
    caplog.set_level(logging.WARNING, logger="personvern.cache")


def _foreign(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``path`` another user's: really (as root), or by making this process another user to the check."""
    if os.geteuid() == 0:
        os.chown(path, 65534, 65534, follow_symlinks=False)
    else:
        uid = os.geteuid()
        monkeypatch.setattr(files.os, "geteuid", lambda: uid + 1)


# ---------------------------------------------------------------------------- the control: what is trusted


@pytest.mark.parametrize("forge", FORGERIES)
def test_cache_entry_sealed_with_the_users_key_is_trusted(setup: tuple[Path, Path, list[Any]], forge: Callable[[dict[str, Any]], None]) -> None:
    # Whoever can read the key and write the folder (this user) can change answers: the trust boundary, tested.
    # This is also what makes every test below able to fail: the same forgery, used, changes the answer.
    rules, cdir, expected = setup
    entry = _warm(rules, cdir)
    data = _body(entry)
    forge(data)
    _write(entry, data, seal=True)
    assert _answers(personvern.load_policy(rules)) != expected


# ---------------------------------------------------------------------------- who may have written the entry


@pytest.mark.parametrize("forge", FORGERIES)
def test_cache_entry_edited_without_the_key_is_not_used(setup: tuple[Path, Path, list[Any]], forge: Callable[[dict[str, Any]], None],
                                                         caplog: pytest.LogCaptureFixture) -> None:
    rules, cdir, expected = setup
    entry = _warm(rules, cdir)
    data = _body(entry)
    forge(data)
    _write(entry, data, seal=False)
    forged = entry.read_bytes()
    _assert_same(rules, expected)
    _warned(caplog, entry, "seal does not match")
    assert entry.read_bytes() != forged  # rebuilt at once, and the next load is served from the good entry
    _assert_same(rules, expected)


@pytest.mark.parametrize("forge", FORGERIES)
def test_cache_entry_owned_by_another_user_is_not_used(setup: tuple[Path, Path, list[Any]], forge: Callable[[dict[str, Any]], None],
                                                        caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    rules, cdir, expected = setup
    entry = _warm(rules, cdir)
    data = _body(entry)
    forge(data)
    _write(entry, data, seal=True)
    _foreign(entry, monkeypatch)
    _assert_same(rules, expected)
    _warned(caplog, entry, "another user")


@pytest.mark.parametrize("forge", FORGERIES)
def test_cache_entry_others_can_write_is_not_used(setup: tuple[Path, Path, list[Any]], forge: Callable[[dict[str, Any]], None],
                                                   caplog: pytest.LogCaptureFixture) -> None:
    rules, cdir, expected = setup
    entry = _warm(rules, cdir)
    data = _body(entry)
    forge(data)
    _write(entry, data, seal=True)
    entry.chmod(0o666)
    _assert_same(rules, expected)
    _warned(caplog, entry, "other users can write")


@pytest.mark.parametrize("forge", FORGERIES)
def test_cache_entry_in_a_folder_others_can_write_is_not_used_nor_written(setup: tuple[Path, Path, list[Any]],
                                                                          forge: Callable[[dict[str, Any]], None],
                                                                          caplog: pytest.LogCaptureFixture) -> None:
    rules, cdir, expected = setup
    entry = _warm(rules, cdir)
    data = _body(entry)
    forge(data)
    _write(entry, data, seal=True)
    cdir.chmod(0o777)
    before = entry.read_bytes()
    _assert_same(rules, expected)
    _warned(caplog, cdir, "other users can write")
    assert entry.read_bytes() == before  # nothing is written into a folder that others can write


@pytest.mark.parametrize("forge", FORGERIES)
def test_cache_entry_in_a_folder_of_another_user_is_not_used(setup: tuple[Path, Path, list[Any]], forge: Callable[[dict[str, Any]], None],
                                                             caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    rules, cdir, expected = setup
    entry = _warm(rules, cdir)
    data = _body(entry)
    forge(data)
    _write(entry, data, seal=True)
    _foreign(cdir, monkeypatch)
    _assert_same(rules, expected)
    _warned(caplog, cdir, "another user")


def test_cache_entry_planted_with_another_key_is_not_used(setup: tuple[Path, Path, list[Any]], caplog: pytest.LogCaptureFixture) -> None:
    # An attacker who sealed an entry with a key of their own (and so a folder of their own) gains nothing.
    rules, cdir, expected = setup
    entry = _warm(rules, cdir)
    data = _body(entry)
    _permit_sale(data)
    _write(entry, data, seal=True)
    (cdir / cache.KEY_FILE).write_bytes(os.urandom(cache.KEY_BYTES))
    _assert_same(rules, expected)
    _warned(caplog, entry, "seal does not match")


# ---------------------------------------------------------------------------- entries that are not files


def test_cache_entry_that_is_a_named_pipe_does_not_hang(setup: tuple[Path, Path, list[Any]], caplog: pytest.LogCaptureFixture) -> None:
    rules, cdir, expected = setup
    _warm(rules, cdir)
    entry = _entry(cdir, rules)
    entry.unlink()
    os.mkfifo(entry, 0o600)
    started = time.monotonic()
    _assert_same(rules, expected)
    assert time.monotonic() - started < 10
    _warned(caplog, entry, "named pipe")


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/urandom", "a-valid-entry-elsewhere"])
def test_cache_entry_that_is_a_link_is_not_followed(setup: tuple[Path, Path, list[Any]], target: str, tmp_path: Path,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    rules, cdir, expected = setup
    entry = _warm(rules, cdir)
    if target == "a-valid-entry-elsewhere":  # even a link to a good, sealed entry of ours: a link is never an entry
        data = _body(entry)
        _permit_sale(data)
        _write(entry, data, seal=True)
        target = str(entry.rename(tmp_path / "elsewhere.json"))
    else:
        entry.unlink()
    entry.symlink_to(target)
    tracemalloc.start()
    try:
        _assert_same(rules, expected)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 100 * 2**20, f"loading took {peak // 2**20} MiB"
    _warned(caplog, entry, "a link, not a regular file")


def test_cache_entry_that_is_a_folder_is_not_used(setup: tuple[Path, Path, list[Any]], caplog: pytest.LogCaptureFixture) -> None:
    rules, cdir, expected = setup
    cdir.mkdir(mode=0o700)
    _entry(cdir, rules).mkdir()
    _assert_same(rules, expected)
    _warned(caplog, _entry(cdir, rules), "a folder")


def test_cache_entry_larger_than_the_limit_is_not_read(setup: tuple[Path, Path, list[Any]], caplog: pytest.LogCaptureFixture) -> None:
    rules, cdir, expected = setup
    entry = _warm(rules, cdir)
    with entry.open("r+b") as f:
        f.truncate(cache.MAX_ENTRY_BYTES + 1)  # sparse: costs no disk, and must cost no memory either
    tracemalloc.start()
    try:
        _assert_same(rules, expected)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 100 * 2**20
    _warned(caplog, entry, "the limit is")


def test_cache_folder_that_is_a_file_or_a_pipe_is_harmless(rules_copy: Callable[..., Path], tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    rules = rules_copy()
    expected = _answers(personvern.load_policy(rules, use_cache=False))
    for name, make in (("file", lambda p: p.write_text("x")), ("pipe", os.mkfifo)):
        cdir = tmp_path / name
        make(cdir)
        monkeypatch.setenv("PERSONVERN_CACHE_DIR", str(cdir))
        _assert_same(rules, expected)


# ---------------------------------------------------------------------------- entries that are not whole


def _set(path: list[Any], value: Any) -> Callable[[dict[str, Any]], None]:
    def mutate(data: dict[str, Any]) -> None:
        target = data
        for p in path[:-1]:
            target = target[p]
        target[path[-1]] = value
    return mutate


def _drop(path: list[Any]) -> Callable[[dict[str, Any]], None]:
    def mutate(data: dict[str, Any]) -> None:
        target = data
        for p in path[:-1]:
            target = target[p]
        del target[path[-1]]
    return mutate


BROKEN = {
    "empty-condition-node": _set(["asts", "facts.direct_marketing_objection"], []),  # was an IndexError in every later load
    "condition-node-of-one-word": _set(["asts", "facts.direct_marketing_objection"], ["path"]),
    "unknown-condition-node": _set(["asts", "facts.direct_marketing_objection"], ["call", "os.system", "id"]),
    "condition-a-mapping": _set(["asts", "facts.direct_marketing_objection"], {"path": "facts"}),
    "condition-not-a-list": _set(["asts", "facts.direct_marketing_objection"], 7),
    "condition-nested-too-deep": _set(["asts", "facts.direct_marketing_objection"], "__DEEP__"),
    "condition-nested-deeper-than-any-condition": _set(["asts", "facts.direct_marketing_objection"],
                                                       json.loads('["not", ' * 500 + '["bool", false]' + "]" * 500)),
    "conditions-a-list": _set(["asts"], []),
    "rules-file-missing": _drop(["docs", "rules:000"]),
    "vocabulary-missing": _drop(["docs", "vocabulary"]),
    "vocabulary-a-list": _set(["docs", "vocabulary", "data"], []),
    "rule-without-effect": lambda d: d["docs"]["rules:000"]["data"]["rules"][0].pop("effect"),
    "rule-purposes-a-string": lambda d: d["docs"]["rules:000"]["data"]["rules"][0].__setitem__("purposes", "sale_of_data"),
    "unknown-document": _set(["docs", "../../etc/passwd"], {"file": "x", "data": {}}),
    "file-name-a-number": _set(["docs", "policy", "file"], 1),
    "statement-a-number": _set(["statement"], 1),
    "statement-empty": _set(["statement"], ""),
    "another-rule-set": _set(["hash"], "0" * 64),
    "another-engine": _set(["engine"], "0" * 64),
    "another-format": _set(["format"], True),
    "extra-field": _set(["code"], "import os"),
    "missing-field": _drop(["asts"]),
}


@pytest.mark.parametrize("name", list(BROKEN))
def test_cache_entry_structurally_wrong_is_rebuilt_never_crashes(setup: tuple[Path, Path, list[Any]], name: str) -> None:
    # Sealed with the right key, so that only the structural checks (or the compiler, behind a
    # catch-all) stand between the entry and the answer.
    rules, cdir, expected = setup
    entry = _warm(rules, cdir)
    data = _body(entry)
    BROKEN[name](data)
    _write(entry, data, seal=True)
    _assert_same(rules, expected)
    good = _body(entry)  # rebuilt at once: a wrong entry never has to be deleted by hand
    assert good["hash"] == api.content_hash(rules) and good["engine"] == cache.engine_version()
    _assert_same(rules, expected)


@pytest.mark.parametrize("raw", [b"", b"\n", b"{}", b"0" * 64 + b"\n", b"\xff\xfe" * 100, b"0" * 64 + b"\n[1, 2"])
def test_cache_entry_of_garbage_bytes_is_rebuilt(setup: tuple[Path, Path, list[Any]], raw: bytes) -> None:
    rules, cdir, expected = setup
    entry = _warm(rules, cdir)
    entry.write_bytes(raw)
    _assert_same(rules, expected)
    assert _body(entry)["hash"] == api.content_hash(rules)


def test_cache_entry_of_another_rule_set_under_this_name_is_not_used(setup: tuple[Path, Path, list[Any]], rules_copy: Callable[..., Path],
                                                                     tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    # A genuine, sealed entry of a rule set that permits sale_of_data, renamed to this rule set's hash.
    rules, cdir, expected = setup
    evil = rules.rename(tmp_path / "evil")
    text = (evil / "processing.yaml").read_text(encoding="utf-8")
    (evil / "processing.yaml").write_text(_without_sale_ban(text),
                                          encoding="utf-8")
    evil_entry = _warm(evil, cdir)
    rules = rules_copy()  # the genuine rules again, at the same place
    evil_entry.rename(_entry(cdir, rules))
    _assert_same(rules, expected)
    _warned(caplog, _entry(cdir, rules), "another rule set")


# ---------------------------------------------------------------------------- the content hash covers every file


def test_cache_entry_key_covers_a_statement_with_any_suffix(rules_copy: Callable[..., Path], tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    # The statement renamed to .md: a change to it must change the hash, or the old policy is served.
    monkeypatch.setenv("PERSONVERN_CACHE_DIR", str(tmp_path / "cache"))
    rules = rules_copy({"policy.yaml": [("statement/personvernerklaering-flex-v1.txt", "statement/erklaering.md")]})
    (rules / "statement" / "personvernerklaering-flex-v1.txt").rename(rules / "statement" / "erklaering.md")
    before = api.content_hash(rules)
    personvern.load_policy(rules)  # cached
    statement = rules / "statement" / "erklaering.md"
    statement.write_text(statement.read_text(encoding="utf-8").replace("Markedsføring", "Reklame", 1), encoding="utf-8")
    assert api.content_hash(rules) != before
    with pytest.raises(personvern.PolicyLoadError) as uncached:
        personvern.load_policy(rules, use_cache=False)
    with pytest.raises(personvern.PolicyLoadError) as cached:
        personvern.load_policy(rules)
    assert cached.value.problems == uncached.value.problems


@pytest.mark.parametrize("folder", ["__pycache__", ".hidden", "node_modules"])
def test_cache_entry_key_covers_rule_files_in_any_folder(rules_copy: Callable[..., Path], tmp_path: Path, folder: str,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PERSONVERN_CACHE_DIR", str(tmp_path / "cache"))
    rules = rules_copy({"policy.yaml": [("    - processing.yaml", f"    - {folder}/processing.yaml")]})
    (rules / folder).mkdir()
    (rules / "processing.yaml").rename(rules / folder / "processing.yaml")
    assert personvern.load_policy(rules).evaluate(SALE).outcome == personvern.DENY  # cached now
    moved = rules / folder / "processing.yaml"
    text = moved.read_text(encoding="utf-8")
    moved.write_text(_without_sale_ban(text), encoding="utf-8")
    assert _answers(personvern.load_policy(rules)) == _answers(personvern.load_policy(rules, use_cache=False))


def test_cache_entry_key_names_but_never_reads_pipes_in_the_rules_folder(rules_copy: Callable[..., Path]) -> None:
    rules = rules_copy()
    os.mkfifo(rules / "notes.fifo")
    (rules / "zero").symlink_to("/dev/zero")
    started = time.monotonic()
    first = api.content_hash(rules)
    assert time.monotonic() - started < 5
    (rules / "notes.fifo").unlink()
    assert api.content_hash(rules) != first  # what is in the folder is part of the hash, even what is never read


def test_an_entry_is_bound_to_the_engine_files_as_they_are_now(monkeypatch: pytest.MonkeyPatch) -> None:
    """The engine's fingerprint (each file's path, size, inode and modification time) changes when
    an engine file is touched, and comes back when the file is as it was: an entry written by
    another state of the engine is never read as this one's."""
    target = Path(os.path.realpath(cache.__file__))
    st = os.stat(target)
    monkeypatch.setattr(cache, "_engine", None)
    before = cache.engine_version()
    try:
        os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
        monkeypatch.setattr(cache, "_engine", None)
        touched = cache.engine_version()
    finally:
        os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))
    monkeypatch.setattr(cache, "_engine", None)
    assert touched != before and cache.engine_version() == before


def test_the_engine_fingerprint_covers_every_module_grammar_and_schema(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every module of every layer, the grammar and every schema count (an editable install links
    each file: the walk must reach them all, not stop at a link)."""
    seen: list[str] = []
    real_stat = os.stat

    def recording(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        seen.append(os.path.realpath(path))
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(cache, "_engine", None)
    monkeypatch.setattr(cache.os, "stat", recording)
    cache.engine_version()
    package = Path(os.path.realpath(personvern.__file__)).parent
    wanted = {os.path.realpath(p) for p in package.rglob("*") if p.suffix in (".py", ".lark") and "__pycache__" not in p.parts}
    wanted |= {os.path.realpath(p) for p in loader.SCHEMA_DIR.glob("*.json")}
    assert len(wanted) > 100 and wanted <= set(seen), sorted(wanted - set(seen))[:5]


def test_the_grammar_and_the_schemas_count_by_their_content(monkeypatch: pytest.MonkeyPatch) -> None:
    """An in-place edit of the grammar of the same size and modification time (cp -p, normalised
    mtimes) still changes the fingerprint: cached conditions are never served after a grammar change."""
    monkeypatch.setattr(cache, "_engine", None)
    before = cache.engine_version()
    real = cache.loader.read_regular_file

    def edited(path: Path, *args: Any, **kwargs: Any) -> Any:
        raw, problems = real(path, *args, **kwargs)
        return (raw.replace(b"and", b"And", 1) if raw is not None and path.suffix == ".lark" else raw), problems

    monkeypatch.setattr(cache.loader, "read_regular_file", edited)
    monkeypatch.setattr(cache, "_engine", None)
    assert cache.engine_version() != before
