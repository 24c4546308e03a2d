"""The Norwegian business phrases of features/, and what each one means to the engine.

This is the ONE place where the words a lawyer reads in a scenario are turned into the
operation, record, request or breach the engine is asked about. The steps only look phrases
up here; they hold no rules. When a phrase is missing, the step says which phrases exist.

Facts are changed with updates: ("set", fact, value), ("add", fact, member) for a set-valued
fact, ("remove", fact, member), or ("unset", fact, None) to make a fact unknown again.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

import personvern

Update = tuple[str, str, Any]


class UkjentFrase(LookupError):
    """A phrase in a feature file that this table does not define."""

    def __init__(self, hva: str, frase: str, kjente: Sequence[str]) -> None:
        liste = "\n".join(f"  - {k}" for k in sorted(kjente))
        super().__init__(f"Ukjent {hva}: «{frase}». Kjente formuleringer:\n{liste}")


def slå_opp(tabell: Mapping[str, Any], frase: str, hva: str) -> Any:
    try:
        return tabell[frase.strip()]
    except KeyError:
        raise UkjentFrase(hva, frase, list(tabell)) from None


# --------------------------------------------------------------------------- who the data is about

@dataclass(frozen=True)
class Person:
    subjects: tuple[str, ...]
    facts: tuple[Update, ...] = ()


PERSONER: dict[str, Person] = {
    "en kunde": Person(("customer",)),
    "en kunde med et aktivt kundeforhold": Person(("customer",), (("set", "customer_relationship", "active"),)),
    "en tidligere kunde": Person(("customer",), (("set", "customer_relationship", "ended"),)),
    "en ansatt hos en kunde": Person(("customer_employee",)),
    "en ansatt hos en kunde med et aktivt kundeforhold": Person(("customer_employee",), (("set", "customer_relationship", "active"),)),
    "en besøkende på www.flex.as": Person(("website_visitor",)),
    "en interessent som ikke er kunde": Person(("prospect",), (("set", "customer_relationship", "none"),)),
    "et barn under 13 år": Person(("child_under_13",)),
    "en av Flex sine ansatte": Person(("flex_employee",)),
}

# --------------------------------------------------------------------------- purposes and legal bases

FORMAL: dict[str, str] = {
    "direktemarkedsføring": "direct_marketing",
    "markedsundersøkelser og kundeundersøkelser": "market_research",
    "forbedring av tjenesten": "service_improvement",
    "intern rapportering": "internal_reporting",
    "sikkerheten til tjenesten": "security",
    "regnskap og lønn": "service_delivery",
    "kundearrangementer": "consented_purpose",
    "deling med samarbeidspartnere": "consented_purpose",
    "informasjonskapsler for en bedre brukeropplevelse": "website_cookies",
    "å svare på krav": "legal_claims",
    "direktemarkedsføring for samarbeidspartnere": "third_party_marketing",
    "fakturering og betaling": "customer_administration",
}

GRUNNLAG: dict[str, str] = {
    "samtykke": "consent",
    "avtalen med kunden": "contract",
    "en rettslig forpliktelse": "legal_obligation",
    "berettiget interesse": "legitimate_interests",
    "vitale interesser": "vital_interests",
    "allmennhetens interesse": "public_task",
}

# --------------------------------------------------------------------------- what is known about the world

@dataclass(frozen=True)
class Fakta:
    """One fact phrase, as a main clause ("kunden har ...") and as a relative clause ("som har ...")."""

    hoved: str
    bisetning: str | None
    lag: Callable[[dict[str, str]], tuple[Update, ...]]


def _fast(*updates: Update) -> Callable[[dict[str, str]], tuple[Update, ...]]:
    return lambda _: updates


FAKTA: tuple[Fakta, ...] = (
    Fakta("{hvem} har reservert seg mot direktemarkedsføring", "har reservert seg mot direktemarkedsføring",
          _fast(("set", "direct_marketing_objection", True))),
    Fakta("{hvem} har ikke reservert seg mot direktemarkedsføring", "ikke har reservert seg mot direktemarkedsføring",
          _fast(("set", "direct_marketing_objection", False))),
    Fakta("det er ikke kjent om {hvem} har reservert seg mot direktemarkedsføring", None,
          _fast(("unset", "direct_marketing_objection", None))),
    Fakta("{hvem} har ikke protestert mot noen behandling", "ikke har protestert mot noen behandling",
          _fast(("set", "objected_purposes", []))),
    Fakta("{hvem} har protestert mot behandling til {formål}", "har protestert mot behandling til {formål}",
          lambda m: (("add", "objected_purposes", slå_opp(FORMAL, m["formål"], "formål")),)),
    Fakta("{hvem} har ikke gitt noe samtykke", "ikke har gitt noe samtykke",
          _fast(("set", "consents", []), ("set", "withdrawn_consents", []))),
    # (before «samtykket til {formål}», which would otherwise match it)
    Fakta("{hvem} har samtykket til overføring til «{navn}»", "har samtykket til overføring til «{navn}»",
          lambda m: (("add", "consented_recipients", m["navn"]),)),
    Fakta("{hvem} har samtykket til {formål}", "har samtykket til {formål}",
          lambda m: (("add", "consents", slå_opp(FORMAL, m["formål"], "formål")),)),
    Fakta("{hvem} har trukket tilbake samtykket til {formål}", "har trukket tilbake samtykket til {formål}",
          lambda m: (("remove", "consents", slå_opp(FORMAL, m["formål"], "formål")),
                     ("add", "withdrawn_consents", slå_opp(FORMAL, m["formål"], "formål")))),
    Fakta("{hvem} har ikke samtykket til overføring til noen", "ikke har samtykket til overføring til noen",
          _fast(("set", "consented_recipients", []))),
    Fakta("kundeforholdet er aktivt", None, _fast(("set", "customer_relationship", "active"))),
    Fakta("kundeforholdet er avsluttet", None, _fast(("set", "customer_relationship", "ended"))),
    Fakta("det har aldri vært noe kundeforhold", None, _fast(("set", "customer_relationship", "none"))),
    Fakta("det er ikke kjent om kundeforholdet er avsluttet", None, _fast(("unset", "customer_relationship", None))),
    Fakta("en lovbestemt plikt krever behandlingen", None, _fast(("set", "legal_duty", True))),
    Fakta("ingen lovbestemt plikt krever behandlingen", None, _fast(("set", "legal_duty", False))),
    # A duty to disclose is both: the law requires it (legal_duty) and so permits it (lawful_disclosure).
    Fakta("loven krever utleveringen", None, _fast(("set", "lawful_disclosure", True), ("set", "legal_duty", True))),
    Fakta("loven tillater, men krever ikke, utleveringen", None, _fast(("set", "lawful_disclosure", True), ("set", "legal_duty", False))),
    Fakta("loven verken tillater eller krever utleveringen", None, _fast(("set", "lawful_disclosure", False))),
    Fakta("{hvem} har stilt inn nettleseren til ikke å akseptere informasjonskapsler",
          "har stilt inn nettleseren til ikke å akseptere informasjonskapsler",
          _fast(("set", "browser_blocks_cookies", True))),
    Fakta("nettleseren godtar informasjonskapsler", None, _fast(("set", "browser_blocks_cookies", False))),
    Fakta("den som får tilgang, er en autorisert ansatt som trenger opplysningene i sitt arbeid", None,
          _fast(("set", "actor_authorized", True), ("set", "actor_needs_to_know", True))),
    Fakta("den som får tilgang, er en autorisert ansatt som ikke trenger opplysningene i sitt arbeid", None,
          _fast(("set", "actor_authorized", True), ("set", "actor_needs_to_know", False))),
    Fakta("den som får tilgang, er ikke autorisert", None, _fast(("set", "actor_authorized", False))),
    # markedsføringsloven: what is marketed, where the address came from, the Reservasjonsregisteret
    Fakta("henvendelsen gjelder Flex sine egne tjenester av samme slag som kunden har", None,
          _fast(("set", "marketed_product", "own_similar"))),
    Fakta("henvendelsen gjelder andre av Flex sine egne tjenester", None, _fast(("set", "marketed_product", "own_related"))),
    Fakta("henvendelsen gjelder en samarbeidspartners produkt", None, _fast(("set", "marketed_product", "third_party"))),
    Fakta("{hvem} oppga adressen ved kjøpet og fikk da tilbud om å reservere seg", None,
          _fast(("set", "address_from_sale_with_opt_out", True))),
    Fakta("{hvem} har reservert seg i Reservasjonsregisteret", None, _fast(("set", "in_reservation_register", True))),
    Fakta("{hvem} har ikke reservert seg i Reservasjonsregisteret", None, _fast(("set", "in_reservation_register", False))),
    Fakta("samtykket er godkjent av den som har foreldreansvaret", None, _fast(("set", "parental_consent", True))),
    Fakta("samtykket er ikke godkjent av den som har foreldreansvaret", None, _fast(("set", "parental_consent", False))),
    Fakta("loven tillater eller krever utleveringen", None, _fast(("set", "lawful_disclosure", True))),
    Fakta("avtalen med kunden sier at banken «{navn}» utfører lønnsutbetalingen", None,
          lambda m: (("add", "salary_payment_banks", m["navn"]),)),
    Fakta("kunden har valgt «{navn}» som revisor", None, lambda m: (("add", "customer_auditors", m["navn"]),)),
    Fakta("«{navn}» har inkassobevilling fra Finanstilsynet", None, lambda m: (("add", "licensed_debt_collectors", m["navn"]),)),
    Fakta("kunden har en forfalt, ubetalt faktura", None, _fast(("set", "unpaid_invoice", True))),
    Fakta("kunden har ingen forfalt, ubetalt faktura", None, _fast(("set", "unpaid_invoice", False))),
    Fakta("Flex har på forhånd skriftlig godkjent underleverandøren «{navn}»", None,
          lambda m: (("add", "authorised_subprocessors", m["navn"]),)),
    Fakta("{hvem} har protestert mot direktemarkedsføring", None, _fast(("add", "objected_purposes", "direct_marketing"))),
    # stored records: when the relationship ended, when the fiscal year ended
    Fakta("kundeforholdet ble avsluttet {dato}", None,
          lambda m: (("set", "customer_relationship", "ended"), ("set", "relationship_ended_on", dato(m["dato"])))),
    Fakta("regnskapsåret sluttet {dato}", None, lambda m: (("set", "fiscal_year_end", dato(m["dato"])),)),
    Fakta("opplysningene ble samlet inn {dato}", None, lambda m: (("set", "collected_on", dato(m["dato"])),)),
    # a request to restrict processing: the grounds of GDPR art. 18(1)
    Fakta("{hvem} bestrider at opplysningene er riktige", None, _fast(("add", "grounds", "accuracy_contested"))),
    Fakta("behandlingen er ulovlig", None, _fast(("add", "grounds", "unlawful_processing"))),
    Fakta("{hvem} trenger opplysningene for å forsvare et rettskrav", None, _fast(("add", "grounds", "needed_for_claims"))),
    Fakta("{hvem} har protestert, og protesten er ikke avgjort", None, _fast(("add", "grounds", "objection_pending"))),
    # a breach: the risk to the data subjects
    Fakta("bruddet sannsynligvis ikke medfører risiko for de registrerte", None, _fast(("set", "risk", "unlikely"))),
    Fakta("bruddet sannsynligvis medfører risiko for de registrertes rettigheter og friheter", None,
          _fast(("set", "risk", "risk"))),
    Fakta("bruddet sannsynligvis medfører høy risiko for de registrertes rettigheter og friheter", None,
          _fast(("set", "risk", "high_risk"))),
    Fakta("risikoen er ikke vurdert ennå", None, _fast(("unset", "risk", None))),
    # Flex's role (rules/processor.yaml) and a breach's art. 34(3) exemptions
    Fakta("Flex behandler opplysningene som databehandler for kunden", None, _fast(("set", "flex_is_processor", True))),
    Fakta("Flex er selv behandlingsansvarlig for opplysningene", None, _fast(("set", "flex_is_processor", False))),
    Fakta("kunden har gitt Flex dokumenterte instrukser om behandlingen", None, _fast(("set", "customer_instructions_documented", True))),
    Fakta("kunden har ikke gitt Flex dokumenterte instrukser om behandlingen", None,
          _fast(("set", "customer_instructions_documented", False))),
    Fakta("opplysningene var kryptert, og nøkkelen er ikke kommet på avveie", None, _fast(("add", "exemptions", "unintelligible"))),
    Fakta("Flex har i etterkant truffet tiltak som fjerner den høye risikoen", None, _fast(("add", "exemptions", "risk_removed"))),
    Fakta("det ville kreve en uforholdsmessig stor innsats å varsle hver enkelt", None,
          _fast(("add", "exemptions", "disproportionate_effort"))),
)

# Which facts go where: an operation takes the vocabulary's facts; these go to the other questions.
POSTFELT = ("customer_relationship", "relationship_ended_on", "fiscal_year_end", "direct_marketing_objection", "collected_on")

# {hvem} is the data subject, named as the scenario names them; it does not change the fact.
HVEM = ("kunden", "den besøkende", "den ansatte", "den registrerte")
_PLACEHOLDER = re.compile(r"\{(formål|navn|dato|hvem)\}")


def _mønster(mal: str) -> re.Pattern[str]:
    parts = _PLACEHOLDER.split(mal)
    out = ""
    for i, part in enumerate(parts):
        if i % 2:
            out += {"formål": "(?P<formal>.+?)", "navn": "(?P<navn>[^»]+)", "dato": r"(?P<dato>\d{1,2}\.\d{1,2}\.\d{4})",
                    "hvem": "(?:" + "|".join(HVEM) + ")"}[part]
        else:
            out += re.escape(part)
    return re.compile(f"^{out}$")


def fakta(tekst: str, form: str = "hoved") -> tuple[Update, ...]:
    """The fact updates a phrase stands for; ``form`` is "hoved" (main clause) or "bisetning"."""
    tekst = tekst.strip()
    kjente = []
    for f in FAKTA:
        mal = f.hoved if form == "hoved" else f.bisetning
        if mal is None:
            continue
        kjente.append(mal)
        m = _mønster(mal).match(tekst)
        if m:
            groups = {("formål" if k == "formal" else k): v for k, v in m.groupdict().items()}
            return f.lag(groups)
    raise UkjentFrase("faktum", tekst, kjente)


def person(tekst: str) -> tuple[Person, tuple[Update, ...]]:
    """«en kunde», or «en kunde som <faktum>»: who, and what is known about them."""
    tekst = tekst.strip()
    for navn in sorted(PERSONER, key=len, reverse=True):
        if tekst == navn:
            return PERSONER[navn], ()
        if tekst.startswith(navn + " som "):
            return PERSONER[navn], fakta(tekst[len(navn) + 5:], "bisetning")
    raise UkjentFrase("person", tekst, list(PERSONER))


# --------------------------------------------------------------------------- what Flex wants to do

@dataclass(frozen=True)
class Handling:
    purpose: str
    categories: tuple[str, ...]
    action: str = "use"


HANDLINGER: dict[str, Handling] = {
    # innhenting og kundeforhold
    "registrere kunden med navn, fødselsdato, kjønn, adresse og telefonnummer":
        Handling("service_delivery", ("name", "date_of_birth", "gender", "address", "phone"), "collect"),
    "utarbeide regnskap for kunden": Handling("service_delivery", ("name", "address", "email", "accounting_records")),
    "utbetale lønn": Handling("service_delivery", ("name", "national_id_number", "address", "bank_account", "salary", "tax_information")),
    "sende faktura til kunden": Handling("customer_administration", ("name", "address", "email", "invoice_information"), "contact"),
    "registrere kundens betaling": Handling("customer_administration", ("name", "payment_information")),
    "sende faktura med kundens fødselsnummer": Handling("customer_administration", ("name", "national_id_number", "invoice_information"), "contact"),
    "gi tilgang til kundens regnskap": Handling("service_delivery", ("name", "accounting_records"), "access"),
    # markedsføring
    "sende nyhetsbrev på e-post": Handling("direct_marketing", ("name", "email"), "contact"),
    "sende SMS om en ny funksjon": Handling("direct_marketing", ("name", "phone"), "contact"),
    "ringe kunden for å selge en relatert tjeneste": Handling("direct_marketing", ("name", "phone"), "contact"),
    "sende brev i posten om en relatert tjeneste": Handling("direct_marketing", ("name", "address"), "contact"),
    "sende nyhetsbrev tilpasset kundens lønnsnivå": Handling("direct_marketing", ("name", "email", "salary"), "contact"),
    "sende en kundeundersøkelse på e-post": Handling("market_research", ("name", "email"), "contact"),
    "analysere hvordan kundene bruker tjenesten i en markedsundersøkelse": Handling("market_research", ("contract_information", "service_usage")),
    "markedsføre andre selskapers produkter til kunden": Handling("third_party_marketing", ("name", "email"), "contact"),
    "selge kundelisten": Handling("sale_of_data", ("name", "email", "phone")),
    "lage profiler av kundene for automatiserte avgjørelser": Handling("profiling", ("name", "service_usage", "payment_information")),
    "sende e-post om en ny funksjon": Handling("direct_marketing", ("name", "email"), "send_electronic_mail"),
    "sende SMS om en relatert tjeneste": Handling("direct_marketing", ("name", "phone"), "send_electronic_mail"),
    "ringe kunden for å selge en tjeneste": Handling("direct_marketing", ("name", "phone"), "call"),
    "sende e-post om en samarbeidspartners tilbud": Handling("third_party_marketing", ("name", "email"), "send_electronic_mail"),
    "sende nyhetsbrevet til interessenten på e-post": Handling("direct_marketing", ("name", "email"), "send_electronic_mail"),
    "avslå en søknad om kreditt automatisk": Handling("customer_administration", ("name", "payment_information"), "automated_decision"),
    # tjenesteutvikling, sikkerhet og intern rapportering
    "logge IP-adresser for å oppdage angrep på nettsiden": Handling("security", ("ip_address", "device_identifier")),
    "overvåke pålogginger til tjenesten for å oppdage misbruk": Handling("security", ("name", "email", "service_usage", "ip_address")),
    "analysere bruken av tjenesten for å forbedre den": Handling("service_improvement", ("service_usage", "device_identifier")),
    "utvikle nye funksjoner med kundenes lønnsdata": Handling("service_improvement", ("name", "salary")),
    "lage en intern rapport om fakturering": Handling("internal_reporting", ("invoice_information", "payment_information", "contract_information")),
    "lage en intern rapport med lønnsopplysninger": Handling("internal_reporting", ("name", "salary")),
    # overholdelse av lover
    "føre regnskapet etter bokføringsloven": Handling("legal_obligation", ("name", "invoice_information", "accounting_records")),
    "sende a-meldingen til Skatteetaten": Handling("legal_obligation", ("name", "national_id_number", "salary", "tax_information"), "disclose"),
    "utlevere regnskapsopplysninger": Handling("legal_obligation", ("name", "invoice_information", "accounting_records"), "disclose"),
    "utlevere IP-logger fra nettsiden": Handling("legal_obligation", ("ip_address", "device_identifier"), "disclose"),
    "sende lønnsfilen til banken": Handling("service_delivery", ("name", "bank_account", "salary"), "disclose"),
    "sende regnskapet til kundens revisor": Handling("service_delivery", ("name", "accounting_records"), "disclose"),
    "sende en ubetalt faktura til inkasso": Handling("customer_administration", ("name", "address", "invoice_information"), "disclose"),
    "overføre kundeopplysningene til kjøperen av virksomheten": Handling("business_transfer", ("name", "email", "contract_information"), "disclose"),
    "la leverandøren bruke opplysningene til egen produktutvikling": Handling("provider_own_purposes", ("name", "service_usage"), "disclose"),
    "gi leverandørens brukerstøtte i India fjerntilgang til regnskapet": Handling("service_delivery", ("name", "accounting_records"), "third_country_access"),
    "registrere lønnen til en av Flex sine ansatte": Handling("service_delivery", ("name", "salary")),
    # samtykke
    "invitere kunden til et kundearrangement": Handling("consented_purpose", ("name", "email"), "contact"),
    "dele kontaktopplysninger med en samarbeidspartner": Handling("consented_purpose", ("name", "email"), "disclose"),
    # informasjonskapsler
    "sette informasjonskapsler som husker den besøkendes valg": Handling("website_cookies", ("cookie_identifier", "browsing_behaviour"), "set_cookie"),
    "sette informasjonskapsler som kjenner igjen enheten": Handling("website_cookies", ("cookie_identifier", "device_identifier"), "set_cookie"),
    "sette en informasjonskapsel som nettstedet trenger for å fungere": Handling("website_operation", ("cookie_identifier",), "set_cookie"),
    "sette annonsekapsler som sporer den besøkende på andre nettsteder": Handling("advertising_cookies", ("cookie_identifier", "browsing_behaviour"), "set_cookie"),
    "sette en analysekapsel for å forbedre nettsiden": Handling("service_improvement", ("cookie_identifier", "browsing_behaviour"), "set_cookie"),
    "lese informasjonskapselen for en markedsundersøkelse": Handling("market_research", ("cookie_identifier", "browsing_behaviour")),
    "lese en enhetsidentifikator fra nettleseren for å analysere besøkene": Handling("service_improvement", ("device_identifier", "browsing_behaviour"), "collect"),
    "sette en sikkerhetskapsel som verner innloggingen": Handling("security", ("cookie_identifier",), "set_cookie"),
    # oppbevaring
    "beholde kundens e-post på reservasjonslisten": Handling("marketing_opt_out", ("name", "email"), "store"),
    "beholde kundens fødselsdato og adresse på reservasjonslisten": Handling("marketing_opt_out", ("name", "date_of_birth", "address"), "store"),
    "beholde kontrakten og fakturaene for å kunne svare på krav": Handling("legal_claims", ("name", "contract_information", "invoice_information"), "store"),
}

# --------------------------------------------------------------------------- recipients

MOTTAKERE: dict[str, str] = {
    "myndigheten": "public_authority",
    "domstolen": "court",
    "tjenesteleverandøren": "processor",
    "tredjeparten": "third_party",
    "banken": "independent_controller",
    "revisoren": "independent_controller",
    "inkassoselskapet": "independent_controller",
    "underleverandøren": "subprocessor",
}

LAND: dict[str, str] = {
    "Norge": "NO", "Sverige": "SE", "Danmark": "DK", "Finland": "FI", "Island": "IS", "Irland": "IE",
    "Tyskland": "DE", "Nederland": "NL", "Frankrike": "FR", "Liechtenstein": "LI",
    "USA": "US", "Storbritannia": "GB", "Sveits": "CH", "India": "IN",
}

DATABEHANDLERAVTALE: dict[str, bool | None] = {
    "": None,
    "som har databehandleravtale med Flex": True,
    "som ikke har databehandleravtale med Flex": False,
    "der det ikke er kjent om det finnes en databehandleravtale": None,
}


def mottaker(slag: str, navn: str, land: str, avtale: str) -> dict[str, Any]:
    r: dict[str, Any] = {"kind": slå_opp(MOTTAKERE, slag, "mottaker"), "name": navn,
                         "country": slå_opp(LAND, land, "land")}
    dpa = slå_opp(DATABEHANDLERAVTALE, avtale, "databehandleravtale")
    if dpa is not None:
        r["dpa"] = dpa
    return r


# --------------------------------------------------------------------------- data categories

def kategori(policy: personvern.Policy, navn: str) -> str:
    """A data category by its Norwegian name in the policy's vocabulary (e.g. «helseopplysninger»)."""
    terms = policy.vocabulary.sections["data_categories"]
    by_label = {str(d["nb"]): term for term, d in terms.items()}
    return str(slå_opp(by_label, navn, "opplysningskategori"))


