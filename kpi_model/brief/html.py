"""The pack as one self-contained HTML page for print (A4 portrait): no script, no link to
anything outside the page, fonts from the system, charts as inline SVG (vectors in the PDF).

Every string that comes from the data is escaped (:func:`html.escape`); nothing a user wrote is
ever HTML. Numbers read as on the dashboard: scores with one decimal on the 0–100 scale,
shares as percentages with one decimal, counts with thousands separated.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from html import escape

from kpi_model.brief.content import BehindRow, DimensionRow, FollowupNote, MoverRow, PackContent
from kpi_model.columns import column_label
from kpi_model.fiscal import be_to_ce
from kpi_model.i18n import (
    agency_label,
    date_label,
    flag_label,
    name_of,
    period_label,
    plan_source_label,
    recorded_status_label,
    severity_label,
    status_label,
    t,
)
from kpi_model.labels import (
    basis_text,
    computed_text,
    direction_text,
    recorded_counts_text,
    recorded_line,
    recorded_text,
    thresholds_text,
)
from kpi_model.palette import HATCH_COLOR, NOT_EVALUATED_FILL, STATUS_COLORS
from kpi_model.quality import flag_check
from kpi_model.safe_text import cut

__all__ = [
    "FONT_FAMILY",
    "NAME_LIMIT",
    "REPORT_LIMIT",
    "SECTION_IDS",
    "STATUS_COLORS",
    "pct",
    "render_html",
    "score",
    "sections",
]

# A report or a name is data, of any length: a 100 KB report without a space once kept
# chromium laying out one table cell for two minutes. The pack prints at most this much of each
# (the cut is said in the cell and in a note naming the indicators); the dashboard shows all.
REPORT_LIMIT = 1_500
NAME_LIMIT = 300

#: Thai-capable system fonts (fonts-thai-tlwg), then any sans-serif: never a web font.
FONT_FAMILY = '"Loma", "Garuda", "Noto Sans Thai", sans-serif'
DASH = "—"
BANGKOK = dt.timezone(dt.timedelta(hours=7))

SECTION_IDS = ("headline", "dimensions", "behind", "followup", "movers", "agencies", "league", "flags", "verdicts")


def score(value: float | None) -> str:
    """A score on the 0–100 scale with one decimal; a dash when there is none."""
    return DASH if value is None else f"{value:,.1f}"


def pct(share: float | None) -> str:
    """A share (0.256) as ``25.6%``; a dash when there is none."""
    return DASH if share is None else f"{share:.1%}"


def _change(value: float | None, *, share: bool = False) -> str:
    if value is None:
        return DASH
    return f"{100 * value:+.1f} pp" if share else f"{value:+.1f}"


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def sections(content: PackContent) -> list[tuple[str, str]]:
    """(anchor id, title) of the pack's sections in order, as the table of contents lists them."""
    lang = content.lang
    out = [("headline", t("brief_headline", lang))]
    out.append(("dimensions", t("brief_children" if content.dimensions_are_children else "brief_dimensions", lang)))
    out.append(("behind", t("brief_behind", lang)))
    if content.behind:
        out.append(("followup", t("brief_followup", lang)))
    out.append(("movers", t("movers", lang)))
    if content.scope.kind != "agency":
        out.append(("agencies", t("agencies_behind", lang)))
    if content.league:
        out.append(("league", t("brief_league", lang)))
    out.append(("flags", t("brief_flags", lang)))
    out.append(("verdicts", t("brief_verdicts", lang)))
    return out


def _css_string(text: str) -> str:
    """``text`` as a CSS string literal (our own labels only; never data)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _css(lang: str) -> str:
    page = t("brief_page", lang, page="\u0001", pages="\u0002")
    before, _, rest = page.partition("\u0001")
    middle, _, after = rest.partition("\u0002")
    counter = f"{_css_string(before)} counter(page) {_css_string(middle)} counter(pages) {_css_string(after)}"
    return f"""
