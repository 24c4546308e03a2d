"""JSON Schemas for what users write (operations) and what the engine returns (decisions),
specialised to a policy's vocabulary so that editors and validators know every term.

The files in schemas/ are generated from the bundled policy with
``personvern schema operation`` / ``decision``; a test keeps them in step.
"""

from __future__ import annotations

from typing import Any

from ..core.factkinds import kind_of
from ..core.model import CompiledPolicy
from .declarations import MAX_ACTIVITIES, MAX_NAME, MAX_TEXT

DRAFT = "https://json-schema.org/draft/2020-12/schema"
BASE = "https://flex.as/personvern/schemas/"
_STR = {"type": "string", "minLength": 1}


def _enum(policy: CompiledPolicy, section: str) -> dict[str, Any]:
    return {"enum": sorted(policy.vocabulary.sections[section])}


def term_defs(policy: CompiledPolicy) -> dict[str, Any]:
    v = policy.vocabulary
    defs: dict[str, Any] = {
        "purpose": _enum(policy, "purposes"),
        "legal_basis": _enum(policy, "legal_bases"),
        "data_category": _enum(policy, "data_categories"),
        "data_subject": _enum(policy, "data_subjects"),
        "action": _enum(policy, "actions"),
        "recipient_kind": _enum(policy, "recipient_kinds"),
        "country": {"type": "string", "pattern": "^[A-Z]{2}$", "description": "ISO 3166-1 alpha-2, e.g. NO"},
        "recipient": {
            "type": "object", "additionalProperties": False, "required": ["kind", "name", "country"],
            "properties": {"kind": {"$ref": "#/$defs/recipient_kind"}, "name": {"type": "string", "minLength": 1, "maxLength": 1024},
                           "country": {"$ref": "#/$defs/country"},
                           "dpa": {"type": "boolean", "description": "a data processing agreement (GDPR art. 28) exists"}},
        },
    }
    facts: dict[str, Any] = {}
    for name, d in sorted(v.facts.items()):
        desc = f"{d['en']} / {d['nb']}. Leave out or null when not known."
        facts[name] = {**kind_of(d).schema(d.get("of"), lambda section: _enum(policy, section)), "description": desc}
    defs["facts"] = {"type": "object", "additionalProperties": False, "properties": facts}
    return defs


def operation_schema(policy: CompiledPolicy) -> dict[str, Any]:
    return {
        "$schema": DRAFT, "$id": BASE + "operation.schema.json",
        "title": "A proposed processing of personal data (personvern operation)",
        "type": "object", "additionalProperties": False,
        "required": ["purpose", "legal_basis", "data_categories", "data_subjects", *_action_required(policy)],
        "properties": {
            "$schema": {"type": "string"},
            "id": {"type": ["string", "integer"]},
            "description": {"type": "string", "maxLength": 10240},
            "purpose": {"$ref": "#/$defs/purpose"},
            "legal_basis": {"$ref": "#/$defs/legal_basis"},
            "data_categories": {"type": "array", "items": {"$ref": "#/$defs/data_category"}, "minItems": 1, "maxItems": 256},
            "data_subjects": {"type": "array", "items": {"$ref": "#/$defs/data_subject"}, "minItems": 1, "maxItems": 256},
            "action": {"$ref": "#/$defs/action"},
            "recipients": {"type": "array", "items": {"$ref": "#/$defs/recipient"}, "maxItems": 256},
            "date": {"type": "string", "format": "date"},
            "facts": {"$ref": "#/$defs/facts"},
        },
        **_needs_recipient(policy),
        "$defs": term_defs(policy),
    }


def decision_schema(policy: CompiledPolicy) -> dict[str, Any]:
    clause = {"type": "object", "additionalProperties": False, "required": ["id", "text"],
              "properties": {"id": {"enum": sorted(policy.clauses)}, "text": _STR}}
    nben = {"type": "object", "additionalProperties": False, "required": ["nb", "en"], "properties": {"nb": _STR, "en": _STR}}
    rule_id = {"enum": sorted(policy.rules) + ["operation"]}
    return {
        "$schema": DRAFT, "$id": BASE + "decision.schema.json",
        "title": "A personvern decision",
        "type": "object", "additionalProperties": False,
        "required": ["outcome", "outcome_nb", "policy", "reasons", "obligations", "conditions", "errors"],
        "properties": {
            "outcome": {"enum": ["permit", "deny", "conditional"]},
            "outcome_nb": {"enum": ["tillatt", "avvist", "tillatt på vilkår"]},
            "operation_id": {"type": ["string", "null"]},
            "policy": {"type": "object", "additionalProperties": False, "required": ["id", "version", "hash"],
                       "properties": {"id": _STR, "version": _STR, "hash": {"type": "string", "pattern": "^[0-9a-f]{64}$"}}},
            "reasons": {"type": "array", "items": {
                "type": "object", "additionalProperties": False,
                "required": ["rule", "effect", "clauses", "explanation", "interpretation", "recipient", "details"],
                "properties": {"rule": rule_id, "effect": {"enum": ["permit", "forbid"]}, "clauses": {"type": "array", "items": clause, "minItems": 1},
                               "explanation": nben, "interpretation": {"oneOf": [nben, {"type": "null"}]},
                               "recipient": {"type": ["string", "null"]}, "details": {"type": "array", "items": nben}}}},
            "obligations": {"type": "array", "items": {"type": "object", "additionalProperties": False, "required": ["id", "nb", "en"],
                                                        "properties": {"id": {"enum": sorted(policy.vocabulary.obligations)}, "nb": _STR, "en": _STR}}},
            "conditions": {"type": "array", "items": {
                "type": "object", "additionalProperties": False, "required": ["rule", "nb", "en", "facts", "clauses", "recipient"],
                "properties": {"rule": _STR, "nb": _STR, "en": _STR, "facts": {"type": "array", "items": _STR},
                               "clauses": {"type": "array", "items": {"enum": sorted(policy.clauses)}}, "recipient": {"type": ["string", "null"]}}}},
            "errors": {"type": "array", "items": {"type": "object", "additionalProperties": False, "required": ["rule", "code", "message"],
                                                   "properties": {"rule": _STR, "code": _STR, "message": {"type": "string"}}}},
            "trace": {"type": "array"},
        },
        "allOf": [
            {"if": {"properties": {"outcome": {"const": "conditional"}}}, "then": {"properties": {"conditions": {"minItems": 1}}}},
            {"if": {"properties": {"outcome": {"const": "permit"}}}, "then": {"properties": {"conditions": {"maxItems": 0}, "errors": {"maxItems": 0}}}},
        ],
    }


