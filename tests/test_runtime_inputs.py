"""What the runtime accepts from code and from fact providers (issue 9 and 13).

Each test is named after the class of fault it closes:
- declarations that assert their own facts (a wrong permit);
- fact providers' bad answers (a crash instead of a logged refusal, a batch aborted);
- runtime arguments of the wrong kind (a crash at the first decision instead of at construction);
- decision log lines without an id to quote.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Callable

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import personvern
from personvern.facade import store as store_module
from personvern.runtime.audit import read_log
from personvern.errors import DECLARED_FACTS_EN, DECLARED_FACTS_NB, DeclaredFactsError, PersonvernError, UsageError

NEWSLETTER = dict(purpose="direct_marketing", legal_basis="legitimate_interests", data_categories=["name", "email"],
                  data_subjects=["customer"], action="contact")
CLEAR = {"direct_marketing_objection": False, "customer_relationship": "active", "objected_purposes": []}
OBJECTED = {**CLEAR, "direct_marketing_objection": True}


@pytest.fixture
def objecting() -> Iterator[None]:
    """The process-wide provider: every subject has objected to direct marketing."""
    personvern.register_fact_provider(lambda request: OBJECTED)
    yield
    personvern.register_fact_provider(None)


@pytest.fixture
def module_store(objecting: None) -> Iterator[personvern.PolicyStore]:
    s = personvern.configure(fact_provider=lambda request: OBJECTED)
    yield s
    personvern.configure(None)


# ---------------------------------------------------------------------------- declarations that assert their own facts

def _entry_points(policy: personvern.Policy, store: personvern.PolicyStore) -> dict[str, Callable[[dict[str, Any]], Any]]:
    """Every way a declared processing is created, each given a declaration (guard/processing) or operation."""
    return {
        "policy.guard": lambda d: policy.guard(**d),
        "policy.processing": lambda d: policy.processing(**d),
        "policy.prepare": lambda d: policy.prepare(d),
        "policy.batch": lambda d: policy.batch(d, ["kunde-1"]),
        "store.guard": lambda d: store.guard(**d),
        "store.processing": lambda d: store.processing(**d),
        "store.batch": lambda d: store.batch(d, {"kunde-1": OBJECTED}),
        "personvern.guard": lambda d: personvern.guard(**d),
        "personvern.processing": lambda d: personvern.processing(**d),
        "personvern.facade.store.batch": lambda d: store_module.batch(d, ["kunde-1"]),
    }


@pytest.mark.parametrize("facts", [CLEAR, {}, None], ids=["permitting", "empty", "none"])
def test_declared_facts_are_rejected_at_every_entry_point(policy: personvern.Policy, module_store: personvern.PolicyStore,
                                                          facts: Any) -> None:
    store = personvern.PolicyStore(policy=policy, fact_provider=lambda request: OBJECTED)
    entries = _entry_points(policy, store)
    assert len(entries) == 10
    for where, create in entries.items():
        with pytest.raises(DeclaredFactsError) as e:
            create({**NEWSLETTER, "facts": facts})  # creating it is enough: nothing is decorated or entered
        err = e.value
        assert isinstance(err, PersonvernError) and err.code == "declared_facts", where
        assert [p.code for p in err.problems] == ["declared_facts"] and err.problems[0].path == "$.facts", where
        assert DECLARED_FACTS_NB in str(err) and DECLARED_FACTS_EN in str(err), where


def test_declared_facts_in_a_typed_operation_are_rejected(policy: personvern.Policy) -> None:
    op = policy.operation({**NEWSLETTER}, CLEAR)
    for create in (lambda: policy.prepare(op), lambda: policy.batch(op, {"kunde-1": OBJECTED})):
        with pytest.raises(DeclaredFactsError):
            create()
    bare = policy.operation(NEWSLETTER)
    assert policy.prepare(bare).evaluate(CLEAR).permitted  # the same operation without facts is fine
    assert policy.batch(bare, {"kunde-1": OBJECTED}).refused[0][1].rule_ids == ("markedsforing.reservasjon",)


def test_declared_facts_never_overrule_the_provider(policy: personvern.Policy, objecting: None) -> None:
    """The attack of issue 9: a declaration that says 'no objection' while the provider says 'objected'."""
    ran: list[str] = []

    def send(customer_id: str) -> None:
        ran.append(customer_id)

    with pytest.raises(DeclaredFactsError):
        policy.guard(**NEWSLETTER, subject="customer_id", facts=CLEAR)(send)
    guarded = policy.guard(**NEWSLETTER, subject="customer_id")(send)
    with pytest.raises(personvern.ProcessingDenied) as denied:
        guarded("kunde-1")
    assert denied.value.decision.rule_ids == ("markedsforing.reservasjon",) and ran == []
    assert policy.evaluate(NEWSLETTER, facts=CLEAR).permitted  # evaluate: a direct question with the caller's facts, as before


_POLICY = personvern.load_policy(use_cache=False)
_VOCABULARY = _POLICY.vocabulary


def _valid_value(name: str) -> st.SearchStrategy[Any]:
    d = _VOCABULARY.facts[name]
    if d["type"] == "boolean":
        return st.booleans()
    pool = ["Postmark", "Ola"] if d["of"] == "text" else sorted(_VOCABULARY.terms(d["of"]))
    if d["type"] == "term":
        return st.sampled_from(pool)
    return st.lists(st.sampled_from(pool), max_size=2, unique=True)


# Facts as a provider or a declaration might give them: often the very facts that permit or
# refuse the newsletter, often valid facts of the vocabulary, sometimes anything.
_wild_value = st.one_of(st.none(), st.integers(), st.text(max_size=5), st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 1, 1)))
_facts = st.one_of(
    st.sampled_from([CLEAR, OBJECTED, {**CLEAR, "customer_relationship": "ended"}, {**CLEAR, "objected_purposes": ["direct_marketing"]}, {}]),
    st.fixed_dictionaries({}, optional={name: _valid_value(name) for name in sorted(_VOCABULARY.facts)}),
    st.dictionaries(st.sampled_from(sorted(_VOCABULARY.facts) + ["shoe_size"]), st.one_of(_wild_value, st.booleans()), max_size=4),
)
_declaration_extras = st.fixed_dictionaries({}, optional={
    "facts": _facts,
    "name": st.one_of(st.none(), st.just("nyhetsbrev")),
    "subject": st.one_of(st.none(), st.just("customer_id"), st.just("nobody")),
    "recipients": st.just([{"kind": "processor", "name": "Postmark", "country": "IE", "dpa": True}]),
    "action": st.sampled_from(["contact", "access"]),
    "legal_basis": st.sampled_from(["consent", "legitimate_interests"]),
})


@settings(max_examples=int(os.environ.get("PERSONVERN_HYPOTHESIS_EXAMPLES", "150")), deadline=None, derandomize=True,
          database=None, suppress_health_check=list(HealthCheck))
@given(extras=_declaration_extras, provided=_facts)
@example(extras={"facts": CLEAR, "subject": "customer_id"}, provided=OBJECTED)  # the attack of issue 9
def test_declared_facts_no_declaration_makes_a_guard_permit_what_evaluate_refuses(extras: dict[str, Any], provided: dict[str, Any]) -> None:
    """Property: whatever a declaration holds, a guard (and a processing) permits only when
    policy.evaluate of the same operation with the provider's facts permits."""
    policy = _POLICY
    declaration = {**NEWSLETTER, **extras}
    ran: list[bool] = []
    try:
        guarded = policy.guard(**declaration)(lambda customer_id=None: ran.append(True))
        entered = policy.processing(**declaration)
    except (PersonvernError, TypeError):
        assert not ran
        return
    personvern.register_fact_provider(lambda request: provided)
    try:
        try:
            guarded()
        except personvern.ProcessingDenied:
            pass
        try:
            with entered:
                ran.append(True)
        except personvern.ProcessingDenied:
            pass
    finally:
        personvern.register_fact_provider(None)
    if ran:
        operation = {k: v for k, v in declaration.items() if k not in ("name", "subject")}
        assert policy.evaluate(operation, facts=provided).permitted, (declaration, provided)


