"""Flex's newsletter service, in miniature: processing declared beside the code that does it.

``personvern check examples/manifests/newsletter_service.py`` reads the two declarations
below with Python's ``ast``; it never imports or runs this file, so only literal values
count. At commit time the newsletter is permitted on conditions (has this customer objected
to direct marketing? is the customer relationship still active?); at run time the same
decorator decides again for each customer, with the facts the fact provider gives, and
raises personvern.ProcessingDenied unless the answer is an unconditional permit.

Run it: ``python examples/manifests/newsletter_service.py``.
"""

from __future__ import annotations

from typing import Any

import personvern

policy = personvern.load_policy()

# What the service knows about each customer (in real life: the customer database).
CUSTOMERS: dict[str, dict[str, Any]] = {
    "kunde-1": {"email": "kari@example.no", "facts": {"direct_marketing_objection": False, "customer_relationship": "active",
                                                      "objected_purposes": []}},
    "kunde-2": {"email": "ola@example.no", "facts": {"direct_marketing_objection": True, "customer_relationship": "active",
                                                     "objected_purposes": []}},
}


def customer_facts(request: personvern.FactRequest) -> dict[str, Any]:
    """The fact provider: the facts the rules need about the customer being processed."""
    facts: dict[str, Any] = CUSTOMERS[request.subject]["facts"]
    return {name: facts.get(name) for name in request.needed}


personvern.register_fact_provider(customer_facts)


@policy.guard(
    name="nyhetsbrev-nye-funksjoner",
    purpose="direct_marketing",
    legal_basis="legitimate_interests",
    data_categories=["name", "email"],
    data_subjects=["customer"],
    action="contact",
    recipients=[{"kind": "processor", "name": "Postmark EU", "country": "IE", "dpa": True}],
    subject="customer_id",
)
def send_newsletter(customer_id: str, issue: str) -> None:
    """Email one customer this month's newsletter through Postmark (EU)."""
    print(f"til {CUSTOMERS[customer_id]['email']}: {issue}")


def remember_opt_out(email: str, opt_out_list: set[str]) -> None:
    """Keep the address of a customer who objected, so that no newsletter reaches them again."""
    with policy.processing(
        name="reservasjonsliste",
        purpose="marketing_opt_out",
        legal_basis="legitimate_interests",
        data_categories=["email"],
        data_subjects=["customer"],
        action="store",
    ):
        opt_out_list.add(email)


if __name__ == "__main__":
    for customer in CUSTOMERS:
        try:
            send_newsletter(customer, "Nytt i Flex denne måneden")
        except personvern.ProcessingDenied as denied:
            print(f"{customer}: ikke sendt – {denied.decision.summary('nb')}")
    remember_opt_out("ola@example.no", set())
