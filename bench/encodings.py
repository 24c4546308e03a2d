"""The Flex processing and transfer rules written for the peer engines (Cedar, Rego, Casbin).

The permit rules' scopes (purposes, legal bases, data categories, data subjects) are tables
taken from the loaded personvern policy, so they cannot drift; each forbid rule's condition
is written by hand in each engine's own language (Rego: encoding_rego.py). bench_runtime.py checks that every engine
agrees with personvern's plain evaluator on every request of the workload.
"""

from __future__ import annotations

import json
from typing import Any

import personvern

# The conditions each encoding spells out. If the rules change, the check below fails loudly
# rather than letting an encoding silently disagree.
EXPECTED_FORBIDS = {
    "forbud.saerlige-kategorier", "forbud.formal-utenfor-erklaeringen", "markedsforing.reservasjon", "rettigheter.innsigelse",
    "samtykke.mangler", "samtykke.trukket-tilbake", "oppbevaring.etter-kundeforholdet", "sikkerhet.tilgangskontroll",
    "informasjonskapsler.nettleserinnstilling", "overforinger.myndigheter-uten-hjemmel", "overforinger.tjenesteleverandor-uten-avtale",
    "overforinger.tredjepart-uten-samtykke", "overforinger.utenfor-eos",
    # issue 11 (the legal review)
    "databehandler.andre-sarlige-kategorier", "erklaeringen.gjelder-ikke-flex-ansatte", "forbud.automatiserte-avgjorelser",
    "informasjonskapsler.samtykke-kreves", "markedsforing.andres-produkter", "markedsforing.epost-sms-uten-samtykke",
    "markedsforing.for-andre-uten-samtykke", "markedsforing.post-reservasjonsregisteret", "markedsforing.telefon-reservasjonsregisteret",
    "overforinger.fjerntilgang-utenfor-eos", "overforinger.leverandorens-egne-formal", "overforinger.virksomhetsoverdragelse",
    "samtykke.barn-under-13", "overforinger.selvstendig-uten-grunnlag", "overforinger.underleverandor-uten-godkjenning",
    # issue 11, round three
    "lover.utlevering-uten-plikt",
    # issue 11, the second held-out review
    "barn.markedsforing", "overforinger.inkasso-uten-krav", "rettigheter.innsigelse-fakturering",
}
# A permit rule's condition, as a guard each encoding spells out by name.
GUARDS = {
    None: None, "facts.legal_duty": "legal_duty", "facts.lawful_disclosure": "lawful_disclosure", "facts.unpaid_invoice": "unpaid_invoice",
    "categories intersects sets.employment_special_categories and facts.flex_is_processor and facts.customer_instructions_documented": "employer",
    'legal_basis != "contract" or categories intersects sets.payroll_accounting_data': "payroll",
}
# Recipient permits with a condition: an independent controller the contract needs (written out by hand below).
EXPECTED_RECIPIENT_CONDITIONS = {"overforinger.bank-lonnsutbetaling", "overforinger.kundens-revisor", "overforinger.inkasso"}