# ---------------------------------------------------------------------------- fact providers' bad answers

class _Unreadable(Mapping[str, Any]):
    """A Mapping whose contents cannot be read."""

    def __getitem__(self, key: str) -> Any:
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        raise RuntimeError("the cache is corrupt")

    def __len__(self) -> int:
        return 3


def _raises_timeout(request: personvern.FactRequest) -> Any:
    raise TimeoutError("CRM \x1b[2Jdid not answer")


BAD_ANSWERS: dict[str, tuple[Callable[[personvern.FactRequest], Any], str]] = {
    "a string": (lambda request: "direct_marketing_objection=False", "gave a value of type str, not a mapping"),
    "a number": (lambda request: 42, "gave a value of type int, not a mapping"),
    "None": (lambda request: None, "gave None, not a mapping"),
    "a list of pairs": (lambda request: list(CLEAR.items()), "gave a value of type list, not a mapping"),
    "an unknown fact": (lambda request: {**CLEAR, "shoe_size": 44}, "'shoe_size' is not a known fact"),
    "a bad value": (lambda request: {**CLEAR, "direct_marketing_objection": "nei"}, "direct_marketing_objection: must be true or false"),
    "an unreadable mapping": (lambda request: _Unreadable(), "cannot be read: RuntimeError: the cache is corrupt"),
    "an exception": (_raises_timeout, "failed: TimeoutError: CRM \\x1b[2Jdid not answer"),  # escaped, not raw
}