def _action_required(policy: CompiledPolicy) -> list[str]:
    """``action`` is required when the vocabulary marks no action as the default."""
    return [] if policy.vocabulary.index.default_action else ["action"]


def _needs_recipient(policy: CompiledPolicy) -> dict[str, Any]:
    """An operation whose action the vocabulary marks needs_recipient names at least one recipient
    (as the keywords to add to the object's schema: none when no action needs one)."""
    index = policy.vocabulary.index
    if not index.recipient_actions:
        return {}
    named = {"required": ["action"]} if index.default_action not in index.recipient_actions else {}
    return {"if": {**named, "properties": {"action": {"enum": sorted(index.recipient_actions)}}},
            "then": {"required": ["recipients"], "properties": {"recipients": {"minItems": 1}}}}


def manifest_schema(policy: CompiledPolicy) -> dict[str, Any]:
    """JSON Schema of a manifest, specialised to the policy's vocabulary (for editors and CI)."""
    defs = term_defs(policy)
    v = policy.vocabulary
    defs["record_class"] = {"enum": sorted(v.sections.get("record_classes", {})), "description": "a record class of the retention rules"}
    for name, section in (("purpose", "purposes"), ("legal_basis", "legal_bases"), ("data_category", "data_categories"),
                          ("data_subject", "data_subjects"), ("action", "actions"), ("recipient_kind", "recipient_kinds"),
                          ("record_class", "record_classes")):
        # Editors (yaml-language-server, VS Code) show these beside each term while completing.
        defs[name]["enumDescriptions"] = [f"{v.label(section, t)} ({v.label(section, t, 'en')})" for t in defs[name]["enum"]]
    defs["retention"] = {
        "type": "object", "additionalProperties": False, "minProperties": 1,
        "description": "How long the data is kept: the record class the retention rules know, and/or a note in words.",
        "properties": {"record_class": {"$ref": "#/$defs/record_class"},
                       "note": {"type": "string", "minLength": 1, "maxLength": MAX_TEXT, "description": "e.g. deleted 30 days after the customer leaves"}},
    }
    defs["activity"] = {
        "type": "object", "additionalProperties": False,
        "required": ["name", "purpose", "legal_basis", "data_categories", "data_subjects", "retention", *_action_required(policy)],
        "properties": {
            "name": {"type": "string", "minLength": 1, "maxLength": MAX_NAME, "pattern": "\\S", "description": "a short name, unique in the file"},
            "description": {"type": "string", "maxLength": MAX_TEXT},
            "purpose": {"$ref": "#/$defs/purpose"},
            "legal_basis": {"$ref": "#/$defs/legal_basis"},
            "data_categories": {"type": "array", "items": {"$ref": "#/$defs/data_category"}, "minItems": 1, "maxItems": 256},
            "data_subjects": {"type": "array", "items": {"$ref": "#/$defs/data_subject"}, "minItems": 1, "maxItems": 256},
            "action": {"$ref": "#/$defs/action", "description": "what is done with the data" + (
                f" (default: {v.index.default_action})" if v.index.default_action else "")},
            "recipients": {"type": "array", "items": {"$ref": "#/$defs/recipient"}, "maxItems": 256},
            "retention": {"$ref": "#/$defs/retention"},
        },
        **_needs_recipient(policy),
    }
    return {
        "$schema": DRAFT, "$id": BASE + "manifest.schema.json",
        "title": "personvern processing declarations (manifest)",
        "description": "What a code base processes: one entry per processing activity. Checked by `personvern check`.",
        "type": "object", "additionalProperties": False, "required": ["activities"],
        "properties": {
            "$schema": {"type": "string"},
            "system": {"type": "string", "maxLength": MAX_TEXT, "description": "the system or repository the manifest describes"},
            "description": {"type": "string", "maxLength": MAX_TEXT},
            "activities": {"type": "array", "items": {"$ref": "#/$defs/activity"}, "minItems": 1, "maxItems": MAX_ACTIVITIES},
        },
        "$defs": defs,
    }


def decisions_schema(policy: CompiledPolicy) -> dict[str, Any]:
    """What `personvern evaluate --format json` prints: always {"decisions": [...]}, one per operation, in input order."""
    one = {k: v for k, v in decision_schema(policy).items() if k not in ("$schema", "$id")}
    return {
        "$schema": DRAFT, "$id": BASE + "decisions.schema.json",
        "title": "personvern evaluate --format json: the decisions on the operations given, in order",
        "type": "object", "additionalProperties": False, "required": ["decisions"],
        "properties": {"decisions": {"type": "array", "items": {"$ref": "#/$defs/decision"}}},
        "$defs": {"decision": one},
    }


GENERATED = {"operation": operation_schema, "decision": decision_schema, "decisions": decisions_schema, "manifest": manifest_schema}
