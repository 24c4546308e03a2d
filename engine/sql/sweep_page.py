"""The retention sweep as one self-contained HTML page (no scripts, no external assets).

An inline SVG chart of the deletions falling due per month over the next five years, one
stacked series per rule with a legend and labelled axes; the sweep's counts per rule, per
clause of the statement and per table. Norwegian (bokmål), with English beside it or alone
(``lang``). Pure: takes the sweep's summary and forecast, returns the page as a string;
every name that comes from the inventory, the data or the rules is escaped.
"""

from __future__ import annotations

from collections import defaultdict
from html import escape
from typing import Iterable

from ..core.model import CompiledPolicy
from ..decide.retention import CONDITIONAL, DELETE, KEEP
from .forecast import Forecast
from .retention_sql import INVALID
from .sweep import SweepResult

OUTCOMES = (KEEP, DELETE, CONDITIONAL, INVALID)
_OUTCOME = {KEEP: ("Beholdes", "Kept"), DELETE: ("Skal slettes nå", "Delete now"),
            CONDITIONAL: ("Betinget (fakta mangler)", "Conditional (facts missing)"),
            INVALID: ("Kan ikke avgjøres (ugyldige data)", "Cannot be decided (invalid data)")}
_MONTHS = {"nb": ("jan", "feb", "mar", "apr", "mai", "jun", "jul", "aug", "sep", "okt", "nov", "des"),
           "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")}
# Colours that stay apart for common colour-vision deficiencies (Okabe–Ito).
PALETTE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000")

_CSS = """
:root { --ink:#1b1f24; --muted:#57606a; --line:#d0d7de; --tint:#f6f8fa; --bad:#cf222e; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: var(--ink);
       margin: 0 auto; max-width: 1100px; padding: 1.5rem 2rem 4rem; }
h1 { font-size: 1.6rem; margin: 0 0 .3rem; } h2 { font-size: 1.25rem; margin: 2rem 0 .6rem; border-bottom: 2px solid var(--line); }
p.lede, .en { color: var(--muted); } .en { font-size: .88em; font-weight: normal; }
.figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr)); gap: .6rem; margin: 1rem 0; }
.figure { border: 1px solid var(--line); border-radius: 6px; padding: .6rem .8rem; background: var(--tint); }
.figure b { display: block; font-size: 1.45rem; } .figure.due b { color: var(--bad); }
table { width: 100%; border-collapse: collapse; margin: .4rem 0 1rem; }
th, td { border: 1px solid var(--line); padding: .35rem .55rem; text-align: left; vertical-align: top; }
th { background: var(--tint); } td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .85em; }
svg { width: 100%; height: auto; } svg text { font: 12px system-ui, Arial, sans-serif; fill: var(--ink); }
svg .grid { stroke: var(--line); } svg .axis { stroke: var(--ink); }
@media print { body { max-width: none; padding: 0; font-size: 10pt; } tr, svg { break-inside: avoid; } }
"""


