"""The review report for legal: one self-contained HTML page (no scripts, no external assets).

The statement clause by clause, beside the rules that enforce each clause (in words), the
scenarios that test it with their last result, and the interpretations flagged for review.
Pure: takes the policy and the computed coverage, returns the page as a string. Every piece
of text from the rules, the statement or the feature files is escaped.
"""

from __future__ import annotations

from html import escape
from typing import Iterable

from .coverage import FAILED, NOT_RUN, PASSED, Citation, ClauseCoverage, Coverage, ScenarioRef
from .gherkin import Table
from ..decide.retention import keep_words
from .pictures import breach_rows, coverage_bar, retention_rows, section_counts
from .report_style import CSS
from ..core.model import CompiledPolicy

_KIND = {"processing": "Behandling", "recipient": "Mottaker", "retention": "Oppbevaring",
         "right": "Rettighet", "breach": "Sikkerhetsbrudd"}
_RESULT = {PASSED: ("Bestått", "ok"), FAILED: ("Feilet", "feil"), NOT_RUN: ("Ikke kjørt", "ukjent")}



def _e(text: object) -> str:
    return escape(str(text), quote=True)


def section_title(policy: CompiledPolicy, first: ClauseCoverage) -> str:
    section = first.clause.section
    heading = policy.clauses.get(f"{section}.tittel")
    if heading is not None:
        return heading.text
    if not section:
        return "Versjon" if first.clause.kind == "version" else "Tittel"
    return section[:1].upper() + section[1:]  # a section without a heading (the introduction): its id, capitalised


def _sections(cov: Coverage) -> list[list[ClauseCoverage]]:
    """The clauses in the statement's order, in runs of one section."""
    out: list[list[ClauseCoverage]] = []
    for cc in cov.clauses:
        if out and out[-1][0].clause.section == cc.clause.section:
            out[-1].append(cc)
        else:
            out.append([cc])
    return out


def _rule(c: Citation, clause: str) -> str:
    effect = ""
    if c.effect == "permit":
        effect = '<span class="badge permit">Tillater</span> '
    elif c.effect == "forbid":
        effect = '<span class="badge forbid">' + ("Standardavslag" if c.default else "Forbyr") + "</span> "
    interp = ""
    if c.interpretation_nb:
        interp = f'<div class="note"><span class="badge tolk">Tolkning</span> {_e(c.interpretation_nb)}</div>'
    source = f'<div class="small">Kilde: {_e(c.source)}</div>' if c.source and c.kind in ("retention",) else ""
    return (f'<div class="rule" id="regel-{_e(clause)}-{_e(c.kind)}-{_e(c.id)}">{effect}<strong>{_e(c.title_nb)}</strong> '
            f'<span class="small">({_e(_KIND.get(c.kind, c.kind))})</span> <span class="id">{_e(c.id)}</span>'
            f"<div>{_e(c.explanation_nb)}</div>{source}{interp}</div>")


