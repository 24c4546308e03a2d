"""Concurrency and faults: the engine keeps deciding correctly, and says so, when the world misbehaves.

Beside tests/test_reload.py and tests/test_audit.py (reload under threads, a full disk, a killed
writer), these go after what an unlucky moment or a hostile environment does:

* a rule set saved while it is being loaded is never compiled (or cached) under another
  version's content hash: a mix of versions would be served for the saved version forever;
* a rule file the content hash does not cover (say ``processing.json``) is refused, or edits to
  it would never reach a cached policy;
* threads decide while the store reloads between a permitting version, a refusing version and a
  broken one, all writing one decision log: every decision agrees with the version it names,
  nothing half-loaded is served, and the log holds exactly one whole line per decision;
* the decision log hits a file-size limit in the middle of a line (as a disk filling up does):
  the decision still comes back, the failure is counted, and no cut line is left behind;
* the decision log is a named pipe nobody reads: reported at once instead of hanging;
* the decision log's own error handler fails: the processing is refused, never let through.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, Callable

import pytest

import personvern
from personvern.load import rules as api
from personvern.runtime.audit import read_log

NEWSLETTER = {"purpose": "direct_marketing", "legal_basis": "legitimate_interests", "data_categories": ["name", "email"],
              "data_subjects": ["customer"], "action": "contact",
              "facts": {"direct_marketing_objection": False, "objected_purposes": [], "customer_relationship": "active"}}
# The refusing version allows marketing on consent only, so the newsletter above is refused.
ONLY_CONSENT = ("    legal_bases: [legitimate_interests, consent]\n    data_categories: [name, email, phone, address]",
                "    legal_bases: [consent]\n    data_categories: [name, email, phone, address]")


def _version(text: str, i: int) -> str:
    """Version ``i`` of processing.yaml: even versions permit the newsletter, odd ones refuse it; each hashes differently."""
    body = text if i % 2 == 0 else text.replace(*ONLY_CONSENT)
    return body + f"\n# version {i}\n"


def _save(path: Path, text: str) -> None:
    tmp = path.with_name(".saving")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)  # how editors save


# ---------------------------------------------------------------------------- loading while the rules change


def test_a_rule_set_saved_while_it_loads_is_never_cached_as_another_version(rules_copy: Callable[..., Path], tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("PERSONVERN_CACHE_DIR", str(cache))
    rules = rules_copy()
    processing = rules / "processing.yaml"
    original = processing.read_text(encoding="utf-8")
    versions = 40
    stop = threading.Event()

    def editor() -> None:  # saves in bursts, with pauses long enough for a whole load now and then
        i = 0
        while not stop.is_set():
            _save(processing, _version(original, i % versions))
            i += 1
            stop.wait(1.0 if i % 8 == 0 else 0.01)

    saver = threading.Thread(target=editor)
    saver.start()
    loaded = 0
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                personvern.load_policy(rules)
                loaded += 1
            except personvern.PolicyLoadError:
                pass  # "changed while it was read" (or a half-saved file): load again
    finally:
        stop.set()
        saver.join()
    # Every version in the cache must decide as that version does.
    checked, wrong = 0, []
    for i in range(versions):
        _save(processing, _version(original, i))
        if not (cache / f"{api.content_hash(rules)}.json").exists():
            continue
        checked += 1
        expected = personvern.PERMIT if i % 2 == 0 else personvern.DENY
        if personvern.load_policy(rules).evaluate(NEWSLETTER).outcome != expected:
            wrong.append(f"version {i}")
    assert loaded > 0 and checked > 0
    assert not wrong, f"served another version's rules from the cache: {wrong}"


def test_a_rule_file_the_content_hash_does_not_cover_is_refused(rules_copy: Callable[..., Path]) -> None:
    rules = rules_copy({"policy.yaml": [("    - processing.yaml", "    - processing.json")]})
    (rules / "processing.yaml").rename(rules / "processing.json")
    with pytest.raises(personvern.PolicyLoadError) as e:
        personvern.load_policy(rules)
    [p] = e.value.problems
    assert p.path == "$.files.rules[0]" and ".yaml or .yml" in p.message


# ---------------------------------------------------------------------------- threads, reloads and one decision log


def test_threads_deciding_through_good_and_broken_reloads_log_one_whole_line_per_decision(
        rules_copy: Callable[..., Path], tmp_path: Path) -> None:
    good = rules_copy()
    refusing = tmp_path / "refusing"
    good.rename(refusing)
    processing = refusing / "processing.yaml"
    processing.write_text(processing.read_text(encoding="utf-8").replace(*ONLY_CONSENT), encoding="utf-8")
    good = rules_copy()
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "policy.yaml").write_text("id: x\nfiles: [", encoding="utf-8")

    log = personvern.DecisionLog(tmp_path / "decisions.jsonl")
    store = personvern.PolicyStore(good, decision_log=log)  # reloads through the compiled cache: many per second
    permitting_hash = store.policy.content_hash
    expected: dict[str, str] = {permitting_hash: personvern.PERMIT}
    assert store.reload(refusing)
    expected[store.policy.content_hash] = personvern.DENY

    stop = threading.Event()
    decided: list[tuple[str, str]] = []
    problems: list[str] = []

    def decide() -> None:
        mine = []
        while not stop.is_set():
            try:
                d = store.evaluate(NEWSLETTER)
            except Exception as e:  # noqa: BLE001 - nothing may escape a decision
                problems.append(repr(e))
                return
            mine.append((d.policy_hash, d.outcome))
        decided.extend(mine)

    threads = [threading.Thread(target=decide) for _ in range(6)]
    for t in threads:
        t.start()
    failed_reloads = 0
    for i in range(30):
        target = (good, refusing, broken)[i % 3]
        if not store.reload(target):
            failed_reloads += 1
            assert store.policy.content_hash in expected  # the old policy is kept, whole
        time.sleep(0.005)
    stop.set()
    for t in threads:
        t.join()
    log.close()

    assert not problems, problems[:3]
    assert failed_reloads == 10
    assert decided and {h for h, _ in decided} == set(expected), "both versions were served"
    assert all(expected[h] == outcome for h, outcome in decided), "a decision disagrees with the version it names"
    lines = list(read_log(tmp_path / "decisions.jsonl"))  # raises on a cut or interleaved line
    assert len(lines) == len(decided) == log.written and log.failures == 0
    assert all(expected[line["policy"]["hash"]] == line["outcome"] for line in lines)


# ---------------------------------------------------------------------------- the decision log misbehaves

_SIZE_LIMITED = r"""
import json, os, resource, signal, sys
import personvern
from personvern.load import rules as api
from personvern.runtime.audit import read_log

signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG) instead of killing the process
path = sys.argv[1]
policy = personvern.load_policy()
resource.setrlimit(resource.RLIMIT_FSIZE, (3000, 3000))  # room for a few lines, the next one is cut mid-line
errors = []
log = personvern.DecisionLog(path, on_error=errors.append)
store = personvern.PolicyStore(policy=policy, decision_log=log)
op = {"purpose": "security", "legal_basis": "legal_obligation", "data_categories": ["ip_address"], "data_subjects": ["website_visitor"]}
outcomes = [store.evaluate(op).outcome for _ in range(30)]
refused = store.evaluate({**op, "data_categories": ["health"]}).outcome
print(json.dumps({"outcomes": sorted(set(outcomes)), "refused": refused, "written": log.written, "failures": log.failures,
                  "errors": len(errors), "lines": len(list(read_log(path)))}))
"""


def test_a_log_that_fills_up_mid_line_leaves_no_cut_line(tmp_path: Path) -> None:
    path = tmp_path / "decisions.jsonl"
    env = dict(os.environ, PERSONVERN_CACHE_DIR=str(tmp_path / "cache"))
    run = subprocess.run([sys.executable, "-c", _SIZE_LIMITED, str(path)], capture_output=True, text=True, timeout=120, env=env)
    assert run.returncode == 0, run.stderr  # read_log inside raised nothing: every line is whole
    result = json.loads(run.stdout)
    assert result["outcomes"] == [personvern.PERMIT] and result["refused"] == personvern.DENY  # decisions still come back
    assert result["written"] == result["lines"] > 0
    assert result["failures"] == result["errors"] == 31 - result["written"]  # every lost line is counted and reported
    assert path.read_bytes().endswith(b"\n")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_log_that_is_a_named_pipe_nobody_reads_is_reported_not_waited_for(tmp_path: Path,
                                                                             policy: personvern.Policy) -> None:
    fifo = tmp_path / "decisions.jsonl"
    os.mkfifo(fifo)
    errors: list[OSError] = []
    result: dict[str, Any] = {}

    def open_log() -> None:
        log = personvern.DecisionLog(fifo, on_error=errors.append)
        result["decision"] = personvern.PolicyStore(policy=policy, decision_log=log).evaluate(NEWSLETTER)

    t = threading.Thread(target=open_log, daemon=True)
    t.start()
    t.join(timeout=20)
    assert not t.is_alive(), "opening the decision log hangs"
    assert result["decision"].outcome == personvern.PERMIT
    assert errors  # reported (ENXIO: no reader)


def test_a_log_whose_error_handler_fails_refuses_the_processing(policy: personvern.Policy) -> None:
    def alarm(e: OSError) -> None:
        raise RuntimeError("the alarm system is down too")

    store = personvern.PolicyStore(policy=policy, decision_log=personvern.DecisionLog("/dev/full", on_error=lambda e: None))
    store.decision_log = personvern.DecisionLog("/dev/full", on_error=alarm)
    ran: list[bool] = []

    @store.guard(purpose="security", legal_basis="legal_obligation", data_categories=["ip_address"], data_subjects=["website_visitor"])
    def process() -> None:
        ran.append(True)

    with pytest.raises(Exception) as e:
        process()
    assert not isinstance(e.value, AssertionError)
    assert ran == [], "the processing ran although its decision could not be logged or reported"