class _Text:
    """Norwegian, English or both: ``lang`` is nb, en or both (Norwegian first, English beside it)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __call__(self, nb: str, en: str) -> str:
        if self.lang == "en":
            return escape(en)
        if self.lang == "nb":
            return escape(nb)
        return f'{escape(nb)} <span class="en" lang="en">{escape(en)}</span>'

    def plain(self, nb: str, en: str) -> str:
        """For SVG text, which holds no markup."""
        return escape(en if self.lang == "en" else nb if self.lang == "nb" else f"{nb} ({en})")

    def number(self, n: int) -> str:
        return f"{n:,}" if self.lang == "en" else f"{n:,}".replace(",", "\u00a0")


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _nice_step(top: int, ticks: int = 5) -> int:
    """A tick step of 1, 2 or 5 times a power of ten giving about ``ticks`` steps up to ``top``."""
    step = 1
    while True:
        for m in (1, 2, 5):
            if top <= step * m * ticks:
                return step * m
        step *= 10


def chart(forecast: Forecast, t: _Text) -> str:
    """The forecast as an inline SVG: stacked bars per month, one colour per rule, axes, ticks and a legend."""
    width, left, right, top, plot_h = 960, 64, 16, 16, 260
    n = len(forecast.months)
    slot = (width - left - right) / n
    totals = [sum(c[i] for _, c in forecast.series) for i in range(n)]
    step = _nice_step(max(totals + [1]))
    ymax = step * max(1, -(-max(totals + [1]) // step))
    legend_rows = -(-len(forecast.series) // 3) if forecast.series else 1
    height = top + plot_h + 56 + 22 * legend_rows
    base = top + plot_h
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" aria-labelledby="chart-title">',
           f'<title id="chart-title">{t.plain("Sletting som forfaller per måned", "Deletions falling due per month")}</title>']
    for k in range(0, ymax // step + 1):
        y = base - plot_h * k * step / ymax
        out.append(f'<line class="grid" x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}"/>'
                   f'<text class="ytick" x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{t.number(k * step)}</text>')
    for i, month in enumerate(forecast.months):
        x = left + i * slot
        y = float(base)
        for r, (rule, counts) in enumerate(forecast.series):
            if not counts[i]:
                continue
            h = plot_h * counts[i] / ymax
            y -= h
            label = f"{rule} – {month.isoformat()[:7]}: {counts[i]}"
            out.append(f'<rect class="bar" data-rule="{_e(rule)}" data-month="{month.isoformat()[:7]}" data-n="{counts[i]}" '
                       f'x="{x + 1:.1f}" y="{y:.1f}" width="{max(slot - 2, 1):.1f}" height="{h:.1f}" fill="{PALETTE[r % len(PALETTE)]}">'
                       f'<title>{_e(label)}</title></rect>')
        if month.month == 1 or (i == 0 and month.month < 11):  # each January; the first month unless a January is close
            name = _MONTHS["en" if t.lang == "en" else "nb"][month.month - 1]
            out.append(f'<line class="axis" x1="{x:.1f}" x2="{x:.1f}" y1="{base}" y2="{base + 5}"/>'
                       f'<text class="xtick" x="{x:.1f}" y="{base + 18}">{name} {month.year}</text>')
    out.append(f'<line class="axis" x1="{left}" x2="{width - right}" y1="{base}" y2="{base}"/>'
               f'<line class="axis" x1="{left}" x2="{left}" y1="{top}" y2="{base}"/>')
    out.append(f'<text class="axis-title" x="{(left + width - right) / 2:.0f}" y="{base + 38}" text-anchor="middle">'
               f'{t.plain("Måned da slettefristen inntreffer", "Month the records must be deleted by")}</text>')
    out.append(f'<text class="axis-title" transform="translate(14 {top + plot_h / 2:.0f}) rotate(-90)" text-anchor="middle">'
               f'{t.plain("Antall poster", "Number of records")}</text>')
    for r, (rule, counts) in enumerate(forecast.series):
        lx, ly = left + (r % 3) * 300, base + 52 + 22 * (r // 3)
        out.append(f'<g class="legend-item" data-rule="{_e(rule)}"><rect x="{lx}" y="{ly}" width="14" height="14" '
                   f'fill="{PALETTE[r % len(PALETTE)]}"/><text x="{lx + 20}" y="{ly + 12}">{_e(rule)} ({t.number(sum(counts))})</text></g>')
    if not forecast.series:
        out.append(f'<text x="{left + 12}" y="{base - plot_h / 2:.0f}">'
                   f'{t.plain("Ingen poster får slettefrist i perioden", "No records fall due in the period")}</text>')
    out.append("</svg>")
    return "".join(out)


def _counts_table(head: str, rows: Iterable[tuple[str, dict[str, int], str]], t: _Text, key: str) -> str:
    out = [f"<table><thead><tr><th>{head}</th>",
           *[f"<th>{t(*_OUTCOME[o])}</th>" for o in OUTCOMES], f"<th>{t('Totalt', 'Total')}</th></tr></thead><tbody>"]
    for name, counts, label in rows:
        out.append(f'<tr data-{key}="{_e(name)}"><td><code>{_e(name)}</code>{label}</td>')
        out.extend(f'<td class="n" data-outcome="{o}" data-n="{counts.get(o, 0)}">{t.number(counts.get(o, 0))}</td>' for o in OUTCOMES)
        out.append(f'<td class="n" data-outcome="total" data-n="{sum(counts.values())}">{t.number(sum(counts.values()))}</td></tr>')
    out.append("</tbody></table>")
    return "".join(out)


def per_rule(result: SweepResult) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in result.summary:
        out[r.rule_id][r.outcome] += r.count
    return {k: dict(v) for k, v in out.items()}


def per_clause(result: SweepResult) -> dict[str, dict[str, int]]:
    """Per clause: the records of every rule that cites it (a record counts once under each clause its rule cites)."""
    out: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in result.summary:
        for c in r.clause_ids:
            out[c][r.outcome] += r.count
    return {k: dict(v) for k, v in out.items()}


def render_page(policy: CompiledPolicy, result: SweepResult, forecast: Forecast, inventory_name: str, lang: str = "both") -> str:
    """The whole page: figures, the chart, the month table, and the counts per rule, clause and table."""
    t = _Text(lang)
    rules = {r.id: r for r in policy.retention_rules}
    total = sum(r.count for r in result.summary)
    by_outcome = {o: sum(r.count for r in result.summary if r.outcome == o) for o in OUTCOMES}
    on = result.on.isoformat()
    figures = [("", t("Poster vurdert", "Records swept"), total),
               (" due", t("Skal slettes nå", "Delete now"), by_outcome[DELETE]),
               ("", t("Betinget", "Conditional"), by_outcome[CONDITIONAL]),
               (" due", t("Ugyldige data", "Invalid data"), by_outcome[INVALID]),
               ("", t("Forfaller de neste fem årene", "Falling due in the next five years"), forecast.total)]
    html = ['<!DOCTYPE html>', f'<html lang="{"en" if lang == "en" else "nb"}"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
            f"<title>{t.plain('Oppbevaring og sletting', 'Retention and deletion')} – {_e(on)}</title>",
            f"<style>{_CSS}</style></head><body>",
            f"<h1>{t('Oppbevaring og sletting', 'Retention and deletion')}</h1>",
            f'<p class="lede">{t("Inventar", "Inventory")}: <code>{_e(inventory_name)}</code> · '
            f'{t("vurdert per", "as of")} <time datetime="{on}">{on}</time></p>',
            '<div class="figures">',
            *[f'<div class="figure{cls}" data-figure="{i}"><b>{t.number(n)}</b>{label}</div>' for i, (cls, label, n) in enumerate(figures)],
            "</div>",
            f"<h2>{t('Sletting som forfaller per måned, de neste fem årene', 'Deletions falling due per month, the next five years')}</h2>",
            f'<p class="lede">{t("Poster som kan beholdes i dag, etter måneden da slettefristen (dagen etter siste oppbevaringsdag) inntreffer, per regel.", "Records that may be kept today, by the month their delete-by date (the day after the last day they may be kept) falls in, per rule.")}'
            f' {_e(forecast.months[0].isoformat()[:7])} – {_e(forecast.last_day.isoformat()[:7])}.</p>',
            chart(forecast, t)]
    html.append(f"<details><summary>{t('Tallene bak figuren', 'The figures behind the chart')}</summary><table><thead><tr>"
                f"<th>{t('Måned', 'Month')}</th>" + "".join(f"<th><code>{_e(r)}</code></th>" for r, _ in forecast.series) + "</tr></thead><tbody>")
    for i, month in enumerate(forecast.months):
        if any(c[i] for _, c in forecast.series):
            html.append(f"<tr><td>{month.isoformat()[:7]}</td>" + "".join(f'<td class="n">{t.number(c[i])}</td>' for _, c in forecast.series) + "</tr>")
    html.append("</tbody></table></details>")
    rule_rows = [(rid, counts, f"<br>{t(rules[rid].explanation_nb, rules[rid].explanation_en)}" if rid in rules else "")
                 for rid, counts in sorted(per_rule(result).items())]
    html.append(f"<h2>{t('Per regel', 'Per rule')}</h2>" + _counts_table(t("Regel", "Rule"), rule_rows, t, "rule"))
    clause_rows = [(cid, counts, f"<br>«{_e(policy.clauses[cid].text)}»" if cid in policy.clauses else "")
                   for cid, counts in sorted(per_clause(result).items())]
    html.append(f"<h2>{t('Per klausul i erklæringen', 'Per clause of the statement')}</h2>"
                f'<p class="lede">{t("En post telles under hver klausul regelen dens viser til.", "A record counts under each clause its rule cites.")}</p>'
                + _counts_table(t("Klausul", "Clause"), clause_rows, t, "clause"))
    tables: dict[str, dict[str, int]] = defaultdict(dict)
    for r in result.summary:
        tables[r.table][r.outcome] = tables[r.table].get(r.outcome, 0) + r.count
    table_rows = [(name, counts, "") for name, counts in sorted(tables.items())]
    html.append(f"<h2>{t('Per tabell', 'Per table')}</h2>" + _counts_table(t("Tabell", "Table"), table_rows, t, "table"))
    if result.unclassified:
        html.append(f"<p>{t('Uten oppbevaringsklasse, ikke vurdert', 'No record class, not swept')}: "
                    + ", ".join(f'<code data-unclassified="{_e(n)}">{_e(n)}</code>' for n in result.unclassified) + "</p>")
    html.append("</body></html>")
    return "\n".join(html)