def test_fact_provider_bad_answer_names_the_facts_it_was_asked_for(policy: personvern.Policy) -> None:
    personvern.register_fact_provider(_raises_timeout)
    try:
        with pytest.raises(personvern.ProcessingDenied) as denied:
            with policy.processing(**NEWSLETTER, subject="kunde-1"):
                pass
    finally:
        personvern.register_fact_provider(None)
    message = str(denied.value)
    assert re.fullmatch(r"refused: the fact provider for ('\w+', ){2}'\w+' failed: TimeoutError: .*", message), message
    assert all(f"'{fact}'" in message for fact in ("direct_marketing_objection", "objected_purposes", "customer_relationship"))


@pytest.mark.parametrize("answer", sorted(BAD_ANSWERS))
def test_fact_provider_bad_answer_refuses_that_call_logs_it_and_names_the_cause(policy: personvern.Policy, tmp_path: Path,
                                                                                answer: str) -> None:
    provider, cause = BAD_ANSWERS[answer]
    log = tmp_path / "decisions.jsonl"
    store = personvern.PolicyStore(policy=policy, fact_provider=provider, decision_log=log)
    ran: list[str] = []

    @store.guard(**NEWSLETTER, subject="customer_id")
    def send(customer_id: str) -> None:
        ran.append(customer_id)

    @store.guard(**NEWSLETTER, subject="customer_id")
    async def send_async(customer_id: str) -> None:
        ran.append(customer_id)

    denials: list[personvern.ProcessingDenied] = []
    for attempt in (lambda: send("kunde-1"), lambda: asyncio.run(send_async("kunde-1"))):
        with pytest.raises(personvern.ProcessingDenied) as denied:
            attempt()
        denials.append(denied.value)
    with pytest.raises(personvern.ProcessingDenied) as denied:
        with store.processing(**NEWSLETTER, subject="kunde-1"):
            ran.append("processing")
    denials.append(denied.value)
    assert ran == []
    for e in denials:
        assert e.decision.outcome == personvern.DENY and [f.code for f in e.decision.errors] == ["fact_provider_error"]
        assert str(e).startswith("refused: ") and cause in str(e), str(e)
        assert "\x1b" not in str(e)
    entries = list(read_log(log))
    assert [x["outcome"] for x in entries] == ["deny"] * 3
    assert all(x["errors"] == [{"rule": "facts", "code": "fact_provider_error"}] for x in entries)
    assert [x["decision_id"] for x in entries] == [e.decision_id for e in denials]


