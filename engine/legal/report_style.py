"""The review report's stylesheet: screen and print (print opens every collapsed section and scenario)."""

from __future__ import annotations

CSS = """
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
details.klausul { border: 1px solid var(--line); border-radius: 6px; margin: .5rem 0; }
details.klausul > summary { cursor: pointer; padding: .5rem .7rem; }
details.klausul > summary .sitat { display: block; font-style: italic; margin: .3rem 0 0 1rem; padding-left: .7rem;
                                   border-left: 3px solid var(--line); }
details.klausul > summary .tall { color: var(--muted); font-size: .8rem; margin-left: .4rem; }
details.klausul > summary .note { display: block; margin-left: 1rem; }
details.klausul.plain { color: var(--muted); background: #fbfbfc; }
details.klausul .innhold { display: grid; grid-template-columns: 1fr 1fr; gap: 1.2rem; padding: .4rem .8rem .8rem;
                           border-top: 1px solid var(--line); }
details.klausul.plain .innhold { grid-template-columns: 1fr; }
details.klausul h4 { margin: .2rem 0 .4rem; font-size: .9rem; color: var(--muted); }
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
/* collapsible sections and scenarios; the print stylesheet below opens them all */
details.seksjon { margin: 1.2rem 0; border-top: 2px solid var(--line); }
details.seksjon > summary { cursor: pointer; padding: .5rem 0; display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; }
details.seksjon > summary h2 { margin: 0; border: 0; padding: 0; font-size: 1.2rem; flex: 1 1 20rem; }
details.seksjon > summary .tall { color: var(--muted); font-size: .85rem; min-width: 24rem; }
details.seksjon > summary::before { content: "▸"; color: var(--muted); } details.seksjon[open] > summary::before { content: "▾"; }
svg.bar { width: 12rem; height: .9rem; flex: 0 0 auto; }
details.scen > summary { cursor: pointer; list-style-position: outside; }
ol.steg { margin: .3rem 0 .3rem 1.1rem; padding: 0; list-style: none; }
ol.steg li { margin: .1rem 0; }
ol.steg .kw { font-weight: 600; color: #0550ae; margin-right: .25rem; }
ol.steg .bakgrunn { color: var(--muted); }
table.eks { width: auto; table-layout: auto; margin: .3rem 0 .2rem 1.1rem; font-size: .85em; }
table.eks th, table.eks td { padding: .1rem .4rem; }
/* filters without scripts: the checked radio button hides what does not match */
.filter { display: flex; gap: 1rem; flex-wrap: wrap; align-items: center; margin: .8rem 0; padding: .5rem .8rem;
          background: var(--tint); border: 1px solid var(--line); border-radius: 6px; }
.filter label { cursor: pointer; }
p.ingen-treff { display: none; }
body:has(#vis-tolkninger:checked) details.klausul:not(.tolk), body:has(#vis-feil:checked) details.klausul:not(.feil),
body:has(#vis-tolkninger:checked) details.seksjon:not(:has(.klausul.tolk)),
body:has(#vis-feil:checked) details.seksjon:not(:has(.klausul.feil)) { display: none; }
body:has(#vis-tolkninger:checked) details.seksjon::details-content,
body:has(#vis-feil:checked) details.seksjon::details-content,
body:has(#vis-tolkninger:checked) details.klausul.tolk::details-content,
body:has(#vis-feil:checked) details.klausul.feil::details-content { content-visibility: visible; display: block; }
body:has(#vis-feil:checked):not(:has(.klausul.feil)) p.ingen-treff.feil,
body:has(#vis-tolkninger:checked):not(:has(.klausul.tolk)) p.ingen-treff.tolk { display: block; }
/* the pictures */
.bilder { display: grid; grid-template-columns: 1fr; gap: 1.4rem; }
figure { margin: 0; break-inside: avoid; }
figcaption { font-weight: 600; margin-bottom: .3rem; }
table.bilde { table-layout: auto; width: auto; }
table.bilde td.small { white-space: nowrap; }
table.bilde td:first-child { max-width: 30rem; }
table.bilde td { border-width: 0 0 1px; padding: .2rem .4rem; vertical-align: middle; }
svg.tidslinje { width: 34rem; max-width: 100%; height: auto; display: block; }
.forklaring { font-size: .8rem; color: var(--muted); }
.farge { display: inline-block; width: .8em; height: .8em; vertical-align: -.05em; margin: 0 .2em 0 .6em; }
.farge.ok { background: var(--ok); } .farge.feilet { background: #bc4c00; } .farge.ukjent { background: #8c959f; } .farge.feil { background: var(--bad); }
@media (max-width: 900px) { col.c1, col.c2, col.c3 { width: auto; } nav ol { columns: 1; } }
@media print {
  body { font-size: 10.5pt; max-width: none; padding: 0; }
  nav, .filter { display: none; }
  details::details-content { content-visibility: visible; display: block; }
  details > summary { list-style: none; }
  details.seksjon > summary::before { content: none; }
  details.scen > summary::-webkit-details-marker { display: none; }
  h2 { break-after: avoid; }
  tr, .interp, .rule, .scen { break-inside: avoid; }
  details.klausul .innhold { grid-template-columns: 1fr 1fr; }
  a { color: inherit; text-decoration: none; }
  .badge { border-width: 1px; }
  @page { size: A4 landscape; margin: 12mm; }
}
"""
