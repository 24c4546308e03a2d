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
from ..core.model import CompiledPolicy

_KIND = {"processing": "Behandling", "recipient": "Mottaker", "retention": "Oppbevaring",
         "right": "Rettighet", "breach": "Sikkerhetsbrudd"}
_RESULT = {PASSED: ("Bestått", "ok"), FAILED: ("Feilet", "feil"), NOT_RUN: ("Ikke kjørt", "ukjent")}

_CSS = """
:root { --ink:#1b1f24; --muted:#57606a; --line:#d0d7de; --ok:#1a7f37; --bad:#cf222e; --warn:#9a6700;
        --tint:#f6f8fa; --interp:#fff8c5; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
       color: var(--ink); margin: 0 auto; max-width: 1400px; padding: 1.5rem 2rem 4rem; }
h1 { font-size: 1.7rem; margin: 0 0 .3rem; }
h2 { font-size: 1.3rem; margin: 2.2rem 0 .6rem; border-bottom: 2px solid var(--line); padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin: 0 0 .4rem; }
p.lede { color: var(--muted); margin-top: 0; }
code, .id { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .82em; }
.id { color: var(--muted); white-space: nowrap; }
nav ol { columns: 2; margin: .3rem 0 0; }
.figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(11rem, 1fr)); gap: .6rem; margin: 1rem 0; }
.figure { border: 1px solid var(--line); border-radius: 6px; padding: .6rem .8rem; background: var(--tint); }
.figure b { display: block; font-size: 1.5rem; }
.findings { border-left: 4px solid var(--bad); background: #ffebe9; padding: .5rem 1rem; }
.allgood { border-left: 4px solid var(--ok); background: #dafbe1; padding: .5rem 1rem; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
th, td { border: 1px solid var(--line); padding: .5rem .6rem; vertical-align: top; text-align: left; }
th { background: var(--tint); font-weight: 600; }
col.c1 { width: 34%; } col.c2 { width: 36%; } col.c3 { width: 30%; }
tr.plain td { color: var(--muted); background: #fbfbfc; }
blockquote { margin: .2rem 0 .4rem; padding-left: .7rem; border-left: 3px solid var(--line); font-style: italic; }
.badge { display: inline-block; font-size: .75rem; font-weight: 600; border-radius: 1rem; padding: 0 .55rem;
         border: 1px solid currentColor; white-space: nowrap; }
.badge.ok { color: var(--ok); } .badge.feil { color: var(--bad); } .badge.ukjent { color: var(--muted); }
.badge.norm { color: #0550ae; } .badge.tolk { color: var(--warn); background: var(--interp); }
.badge.permit { color: var(--ok); } .badge.forbid { color: var(--bad); }
.rule, .scen { margin: 0 0 .55rem; padding-bottom: .45rem; border-bottom: 1px dashed var(--line); }
.rule:last-child, .scen:last-child { border-bottom: 0; margin-bottom: 0; }
.note { background: var(--interp); padding: .3rem .5rem; border-radius: 4px; margin-top: .3rem; font-size: .9em; }
.missing { color: var(--bad); font-weight: 600; }
.small { font-size: .85em; color: var(--muted); }
.interp { border: 1px solid var(--line); border-left: 4px solid var(--warn); padding: .6rem .9rem; margin: .6rem 0;
          break-inside: avoid; }
.since { border: 2px solid #0550ae; border-radius: 6px; padding: 0 1rem 1rem; margin: 1rem 0 2rem; }
.since .en, th .en { color: var(--muted); font-size: .85em; font-weight: normal; }
.since p.en { margin-top: -.5rem; }
.change { margin: .8rem 0; padding-bottom: .6rem; border-bottom: 1px dashed var(--line); break-inside: avoid; }
.change h4 { margin: 0; font-size: 1rem; }
.change ul { margin: 0; padding-left: 1.1rem; }
col.k1 { width: 20%; } col.k2 { width: 40%; }
td.none { color: var(--muted); font-style: italic; }
.badge.new { color: var(--ok); } .badge.changed { color: var(--warn); } .badge.removed { color: var(--bad); }
@media (max-width: 900px) { col.c1, col.c2, col.c3 { width: auto; } nav ol { columns: 1; } }
@media print {
  body { font-size: 10.5pt; max-width: none; padding: 0; }
  nav { display: none; }
  h2 { break-after: avoid; }
  tr, .interp, .rule, .scen { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  .badge { border-width: 1px; }
  @page { size: A4 landscape; margin: 12mm; }
}
"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def section_title(policy: CompiledPolicy, first: ClauseCoverage) -> str:
    section = first.clause.section
    heading = policy.clauses.get(f"{section}.tittel")
    if heading is not None:
        return heading.text
    if not section:
        return "Versjon" if first.clause.kind == "version" else "Tittel"
    return "Innledning" if section == "innledning" else section


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
    return (f'<div class="scen"><span class="badge {cls}">{_e(word)}</span>{interp} {_e(s.name)}'
            f'<div class="small">{_e(s.feature)}, linje {s.line}{_e(" – " + ", ".join(extra)) if extra else ""}</div>'
            f"{rules}</div>")


def _clause_row(cov: Coverage, cc: ClauseCoverage, titles: dict[str, str]) -> str:
    c = cc.clause
    if not c.normative:
        return (f'<tr class="plain" id="klausul-{_e(c.id)}"><td><span class="id">{_e(c.id)}</span>'
                f"<blockquote>{_e(c.text)}</blockquote></td>"
                f'<td colspan="2">Ikke forpliktende: {_e(c.reason or "ingen begrunnelse oppgitt")}'
                + "".join(_rule(r, c.id) for r in cc.citations) + "</td></tr>")
    rules = "".join(_rule(r, c.id) for r in cc.citations) or '<span class="missing">Ingen regel håndhever klausulen.</span>'
    scens = "".join(_scenario(cov, s, titles) for s in cc.scenarios) or '<span class="missing">Ingen scenarioer tester klausulen.</span>'
    note = f'<div class="note">Merknad: {_e(c.note)}</div>' if c.note else ""
    return (f'<tr id="klausul-{_e(c.id)}"><td><span class="id">{_e(c.id)}</span> <span class="badge norm">Forpliktende</span>'
            f"<blockquote>{_e(c.text)}</blockquote>{note}</td><td>{rules}</td><td>{scens}</td></tr>")


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
        f"<style>{_CSS}</style></head><body>",
        f"<header><h1>Juridisk gjennomgang: {_e(policy.title_nb)}</h1>",
        f'<p class="lede">Versjon {_e(policy.version)}'
        + (f" av {_e(policy.statement_date)}" if policy.statement_date else "")
        + f' · regelsett <span class="id">{_e(policy.content_hash[:12])}</span>',
    ]
    if cov.results is not None:
        when = f" registrert {_e(cov.results.written_at)}" if cov.results.written_at else ""
        parts.append(f" · testresultater{when}</p>")
    else:
        parts.append(" · ingen testresultater oppgitt: alle scenarioer vises som «Ikke kjørt»</p>")
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
    parts.append("<nav><h2>Innhold</h2><ol>")
    parts.extend(f'<li><a href="#seksjon-{i}">{_e(section_title(policy, ccs[0]))}</a></li>' for i, ccs in enumerate(sections, start=1))
    parts.append('<li><a href="#tolkninger">Tolkninger til juridisk vurdering</a></li></ol></nav>')
    parts.append("<main><h2>Erklæringen klausul for klausul</h2>")
    for i, ccs in enumerate(sections, start=1):
        parts.append(f'<section id="seksjon-{i}"><h2>{_e(section_title(policy, ccs[0]))}</h2>'
                     '<table><colgroup><col class="c1"><col class="c2"><col class="c3"></colgroup>'
                     "<thead><tr><th>Erklæringen</th><th>Regler som håndhever klausulen</th>"
                     "<th>Scenarioer som tester den</th></tr></thead><tbody>")
        parts.extend(_clause_row(cov, cc, titles) for cc in ccs)
        parts.append("</tbody></table></section>")
    parts.append('<section id="tolkninger"><h2>Tolkninger til juridisk vurdering</h2>'
                 "<p>Her er erklæringen taus eller uklar, og regelen følger personvernforordningen eller norsk lov. "
                 "Juridisk bør bekrefte eller endre hver tolkning.</p>")
    parts.extend(_interpretations(policy, cov))
    parts.append("</section></main></body></html>")
    return "\n".join(parts) + "\n"