def tables(policy: personvern.Policy) -> dict[str, Any]:
    forbids = {r.id for r in policy.rules.values() if r.effect == "forbid" and not r.default}
    if forbids != EXPECTED_FORBIDS:
        raise SystemExit(f"the rules changed; update bench/encodings.py: {sorted(forbids ^ EXPECTED_FORBIDS)}")
    permits = []
    for r in sorted(policy.rules.values(), key=lambda r: r.id):
        if r.effect != "permit" or r.level != "processing":
            continue
        if r.when not in GUARDS:
            raise SystemExit(f"bench/encodings.py cannot encode the permit {r.id} ({r.when})")
        permits.append({"id": r.id, "purposes": sorted(r.purposes or ()), "bases": sorted(r.legal_bases or ()),
                        "categories": sorted(r.categories or ()), "subjects": sorted(r.subjects or ()),
                        "actions": sorted(r.actions) if r.actions else None, "guard": GUARDS[r.when]})
    rcpt_permits = [r for r in policy.rules.values() if r.effect == "permit" and r.level == "recipient"]
    conditional = {r.id for r in rcpt_permits if r.when is not None}
    if conditional != EXPECTED_RECIPIENT_CONDITIONS:
        raise SystemExit(f"the recipient rules changed; update bench/encodings.py: {sorted(conditional ^ EXPECTED_RECIPIENT_CONDITIONS)}")
    kinds = sorted({k for r in rcpt_permits if r.when is None for k in (r.recipient_kinds or ())})
    sets, rules = policy.vocabulary.sets, policy.rules
    return {"permits": permits, "recipient_kinds": kinds, "special": sorted(sets["special_categories"]),
            "outside": sorted(rules["forbud.formal-utenfor-erklaeringen"].purposes or ()),
            "relationship_subjects": sorted(sets["relationship_subjects"]), "kept": sorted(sets["kept_after_relationship"]),
            "exempt": sorted(sets["objection_exempt"]), "eea": sorted(sets["eea_countries"]),
            "cookie_purposes": sorted(sets["cookie_purposes"]), "cookie_exempt": sorted(sets["cookie_exempt_purposes"]),
            "terminal": sorted(sets["terminal_data"]), "cookie_data": sorted(sets["cookie_data"]),
            "non_customers": sorted(sets["non_customer_subjects"]), "children": sorted(rules["barn.markedsforing"].purposes or ()),
            "employment": sorted(sets["employment_special_categories"]),
            "payroll": sorted(sets["payroll_accounting_data"]),
            "outside_employment": sorted(sets["special_categories_outside_employment"]),
            "marketing": sorted(rules["markedsforing.reservasjon"].purposes or ()),
            "own_products_only": sorted(rules["markedsforing.andres-produkter"].purposes or ()),
            "channels": sorted(rules["markedsforing.andres-produkter"].actions or ()),
            "provider_own": sorted(rules["overforinger.leverandorens-egne-formal"].purposes or ()),
            "business_transfer": sorted(rules["overforinger.virksomhetsoverdragelse"].purposes or ()),
            "others_marketing": sorted(rules["markedsforing.for-andre-uten-samtykke"].purposes or ())}


def _q(values: list[str]) -> str:
    return json.dumps(values)


def _cedar_guard(p: dict[str, Any], t: dict[str, Any]) -> str:
    g = p["guard"]
    if g == "employer":
        return (f' && context.categories.containsAny({_q(t["employment"])}) && context.facts.flex_is_processor'
                ' && context.facts.customer_instructions_documented')
    if g == "payroll":
        return f' && (context.legal_basis != "contract" || context.categories.containsAny({_q(t["payroll"])}))'
    return f" && context.facts.{g}" if g else ""


# An independent controller the contract needs, each named by its own fact: the bank paying salaries,
# the customer's auditor, a licensed debt collector.
_CEDAR_CONTROLLER = ('context.recipient.kind == "independent_controller" && ((context.purpose == "service_delivery" && '
                     '((context.categories.contains("bank_account") && context.facts.salary_payment_banks.contains(context.recipient.name)) || '
                     '(context.categories.contains("accounting_records") && context.facts.customer_auditors.contains(context.recipient.name)))) || '
                     '(context.purpose == "customer_administration" && context.facts.unpaid_invoice && '
                     'context.facts.licensed_debt_collectors.contains(context.recipient.name)))')


