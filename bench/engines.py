"""Adapters: each engine as load() / convert(request) / decide(converted) -> bool / batch(list) -> list[bool].

``convert`` is the per-call work of turning a request into what the engine's Python API
takes; ``decide`` is the engine call. Both are timed (bench_runtime.py). personvern's
decide returns the outcome of a full Decision (reasons with clause texts, obligations).
"""

from __future__ import annotations

import json
import os
import tempfile
from typing import Any

import personvern

from . import encoding_rego, encodings
from .workload import Request

_dumps = json.dumps


class PersonvernDict:
    """policy.evaluate(dict): the operation validated as data on every call."""

    name = "personvern (evaluate dict)"
    has_batch = False

    def load(self, policy: personvern.Policy) -> None:
        self.policy = policy

    def convert(self, r: Request) -> Any:
        op = r.static()
        op["facts"] = r.facts
        return op

    def decide(self, conv: Any) -> bool:
        return bool(self.policy.evaluate(conv).outcome == personvern.PERMIT)


class PersonvernPrepared:
    """policy.prepare(operation) once per declared processing, then prepared.evaluate(facts) per call.

    This is what a guard does: the declaration is validated once, facts come per call.
    """

    name = "personvern (prepared, all facts)"
    has_batch = False

    def load(self, policy: personvern.Policy) -> None:
        self.policy = policy
        self.prepared: dict[Any, personvern.Prepared] = {}

    def prepare_all(self, requests: list[Request]) -> None:
        for r in requests:
            key = r.static_key()
            if key not in self.prepared:
                self.prepared[key] = self.policy.prepare(r.static())

    def convert(self, r: Request) -> Any:
        return self.prepared[r.static_key()], r.facts

    def decide(self, conv: Any) -> bool:
        prepared, facts = conv
        return bool(prepared.evaluate(facts).outcome == personvern.PERMIT)


class PersonvernNeeded(PersonvernPrepared):
    """The guard path: prepared once, and per call only the facts the rules need (FactRequest.needed).

    A fact provider asked through a guard gets ``needed`` and fetches just those; here
    convert picks them out of the request's facts.
    """

    name = "personvern (guard: needed facts)"

    def convert(self, r: Request) -> Any:
        prepared = self.prepared[r.static_key()]
        facts = r.facts
        return prepared, {n: facts[n] for n in prepared.needed}


def _context(r: Request) -> dict[str, Any]:
    kind, name, country, dpa = r.recipient if r.recipient is not None else ("", "", "NO", True)
    facts = {k: list(v) if isinstance(v, frozenset) else v for k, v in r.facts.items()}
    return {"purpose": r.purpose, "legal_basis": r.legal_basis, "categories": list(r.categories), "subjects": list(r.subjects),
            "action": r.action, "has_recipient": r.recipient is not None,
            "recipient": {"kind": kind, "name": name, "country": country, "dpa": dpa}, "facts": facts}


class Cedar:
    name = "cedarpy"
    has_batch = True

    def load(self, policy: personvern.Policy) -> None:
        import cedarpy

        self.cedarpy = cedarpy
        self.policies = cedarpy.PolicySet.from_str(encodings.cedar(encodings.tables(policy)))
        self.entities = cedarpy.Entities.from_json_str("[]")

    def convert(self, r: Request) -> Any:
        return {"principal": {"type": "DataSubject", "id": r.subjects[0]}, "action": {"type": "Action", "id": r.action},
                "resource": {"type": "Purpose", "id": r.purpose}, "context": _dumps(_context(r))}

    def decide(self, conv: Any) -> bool:
        return bool(self.cedarpy.is_authorized(conv, self.policies, self.entities).allowed)

    def batch(self, convs: list[Any]) -> list[bool]:
        return [bool(x.allowed) for x in self.cedarpy.is_authorized_batch(convs, self.policies, self.entities)]


class Rego:
    """regopy (rego-cpp): a compiled bundle, then set_input + query_bundle_entrypoint per call."""

    name = "regopy"
    has_batch = False

    def load(self, policy: personvern.Policy) -> None:
        import regopy

        builder = regopy.Interpreter()
        builder.add_module("flex.rego", encoding_rego.rego(encodings.tables(policy)))
        self.bundle = builder.build(None, ["flex/allow"])
        if not self.bundle.ok():
            raise RuntimeError(f"rego bundle failed: {self.bundle.node()}")
        self._builder = builder
        self.interp = regopy.Interpreter()
        self.Input = regopy.Input

    def convert(self, r: Request) -> Any:
        return self.Input(_context(r))

    def decide(self, conv: Any) -> bool:
        self.interp.set_input(conv)
        out = self.interp.query_bundle_entrypoint(self.bundle, "flex/allow")
        return out.results[0].expressions[0] is True


class Casbin:
    name = "pycasbin"
    has_batch = True

    def load(self, policy: personvern.Policy) -> None:
        import casbin

        model, rows = encodings.casbin(encodings.tables(policy))
        self._dir = tempfile.mkdtemp(prefix="personvern-bench-casbin-")
        mpath, ppath = os.path.join(self._dir, "model.conf"), os.path.join(self._dir, "policy.csv")
        with open(mpath, "w", encoding="utf-8") as f:
            f.write(model)
        with open(ppath, "w", encoding="utf-8") as f:
            f.write("")
        self.enforcer = casbin.Enforcer(mpath, ppath)
        self.enforcer.add_policies(rows)

    def convert(self, r: Request) -> Any:
        kind, name, country, dpa = r.recipient if r.recipient is not None else ("", "", "NO", True)
        facts = r.facts
        return (r.purpose, r.legal_basis, " ".join(r.categories), " ".join(r.subjects), r.action,
                {"has": r.recipient is not None, "kind": kind, "name": name, "country": country, "dpa": dpa}, facts)

    def decide(self, conv: Any) -> bool:
        return bool(self.enforcer.enforce(*conv))

    def batch(self, convs: list[Any]) -> list[bool]:
        return [bool(x) for x in self.enforcer.batch_enforce(convs)]


ENGINES: dict[str, type] = {"needed": PersonvernNeeded, "prepared": PersonvernPrepared, "dict": PersonvernDict, "cedarpy": Cedar, "regopy": Rego, "pycasbin": Casbin}
