"""Build examples/policy-v2 from the current rules/ (version 1) and the changes in CHANGES.md, then DIFF.txt.

    python examples/policy-v2/make_v2.py        # from the repository root, after any change to rules/

Version 2 is version 1 plus a small patch (EDITS below), so it never lags behind the rules:
each edit replaces one exact piece of text that must occur exactly once in its file. When the
rules change under an edit, the script stops and names the edit instead of guessing.
"""

from __future__ import annotations

import io
import shutil
import sys
from contextlib import redirect_stdout
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
V1_STATEMENT = "statement/personvernerklaering-flex-v1.txt"
V2_STATEMENT = "statement/personvernerklaering-flex-v2.txt"
KEEP = ("make_v2.py", "CHANGES.md", "DIFF.txt")  # the files of this folder that are not the rules

# (file in the rules folder, the text of version 1, the text of version 2). The numbered changes
# are explained for lawyers in CHANGES.md; each is also commented in the files it touches.
EDITS: tuple[tuple[str, str, str], ...] = (
    # --- version and statement
    ("policy.yaml", 'version: "1"\nstatement_date: 2018-07-17\n',
     'version: "2"\nstatement_date: 2025-09-01\n'),
    ("policy.yaml", f"statement: {V1_STATEMENT}\n",
     f"statement: {V2_STATEMENT}  # version 2: see CHANGES.md\n"),
    (V2_STATEMENT, "Versjon 1 – 17.07.2018", "Versjon 2 – 01.09.2025"),
    # --- change 1: a named processor outside the EEA under standard contractual clauses
    (V2_STATEMENT, "  • Med ditt samtykke til parter som samtykket relaterer til\n",
     "  • Med ditt samtykke til parter som samtykket relaterer til\n"
     "  • Til tjenesteleverandøren Postmark i USA, som sender e-post for oss, på grunnlag av EU-kommisjonens standard "
     "personvernbestemmelser (personvernforordningen artikkel 46 nr. 2 bokstav c). Du kan be om en kopi av bestemmelsene.\n"),
    ("clauses.yaml", "  overforinger.c: {normative: true}\n",
     "  overforinger.c: {normative: true}\n"
     "  overforinger.d: {normative: true}    # version 2, change 1: the named processor outside the EEA\n"
     "  overforinger.d.2: {normative: true}  # version 2, change 1: the right to a copy of the clauses\n"),
    ("vocabulary.yaml", "obligations:\n",
     "obligations:\n"
     "  standard_contractual_clauses:  # version 2, change 1\n"
     "    nb: Overfør bare under EU-kommisjonens standard personvernbestemmelser (beslutning (EU) 2021/914) med en dokumentert\n"
     "      vurdering av mottakerlandets lovgivning, og gi den registrerte en kopi på forespørsel.\n"
     "    en: Transfer only under the Commission's standard contractual clauses (Decision (EU) 2021/914) with a documented\n"
     "      transfer impact assessment, and give the data subject a copy on request.\n"),
    ("transfers.yaml", "    when: recipient.country not in sets.eea_countries\n",
     "    # Version 2, change 1: the processor named in overforinger.d is the exception (overforinger.standardavtaler).\n"
     '    when: recipient.country not in sets.eea_countries and not (recipient.kind == "processor" and recipient.name in ["Postmark"])\n'),
    ("transfers.yaml", "  # ---------------------------------------------------------------- mottakere avtalen krever\n",
     "  # Version 2, change 1: a named processor outside the EEA under standard contractual clauses.\n"
     "  - id: overforinger.standardavtaler\n"
     "    effect: permit\n"
     "    recipient_kinds: [processor]\n"
     '    when: recipient.name in ["Postmark"] and recipient.country not in sets.eea_countries\n'
     "    cites: [overforinger.d, overforinger.d.2]\n"
     "    title: {nb: Navngitt tjenesteleverandør utenfor EØS med standardavtaler, en: Named service provider outside the EEA with standard contractual clauses}\n"
     "    explanation:\n"
     "      nb: Flex kan overføre personopplysninger til tjenesteleverandøren som erklæringen navngir, på grunnlag av EU-kommisjonens standard personvernbestemmelser.\n"
     "      en: Flex may transfer personal data to the service provider the statement names, under the European Commission's standard contractual clauses.\n"
     "    obligations: [standard_contractual_clauses, processor_under_control]\n"
     "    interpretation:\n"
     "      nb: >-\n"
     "        Overføring til land utenfor EØS krever et overføringsgrunnlag etter personvernforordningen kapittel V.\n"
     "        Her brukes EU-kommisjonens standard personvernbestemmelser (art. 46 nr. 2 bokstav c, beslutning\n"
     "        (EU) 2021/914, modul 2 behandlingsansvarlig–databehandler), med en dokumentert vurdering av\n"
     "        mottakerlandets lovgivning (Schrems II, EU-domstolens sak C-311/18). Er leverandøren sertifisert etter\n"
     "        EU–US Data Privacy Framework, kan adekvansbeslutningen (art. 45) brukes i stedet; regelen bygger på\n"
     "        standardavtalene, som ikke faller bort om rammeverket skulle bli opphevet. Erklæringen navngir\n"
     "        leverandøren og opplyser om overføringsgrunnlaget og retten til kopi (art. 13 nr. 1 bokstav f).\n"
     "        Databehandleravtalen (art. 28 nr. 3) kreves fortsatt av overforinger.tjenesteleverandor-uten-avtale.\n"
     "      en: >-\n"
     "        A transfer outside the EEA needs a Chapter V basis: the Commission's standard contractual clauses\n"
     "        (Art. 46(2)(c), Decision (EU) 2021/914, module 2) with a documented transfer impact assessment\n"
     "        (Schrems II, C-311/18). The statement names the processor and the transfer basis (Art. 13(1)(f)).\n"
     "        The Art. 28(3) processing agreement is still required by the forbid for processors without one.\n"
     "\n"
     "  # ---------------------------------------------------------------- mottakere avtalen krever\n"),
    # --- change 2: market research and customer surveys no longer use data on how the service is used
    (V2_STATEMENT, "Vi kan bruke personopplysningene dine til markedsundersøkelser og kundeundersøkelser.",
     "Til markedsundersøkelser og kundeundersøkelser bruker vi bare navn, kontaktopplysninger og opplysninger om avtalen din, "
     "ikke opplysninger om hvordan du bruker tjenesten."),
    ("processing.yaml", "  - id: markedsforing.undersokelser\n    effect: permit\n    purposes: [market_research]\n"
     "    legal_bases: [legitimate_interests, consent]\n    data_categories: [name, email, phone, contract_information, service_usage]\n",
     "  - id: markedsforing.undersokelser\n    effect: permit\n    purposes: [market_research]\n"
     "    legal_bases: [legitimate_interests, consent]\n"
     "    # Version 2, change 2 (markedsforing.2 reworded): no usage data (service_usage) in surveys any more.\n"
     "    data_categories: [name, email, phone, contract_information]\n"),
)