@page {{ size: A4 portrait; margin: 16mm 14mm 18mm 14mm;
  @bottom-center {{ content: {counter}; font-family: {FONT_FAMILY}; font-size: 8.5pt; color: #4A5160; }}
  @bottom-left {{ content: {_css_string(t("brief_title", lang))}; font-family: {FONT_FAMILY}; font-size: 7pt; color: #4A5160; }}
}}
@page :first {{ @bottom-left {{ content: none; }} }}
* {{ box-sizing: border-box; }}
html {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
body {{ font-family: {FONT_FAMILY}; font-size: 10pt; line-height: 1.45; color: #1B1F24; margin: 0; }}
h1 {{ font-size: 22pt; line-height: 1.3; margin: 0 0 4mm; color: #1F4E79; }}
h2 {{ font-size: 14pt; line-height: 1.35; margin: 7mm 0 2.5mm; padding-bottom: 1mm; color: #1F4E79;
      border-bottom: 0.6pt solid #1F4E79; break-after: avoid; }}
h3 {{ font-size: 11pt; margin: 4mm 0 1.5mm; break-after: avoid; }}
p {{ margin: 1.5mm 0; }}
.note {{ font-size: 8.5pt; color: #4A5160; }}
.cover {{ break-after: page; padding-top: 40mm; }}
.cover .org {{ font-size: 12pt; color: #4A5160; margin-bottom: 2mm; }}
.cover .scope {{ font-size: 16pt; margin: 0 0 1mm; }}
.cover .period {{ font-size: 13pt; margin: 0 0 10mm; }}
.warn {{ border: 1pt solid #AD6200; background: #FFF4E5; padding: 2mm 3mm; margin: 4mm 0; }}
table {{ border-collapse: collapse; width: 100%; margin: 2mm 0 3mm; font-size: 8.8pt; }}
th, td {{ border-bottom: 0.4pt solid #C8CDD3; padding: 1.2mm 1.5mm; text-align: left; vertical-align: top; }}
th {{ background: #EEF2F6; font-weight: bold; }}
thead {{ display: table-header-group; }}
tr {{ break-inside: avoid; }}
td.n, th.n {{ text-align: right; white-space: nowrap; }}
td.n .note {{ white-space: normal; }}
table.behind th:nth-child(1), table.behind td:nth-child(1) {{ width: 62%; }}
table.behind th:nth-child(2), table.behind td:nth-child(2) {{ width: 14%; }}
table.dims td:nth-child(1) {{ width: 27%; }}
table.flags td:nth-child(-n+2), table.flags th:nth-child(-n+2) {{ white-space: nowrap; }}
table.counts td:nth-child(1), table.counts th:nth-child(1) {{ white-space: nowrap; }}
table.trend td:nth-child(1) {{ white-space: nowrap; }}
div.trend {{ display: flex; gap: 2%; }}
div.trend svg {{ flex: 1 1 49%; }}
#behind {{ break-before: page; }}
table.league {{ font-size: 7.8pt; table-layout: fixed; }}
table.league th {{ white-space: normal; }}
table.league th:nth-child(1) {{ width: 5%; }}
table.league th:nth-child(2) {{ width: 21%; }}
table.league th:nth-child(3) {{ width: 7%; }}
table.league th:nth-child(4) {{ width: 10%; }}
table.league th:nth-child(5) {{ width: 18%; }}
table.league th:nth-child(6) {{ width: 7%; }}
table.league th:nth-child(7) {{ width: 8%; }}
table.league th:nth-child(8) {{ width: 9%; }}
table.league th:nth-child(9) {{ width: 7%; }}
table.league th:nth-child(10) {{ width: 8%; }}
table.dims td:nth-child(2) {{ width: 19%; }}
table.prov th {{ width: 32%; background: none; }}
table.prov td {{ word-break: break-all; }}
.toc {{ break-after: page; }}
.inside {{ margin-top: 8mm; font-size: 9pt; }}
.inside a {{ color: #1F4E79; text-decoration: none; }}
.toc table td {{ font-size: 11pt; border-bottom: 0.4pt dotted #C8CDD3; }}
.toc a {{ color: inherit; text-decoration: none; }}
.metrics {{ display: flex; flex-wrap: wrap; gap: 2.5mm; margin: 2mm 0 3mm; }}
.metric {{ flex: 1 1 28mm; border: 0.6pt solid #C8CDD3; border-radius: 1.5mm; padding: 2mm 2.5mm; break-inside: avoid; }}
.metric .label {{ font-size: 8pt; color: #4A5160; }}
.metric .value {{ font-size: 16pt; font-weight: bold; line-height: 1.3; }}
.metric .delta {{ font-size: 7.5pt; color: #4A5160; }}
.swatch {{ display: inline-block; width: 3mm; height: 3mm; margin-right: 1mm; vertical-align: -0.3mm; }}
.report {{ font-size: 8.5pt; color: #333; white-space: pre-wrap; }}
td, p, h1, h2, h3, .report, .note, .scope {{ overflow-wrap: anywhere; }}
table.behind {{ table-layout: fixed; }}
.sev-error {{ color: #9B1C1C; font-weight: bold; }}
.sev-warning {{ color: #AD6200; font-weight: bold; }}
.sev-info {{ color: #3D6FA8; }}
svg {{ display: block; margin: 2mm 0; }}
.keep {{ break-inside: avoid; }}
.fu {{ margin: 3mm 0 4mm; }}
.fu h3 {{ font-size: 10.5pt; margin: 0 0 1mm; }}
.fu .text {{ white-space: pre-wrap; margin: 0.5mm 0 1.5mm; }}
.overdue {{ color: #9B1C1C; font-weight: bold; }}
"""


def _table(head: Iterable[tuple[str, bool]], rows: Iterable[Iterable[str]], cls: str = "") -> str:
    """A table; ``head`` is (escaped label, numeric?), every cell already escaped HTML."""
    head = list(head)
    ths = "".join(f'<th class="n">{h}</th>' if n else f"<th>{h}</th>" for h, n in head)
    body = []
    for row in rows:
        cells = "".join(
            f'<td class="n">{c}</td>' if n else f"<td>{c}</td>" for c, (_, n) in zip(row, head, strict=True)
        )
        body.append(f"<tr>{cells}</tr>")
    return f'<table class="{cls}"><thead><tr>{ths}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def _bangkok_time(stamp: str | None, lang: str) -> str:
    """A store's ISO write time as Bangkok's date and clock ('1 ธันวาคม 2569 21:31 น.')."""
    if not stamp:
        return DASH
    try:
        when = dt.datetime.fromisoformat(stamp).astimezone(BANGKOK)
    except ValueError:
        return stamp
    return f"{date_label(when.date(), lang)} {when:%H:%M}" + (" น." if lang == "th" else " (UTC+7)")


def _cover(c: PackContent, toc_pages: Mapping[str, int] | None) -> str:
    lang = c.lang
    scope_name = c.scope_en if lang == "en" else c.scope_th
    if c.scope.kind == "agency":
        filt = t("brief_filters_agency", lang, code=c.scope.code)
    elif c.scope.kind == "strategy":
        filt = t("brief_filters_strategy", lang, code=c.scope.code)
    else:
        filt = t("brief_filters_city", lang)
    filt += " · " + t("brief_filters_period", lang, fy=c.fiscal_year, ce=be_to_ce(c.fiscal_year), quarter=c.quarter)
    made = f"{date_label(c.made_on, 'th')} · ค.ศ. {c.made_on.isoformat()}"
    if lang == "en":
        made = f"{date_label(c.made_on, 'en')} · {date_label(c.made_on, 'th')}"
    written = _bangkok_time(c.store_written_at, lang)
    link = (
        f'<a href="{_e(c.permalink)}">{_e(c.permalink)}</a>'
        if c.permalink
        else f"<em>{_e(t('brief_no_link', lang))}</em>"
    )
    rows = [
        (t("brief_covers", lang), _e(scope_name)),
        (t("brief_period", lang), _e(period_label(c.fiscal_year, c.quarter, lang))),
        (t("brief_filters", lang), _e(filt)),
        (t("store_version", lang), _e(c.store_version)),
        (t("last_changed", lang), _e(written)),
        (t("brief_made", lang), _e(made)),
        (t("brief_link", lang), link),
    ]
    prov = "".join(f"<tr><th>{_e(k)}</th><td>{v}</td></tr>" for k, v in rows)
    warn = f'<p class="warn">{_e(t("brief_synthetic", lang))}</p>' if c.synthetic else ""
    return (
        f'<section class="cover"><div class="org">{_e(t("brief_org", lang))}</div>'
        f"<h1>{_e(t('brief_title', lang))}</h1>"
        f'<p class="scope">{_e(scope_name)}</p><p class="period">{_e(period_label(c.fiscal_year, c.quarter, lang))}</p>'
        f'{warn}<table class="prov">{prov}</table>'
        f'<p class="note">{_e(thresholds_text(lang))}</p>{_inside(c)}</section>'
    )


def _inside(c: PackContent) -> str:
    """What the pack holds, one line on the cover; its links are also what makes chromium write
    a named destination per section, from which the contents page reads its page numbers."""
    links = " · ".join(f'<a href="#{anchor}">{_e(title)}</a>' for anchor, title in sections(c))
    return f'<p class="inside"><strong>{_e(t("brief_inside", c.lang))}</strong> {links}</p>'


def _toc(c: PackContent, pages: Mapping[str, int] | None) -> str:
    rows = []
    for anchor, title in sections(c):
        number = str(pages[anchor]) if pages and anchor in pages else "—"
        rows.append(f'<tr><td><a href="#{anchor}">{_e(title)}</a></td><td class="n">{_e(number)}</td></tr>')
    return (
        f'<section class="toc"><h2>{_e(t("brief_contents", c.lang))}</h2><table><tbody>{"".join(rows)}</tbody>'
        "</table></section>"
    )


def _metric(label: str, value: str, delta: str = "") -> str:
    d = f'<div class="delta">{_e(delta)}</div>' if delta else ""
    return f'<div class="metric"><div class="label">{_e(label)}</div><div class="value">{_e(value)}</div>{d}</div>'


def _headline(c: PackContent) -> str:
    lang = c.lang
    head, cur, b = c.headline, c.current, c.basis
    out = [f'<h2 id="headline">{_e(t("brief_headline", lang))}</h2>']
    if cur is None:
        return out[0] + f"<p>{_e(t('brief_no_data', lang))}</p>"
    rec = b.recorded
    line = recorded_line(rec.met, rec.not_met, rec.not_evaluated, rec.none, lang)
    out.append(
        f"<p><strong>{_e(line)}</strong></p>"
        if line is not None
        else f"<p><strong>{_e(t('recorded_by_dimension', lang))}</strong> · "
        f"{_e(recorded_counts_text(rec.met, rec.not_met, rec.not_evaluated, rec.none, lang))}</p>"
    )
    out.append(
        f"<p><strong>{_e(t('computed_headline', lang))}</strong> · "
        f"{_e(basis_text(b.indicator_count, b.plans.as_dict(), b.lower, b.inferred, lang))}</p>"
    )
    vp = t("brief_vs_previous", lang)
    out.append('<div class="metrics">')
    out.append(_metric(t("indicators_count", lang), f"{cur.indicator_count:,}"))
    out.append(_metric(t("mean_score", lang), score(cur.mean_score_100), f"{vp} {_change(head.score_vs_previous)}"))
    out.append(_metric(t("share_met", lang), pct(cur.share_met), f"{vp} {_change(head.met_vs_previous, share=True)}"))
    out.append(_metric(t("share_on_track", lang), pct(cur.share_on_track)))
    out.append(
        _metric(t("share_behind", lang), pct(cur.share_behind), f"{vp} {_change(head.behind_vs_previous, share=True)}")
    )
    out.append(_metric(t("share_no_data", lang), pct(cur.share_no_data)))
    out.append("</div>")
    notes = []
    for comp, key in ((head.vs_previous, "compared_on_previous"), (head.vs_last_year, "compared_on_last_year")):
        if comp is not None and not comp.same_set:
            notes.append(t(key, lang, matched=comp.matched, now=comp.now_count, then=comp.then_count))
    if head.vs_last_year is None:
        notes.append(f"{t('vs_last_year', lang)}: {t('no_comparison', lang)}")
    else:
        notes.append(
            f"{t('brief_vs_last_year', lang)}: {t('mean_score', lang)} {_change(head.score_vs_last_year)} · "
            f"{t('share_met', lang)} {_change(head.met_vs_last_year, share=True)} · "
            f"{t('share_behind', lang)} {_change(head.behind_vs_last_year, share=True)}"
        )
    out.extend(f'<p class="note">{_e(n)}</p>' for n in notes)
    out.append(_trend(c))
    return "".join(out)


def _trend(c: PackContent) -> str:
    """The last eight quarters (views.quarter_trend): a chart of the mean score and the share
    behind, computed (solid) beside BMA's recorded evaluation (dashed), and the figures as a
    table. A quarter without a figure is a gap in the line and a dash in the table, never 0."""
    lang = c.lang
    if not c.trend or not any(p.indicator_count for p in c.trend):
        return ""
    out = [f"<h3>{_e(t('trend_title', lang))}</h3>"]
    score_max, share_max = 100.0, 1.0
    panels = (
        (t("trend_score", lang), [(p.mean_score_100, p.recorded_mean_score) for p in c.trend], score_max, "#1F4E79"),
        (
            t("trend_behind", lang),
            [(p.share_behind, p.recorded_share_behind) for p in c.trend],
            share_max,
            STATUS_COLORS["behind"],
        ),
    )
    out.append('<div class="trend">')
    for title, values, top, colour in panels:
        out.append(_trend_chart(title, values, top, colour, c, lang))
    out.append("</div>")
    out.append(f'<p class="note">{_e(t("trend_note", lang))}</p>')
    head = [
        (_e(t("quarter", lang)), False),
        (_e(t("indicators_count", lang)), True),
        (_e(t("trend_score", lang) + " · " + t("trend_computed", lang)), True),
        (_e(t("trend_score", lang) + " · " + t("trend_recorded", lang)), True),
        (_e(t("trend_behind", lang) + " · " + t("trend_computed", lang)), True),
        (_e(t("trend_behind", lang) + " · " + t("trend_recorded", lang)), True),
        (_e(t("brief_trend_evaluated", lang)), True),
    ]
    rows = [
        [
            _e(t("brief_trend_row", lang, q=p.quarter, fy=p.fiscal_year)),
            f"{p.indicator_count:,}",
            score(p.mean_score_100),
            score(p.recorded_mean_score),
            pct(p.share_behind),
            pct(p.recorded_share_behind),
            f"{p.evaluated:,}",
        ]
        for p in c.trend
    ]
    out.append(_table(head, rows, "trend"))
    return "".join(out)


def _trend_chart(
    title: str, values: list[tuple[float | None, float | None]], top: float, colour: str, c: PackContent, lang: str
) -> str:
    """One panel of the trend as inline SVG: computed solid, recorded dashed, gaps for None."""
    left, width, height, pad = 34.0, 230.0, 96.0, 14.0
    n = len(values)
    step = width / max(n - 1, 1)

    def xy(i: int, v: float) -> tuple[float, float]:
        return left + i * step, pad + (1 - v / top) * (height - 2 * pad)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="49%" viewBox="0 0 {left + width + 60:.0f} {height + 22:.0f}" '
        f"font-family='{FONT_FAMILY}' role=\"img\">",
        f'<text x="0" y="9" font-size="9" fill="#1B1F24">{_e(title)}</text>',
    ]
    for frac in (0.0, 0.5, 1.0):
        _, y = xy(0, top * frac)
        label = f"{top * frac:.0f}" if top > 1 else f"{frac:.0%}"
        out.append(f'<line x1="{left:.0f}" x2="{left + width:.0f}" y1="{y:.1f}" y2="{y:.1f}" stroke="#E5E5E5"/>')
        out.append(
            f'<text x="{left - 3:.0f}" y="{y + 3:.1f}" font-size="7" text-anchor="end" fill="#4A5160">{label}</text>'
        )
    for i, p in enumerate(c.trend):
        x, _ = xy(i, 0)
        out.append(
            f'<text x="{x:.1f}" y="{height + 8:.0f}" font-size="6.5" text-anchor="middle" fill="#4A5160">'
            f"{_e(t('brief_trend_tick', lang, q=p.quarter, fy=p.fiscal_year))}</text>"
        )
    finals = [next((pair[w] for pair in reversed(values) if pair[w] is not None), None) for w in (0, 1)]
    recorded_above = finals[1] is not None and (finals[0] is None or finals[1] > finals[0])
    for which, dash, name in (
        (0, "", t("trend_computed", lang)),
        (1, ' stroke-dasharray="4 3"', t("trend_recorded", lang)),
    ):
        runs: list[list[tuple[float, float]]] = [[]]
        for i, pair in enumerate(values):
            v = pair[which]
            if v is None:
                runs.append([])
            else:
                runs[-1].append(xy(i, v))
        last = None
        for run in runs:
            if len(run) >= 1:
                points = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
                out.append(
                    f'<polyline points="{points}" fill="none" stroke="{colour if which == 0 else "#4A5160"}" '
                    f'stroke-width="{1.8 if which == 0 else 1.2}"{dash}/>'
                )
                for x, y in run:
                    out.append(
                        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="1.8" fill="{colour if which == 0 else "#4A5160"}"/>'
                    )
                last = run[-1]
        if last is not None:
            out.append(
                f'<text x="{last[0] + 4:.1f}" y="{last[1] + (-3 if (which == 1) == recorded_above else 8):.1f}" font-size="7" '
                f'fill="{colour if which == 0 else "#4A5160"}">{_e(name)}</text>'
            )
    out.append("</svg>")
    return "".join(out)


_STATUS_KEYS = ("met", "on_track", "behind", "no_data")
_RECORDED_KEYS = ("met", "not_met", "not_evaluated", "none")


def _bar(x0: float, y: float, width: float, height: float, parts: list[tuple[float, str, bool]]) -> str:
    """A stacked bar of ``parts`` (count, fill, hatched) scaled to ``width``; nothing for 0."""
    total = sum(n for n, _, _ in parts)
    if total <= 0:
        return (
            f'<rect x="{x0:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}" fill="none" '
            f'stroke="{STATUS_COLORS["no_data"]}" stroke-dasharray="2 2" stroke-width="0.6"/>'
        )
    out, x = [], x0
    for n, fill, hatch in parts:
        if n <= 0:
            continue
        w = width * n / total
        pattern = ' fill="url(#hatch)"' if hatch else ""
        out.append(f'<rect x="{x:.2f}" y="{y:.1f}" width="{w:.2f}" height="{height:.1f}" fill="{fill}"/>')
        if hatch:
            out.append(f'<rect x="{x:.2f}" y="{y:.1f}" width="{w:.2f}" height="{height:.1f}"{pattern}/>')
        if w > 14:
            colour = "#1B1F24" if fill in (NOT_EVALUATED_FILL, STATUS_COLORS["on_track"]) else "#FFFFFF"
            out.append(
                f'<text x="{x + w / 2:.1f}" y="{y + height / 2 + 3:.1f}" font-size="8" text-anchor="middle" '
                f'fill="{colour}">{int(n):,}</text>'
            )
        x += w
    return "".join(out)


def _recorded_parts(d: DimensionRow) -> list[tuple[float, str, bool]]:
    return [
        (d.rec_met, STATUS_COLORS["met"], True),
        (d.rec_not_met, STATUS_COLORS["behind"], True),
        (d.rec_not_evaluated, NOT_EVALUATED_FILL, True),
        (d.rec_none, STATUS_COLORS["no_data"], False),
    ]


def _computed_parts(d: DimensionRow) -> list[tuple[float, str, bool]]:
    return [
        (d.met, STATUS_COLORS["met"], False),
        (d.on_track, STATUS_COLORS["on_track"], False),
        (d.behind, STATUS_COLORS["behind"], False),
        (d.no_data, STATUS_COLORS["no_data"], False),
    ]


def _dimension_chart(dims: tuple[DimensionRow, ...], lang: str) -> str:
    """Two bars per dimension: BMA's recorded bands (hatched) over the computed statuses."""
    label_w, width, bar_h, gap = 70.0, 440.0, 11.0, 9.0
    row_h = 2 * bar_h + 2 + gap
    height = len(dims) * row_h + 6
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="100%" viewBox="0 0 {label_w + width + 4:.0f} {height:.0f}" '
        f"font-family='{FONT_FAMILY}' role=\"img\">",
        '<defs><pattern id="hatch" width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        f'<line x1="0" y1="0" x2="0" y2="4" stroke="{HATCH_COLOR}" stroke-width="0.8" stroke-opacity="0.55"/>'
        "</pattern></defs>",
    ]
    for i, d in enumerate(dims):
        y = 3 + i * row_h
        out.append(
            f'<text x="{label_w - 4:.0f}" y="{y + bar_h + 4:.1f}" font-size="9" text-anchor="end" '
            f'fill="#1B1F24">{_e(d.code)}</text>'
        )
        out.append(_bar(label_w, y, width, bar_h, _recorded_parts(d)))
        out.append(_bar(label_w, y + bar_h + 2, width, bar_h, _computed_parts(d)))
    out.append("</svg>")
    return "".join(out)


def _legend(lang: str) -> str:
    items = [(STATUS_COLORS[k], status_label(k, lang)) for k in _STATUS_KEYS]
    items.insert(3, (NOT_EVALUATED_FILL, recorded_status_label("not_evaluated", lang)))
    return (
        '<p class="note">'
        + " ".join(f'<span class="swatch" style="background:{c}"></span>{_e(label)} &#160;' for c, label in items)
        + "</p>"
    )


def _dimensions(c: PackContent) -> str:
    lang = c.lang
    title = t("brief_children" if c.dimensions_are_children else "brief_dimensions", lang)
    out = [f'<h2 id="dimensions">{_e(title)}</h2>']
    if not c.dimensions:
        return out[0] + f"<p>{_e(t('brief_no_children' if c.dimensions_are_children else 'brief_no_data', lang))}</p>"
    out.append(f'<div class="keep">{_dimension_chart(c.dimensions, lang)}')
    out.append(f'<p class="note">{_e(t("brief_chart_note", lang))}</p>{_legend(lang)}</div>')
    head = [
        (_e(column_label("strategy_code", lang)), False),
        (_e(column_label("recorded", lang)), False),
        (_e(column_label("mean_score_100", lang)), True),
        (_e(status_label("met", lang)), True),
        (_e(status_label("on_track", lang)), True),
        (_e(status_label("behind", lang)), True),
        (_e(status_label("no_data", lang)), True),
        (_e(column_label("indicator_count", lang)), True),
    ]
    rows = [
        [
            f"{_e(d.code)} {_e(name_of(d.name_th, d.name_en, lang))}",
            _e(recorded_counts_text(d.rec_met, d.rec_not_met, d.rec_not_evaluated, d.rec_none, lang)),
            _e(score(d.mean_score)),
            f"{d.met:,}",
            f"{d.on_track:,}",
            f"{d.behind:,}",
            f"{d.no_data:,}",
            f"{d.indicator_count:,}",
        ]
        for d in c.dimensions
    ]
    out.append(_table(head, rows, "dims"))
    return "".join(out)


def _report(r: BehindRow, lang: str, reports: bool) -> str:
    """The row's latest report, cut to :data:`REPORT_LIMIT` characters with a note saying so,
    or (``reports`` False: the pack could not be laid out with them) a note that it is left out."""
    if not r.report_th:
        return f'<div class="report">{_e(t("no_report", lang))}</div>'
    label = _e(t("report_quarter", lang, quarter=r.report_quarter))
    if not reports:
        return f'<div class="report">{label}: {_e(t("brief_report_left_out", lang))}</div>'
    text = r.report_th
    if len(text) > REPORT_LIMIT:
        shown = cut(text, REPORT_LIMIT)
        note = t("brief_report_cut", lang, shown=len(shown) - 1, total=len(text))
        return f'<div class="report">{label}: {_e(shown)} <span class="note">{_e(note)}</span></div>'
    return f'<div class="report">{label}: {_e(text)}</div>'


def _behind_row(r: BehindRow, lang: str, reports: bool = True) -> list[str]:
    report = _report(r, lang, reports)
    return [
        f"<strong>{_e(cut(r.indicator_code, 40))}</strong> {_e(cut(name_of(r.name_th, r.name_en, lang), NAME_LIMIT))}"
        f'<div class="note">{_e(cut(agency_label(r.agency_code, r.agency_th, r.agency_en, lang), NAME_LIMIT))}</div>'
        f"{report}",
        _e(recorded_text(r.recorded_status, r.recorded_score, lang)),
        f"{_e(score(r.score))}<div class='note'>{_e(computed_text('behind', r.plan_source, lang))}"
        f"<br>{_e(direction_text(r.direction, r.direction_source, lang))}</div>",
    ]


def _behind(c: PackContent, reports: bool = True) -> str:
    lang = c.lang
    out = [f'<h2 id="behind">{_e(t("brief_behind", lang))}</h2>']
    if not c.behind:
        return out[0] + f"<p>{_e(t('brief_no_behind', lang))}</p>"
    out.append(f'<p class="note">{_e(t("brief_behind_note", lang, n=c.behind_total, shown=len(c.behind)))}</p>')
    with_report = [cut(r.indicator_code, 40) for r in c.behind if r.report_th]
    long = [cut(r.indicator_code, 40) for r in c.behind if r.report_th and len(r.report_th) > REPORT_LIMIT]
    if not reports and with_report:
        out.append(f'<p class="warn">{_e(t("brief_reports_left_out", lang, codes=", ".join(with_report)))}</p>')
    elif long:
        out.append(f'<p class="warn">{_e(t("brief_reports_cut", lang, codes=", ".join(long)))}</p>')
    head = [
        (_e(column_label("name", lang)), False),
        (_e(column_label("recorded", lang)), False),
        (_e(column_label("score_100", lang)), True),
    ]
    out.append(_table(head, (_behind_row(r, lang, reports) for r in c.behind), "behind"))
    return "".join(out)


def _when(at: dt.datetime, lang: str) -> str:
    """A moment in Bangkok time with a BE date: '7 ธันวาคม 2569 16:05'."""
    local = (at if at.tzinfo is not None else at.replace(tzinfo=dt.UTC)).astimezone(BANGKOK)
    return f"{date_label(local.date(), lang)} {local:%H:%M}"


def _followup_note(f: FollowupNote, as_of: dt.date, lang: str) -> str:
    """One indicator's latest analysis (why, what next, who and when) and its open actions."""
    a = f.note.analysis
    out = [
        '<div class="fu">',
        f"<h3>{_e(cut(f.indicator_code, 40))} {_e(cut(name_of(f.name_th, f.name_en, lang), NAME_LIMIT))}</h3>",
    ]
    if a is None:
        out.append(f'<p class="note">{_e(t("brief_followup_no_analysis", lang))}</p>')
    else:
        by = t("fu_written_by", lang, revision=a.revision, who=a.updated_by, when=_when(a.updated_at, lang))
        if (a.key.fiscal_year, a.key.quarter) != (f.note.key.fiscal_year, f.note.key.quarter):
            by += " · " + t("brief_followup_earlier", lang, period=period_label(a.key.fiscal_year, a.key.quarter, lang))
        out.append(f"<div class='note'>{_e(by)}</div>")
        for label, text in (("fu_why", a.why), ("fu_next", a.next_steps)):
            shown = text if len(text) <= REPORT_LIMIT else cut(text, REPORT_LIMIT)  # its lines kept when whole
            more = (
                f' <span class="note">{_e(t("brief_report_cut", lang, shown=len(shown) - 1, total=len(text)))}</span>'
            )
            out.append(
                f"<div><strong>{_e(t(label, lang))}</strong></div>"
                f'<div class="text report">{_e(shown)}{more if len(text) > REPORT_LIMIT else ""}</div>'
            )
    if not f.note.open_actions:
        out.append(f'<p class="note">{_e(t("brief_followup_no_actions", lang))}</p>')
    else:
        head = [(_e(t("fu_what", lang)), False), (_e(t("fu_owner", lang)), False), (_e(t("fu_due", lang)), False)]
        rows = []
        for action in f.note.open_actions:
            due = _e(date_label(action.due_date, lang))
            if action.is_overdue(as_of):
                due += f' <span class="overdue">({_e(t("fu_overdue_mark", lang))})</span>'
            rows.append([_e(cut(action.what, REPORT_LIMIT)), _e(cut(action.owner, NAME_LIMIT)), due])
        out.append(_table(head, rows, "actions"))
    out.append("</div>")
    return "".join(out)


def _followup(c: PackContent) -> str:
    """The follow-up of the indicators behind (DESIGN §9): one sentence when there is no
    follow-up database or nothing written for them."""
    lang = c.lang
    out = [f'<h2 id="followup">{_e(t("brief_followup", lang))}</h2>']
    part = c.followup
    if part is None:
        return out[0] + f"<p>{_e(t('brief_followup_no_db', lang))}</p>"
    if not part.notes:
        return out[0] + f"<p>{_e(t('brief_followup_nothing', lang))}</p>"
    note = t(
        "brief_followup_note", lang, date=date_label(part.as_of, lang), n=part.without_analysis, shown=len(c.behind)
    )
    out.append(f'<p class="note">{_e(note)}</p>')
    out.extend(_followup_note(f, part.as_of, lang) for f in part.notes)
    return "".join(out)


def _mover_table(rows: tuple[MoverRow, ...], lang: str) -> str:
    if not rows:
        return f"<p>{_e(t('no_data', lang))}</p>"
    head = [
        (_e(column_label("change", lang)), True),
        (_e(t("mover_now", lang)), True),
        (_e(t("mover_before", lang)), True),
        (_e(column_label("name", lang)), False),
    ]
    body = [
        [
            _e(_change(r.change)),
            _e(score(r.score_now)),
            _e(score(r.score_prev)),
            f"<strong>{_e(r.indicator_code)}</strong> {_e(name_of(r.name_th, r.name_en, lang))}",
        ]
        for r in rows
    ]
    return _table(head, body)


def _movers(c: PackContent) -> str:
    lang = c.lang
    return (
        f'<h2 id="movers">{_e(t("movers", lang))}</h2><p class="note">{_e(t("movers_note", lang))}</p>'
        f"<h3>{_e(t('movers_up', lang))}</h3>{_mover_table(c.risers, lang)}"
        f"<h3>{_e(t('movers_down', lang))}</h3>{_mover_table(c.fallers, lang)}"
    )


def _agencies(c: PackContent) -> str:
    lang = c.lang
    out = [f'<h2 id="agencies">{_e(t("agencies_behind", lang))}</h2>']
    limit = f"{100 * c.on_track_ratio:g}"
    if not c.agencies_behind:
        return out[0] + f"<p>{_e(t('no_agencies_behind', lang, limit=limit))}</p>"
    out.append(
        '<p class="note">'
        + _e(
            t(
                "agencies_behind_note",
                lang,
                limit=limit,
                n=len(c.agencies_behind),
                behind=c.agencies_behind_total,
                total=c.agencies_scored,
            )
        )
        + "</p>"
    )
    head = [
        (_e(t("mean_computed_score", lang)), True),
        (_e(t("behind_count", lang)), True),
        (_e(column_label("agency_name", lang)), False),
    ]
    body = [
        [
            _e(score(a.mean_score)),
            f"{a.behind:,} / {a.indicator_count:,}",
            _e(agency_label(a.agency_code, a.name_th, a.name_en, lang)),
        ]
        for a in c.agencies_behind
    ]
    out.append(_table(head, body))
    return "".join(out)


def _whole_pct(value: float | None) -> str:
    return DASH if value is None else f"{value:.0f}%"


def _league(c: PackContent) -> str:
    """The district league as on the districts page: the city average first, then by code."""
    lang = c.lang
    out = [
        f'<h2 id="league">{_e(t("brief_league", lang))}</h2>',
        f'<p class="note">{_e(t("districts_intro", lang))}</p>',
    ]
    numeric = (True, False, True, False, False, True, True, True, True, True)
    head = [(_e(h), n) for h, n in zip(c.league_headers, numeric, strict=True)]
    body = []
    for r in c.league:
        name = _e(r.district) if r.agency_code is None else f"{_e(r.agency_code)} {_e(r.district)}"
        if r.agency_code is None:
            name = f"<strong>{name}</strong>"
        body.append(
            [
                _e(DASH if r.rank is None else r.rank),
                name,
                _e(score(r.mean_score)),
                _e(r.vs_city or DASH),
                _e(r.recorded),
                _e(_whole_pct(r.met_pct)),
                _e(_whole_pct(r.behind_pct)),
                _e(r.change or DASH),
                _e(r.reporting),
                _e(_whole_pct(r.reporting_pct)),
            ]
        )
    out.append(_table(head, body, "league"))
    return "".join(out)


def _flags(c: PackContent) -> str:
    lang = c.lang
    out = [f'<h2 id="flags">{_e(t("brief_flags", lang))}</h2>']
    if not c.flag_counts:
        return out[0] + f"<p>{_e(t('no_flags', lang))}</p>"
    head = [
        (_e(column_label("severity", lang)), False),
        (_e(column_label("code", lang)), False),
        (_e(column_label("flag_count", lang)), True),
        (_e(column_label("what_to_check", lang)), False),
    ]
    body = [
        [
            f'<span class="sev-{_e(sev)}">{_e(severity_label(sev, lang))}</span>',
            _e(flag_label(code, lang)),
            f"{n:,}",
            _e(flag_check(code, lang)),
        ]
        for sev, code, n in c.flag_counts
    ]
    out.append(_table(head, body, "counts"))
    out.append(f'<p class="note">{_e(t("brief_flags_note", lang, n=c.flag_total, shown=len(c.flags)))}</p>')
    head2 = [
        (_e(column_label("severity", lang)), False),
        (_e(column_label("indicator_code", lang)), False),
        (_e(column_label("quarter", lang)), True),
        (_e(column_label("message", lang)), False),
    ]
    body2 = [
        [
            f'<span class="sev-{_e(f.severity)}">{_e(severity_label(f.severity, lang))}</span>',
            _e(f.indicator_code or DASH),
            _e(DASH if f.quarter is None else f.quarter),
            _e(f.message_en if lang == "en" else f.message_th),
        ]
        for f in c.flags
    ]
    out.append(_table(head2, body2, "flags"))
    return "".join(out)


def _verdicts(c: PackContent) -> str:
    lang = c.lang
    b = c.basis
    rec = b.recorded
    out = [f'<h2 id="verdicts">{_e(t("brief_verdicts", lang))}</h2>']
    out.append(
        "<p>"
        + _e(
            t(
                "brief_verdict_recorded",
                lang,
                text=recorded_counts_text(rec.met, rec.not_met, rec.not_evaluated, rec.none, lang),
            )
        )
        + "</p>"
    )
    computed = basis_text(b.indicator_count, b.plans.as_dict(), b.lower, b.inferred, lang)
    out.append(f"<p>{_e(t('brief_verdict_computed', lang, text=computed))}</p>")
    out.append(f"<p>{_e(thresholds_text(lang))}</p>")
    head = [(_e(t("brief_plan_source", lang)), False), (_e(t("brief_rows", lang)), True)]
    plans = b.plans.as_dict()
    body = [[_e(plan_source_label(k, lang)), f"{plans[k]:,}"] for k in ("analyst", "recorded", "assumed", "target")]
    out.append(_table(head, body))
    if b.lower:
        out.append(f"<p>{_e(t('brief_lower', lang, n=b.lower, inferred=b.inferred))}</p>")
    return "".join(out)


def render_html(
    content: PackContent, toc: bool = False, toc_pages: Mapping[str, int] | None = None, reports: bool = True
) -> str:
    """The pack as one HTML page. ``toc`` adds a table of contents (one page) after the cover;
    its page numbers are ``toc_pages`` (anchor → page). ``reports`` False leaves the narrative
    reports out (each row and a note say so): the fallback when a pack cannot be laid out in time."""
    lang = content.lang
    body = [_cover(content, toc_pages)]
    if toc:
        body.append(_toc(content, toc_pages))
    body.append(_headline(content))
    body.append(_dimensions(content))
    body.append(_behind(content, reports))
    if content.behind:
        body.append(_followup(content))
    body.append(_movers(content))
    if content.scope.kind != "agency":
        body.append(_agencies(content))
    if content.league:
        body.append(_league(content))
    body.append(_flags(content))
    body.append(_verdicts(content))
    title = f"{t('brief_title', lang)} · {period_label(content.fiscal_year, content.quarter, lang)}"
    return (
        f'<!doctype html><html lang="{_e(lang)}"><head><meta charset="utf-8"><title>{_e(title)}</title>'
        f"<style>{_css(lang)}</style></head><body>{''.join(body)}</body></html>"
    )