@pytest.mark.parametrize("answer", sorted(BAD_ANSWERS))
def test_fact_provider_bad_answer_refuses_only_that_subject_in_a_batch(policy: personvern.Policy, answer: str) -> None:
    bad, cause = BAD_ANSWERS[answer]

    def provider(request: personvern.FactRequest) -> Any:
        return bad(request) if request.subject == "bad" else (OBJECTED if request.subject == "objected" else CLEAR)

    result = policy.batch(NEWSLETTER, ["ok", "bad", "objected", "ok2"], provider=provider)
    assert result.permitted_subjects == ["ok", "ok2"]
    refused = dict(result.refused)
    assert refused["objected"].rule_ids == ("markedsforing.reservasjon",)
    assert [e.code for e in refused["bad"].errors] == ["fact_provider_error"]
    assert cause in str(personvern.ProcessingDenied(refused["bad"]))


@pytest.mark.parametrize("given", ["nei", 7, list(CLEAR.items()), _Unreadable(), {"shoe_size": 44}, {1: True}])
def test_fact_provider_bad_answer_in_a_batch_mapping_refuses_only_that_subject(policy: personvern.Policy, tmp_path: Path,
                                                                                given: Any) -> None:
    log = personvern.DecisionLog(tmp_path / "decisions.jsonl")
    store = personvern.PolicyStore(policy=policy, decision_log=log)
    result = store.batch(NEWSLETTER, {"ok": CLEAR, "bad": given, "none": None})
    assert result.permitted_subjects == ["ok"]
    refused = dict(result.refused)
    assert [e.code for e in refused["bad"].errors] == ["fact_provider_error"]
    assert "the facts given for this subject" in str(personvern.ProcessingDenied(refused["bad"]))
    assert refused["none"].outcome == personvern.CONDITIONAL  # no facts known: refused with the open conditions
    assert log.written == 3


def test_fact_provider_bad_answer_to_a_prepared_operation_is_an_input_error(policy: personvern.Policy) -> None:
    prepared = policy.prepare(NEWSLETTER)
    for given in ("nei", 7, list(CLEAR.items())):
        with pytest.raises(personvern.OperationError) as e:
            prepared.evaluate(given)  # type: ignore[arg-type]
        assert e.value.problems[0].path == "$.facts"


# ---------------------------------------------------------------------------- runtime arguments of the wrong kind

def test_runtime_arguments_a_path_opens_a_decision_log(policy: personvern.Policy, tmp_path: Path) -> None:
    for given in (str(tmp_path / "a.jsonl"), tmp_path / "b.jsonl"):
        store = personvern.PolicyStore(policy=policy, decision_log=given)
        assert isinstance(store.decision_log, personvern.DecisionLog)
        result = store.batch(NEWSLETTER, {"kunde-1": CLEAR, "kunde-2": OBJECTED})
        assert len(result.permitted) == 1
        assert [x["outcome"] for x in read_log(given)] == ["permit", "deny"]


@pytest.mark.parametrize("kwargs", [{"decision_log": 42}, {"decision_log": object()}, {"fact_provider": {"a": 1}},
                                    {"on_error": "print"}, {"use_cache": "yes"}, {"policy": "rules/"}, {"path": 3}])
def test_runtime_arguments_of_the_wrong_kind_fail_at_construction(policy: personvern.Policy, kwargs: dict[str, Any]) -> None:
    args = {"policy": policy, **kwargs}
    path = args.pop("path", None)
    with pytest.raises(UsageError) as e:
        personvern.PolicyStore(path, **args)
    assert e.value.code == "usage_error" and isinstance(e.value, PersonvernError) and isinstance(e.value, TypeError)


