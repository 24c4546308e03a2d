"""Flex's newsletter service, in miniature: processing declared beside the code that does it.

``personvern check examples/manifests/newsletter_service.py`` reads the declarations below
with Python's ``ast``: it never imports or runs this file, so only literal values count.
At run time the same decorator and context manager decide again, with the facts then known
(has this customer objected to direct marketing?), and refuse when the policy says no.
"""

from __future__ import annotations

from typing import Any

import personvern

policy = personvern.load_policy()


@policy.guard(
    name="nyhetsbrev-nye-funksjoner",
    purpose="direct_marketing",
    legal_basis="legitimate_interests",
    data_categories=["name", "email"],
    data_subjects=["customer"],
    action="contact",
    recipients=[{"kind": "processor", "name": "Postmark EU", "country": "IE", "dpa": True}],
)
def send_newsletter(customer: dict[str, Any], issue: str) -> None:
    """Email one customer this month's newsletter through Postmark (EU)."""
    print(f"to {customer['email']}: {issue}")


def remember_opt_out(email: str, opt_out_list: set[str]) -> None:
    """Keep the address of a customer who objected, so that no newsletter reaches them again."""
    with personvern.processing(
        name="reservasjonsliste",
        purpose="marketing_opt_out",
        legal_basis="legitimate_interests",
        data_categories=["email"],
        data_subjects=["customer"],
        action="store",
    ):
        opt_out_list.add(email)