def cedar(t: dict[str, Any]) -> str:
    out = ["// Generated by bench/encodings.py from the Flex rules: permit scopes as tables, forbids by hand."]
    for p in t["permits"]:
        for purpose in p["purposes"]:
            cond = (f'{_q(p["bases"])}.contains(context.legal_basis) && {_q(p["categories"])}.containsAll(context.categories)'
                    f' && {_q(p["subjects"])}.containsAll(context.subjects)')
            if p["actions"]:
                cond += f' && {_q(p["actions"])}.contains(context.action)'
            cond += _cedar_guard(p, t)
            cond += f' && (!context.has_recipient || {_q(t["recipient_kinds"])}.contains(context.recipient.kind) || {_CEDAR_CONTROLLER})'
            out.append(f'@id("{p["id"]}:{purpose}")\npermit (principal, action, resource == Purpose::"{purpose}") when {{ {cond} }};')

    def f(cond: str) -> None:
        out.append(f"forbid (principal, action, resource) when {{ {cond} }};")

    mkt = f'{_q(t["marketing"])}.contains(context.purpose)'
    f(f'context.categories.containsAny({_q(t["special"])}) && !(context.facts.flex_is_processor && '
      'context.facts.customer_instructions_documented && context.purpose == "service_delivery")')
    f(f'context.facts.flex_is_processor && context.categories.containsAny({_q(t["outside_employment"])})')
    f('context.subjects.contains("flex_employee")')
    f('context.action == "automated_decision"')
    f('context.action == "third_country_access"')
    f(f'{_q(t["outside"] + t["provider_own"] + t["business_transfer"])}.contains(context.purpose)')
    f(f'{mkt} && context.facts.direct_marketing_objection')
    f(f'{_q(t["others_marketing"])}.contains(context.purpose) && context.legal_basis != "consent"')
    f(f'{_q(t["own_products_only"])}.contains(context.purpose) && {_q(t["channels"])}.contains(context.action) && '
      'context.facts.marketed_product == "third_party" && context.legal_basis != "consent"')
    f(f'{mkt} && context.action == "send_electronic_mail" && context.legal_basis != "consent" && '
      '(context.facts.marketed_product != "own_similar" || !context.facts.address_from_sale_with_opt_out || '
      f'context.facts.customer_relationship != "active" || context.subjects.containsAny({_q(t["non_customers"])}))')
    f(f'{mkt} && context.action == "call" && context.facts.in_reservation_register')
    f(f'{mkt} && context.action == "send_post" && context.facts.in_reservation_register && context.facts.customer_relationship != "active"')
    f(f'context.legal_basis == "legitimate_interests" && '
      f'context.facts.objected_purposes.contains(context.purpose) && !{_q(t["exempt"])}.contains(context.purpose) && '
      '!(context.purpose == "customer_administration" && context.facts.unpaid_invoice)')
    f(f'{_q(t["children"])}.contains(context.purpose) && context.subjects.contains("child_under_13")')
    f('context.legal_basis == "consent" && !context.facts.consents.contains(context.purpose)')
    f('context.legal_basis == "consent" && context.subjects.contains("child_under_13") && !context.facts.parental_consent')
    f(f'context.subjects.containsAny({_q(t["relationship_subjects"])}) && '
      f'context.legal_basis != "consent" && !{_q(t["kept"])}.contains(context.purpose) && context.facts.customer_relationship == "ended"')
    f('context.action == "access" && !(context.facts.actor_authorized && context.facts.actor_needs_to_know)')
    f(f'context.facts.browser_blocks_cookies && (context.action == "set_cookie" || {_q(t["cookie_purposes"])}.contains(context.purpose))')
    f(f'(context.action == "set_cookie" || (context.action == "collect" && context.categories.containsAny({_q(t["terminal"])})) || '
      f'(context.action != "disclose" && context.categories.containsAny({_q(t["cookie_data"])}))) && '
      f'!{_q(t["cookie_exempt"])}.contains(context.purpose) && context.legal_basis != "consent"')
    f('context.action == "disclose" && context.legal_basis == "legal_obligation" && context.facts.lawful_disclosure && '
      '!context.facts.legal_duty')
    f('context.has_recipient && ["public_authority", "court"].contains(context.recipient.kind) && !context.facts.lawful_disclosure')
    f('context.has_recipient && context.recipient.kind == "processor" && !context.recipient.dpa')
    f('context.has_recipient && context.recipient.kind == "third_party" && !context.facts.consented_recipients.contains(context.recipient.name)')
    f('context.has_recipient && context.recipient.kind == "subprocessor" && '
      '(!context.recipient.dpa || !context.facts.authorised_subprocessors.contains(context.recipient.name))')
    f('context.has_recipient && context.recipient.kind == "independent_controller" && '
      '!["service_delivery", "customer_administration"].contains(context.purpose)')
    f('context.has_recipient && context.recipient.kind == "independent_controller" && context.purpose == "customer_administration" && '
      '!context.facts.unpaid_invoice && context.facts.licensed_debt_collectors.contains(context.recipient.name)')
    f(f'context.has_recipient && !{_q(t["eea"])}.contains(context.recipient.country)')
    return "\n".join(out) + "\n"


