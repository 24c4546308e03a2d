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

from .api import load_policy
from .decision import CONDITIONAL, DENY, PERMIT, ClauseRef, Condition, Decision, Reason, RuleFailure
from .errors import (
    InvalidInputError, OperationError, PersonvernError, PolicyLoadError, ProcessingDenied, Problem,
)
from .model import Operation, Policy, Recipient
from .audit import DecisionLog
from .batch import BatchResult, Prepared
from .runtime import FactProvider, FactRequest, Processing, register_fact_provider, set_decision_log
from .store import PolicyStore, batch, configure, default_store, guard, processing

__version__ = "0.1.0"

__all__ = [
    "CONDITIONAL", "DENY", "PERMIT",
    "ClauseRef", "Condition", "Decision", "InvalidInputError", "Operation", "OperationError",
    "PersonvernError", "Policy", "PolicyLoadError", "Problem", "ProcessingDenied", "Reason",
    "Recipient", "RuleFailure", "load_policy", "__version__",
    "BatchResult", "DecisionLog", "FactProvider", "FactRequest", "PolicyStore", "Prepared", "Processing",
    "batch", "configure", "default_store", "guard", "processing", "register_fact_provider", "set_decision_log",
]
