"""A Fides system manifest from personvern.yaml manifests: one privacy declaration per activity.

Terms are mapped through the vocabulary's ``fideslang`` ids; a term without one is an error
(never a guess). The result is validated with the fideslang package's pydantic models.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .. import errors
from ..errors import Problem
from ..check.declarations import Declaration
from ..check.manifest import read_manifest
from ..core.model import CompiledPolicy

FIELDS = (("purpose", "purposes"), ("legal_basis", "legal_bases"), ("data_categories", "data_categories"),
          ("data_subjects", "data_subjects"))


def _fides_key(text: str) -> str:
    key = "".join(c if c.isalnum() or c in "_-" else "_" for c in text.strip())
    return key or "system"


def _map(policy: CompiledPolicy, d: Declaration, problems: list[Problem]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for field, section in FIELDS:
        value = d.data.get(field)
        terms = value if isinstance(value, list) else [value] if value is not None else []
        mapped = []
        for i, term in enumerate(terms):
            fid = policy.vocabulary.sections.get(section, {}).get(str(term), {}).get("fideslang")
            if not fid:
                where = f"{d.prefix}.{field}" + (f"[{i}]" if isinstance(value, list) else "")
                problems.append(Problem(errors.UNKNOWN_TERM, f"{section} term {term!r} has no fideslang id in the vocabulary; "
                                        "it cannot be exported to Fides", d.file, d.line, d.column, where))
            else:
                mapped.append(str(fid))
        out[field] = mapped
    return out


def fides_manifest(policy: CompiledPolicy, paths: list[Path]) -> dict[str, Any]:
    """``{"system": [...]}``, one system per manifest file, validated with fideslang's System model."""
    try:
        from fideslang.models import System
        from pydantic import ValidationError
    except ImportError:
        raise errors.PersonvernError("the Fides export needs fideslang: pip install 'personvern[fides]'") from None
    systems = []
    for path in paths:
        src = read_manifest(path, str(path))
        problems = list(src.problems) + [p for d in src.declarations for p in d.problems]
        if src.unreadable or problems:
            raise errors.InvalidInputError(problems, str(path))
        doc = src.declarations[0].doc.data if src.declarations else {}
        name = str(doc.get("system") or path.parent.name)
        declarations = []
        for d in src.declarations:
            m = _map(policy, d, problems)
            decl: dict[str, Any] = {"name": d.name, "data_use": (m["purpose"] or [""])[0],
                                    "data_categories": m["data_categories"], "data_subjects": m["data_subjects"]}
            if m["legal_basis"]:
                decl["legal_basis_for_processing"] = m["legal_basis"][0]
            declarations.append(decl)
        if problems:
            raise errors.InvalidInputError(problems, str(path))
        system = {"fides_key": _fides_key(name), "name": name, "description": str(doc.get("description") or ""),
                  "system_type": "Service", "privacy_declarations": declarations}
        try:
            System.model_validate(system)
        except ValidationError as e:
            raise errors.InvalidInputError([Problem(errors.SCHEMA, f"not a valid Fides system: {err['msg']}", str(path),
                                                    path=".".join(str(x) for x in err["loc"])) for err in e.errors()],
                                           str(path)) from None
        systems.append(system)
    return {"system": systems}