def _table(rows: Table, cls: str) -> str:
    if not rows:
        return ""
    head, *body = rows
    return (f'<table class="{cls}"><thead><tr>' + "".join(f"<th>{_e(c)}</th>" for c in head) + "</tr></thead><tbody>"
            + "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in body) + "</tbody></table>")


def _steps(s: ScenarioRef) -> str:
    """The scenario as written: its steps (Gitt/Når/Så/Og, background steps first, dimmed) and its examples."""
    items = "".join(f'<li class="{"bakgrunn" if st.background else "steg"}"><span class="kw">{_e(st.keyword)}</span>{_e(st.text)}'
                    f'{_table(st.table, "eks")}</li>' for st in s.steps)
    tables = "".join(f'<div class="small">Eksempler:</div>{_table(t, "eks")}' for t in s.tables)
    return (f'<ol class="steg">{items}</ol>' if items else "") + tables


def _scenario(cov: Coverage, s: ScenarioRef, titles: dict[str, str]) -> str:
    r = cov.result(s)
    word, cls = _RESULT[r.outcome]
    extra = []
    if s.examples:
        extra.append(f"{s.examples} eksempler")
    if r.runs and r.failed:
        extra.append(f"{r.failed} av {r.runs} feilet")
    interp = ' <span class="badge tolk">Tolkning</span>' if s.interpretation else ""
    rules = (f'<div class="small">Svaret bygde på: {_e("; ".join(titles.get(rid, rid) for rid in r.rules))}</div>'
             if r.rules else "")
    return (f'<details class="scen"><summary><span class="badge {cls}">{_e(word)}</span>{interp} {_e(s.name)}</summary>'
            f'<div class="small">{_e(s.feature)}, linje {s.line}{_e(" – " + ", ".join(extra)) if extra else ""}</div>'
            f"{_steps(s)}{rules}</details>")


def _flags(cov: Coverage, cc: ClauseCoverage) -> str:
    """The row's classes for the filters: «tolk» rests on an interpretation, «feil» lacks something or failed."""
    tolk = any(r.interpretation_nb for r in cc.citations) or any(s.interpretation for s in cc.scenarios)
    feil = cc.clause.normative and (not cc.has_rule or not cc.has_scenario
                                    or any(cov.result(s).outcome == FAILED for s in cc.scenarios)
                                    or (cov.results is not None and not cov.passing(cc)))
    return "klausul" + (" tolk" if tolk else "") + (" feil" if feil else "")


def _clause(cov: Coverage, cc: ClauseCoverage, titles: dict[str, str]) -> str:
    """One clause as a <details>: the statement's text in the summary, the rules and scenarios behind it inside."""
    c = cc.clause
    flags = _flags(cov, cc)
    rules = "".join(_rule(r, c.id) for r in cc.citations)
    if not c.normative:
        return (f'<details class="plain {flags}" id="klausul-{_e(c.id)}"><summary><span class="id">{_e(c.id)}</span>'
                f'<span class="sitat">{_e(c.text)}</span></summary><div class="innhold">'
                f'<div>Ikke forpliktende: {_e(c.reason or "ingen begrunnelse oppgitt")}{rules}</div></div></details>')
    results = [cov.result(s).outcome for s in cc.scenarios]
    tally = f"{len(cc.citations)} regler · {len(cc.scenarios)} scenarioer"
    if cov.results is not None:
        tally += f", {results.count(PASSED)} bestått" + (f", {results.count(FAILED)} feilet" if FAILED in results else "")
    interp = ' <span class="badge tolk">Tolkning</span>' if "tolk" in flags.split() else ""
    missing = ' <span class="badge feil">Mangler</span>' if not (cc.has_rule and cc.has_scenario) else ""
    note = f'<span class="note">Merknad: {_e(c.note)}</span>' if c.note else ""
    rules = rules or '<span class="missing">Ingen regel håndhever klausulen.</span>'
    scens = "".join(_scenario(cov, s, titles) for s in cc.scenarios) or '<span class="missing">Ingen scenarioer tester klausulen.</span>'
    return (f'<details class="{flags}" id="klausul-{_e(c.id)}"><summary><span class="id">{_e(c.id)}</span> '
            f'<span class="badge norm">Forpliktende</span>{interp}{missing} <span class="tall">{_e(tally)}</span>'
            f'<span class="sitat">{_e(c.text)}</span>{note}</summary><div class="innhold">'
            f"<div><h4>Regler som håndhever klausulen</h4>{rules}</div>"
            f"<div><h4>Scenarioer som tester den</h4>{scens}</div></div></details>")


def _pictures(policy: CompiledPolicy, cov: Coverage, sections: list[list[ClauseCoverage]]) -> Iterable[str]:
    """Coverage per section, retention per record class and the breach deadlines, drawn (pictures.py) and in words."""
    yield '<section id="bilder"><h2>Oversikt i bilder</h2><div class="bilder">'
    yield ('<figure id="bilde-dekning"><figcaption>Dekning per avsnitt (forpliktende klausuler)</figcaption>'
           '<div class="forklaring"><span class="farge ok"></span>bestått'
           '<span class="farge feilet"></span>et scenario feilet'
           '<span class="farge ukjent"></span>ikke kjørt'
           '<span class="farge feil"></span>mangler regel eller scenario</div><table class="bilde"><tbody>')
    for i, ccs in enumerate(sections, start=1):
        title = section_title(policy, ccs[0])
        counts = section_counts(cov, ccs)
        if sum(counts):
            failed = f", {counts[1]} feilet" if counts[1] else ""
            yield (f'<tr><td><a href="#seksjon-{i}">{_e(title)}</a></td><td>{coverage_bar(cov, ccs, title)}</td>'
                   f'<td class="small">{counts[0]} av {sum(counts)} bestått{failed}</td></tr>')
    yield "</tbody></table></figure>"
    rows = retention_rows(policy)
    if rows:
        yield ('<figure id="bilde-oppbevaring"><figcaption>Hvor lenge opplysningene oppbevares, per postklasse</figcaption>'
               '<div class="forklaring">Streken markerer når fristen begynner å løpe; lys farge foran den: mens kundeforholdet varer.</div>'
               '<table class="bilde"><tbody>')
        for label, rule, svg in rows:
            source = f"; {_e(rule.source_nb)}" if rule.source_nb else ""
            yield (f'<tr><td>{_e(label)}<div class="small">{_e(keep_words(rule))}{source}</div></td><td>{svg}</td></tr>')
        yield "</tbody></table></figure>"
    duties, deadline = breach_rows(policy)
    if duties:
        caption = f"Frister ved sikkerhetsbrudd, i timer fra {policy.controller_words()} ble kjent med bruddet (frist: {deadline} timer)" if deadline else \
            "Plikter ved sikkerhetsbrudd"
        yield f'<figure id="bilde-brudd"><figcaption>{_e(caption)}</figcaption><table class="bilde"><tbody>'
        for d, svg in duties:
            yield f'<tr><td>{_e(d.nb)}<div class="small">{_e(d.source_nb)}</div></td><td>{svg}</td></tr>'
        yield "</tbody></table></figure>"
    yield "</div></section>"


def _interpretations(policy: CompiledPolicy, cov: Coverage) -> Iterable[str]:
    cited_by: dict[tuple[str, str], list[str]] = {}
    for cc in cov.clauses:
        for r in cc.citations:
            cited_by.setdefault((r.kind, r.id), []).append(cc.clause.id)
    rests_on: dict[str, list[ScenarioRef]] = {}
    for s in cov.scenarios:
        for rid in cov.result(s).rules:
            rests_on.setdefault(rid, []).append(s)
    for c in cov.citations:
        if not c.interpretation_nb:
            continue
        clauses = ", ".join(cited_by.get((c.kind, c.id), [])) or "ingen"
        scen = rests_on.get(c.id, [])
        tested = ("<div class=\"small\">Scenarioer der svaret bygde på regelen: "
                  + _e("; ".join(f"{s.name} ({s.feature})" for s in scen)) + "</div>") if scen else ""
        yield (f'<div class="interp"><h3>{_e(c.title_nb)} <span class="id">{_e(c.id)}</span></h3>'
               f'<div class="small">{_e(_KIND.get(c.kind, c.kind))}; viser til {_e(clauses)}</div>'
               f"<p>{_e(c.interpretation_nb)}</p>{tested}</div>")
    if policy.response_deadline_note:
        yield (f'<div class="interp"><h3>Svarfrist for henvendelser om rettigheter</h3>'
               f"<p>{_e(policy.response_deadline_note)}</p></div>")


def render_html(policy: CompiledPolicy, cov: Coverage, since: str = "") -> str:
    """The page; ``since`` is the already escaped change-review section (personvern.versions.review) to put first."""
    f = cov.figures()
    sections = _sections(cov)
    titles = {c.id: c.title_nb for c in cov.citations}
    parts: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="nb"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        f"<title>Juridisk gjennomgang – {_e(policy.title_nb)}</title>",
        f"<style>{CSS}</style></head><body>",
        f"<header><h1>Juridisk gjennomgang: {_e(policy.title_nb)}</h1>",
        f'<p class="lede">Versjon {_e(policy.version)}'
        + (f" av {_e(policy.statement_date)}" if policy.statement_date else "")
        + f' · regelsett <span class="id">{_e(policy.content_hash[:12])}</span>',
    ]
    parts.append("</p>")
    parts.append(f'<p class="{"resultater" if cov.results is not None else "resultater mangler"}" id="resultater">'
                 f"Resultater: {_e(cov.results_note())}.</p>")
    parts.append(
        "<p>Rapporten viser erklæringen klausul for klausul. Ved siden av hver klausul står reglene som håndhever den, "
        "forklart med ord, og scenarioene (eksemplene i <code>features/</code>) som prøver reglene mot motoren, med siste "
        "resultat. Regler og scenarioer som bygger på en tolkning og ikke på erklæringens ordlyd, er merket "
        '<span class="badge tolk">Tolkning</span> og samlet til slutt for juridisk vurdering.</p></header>')
    if since:
        parts.append(since)
    passing = f["normative_with_passing_scenario"]
    parts.append('<section class="figures">'
                 f'<div class="figure"><b>{f["normative"]}</b>forpliktende klausuler (av {f["clauses"]})</div>'
                 f'<div class="figure"><b>{f["normative_with_rule"]}</b>med minst én regel</div>'
                 f'<div class="figure"><b>{f["normative_with_scenario"]}</b>med minst ett scenario</div>'
                 f'<div class="figure"><b>{"–" if passing is None else passing}</b>med minst ett bestått scenario</div>'
                 f'<div class="figure"><b>{f["scenarios"]}</b>scenarioer</div>'
                 f'<div class="figure"><b>{f["rules"]}</b>regler</div></section>')
    if cov.findings:
        parts.append(f'<section class="findings" id="funn"><h2>Funn ({len(cov.findings)})</h2><ul>')
        parts.extend(f"<li>{_e(p.message)}" + (f' <span class="small">({_e(p.location())})</span>' if p.file else "") + "</li>"
                     for p in cov.findings)
        parts.append("</ul></section>")
    else:
        parts.append('<p class="allgood">Ingen funn: hver forpliktende klausul har minst én regel og minst ett scenario'
                     + (", og minst ett scenario som besto." if cov.results is not None else ".") + "</p>")
    parts.extend(_pictures(policy, cov, sections))
    parts.append("<nav><h2>Innhold</h2><ol>")
    parts.extend(f'<li><a href="#seksjon-{i}">{_e(section_title(policy, ccs[0]))}</a></li>' for i, ccs in enumerate(sections, start=1))
    parts.append('<li><a href="#tolkninger">Tolkninger til juridisk vurdering</a></li></ol></nav>')
    parts.append("<main><h2>Erklæringen klausul for klausul</h2>"
                 '<p class="small">Klikk på et avsnitt for å åpne det, på en klausul for å se reglene og scenarioene bak den, '
                 "og på et scenario for å se stegene (Gitt, Når, Så). Ved utskrift er alt åpent.</p>"
                 '<div class="filter"><strong>Vis:</strong>'
                 '<label><input type="radio" name="vis" id="vis-alle" checked> alle klausuler</label>'
                 '<label><input type="radio" name="vis" id="vis-tolkninger"> bare dem som bygger på en tolkning</label>'
                 '<label><input type="radio" name="vis" id="vis-feil"> bare dem med feil eller mangler</label></div>'
                 '<p class="ingen-treff feil allgood">Ingen forpliktende klausul mangler regel eller scenario, og ingen scenario feilet.</p>'
                 '<p class="ingen-treff tolk allgood">Ingen klausul bygger på en tolkning.</p>')
    for i, ccs in enumerate(sections, start=1):
        title = section_title(policy, ccs[0])
        tally = section_counts(cov, ccs)
        passed, failed, _, missing = tally
        counts = (f"{len(ccs)} klausuler, {sum(tally)} forpliktende, {passed} bestått"
                  + (f", {failed} med feilet scenario" if failed else "") + (f", {missing} mangler" if missing else ""))
        parts.append(f'<details class="seksjon" id="seksjon-{i}"><summary><h2>{_e(title)}</h2>'
                     f'{coverage_bar(cov, ccs, title)}<span class="tall">{_e(counts)}</span></summary>')
        parts.extend(_clause(cov, cc, titles) for cc in ccs)
        parts.append("</details>")
    parts.append('<section id="tolkninger"><h2>Tolkninger til juridisk vurdering</h2>'
                 "<p>Her er erklæringen taus eller uklar, og regelen følger personvernforordningen eller norsk lov. "
                 "Juridisk bør bekrefte eller endre hver tolkning.</p>")
    parts.extend(_interpretations(policy, cov))
    parts.append("</section></main></body></html>")
    return "\n".join(parts) + "\n"