# --------------------------------------------------------------------------- stored records (retention)

@dataclass(frozen=True)
class Post:
    record_class: str
    categories: tuple[str, ...]


POSTER: dict[str, Post] = {
    "kundeopplysninger": Post("customer_data", ("name", "email", "phone")),
    "regnskapsmateriale etter bokføringsloven § 13 første ledd nr. 1–4": Post("bookkeeping_primary", ("name", "invoice_information", "accounting_records")),
    "regnskapsmateriale etter bokføringsloven § 13 første ledd nr. 5–8": Post("bookkeeping_secondary", ("name", "accounting_records")),
    "opplysninger som trengs for å svare på krav": Post("claims_material", ("name", "contract_information")),
    "en oppføring i reservasjonslisten": Post("opt_out_entry", ("email",)),
    "sikkerhetslogger": Post("security_log", ("ip_address", "device_identifier")),
    "besøksdata fra nettsiden": Post("website_visitor_data", ("ip_address", "browsing_behaviour")),
}

# --------------------------------------------------------------------------- data subject requests

def rettighet(policy: personvern.Policy, navn: str) -> str:
    """A right by its Norwegian name in the policy (e.g. «sletting», «dataportabilitet»)."""
    return str(slå_opp({r.nb: r.id for r in policy.rights_by_id.values()}, navn, "rettighet"))


