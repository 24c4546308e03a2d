"""personvern: Flex AS's customer privacy statement as machine-checkable rules.

    import personvern
    policy = personvern.load_policy()          # the bundled Flex policy
    decision = policy.evaluate({
        "purpose": "direct_marketing", "legal_basis": "legitimate_interests",
        "data_categories": ["name", "email"], "data_subjects": ["customer"],
        "facts": {"direct_marketing_objection": False, "customer_relationship": "active"},
    })
    decision.outcome        # "permit", "deny" or "conditional"
    policy.require(op)      # raises ProcessingDenied unless permitted outright
"""

from __future__ import annotations

import importlib

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a few ms of every process's start)

# Names are imported on first use (PEP 562), so that a short-lived process such as the
# pre-commit check pays only for what it uses: `import personvern` itself costs nothing.
_EXPORTS = {
    "load_policy": "facade.policy", "Policy": "facade.policy",
    "CONDITIONAL": "core.decision", "DENY": "core.decision", "PERMIT": "core.decision", "ClauseRef": "core.decision",
    "Condition": "core.decision", "Decision": "core.decision", "Reason": "core.decision", "RuleFailure": "core.decision",
    "ProcessingDenied": "core.decision",
    "InvalidInputError": "errors", "OperationError": "errors", "PersonvernError": "errors",
    "PolicyLoadError": "errors", "Problem": "errors", "DeclaredFactsError": "errors", "UsageError": "errors",
    "Operation": "core.model", "Recipient": "core.model",
    "DecisionLog": "runtime.audit",
    "BatchResult": "runtime.batch", "Prepared": "runtime.batch",
    "FactProvider": "runtime.guards", "FactRequest": "runtime.guards", "Processing": "runtime.guards",
    "register_fact_provider": "runtime.guards", "set_decision_log": "runtime.guards",
    "PolicyStore": "facade.store", "batch": "facade.store", "configure": "facade.store", "default_store": "facade.store",
    "guard": "facade.store", "processing": "facade.store",
}

if TYPE_CHECKING:
    from typing import Any

    from .core.decision import (
        CONDITIONAL, DENY, PERMIT, ClauseRef, Condition, Decision, ProcessingDenied, Reason, RuleFailure,
    )
    from .core.model import Operation, Recipient
    from .errors import (
        DeclaredFactsError, InvalidInputError, OperationError, PersonvernError, PolicyLoadError, Problem, UsageError,
    )
    from .facade.policy import Policy, load_policy
    from .facade.store import PolicyStore, batch, configure, default_store, guard, processing
    from .runtime.audit import DecisionLog
    from .runtime.batch import BatchResult, Prepared
    from .runtime.guards import FactProvider, FactRequest, Processing, register_fact_provider, set_decision_log


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'personvern' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))


__version__ = "0.1.0"

__all__ = [
    "CONDITIONAL", "DENY", "PERMIT",
    "ClauseRef", "Condition", "DeclaredFactsError", "Decision", "InvalidInputError", "UsageError", "Operation", "OperationError",
    "PersonvernError", "Policy", "PolicyLoadError", "Problem", "ProcessingDenied", "Reason",
    "Recipient", "RuleFailure", "load_policy", "__version__",
    "BatchResult", "DecisionLog", "FactProvider", "FactRequest", "PolicyStore", "Prepared", "Processing",
    "batch", "configure", "default_store", "guard", "processing", "register_fact_provider", "set_decision_log",
]
