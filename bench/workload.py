"""The benchmark workload: proposed processings over personvern's own vocabulary (the Flex policy).

Every request has all the facts the Flex rules can read, so each engine answers yes or no
(personvern: permit or deny, never conditional); set-valued facts are frozensets, as a
Python service holds them (the peers' adapters turn them into lists for their JSON input).
60% of the requests are "plausible":
basis, categories and subjects drawn from one of the policy's permit rules, so that the
facts and the recipient decide; 40% are drawn from the whole vocabulary (mostly refused).
At most one recipient per request. Seeded: every run sees the same requests.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass
from typing import Any

import personvern

SEED = 20261125
COUNTRIES = ("NO", "SE", "IE", "DE", "US", "IN")
NAMES = ("Postmark EU", "Skatteetaten", "Acme Analytics", "Tingretten", "DNB")


@dataclass(frozen=True, slots=True)
class Request:
    purpose: str
    legal_basis: str
    categories: tuple[str, ...]
    subjects: tuple[str, ...]
    action: str
    recipient: tuple[str, str, str, bool] | None  # kind, name, country, dpa
    facts: dict[str, Any]

    def static(self) -> dict[str, Any]:
        """The operation without its facts, as personvern takes it."""
        op: dict[str, Any] = {"purpose": self.purpose, "legal_basis": self.legal_basis, "data_categories": list(self.categories),
                              "data_subjects": list(self.subjects), "action": self.action}
        if self.recipient is not None:
            kind, name, country, dpa = self.recipient
            op["recipients"] = [{"kind": kind, "name": name, "country": country, "dpa": dpa}]
        return op

    def static_key(self) -> tuple[Any, ...]:
        return (self.purpose, self.legal_basis, self.categories, self.subjects, self.action, self.recipient)


def generate(policy: personvern.Policy, n: int = 10_000, seed: int = SEED) -> list[Request]:
    rng = random.Random(seed)
    s = policy.vocabulary.sections
    purposes, bases = sorted(s["purposes"]), sorted(s["legal_bases"])
    categories, subjects, kinds = sorted(s["data_categories"]), sorted(s["data_subjects"]), sorted(s["recipient_kinds"])
    actions, products = sorted(s["actions"]), sorted(s["product_kinds"])
    permits = sorted((r for r in policy.rules.values() if r.effect == "permit" and r.level == "processing"), key=lambda r: r.id)
    out = []
    for _ in range(n):
        if rng.random() < 0.6:
            rule = rng.choice(permits)
            purpose = rng.choice(sorted(rule.purposes or purposes))
            basis = rng.choice(sorted(rule.legal_bases or bases))
            pool = sorted(rule.categories or categories)
            if rng.random() < 0.05:
                pool.append("health")
            subject_pool = sorted(rule.subjects or subjects)
            rule_actions = sorted(rule.actions or ())
        else:
            purpose, basis, pool, subject_pool, rule_actions = rng.choice(purposes), rng.choice(bases), categories, subjects, []
        cats = tuple(sorted(rng.sample(pool, rng.randint(1, min(4, len(pool))))))
        subs = tuple(sorted(rng.sample(subject_pool, rng.randint(1, min(2, len(subject_pool))))))
        if rule_actions and rng.random() < 0.8:
            action = rng.choice(rule_actions)
        else:
            action = rng.choice(actions) if rng.random() < 0.5 else "use"
        recipient = None
        if rng.random() < 0.35 or action == "disclose":  # a disclosure without a recipient is an input error
            recipient = (rng.choice(kinds), rng.choice(NAMES), rng.choice(COUNTRIES) if rng.random() < 0.3 else "NO", rng.random() < 0.85)
        consents = {p for p in purposes if rng.random() < 0.1}
        if rng.random() < 0.6:
            consents.add(purpose)
        withdrawn = {p for p in purposes if p not in consents and rng.random() < 0.05}
        objected = frozenset(p for p in purposes if rng.random() < 0.05)
        facts = {
            # an objection to direct marketing is the opt-out (vocabulary fact_checks): the two agree
            "direct_marketing_objection": "direct_marketing" in objected or rng.random() < 0.15,
            "objected_purposes": objected,
            "consents": frozenset(consents),
            "withdrawn_consents": frozenset(withdrawn),
            "consented_recipients": frozenset(x for x in NAMES if rng.random() < 0.3),
            "lawful_disclosure": rng.random() < 0.6,
            "legal_duty": rng.random() < 0.7,
            "customer_relationship": rng.choices(("active", "ended", "none"), (0.85, 0.1, 0.05))[0],
            "browser_blocks_cookies": rng.random() < 0.2,
            "actor_authorized": rng.random() < 0.9,
            "actor_needs_to_know": rng.random() < 0.9,
            "flex_is_processor": rng.random() < 0.3,
            "customer_instructions_documented": rng.random() < 0.8,
            "marketed_product": rng.choice(products),
            "address_from_sale_with_opt_out": rng.random() < 0.7,
            "in_reservation_register": rng.random() < 0.2,
            "parental_consent": rng.random() < 0.5,
            "salary_payment_banks": frozenset(x for x in NAMES if rng.random() < 0.3),
            "customer_auditors": frozenset(x for x in NAMES if rng.random() < 0.3),
            "licensed_debt_collectors": frozenset(x for x in NAMES if rng.random() < 0.3),
            "unpaid_invoice": rng.random() < 0.3,
            "authorised_subprocessors": frozenset(x for x in NAMES if rng.random() < 0.3),
        }
        # a statutory duty makes the disclosure lawful (vocabulary fact_checks): the two agree
        facts["lawful_disclosure"] = facts["lawful_disclosure"] or facts["legal_duty"]
        out.append(Request(purpose, basis, cats, subs, action, recipient, facts))
    return out


def edges(policy: personvern.Policy) -> list[Request]:
    """Requests on both sides of the hand-written conditions the random workload rarely decides on.

    In 10,000 random requests no answer turns on the customer relationship of an e-mail without consent,
    and few on which recipient fact names an independent controller: these vary exactly those facts
    (every combination), so that the agreement check would catch an encoding that gets them wrong.
    """
    base = dict(generate(policy, 1)[0].facts)
    base.update(direct_marketing_objection=False, objected_purposes=frozenset(), consents=frozenset({"direct_marketing"}),
                withdrawn_consents=frozenset(), browser_blocks_cookies=False, actor_authorized=True, actor_needs_to_know=True,
                flex_is_processor=False, in_reservation_register=False, customer_relationship="active")
    out = []
    products, states = sorted(policy.vocabulary.sections["product_kinds"]), sorted(policy.vocabulary.sections["relationship_states"])
    for basis, product, from_sale, state in itertools.product(("legitimate_interests", "consent"), products, (True, False), states):
        out.append(Request("direct_marketing", basis, ("email", "name"), ("customer",), "send_electronic_mail", None,
                           {**base, "marketed_product": product, "address_from_sale_with_opt_out": from_sale, "customer_relationship": state}))
    for basis, lawful, duty, kind in itertools.product(("legal_obligation", "legitimate_interests"), (True, False), (True, False),
                                                       ("public_authority", "court")):
        if duty and not lawful:  # a contradiction (vocabulary fact_checks), refused as input
            continue
        out.append(Request("legal_obligation", basis, ("name",), ("customer",), "disclose", (kind, "Skatteetaten", "NO", True),
                           {**base, "lawful_disclosure": lawful, "legal_duty": duty}))
    named = (frozenset(), frozenset({"DNB"}))
    for cats, purpose, banks, auditors, collectors, unpaid in itertools.product(
            (("bank_account",), ("accounting_records",), ("accounting_records", "bank_account"), ("name",)),
            ("service_delivery", "customer_administration"), named, named, named, (True, False)):
        out.append(Request(purpose, "contract", cats, ("customer",), "disclose", ("independent_controller", "DNB", "NO", True),
                           {**base, "salary_payment_banks": banks, "customer_auditors": auditors,
                            "licensed_debt_collectors": collectors, "unpaid_invoice": unpaid}))
    for basis, cats in itertools.product(("contract", "legal_obligation"), (("name",), ("address", "phone"), ("salary",), ("name", "tax_information"))):
        out.append(Request("service_delivery", basis, cats, ("customer_employee",), "use", None, dict(base)))
    # the second held-out review: reading from the device by action, an objection against collecting an unpaid
    # invoice, marketing to children, e-mail to someone who is not a customer
    for action, cats in itertools.product(("collect", "use", "store", "disclose"), (("device_identifier",), ("cookie_identifier",), ("ip_address",))):
        rcpt = ("public_authority", "Politiet", "NO", True) if action == "disclose" else None
        out.append(Request("legal_obligation" if rcpt else "service_improvement", "legitimate_interests", cats, ("website_visitor",),
                           action, rcpt, {**base, "lawful_disclosure": True, "legal_duty": False}))
    for unpaid, collectors in itertools.product((True, False), named):
        out.append(Request("customer_administration", "legitimate_interests", ("invoice_information", "name"), ("customer",), "disclose",
                           ("independent_controller", "DNB", "NO", True),
                           {**base, "objected_purposes": frozenset({"customer_administration"}), "unpaid_invoice": unpaid,
                            "licensed_debt_collectors": collectors}))
    for purpose, subject, parental in itertools.product(("direct_marketing", "market_research", "consented_purpose"),
                                                        ("child_under_13", "customer"), (True, False)):
        out.append(Request(purpose, "consent", ("email",), (subject,), "contact", None,
                           {**base, "consents": frozenset({purpose}), "parental_consent": parental}))
    for subject in ("customer", "prospect", "customer_employee"):
        out.append(Request("direct_marketing", "legitimate_interests", ("email",), (subject,), "send_electronic_mail", None,
                           {**base, "marketed_product": "own_similar", "address_from_sale_with_opt_out": True}))
    return out
