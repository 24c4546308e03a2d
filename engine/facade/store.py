"""Policy holders: a store that reloads atomically, and the process-wide default behind personvern.guard.

    store = personvern.PolicyStore("rules/")       # or PolicyStore() for the bundled policy
    store.reload()                                 # False (old policy kept) if the new rules do not load
    personvern.configure(fact_provider=..., decision_log="decisions.jsonl")
"""

from __future__ import annotations

import os
import threading
from typing import Any, Callable, Iterable, Mapping

from ..core.decision import PERMIT, Decision, ProcessingDenied
from ..core.model import Operation
from ..errors import UsageError
from ..runtime.batch import BatchResult, _batch
from .policy import Policy, load_policy
from ..runtime.guards import (
    F, S, AuditSink, FactMapping, FactProvider, Processing, _defaults, _guard, decision_log_arg, fact_provider_arg,
    register_fact_provider, set_decision_log,
)


class PolicyStore:
    """Holds the current Policy and swaps in a reloaded one atomically.

    Readers take ``store.policy`` once per decision, so every decision comes from exactly
    one complete policy (its ``policy_hash`` says which). A failed reload keeps the old
    policy, sets ``last_error`` and calls ``on_error``; nothing half-loaded is ever served.

    Arguments are checked here (UsageError, a TypeError, for one of the wrong type);
    ``decision_log`` may be a path (str or os.PathLike), which opens a DecisionLog on it.
    """

    def __init__(self, path: str | os.PathLike[str] | None = None, *, policy: Policy | None = None,
                 fact_provider: FactProvider | None = None, decision_log: AuditSink | str | os.PathLike[str] | None = None,
                 use_cache: bool = True, on_error: Callable[[Exception], None] | None = None) -> None:
        _check_args(path, policy, use_cache, on_error)
        self.path = path
        self.use_cache = use_cache
        self.fact_provider = fact_provider_arg(fact_provider)
        self.decision_log = decision_log_arg(decision_log)
        self.on_error = on_error
        self.last_error: Exception | None = None
        self.reloads = 0
        self._lock = threading.Lock()
        self._policy: Policy = policy if policy is not None else load_policy(path, use_cache=use_cache)

    @property
    def policy(self) -> Policy:
        """The current policy (immutable)."""
        return self._policy

    def reload(self, path: str | os.PathLike[str] | None = None) -> bool:
        """Load the rule set again (from ``path`` if given) and swap it in. False if it failed."""
        with self._lock:
            target = path if path is not None else self.path
            try:
                fresh = load_policy(target, use_cache=self.use_cache)
            except Exception as e:  # noqa: BLE001 - any failure keeps the old policy
                self.last_error = e
                if self.on_error is not None:
                    self.on_error(e)
                return False
            self.path = target
            self._policy = fresh  # one reference assignment: atomic for every reader
            self.last_error = None
            self.reloads += 1
            return True

    def _current(self) -> tuple[Policy, FactProvider | None, AuditSink | None]:
        return self._policy, self.fact_provider or _defaults.provider, self.decision_log or _defaults.log

    def evaluate(self, operation: Mapping[str, Any] | Operation, *, facts: FactMapping | None = None) -> Decision:
        """Decide with the current policy (recorded in the decision log when one is set)."""
        policy, _, log = self._current()
        d: Decision = policy.evaluate(operation, facts=facts)
        if log is not None:
            log.record(d, operation if isinstance(operation, Operation) else policy.operation(operation, facts))
        return d

    def require(self, operation: Mapping[str, Any] | Operation, *, facts: FactMapping | None = None) -> Decision:
        """Like evaluate; raises ProcessingDenied unless permitted outright."""
        d = self.evaluate(operation, facts=facts)
        if d.outcome != PERMIT:
            raise ProcessingDenied(d)
        return d

    def guard(self, **declaration: Any) -> Callable[[F], F]:
        """A decorator deciding with this store's current policy on every call (see :func:`guard`)."""
        return _guard(self._current, declaration)

    def processing(self, **declaration: Any) -> Processing:
        """A context manager deciding with this store's current policy (see :func:`processing`)."""
        return Processing(self._current, declaration)

    def batch(self, operation: Mapping[str, Any] | Operation, subjects: Mapping[S, FactMapping | None] | Iterable[S], *,
              provider: FactProvider | None = None) -> BatchResult[S]:
        """Decide one operation for many subjects (see :func:`batch`)."""
        return _batch(self._current, operation, subjects, provider)


def _check_args(path: Any, policy: Any, use_cache: Any, on_error: Any) -> None:
    if path is not None and not isinstance(path, (str, os.PathLike)):
        raise UsageError(f"the rules are a folder's path (str or os.PathLike), not {type(path).__name__}")
    if policy is not None and not isinstance(policy, Policy):
        raise UsageError(f"policy= is a Policy (personvern.load_policy()), not {type(policy).__name__}")
    if not isinstance(use_cache, bool):
        raise UsageError(f"use_cache= is True or False, not {type(use_cache).__name__}")
    if on_error is not None and not callable(on_error):
        raise UsageError(f"on_error= is a callable given the exception, not {type(on_error).__name__}")


_store: PolicyStore | None = None
_store_lock = threading.Lock()


def default_store() -> PolicyStore:
    """The process-wide store behind ``personvern.guard`` and friends (the bundled policy unless configured)."""
    global _store
    if _store is None:
        with _store_lock:
            if _store is None:
                _store = PolicyStore()
    return _store


def configure(rules: str | os.PathLike[str] | None = None, *, fact_provider: FactProvider | None = None,
              decision_log: AuditSink | str | os.PathLike[str] | None = None, use_cache: bool = True) -> PolicyStore:
    """Set up the process-wide store: which rules, which fact provider, which decision log (a path
    or a DecisionLog). Every argument is checked before anything changes (UsageError)."""
    global _store
    fact_provider_arg(fact_provider)
    if not isinstance(decision_log, (str, os.PathLike)):
        decision_log_arg(decision_log)  # a path is opened below, once the rules have loaded
    store = PolicyStore(rules, use_cache=use_cache)
    with _store_lock:
        _store = store
    register_fact_provider(fact_provider)
    set_decision_log(decision_log)
    return store


def guard(**declaration: Any) -> Callable[[F], F]:
    """Decorate a function (sync or async) that processes personal data.

    Keywords: purpose, legal_basis, data_categories, data_subjects, action, recipients, name
    (the declaration), plus subject= (the wrapped function's parameter that holds the data
    subject's id, or a callable given the call's arguments). A declaration cannot carry facts
    (DeclaredFactsError): they come from the fact provider. Uses the process-wide store
    (:func:`configure`); ``policy.guard`` binds one policy instead.
    """
    return _guard(lambda: default_store()._current(), declaration)


def processing(**declaration: Any) -> Processing:
    """``with personvern.processing(purpose=..., ..., subject=customer_id) as decision:``"""
    return Processing(lambda: default_store()._current(), declaration)


def batch(operation: Mapping[str, Any] | Operation, subjects: Mapping[S, FactMapping | None] | Iterable[S], *,
          provider: FactProvider | None = None) -> BatchResult[S]:
    """Decide one operation for many subjects with the process-wide store.

    ``subjects`` maps each subject to its facts, or lists subjects whose facts the fact
    provider gives (one call per subject). Invalid facts refuse that subject only.
    """
    return _batch(lambda: default_store()._current(), operation, subjects, provider)



__all__ = ["PolicyStore", "batch", "configure", "default_store", "guard", "processing"]