class EditError(Exception):
    """An edit's version-1 text is not in its file exactly once: the rules changed under it."""


def build(rules: Path, out: Path) -> None:
    """Write version 2 into ``out``: a copy of ``rules`` with :data:`EDITS` applied."""
    out.mkdir(parents=True, exist_ok=True)
    for old in out.iterdir():
        if old.name not in KEEP:
            shutil.rmtree(old) if old.is_dir() else old.unlink()
    shutil.copytree(rules, out, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__", "*.py", "*.pyc"))
    (out / V1_STATEMENT).rename(out / V2_STATEMENT)
    for i, (name, old, new) in enumerate(EDITS, 1):
        path = out / name
        text = path.read_text(encoding="utf-8")
        if text.count(old) != 1:
            raise EditError(f"edit {i} of {Path(__file__).name}: {name} holds its version-1 text {text.count(old)} times, "
                            f"not once: {old[:80]!r}")
        path.write_text(text.replace(old, new), encoding="utf-8")


def diff_text() -> str:
    """What `personvern diff rules examples/policy-v2` prints, run from the repository root."""
    from personvern.cli import main

    buf = io.StringIO()
    with redirect_stdout(buf):
        main(["diff", "rules", str(HERE.relative_to(ROOT))])
    return buf.getvalue()


if __name__ == "__main__":
    try:
        build(ROOT / "rules", HERE)
    except EditError as e:
        sys.exit(f"make_v2: {e}")
    import os

    os.chdir(ROOT)
    (HERE / "DIFF.txt").write_text(diff_text(), encoding="utf-8")
    print(f"wrote {HERE.relative_to(ROOT)} and its DIFF.txt")