def test_runtime_arguments_configure_checks_before_changing_anything(tmp_path: Path) -> None:
    before = personvern.default_store()
    for kwargs in ({"decision_log": 42}, {"fact_provider": "crm"}, {"use_cache": None}):
        with pytest.raises(UsageError):
            personvern.configure(**kwargs)
        assert personvern.default_store() is before
    path = tmp_path / "decisions.jsonl"
    try:
        personvern.configure(decision_log=str(path))
        with personvern.processing(purpose="security", legal_basis="legal_obligation", data_categories=["ip_address"],
                                   data_subjects=["website_visitor"]):
            pass
    finally:
        personvern.configure(None)
    assert [x["outcome"] for x in read_log(path)] == ["permit"]
    with pytest.raises(UsageError):
        personvern.set_decision_log(42)  # type: ignore[arg-type]
    with pytest.raises(UsageError):
        personvern.register_fact_provider("not a callable")  # type: ignore[arg-type]


def test_runtime_arguments_unknown_declaration_keywords_are_a_typed_error(policy: personvern.Policy) -> None:
    with pytest.raises(UsageError):
        policy.guard(**NEWSLETTER, categories=["name"])
    with pytest.raises(UsageError):
        policy.processing(**NEWSLETTER, fact={"a": 1})


# ---------------------------------------------------------------------------- decision ids

def test_decision_ids_on_every_log_line_and_on_the_refusal(policy: personvern.Policy, tmp_path: Path) -> None:
    path = tmp_path / "decisions.jsonl"
    answers = {"kunde-1": CLEAR, "kunde-2": OBJECTED}
    store = personvern.PolicyStore(policy=policy, decision_log=path, fact_provider=lambda request: answers[request.subject])
    send = store.guard(**NEWSLETTER, subject="customer_id")(lambda customer_id: customer_id)
    assert send("kunde-1") == "kunde-1"
    with pytest.raises(personvern.ProcessingDenied) as denied:
        send("kunde-2")
    entering = store.processing(**NEWSLETTER, subject="kunde-1")
    with entering as permitted:
        pass
    store.batch(NEWSLETTER, ["kunde-1", "kunde-2"])
    store.evaluate(NEWSLETTER, facts=CLEAR)
    entries = list(read_log(path))
    ids = [x["decision_id"] for x in entries]
    assert len(entries) == 6 and len(set(ids)) == 6
    assert all(re.fullmatch(r"[0-9a-f]{32}", i) for i in ids)
    assert ids[1] == denied.value.decision_id and denied.value.decision_id in str(denied.value)
    assert ids[2] == entering.decision_id and entries[2]["outcome"] == permitted.outcome == "permit"
    # The id is on the log line and the refusal, not on the Decision: equal decisions stay equal (and cacheable).
    again = store.processing(**NEWSLETTER, subject="kunde-1")
    with again as second:
        pass
    assert second == permitted and again.decision_id != entering.decision_id
    assert not hasattr(second, "decision_id")


def test_decision_ids_without_a_log_are_none(policy: personvern.Policy, objecting: None) -> None:
    personvern.set_decision_log(None)
    entering = policy.processing(**NEWSLETTER, subject="kunde-1")
    with pytest.raises(personvern.ProcessingDenied) as denied:
        with entering:
            pass
    assert denied.value.decision_id is None and entering.decision_id is None
    assert "[decision" not in str(denied.value)


def test_decision_ids_differ_in_a_forked_child(policy: personvern.Policy, tmp_path: Path) -> None:
    path = tmp_path / "decisions.jsonl"
    log = personvern.DecisionLog(path)
    d = policy.evaluate(NEWSLETTER, facts=CLEAR)
    log.record(d, None)
    pid = os.fork()
    if pid == 0:  # the child writes one line with its own id and leaves at once
        try:
            log.record(d, None)
        finally:
            os._exit(0)
    os.waitpid(pid, 0)
    log.record(d, None)
    ids = [x["decision_id"] for x in read_log(path)]
    assert len(ids) == 3 and len(set(ids)) == 3
    parent = [i for i in ids if i[:16] == ids[0][:16]]
    assert len(parent) == 2 and int(parent[1][16:], 16) > int(parent[0][16:], 16)  # increasing within a process