def casbin(t: dict[str, Any]) -> tuple[str, list[list[str]]]:
    """(model.conf text, policy rows). Set membership as regexMatch on space-joined sorted terms."""
    model = r"""# Generated by bench/encodings.py. enforce(purpose, basis, cats, subjects, action, rcpt, facts)
#   cats, subjects: sorted terms joined by spaces; rcpt, facts: dicts.
# Rows: p, purpose|*, kind, bases-regex, cats-regex, subjects-regex, actions-regex ("" is any), eft
[request_definition]
r = purpose, basis, cats, subjects, action, rcpt, facts

[policy_definition]
p = purpose, kind, bases, cats, subjects, acts, eft

[policy_effect]
e = some(where (p.eft == allow)) && !some(where (p.eft == deny))

[matchers]
m = (p.purpose == r.purpose || p.purpose == "*") && regexMatch(r.action, p.acts) && ( \
    ((p.kind == "permit" || (p.kind == "permit_legal_duty" && r.facts.legal_duty) || \
      (p.kind == "permit_lawful_disclosure" && r.facts.lawful_disclosure) || (p.kind == "permit_unpaid_invoice" && r.facts.unpaid_invoice) || \
      (p.kind == "permit_employer" && regexMatch(r.cats, "EMPLOYMENT") && r.facts.flex_is_processor && r.facts.customer_instructions_documented) || \
      (p.kind == "permit_payroll" && (r.basis != "contract" || regexMatch(r.cats, "PAYROLL")))) && \
      regexMatch(r.basis, p.bases) && regexMatch(r.cats, p.cats) && regexMatch(r.subjects, p.subjects) && \
      (!r.rcpt.has || regexMatch(r.rcpt.kind, "^(KINDS)$") || (r.rcpt.kind == "independent_controller" && ( \
        (r.purpose == "service_delivery" && regexMatch(r.cats, ".*(^| )bank_account( |$)") && r.rcpt.name in r.facts.salary_payment_banks) || \
        (r.purpose == "service_delivery" && regexMatch(r.cats, ".*(^| )accounting_records( |$)") && r.rcpt.name in r.facts.customer_auditors) || \
        (r.purpose == "customer_administration" && r.facts.unpaid_invoice && r.rcpt.name in r.facts.licensed_debt_collectors))))) || \
    (p.kind == "special" && regexMatch(r.cats, p.cats) && !(r.facts.flex_is_processor && r.facts.customer_instructions_documented && r.purpose == "service_delivery")) || \
    (p.kind == "outside_employment" && r.facts.flex_is_processor && regexMatch(r.cats, p.cats)) || \
    (p.kind == "subject" && regexMatch(r.subjects, p.subjects)) || \
    (p.kind == "action") || \
    (p.kind == "outside") || \
    (p.kind == "objection" && r.facts.direct_marketing_objection) || \
    (p.kind == "others_no_consent" && r.basis != "consent") || \
    (p.kind == "own_products" && r.facts.marketed_product == "third_party" && r.basis != "consent") || \
    (p.kind == "email" && r.basis != "consent" && !(r.facts.marketed_product == "own_similar" && r.facts.address_from_sale_with_opt_out && \
      r.facts.customer_relationship == "active" && !regexMatch(r.subjects, p.subjects))) || \
    (p.kind == "call_register" && r.facts.in_reservation_register) || \
    (p.kind == "post_register" && r.facts.in_reservation_register && r.facts.customer_relationship != "active") || \
    (p.kind == "innsigelse" && r.basis == "legitimate_interests" && r.purpose in r.facts.objected_purposes && !regexMatch(r.purpose, p.bases) && \
      !(r.purpose == "customer_administration" && r.facts.unpaid_invoice)) || \
    (p.kind == "children" && regexMatch(r.subjects, p.subjects)) || \
    (p.kind == "consent_missing" && r.basis == "consent" && !(r.purpose in r.facts.consents)) || \
    (p.kind == "child" && r.basis == "consent" && regexMatch(r.subjects, p.subjects) && !r.facts.parental_consent) || \
    (p.kind == "ended" && regexMatch(r.subjects, p.subjects) && r.basis != "consent" && !regexMatch(r.purpose, p.bases) && r.facts.customer_relationship == "ended") || \
    (p.kind == "access" && !(r.facts.actor_authorized && r.facts.actor_needs_to_know)) || \
    (p.kind == "cookies" && r.facts.browser_blocks_cookies && (r.action == "set_cookie" || regexMatch(r.purpose, p.bases))) || \
    (p.kind == "cookie_consent" && (r.action == "set_cookie" || (r.action == "collect" && regexMatch(r.cats, p.cats)) || \
      (r.action != "disclose" && regexMatch(r.cats, "COOKIEDATA"))) && !regexMatch(r.purpose, p.bases) && r.basis != "consent") || \
    (p.kind == "no_duty" && r.basis == "legal_obligation" && r.facts.lawful_disclosure && !r.facts.legal_duty) || \
    (p.kind == "authority" && r.rcpt.has && (r.rcpt.kind == "public_authority" || r.rcpt.kind == "court") && !r.facts.lawful_disclosure) || \
    (p.kind == "no_dpa" && r.rcpt.has && r.rcpt.kind == "processor" && !r.rcpt.dpa) || \
    (p.kind == "third_party" && r.rcpt.has && r.rcpt.kind == "third_party" && !(r.rcpt.name in r.facts.consented_recipients)) || \
    (p.kind == "subprocessor" && r.rcpt.has && r.rcpt.kind == "subprocessor" && !(r.rcpt.dpa && r.rcpt.name in r.facts.authorised_subprocessors)) || \
    (p.kind == "controller_outside" && r.rcpt.has && r.rcpt.kind == "independent_controller" && !regexMatch(r.purpose, p.bases)) || \
    (p.kind == "no_claim" && r.rcpt.has && r.rcpt.kind == "independent_controller" && r.purpose == "customer_administration" && \
      !r.facts.unpaid_invoice && r.rcpt.name in r.facts.licensed_debt_collectors) || \
    (p.kind == "outside_eea" && r.rcpt.has && !regexMatch(r.rcpt.country, p.bases)))
"""

    def alt(terms: list[str]) -> str:
        group = "(" + "|".join(terms) + ")"
        return f"^{group}( {group})*$"

    def one(terms: list[str]) -> str:
        return "^(" + "|".join(terms) + ")$"

    def anyof(terms: list[str]) -> str:  # casbin's regexMatch is re.match, anchored at the start
        return f".*(^| )({'|'.join(terms)})( |$)"

    model = model.replace("KINDS", "|".join(t["recipient_kinds"])).replace("EMPLOYMENT", anyof(t["employment"])).replace("PAYROLL", anyof(t["payroll"]))
    model = model.replace("COOKIEDATA", anyof(t["cookie_data"]))
    rows: list[list[str]] = []
    for p in t["permits"]:
        kind = f"permit_{p['guard']}" if p["guard"] else "permit"
        for purpose in p["purposes"]:
            rows.append([purpose, kind, one(p["bases"]), alt(p["categories"]), alt(p["subjects"]), one(p["actions"]) if p["actions"] else "", "allow"])

    def deny(purposes: list[str], kind: str, bases: str = "", cats: str = "", subjects: str = "", acts: str = "") -> None:
        rows.extend([purpose, kind, bases, cats, subjects, acts, "deny"] for purpose in purposes)

    deny(["*"], "special", cats=anyof(t["special"]))
    deny(["*"], "outside_employment", cats=anyof(t["outside_employment"]))
    deny(["*"], "subject", subjects=anyof(["flex_employee"]))
    deny(["*"], "action", acts=one(["automated_decision", "third_country_access"]))
    deny(t["outside"] + t["provider_own"] + t["business_transfer"], "outside")
    deny(t["marketing"], "objection")
    deny(t["others_marketing"], "others_no_consent")
    deny(t["own_products_only"], "own_products", acts=one(t["channels"]))
    deny(t["marketing"], "email", acts=one(["send_electronic_mail"]), subjects=anyof(t["non_customers"]))
    deny(t["marketing"], "call_register", acts=one(["call"]))
    deny(t["marketing"], "post_register", acts=one(["send_post"]))
    deny(["*"], "innsigelse", bases=one(t["exempt"]))
    deny(["*"], "consent_missing")
    deny(["*"], "child", subjects=anyof(["child_under_13"]))
    deny(t["children"], "children", subjects=anyof(["child_under_13"]))
    deny(["*"], "ended", bases=one(t["kept"]), subjects=anyof(t["relationship_subjects"]))
    deny(["*"], "access", acts=one(["access"]))
    deny(["*"], "cookies", bases=one(t["cookie_purposes"]))
    deny(["*"], "cookie_consent", bases=one(t["cookie_exempt"]), cats=anyof(t["terminal"]))
    deny(["*"], "no_duty", acts=one(["disclose"]))
    for kind in ("authority", "no_dpa", "third_party", "subprocessor"):
        deny(["*"], kind)
    deny(["*"], "controller_outside", bases=one(["service_delivery", "customer_administration"]))
    deny(["*"], "no_claim")
    deny(["*"], "outside_eea", bases=one(t["eea"]))
    return model, rows