# How the engine's answer for one record reads in a scenario.
SVAR: dict[str, str] = {
    "erase": "slettes", "keep": "beholdes", "export": "utleveres", "exclude": "utelates", "stop": "stanses",
    "continue": "fortsetter", "restrict": "begrenses", "include": "tas med", "rectify": "rettes",
    "conditional": "uavklart", "forward": "videresendes",
}

# Columns of the table «Og forespørselen gjelder disse opplysningene:».
KOLONNER: dict[str, str] = {
    "opplysninger": "post",
    "kundeforholdet": "customer_relationship",
    "avsluttet": "relationship_ended_on",
    "regnskapsåret sluttet": "fiscal_year_end",
    "samlet inn": "collected_on",
    "formål": "purpose",
    "grunnlag": "legal_basis",
    "reservert": "direct_marketing_objection",
    "gitt av kunden": "provided_by_subject",
    "automatisert": "automated",
    "mottatt fra": "received_from",
}

KUNDEFORHOLD: dict[str, str] = {"aktivt": "active", "avsluttet": "ended"}
JA_NEI: dict[str, bool] = {"ja": True, "nei": False}

# --------------------------------------------------------------------------- dates

_DATO = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_TID = re.compile(r"^(\d{1,2}):(\d{2})$")


def dato(tekst: str) -> dt.date:
    """A Norwegian date, written 31.12.2019."""
    m = _DATO.match(tekst.strip())
    if not m:
        raise ValueError(f"«{tekst}» er ikke en dato skrevet DD.MM.ÅÅÅÅ")
    return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))


def norsk_dato(d: dt.date | None) -> str:
    return d.strftime("%d.%m.%Y") if d else "ingen dato"


def tidspunkt(dag: str, klokke: str) -> dt.datetime:
    """A date and a time of day in Norway (Europe/Oslo)."""
    from zoneinfo import ZoneInfo

    m = _TID.match(klokke.strip())
    if not m:
        raise ValueError(f"«{klokke}» er ikke et klokkeslett skrevet TT:MM")
    d = dato(dag)
    return dt.datetime(d.year, d.month, d.day, int(m.group(1)), int(m.group(2)), tzinfo=ZoneInfo("Europe/Oslo"))


def norsk_tid(t: dt.datetime | None) -> str:
    if t is None:
        return "ingen frist"
    from zoneinfo import ZoneInfo

    return t.astimezone(ZoneInfo("Europe/Oslo")).strftime("%d.%m.%Y kl. %H:%M")
