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
from typing import TYPE_CHECKING, Any

# Names are imported on first use (PEP 562), so that a short-lived process such as the
# pre-commit check pays only for what it uses: `import personvern` itself costs nothing.
_EXPORTS = {
    "load_policy": "api",
    "CONDITIONAL": "decision", "DENY": "decision", "PERMIT": "decision", "ClauseRef": "decision",
    "Condition": "decision", "Decision": "decision", "Reason": "decision", "RuleFailure": "decision",
    "InvalidInputError": "errors", "OperationError": "errors", "PersonvernError": "errors",
    "PolicyLoadError": "errors", "ProcessingDenied": "errors", "Problem": "errors",
    "Operation": "model", "Policy": "model", "Recipient": "model",
    "DecisionLog": "audit",
    "BatchResult": "batch", "Prepared": "batch",
    "FactProvider": "runtime", "FactRequest": "runtime", "Processing": "runtime",
    "register_fact_provider": "runtime", "set_decision_log": "runtime",
    "PolicyStore": "store", "batch": "store", "configure": "store", "default_store": "store",
    "guard": "store", "processing": "store",
}

if TYPE_CHECKING:
    from .api import load_policy
    from .audit import DecisionLog
    from .batch import BatchResult, Prepared
    from .decision import CONDITIONAL, DENY, PERMIT, ClauseRef, Condition, Decision, Reason, RuleFailure
    from .errors import (
        InvalidInputError, OperationError, PersonvernError, PolicyLoadError, ProcessingDenied, Problem,
    )
    from .model import Operation, Policy, Recipient
    from .runtime import FactProvider, FactRequest, Processing, register_fact_provider, set_decision_log
    from .store import PolicyStore, batch, configure, default_store, guard, processing


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
    "ClauseRef", "Condition", "Decision", "InvalidInputError", "Operation", "OperationError",
    "PersonvernError", "Policy", "PolicyLoadError", "Problem", "ProcessingDenied", "Reason",
    "Recipient", "RuleFailure", "load_policy", "__version__",
    "BatchResult", "DecisionLog", "FactProvider", "FactRequest", "PolicyStore", "Prepared", "Processing",
    "batch", "configure", "default_store", "guard", "processing", "register_fact_provider", "set_decision_log",
]
