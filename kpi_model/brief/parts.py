"""The pack's sections, one function each, from the cover to the verdicts (the indicators
behind and their follow-up are :mod:`kpi_model.brief.behind`): each lays out its part of a
:class:`~kpi_model.brief.content.PackContent` as HTML (charts from :mod:`kpi_model.brief.svg`,
figures and tables from :mod:`kpi_model.brief.cells`) and
:func:`kpi_model.brief.html.render_html` puts them in the order of :func:`sections`. Every
string from the data is escaped; the words come from :mod:`kpi_model.i18n` and
:mod:`kpi_model.labels` in the pack's language.

(Named ``parts`` so that it does not shadow :func:`kpi_model.brief.sections`, the list of them.)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from kpi_model.brief.cells import DASH, bangkok_time, change, esc, metric, pct, score, table, whole_pct
from kpi_model.brief.content import MoverRow, PackContent
from kpi_model.brief.svg import dimension_chart, trend_chart
from kpi_model.columns import column_label
from kpi_model.config import Settings
from kpi_model.config import settings as default_settings
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
from kpi_model.labels import basis_text, behind_limit, recorded_counts_text, recorded_line, thresholds_text
from kpi_model.palette import ACTUAL_COLOR, NOT_EVALUATED_FILL, STATUS_COLORS
from kpi_model.quality import flag_check

__all__ = [
    "SECTION_IDS",
    "agencies",
    "cover",
    "dimensions",
    "flags",
    "headline",
    "league",
    "movers",
    "sections",
    "toc",
    "verdicts",
]

#: Every section's anchor, in the pack's order (a pack leaves out those it has nothing for).
SECTION_IDS = ("headline", "dimensions", "behind", "followup", "movers", "agencies", "league", "flags", "verdicts")
_STATUS_KEYS = ("met", "on_track", "behind", "no_data")


def _settings(c: PackContent) -> Settings:
    """The settings whose thresholds built ``c`` (its met and on-track ratios), for the words that
    state them: a pack built under other settings than this process's never states the defaults."""
    return replace(default_settings, met_ratio=c.met_ratio, on_track_ratio=c.on_track_ratio)


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


def cover(c: PackContent) -> str:
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
    written = bangkok_time(c.store_written_at, lang)
    link = (
        f'<a href="{esc(c.permalink)}">{esc(c.permalink)}</a>'
        if c.permalink
        else f"<em>{esc(t('brief_no_link', lang))}</em>"
    )
    rows = [
        (t("brief_covers", lang), esc(scope_name)),
        (t("brief_period", lang), esc(period_label(c.fiscal_year, c.quarter, lang))),
        (t("brief_filters", lang), esc(filt)),
        (t("store_version", lang), esc(c.store_version)),
        (t("last_changed", lang), esc(written)),
        (t("brief_made", lang), esc(made)),
        (t("brief_link", lang), link),
    ]
    prov = "".join(f"<tr><th>{esc(k)}</th><td>{v}</td></tr>" for k, v in rows)
    warn = f'<p class="warn">{esc(t("brief_synthetic", lang))}</p>' if c.synthetic else ""
    return (
        f'<section class="cover"><div class="org">{esc(t("brief_org", lang))}</div>'
        f"<h1>{esc(t('brief_title', lang))}</h1>"
        f'<p class="scope">{esc(scope_name)}</p><p class="period">{esc(period_label(c.fiscal_year, c.quarter, lang))}</p>'
        f'{warn}<table class="prov">{prov}</table>'
        f'<p class="note">{esc(thresholds_text(lang, _settings(c)))}</p>{_inside(c)}</section>'
    )


def _inside(c: PackContent) -> str:
    """What the pack holds, one line on the cover; its links are also what makes chromium write
    a named destination per section, from which the contents page reads its page numbers."""
    links = " · ".join(f'<a href="#{anchor}">{esc(title)}</a>' for anchor, title in sections(c))
    return f'<p class="inside"><strong>{esc(t("brief_inside", c.lang))}</strong> {links}</p>'


def toc(c: PackContent, pages: Mapping[str, int] | None) -> str:
    rows = []
    for anchor, title in sections(c):
        number = str(pages[anchor]) if pages and anchor in pages else "—"
        rows.append(f'<tr><td><a href="#{anchor}">{esc(title)}</a></td><td class="n">{esc(number)}</td></tr>')
    return (
        f'<section class="toc"><h2>{esc(t("brief_contents", c.lang))}</h2><table><tbody>{"".join(rows)}</tbody>'
        "</table></section>"
    )


def headline(c: PackContent) -> str:
    lang = c.lang
    head, cur, b = c.headline, c.current, c.basis
    out = [f'<h2 id="headline">{esc(t("brief_headline", lang))}</h2>']
    if cur is None:
        return out[0] + f"<p>{esc(t('brief_no_data', lang))}</p>"
    rec = b.recorded
    line = recorded_line(rec.met, rec.not_met, rec.not_evaluated, rec.none, lang)
    out.append(
        f"<p><strong>{esc(line)}</strong></p>"
        if line is not None
        else f"<p><strong>{esc(t('recorded_by_dimension', lang))}</strong> · "
        f"{esc(recorded_counts_text(rec.met, rec.not_met, rec.not_evaluated, rec.none, lang))}</p>"
    )
    out.append(
        f"<p><strong>{esc(t('computed_headline', lang))}</strong> · "
        f"{esc(basis_text(b.indicator_count, b.plans.as_dict(), b.lower, b.inferred, lang))}</p>"
    )
    vp = t("brief_vs_previous", lang)
    out.append('<div class="metrics">')
    out.append(metric(t("indicators_count", lang), f"{cur.indicator_count:,}"))
    out.append(metric(t("mean_score", lang), score(cur.mean_score_100), f"{vp} {change(head.score_vs_previous)}"))
    out.append(metric(t("share_met", lang), pct(cur.share_met), f"{vp} {change(head.met_vs_previous, share=True)}"))
    out.append(metric(t("share_on_track", lang), pct(cur.share_on_track)))
    out.append(
        metric(t("share_behind", lang), pct(cur.share_behind), f"{vp} {change(head.behind_vs_previous, share=True)}")
    )
    out.append(metric(t("share_no_data", lang), pct(cur.share_no_data)))
    out.append("</div>")
    notes = []
    for comp, key in ((head.vs_previous, "compared_on_previous"), (head.vs_last_year, "compared_on_last_year")):
        if comp is not None and not comp.same_set:
            notes.append(t(key, lang, matched=comp.matched, now=comp.now_count, then=comp.then_count))
    if head.vs_last_year is None:
        notes.append(f"{t('vs_last_year', lang)}: {t('no_comparison', lang)}")
    else:
        notes.append(
            f"{t('brief_vs_last_year', lang)}: {t('mean_score', lang)} {change(head.score_vs_last_year)} · "
            f"{t('share_met', lang)} {change(head.met_vs_last_year, share=True)} · "
            f"{t('share_behind', lang)} {change(head.behind_vs_last_year, share=True)}"
        )
    out.extend(f'<p class="note">{esc(n)}</p>' for n in notes)
    out.append(_trend(c))
    return "".join(out)


def _trend(c: PackContent) -> str:
    """The last eight quarters (views.quarter_trend): a chart of the mean score and the share
    behind, computed (solid) beside BMA's recorded evaluation (dashed), and the figures as a
    table. A quarter without a figure is a gap in the line and a dash in the table, never 0."""
    lang = c.lang
    if not c.trend or not any(p.indicator_count for p in c.trend):
        return ""
    out = [f"<h3>{esc(t('trend_title', lang))}</h3>"]
    score_max, share_max = 100.0, 1.0
    panels = (
        (t("trend_score", lang), [(p.mean_score_100, p.recorded_mean_score) for p in c.trend], score_max, ACTUAL_COLOR),
        (
            t("trend_behind", lang),
            [(p.share_behind, p.recorded_share_behind) for p in c.trend],
            share_max,
            STATUS_COLORS["behind"],
        ),
    )
    ticks = [t("brief_trend_tick", lang, q=p.quarter, fy=p.fiscal_year) for p in c.trend]
    names = (t("trend_computed", lang), t("trend_recorded", lang))
    out.append('<div class="trend">')
    for title, values, top, colour in panels:
        out.append(trend_chart(title, values, ticks, top, colour, names))
    out.append("</div>")
    out.append(f'<p class="note">{esc(t("trend_note", lang))}</p>')
    head = [
        (esc(t("quarter", lang)), False),
        (esc(t("indicators_count", lang)), True),
        (esc(t("trend_score", lang) + " · " + t("trend_computed", lang)), True),
        (esc(t("trend_score", lang) + " · " + t("trend_recorded", lang)), True),
        (esc(t("trend_behind", lang) + " · " + t("trend_computed", lang)), True),
        (esc(t("trend_behind", lang) + " · " + t("trend_recorded", lang)), True),
        (esc(t("brief_trend_evaluated", lang)), True),
    ]
    rows = [
        [
            esc(t("brief_trend_row", lang, q=p.quarter, fy=p.fiscal_year)),
            f"{p.indicator_count:,}",
            score(p.mean_score_100),
            score(p.recorded_mean_score),
            pct(p.share_behind),
            pct(p.recorded_share_behind),
            f"{p.evaluated:,}",
        ]
        for p in c.trend
    ]
    out.append(table(head, rows, "trend"))
    return "".join(out)


def _legend(lang: str) -> str:
    items = [(STATUS_COLORS[k], status_label(k, lang)) for k in _STATUS_KEYS]
    items.insert(3, (NOT_EVALUATED_FILL, recorded_status_label("not_evaluated", lang)))
    return (
        '<p class="note">'
        + " ".join(f'<span class="swatch" style="background:{c}"></span>{esc(label)} &#160;' for c, label in items)
        + "</p>"
    )


def dimensions(c: PackContent) -> str:
    lang = c.lang
    title = t("brief_children" if c.dimensions_are_children else "brief_dimensions", lang)
    out = [f'<h2 id="dimensions">{esc(title)}</h2>']
    if not c.dimensions:
        return out[0] + f"<p>{esc(t('brief_no_children' if c.dimensions_are_children else 'brief_no_data', lang))}</p>"
    out.append(f'<div class="keep">{dimension_chart(c.dimensions)}')
    out.append(f'<p class="note">{esc(t("brief_chart_note", lang))}</p>{_legend(lang)}</div>')
    head = [
        (esc(column_label("strategy_code", lang)), False),
        (esc(column_label("recorded", lang)), False),
        (esc(column_label("mean_score_100", lang)), True),
        (esc(status_label("met", lang)), True),
        (esc(status_label("on_track", lang)), True),
        (esc(status_label("behind", lang)), True),
        (esc(status_label("no_data", lang)), True),
        (esc(column_label("indicator_count", lang)), True),
    ]
    rows = [
        [
            f"{esc(d.code)} {esc(name_of(d.name_th, d.name_en, lang))}",
            esc(recorded_counts_text(d.rec_met, d.rec_not_met, d.rec_not_evaluated, d.rec_none, lang)),
            esc(score(d.mean_score)),
            f"{d.met:,}",
            f"{d.on_track:,}",
            f"{d.behind:,}",
            f"{d.no_data:,}",
            f"{d.indicator_count:,}",
        ]
        for d in c.dimensions
    ]
    out.append(table(head, rows, "dims"))
    return "".join(out)


def _mover_table(rows: tuple[MoverRow, ...], lang: str) -> str:
    if not rows:
        return f"<p>{esc(t('no_data', lang))}</p>"
    head = [
        (esc(column_label("change", lang)), True),
        (esc(t("mover_now", lang)), True),
        (esc(t("mover_before", lang)), True),
        (esc(column_label("name", lang)), False),
    ]
    body = [
        [
            esc(change(r.change)),
            esc(score(r.score_now)),
            esc(score(r.score_prev)),
            f"<strong>{esc(r.indicator_code)}</strong> {esc(name_of(r.name_th, r.name_en, lang))}",
        ]
        for r in rows
    ]
    return table(head, body)


def movers(c: PackContent) -> str:
    lang = c.lang
    return (
        f'<h2 id="movers">{esc(t("movers", lang))}</h2><p class="note">{esc(t("movers_note", lang))}</p>'
        f"<h3>{esc(t('movers_up', lang))}</h3>{_mover_table(c.risers, lang)}"
        f"<h3>{esc(t('movers_down', lang))}</h3>{_mover_table(c.fallers, lang)}"
    )


def agencies(c: PackContent) -> str:
    lang = c.lang
    out = [f'<h2 id="agencies">{esc(t("agencies_behind", lang))}</h2>']
    limit = behind_limit(_settings(c))
    if not c.agencies_behind:
        return out[0] + f"<p>{esc(t('no_agencies_behind', lang, limit=limit))}</p>"
    out.append(
        '<p class="note">'
        + esc(
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
        (esc(t("mean_computed_score", lang)), True),
        (esc(t("behind_count", lang)), True),
        (esc(column_label("agency_name", lang)), False),
    ]
    body = [
        [
            esc(score(a.mean_score)),
            f"{a.behind:,} / {a.indicator_count:,}",
            esc(agency_label(a.agency_code, a.name_th, a.name_en, lang)),
        ]
        for a in c.agencies_behind
    ]
    out.append(table(head, body))
    return "".join(out)


def league(c: PackContent) -> str:
    """The district league as on the districts page: the city average first, then by code."""
    lang = c.lang
    out = [
        f'<h2 id="league">{esc(t("brief_league", lang))}</h2>',
        f'<p class="note">{esc(t("districts_intro", lang))}</p>',
    ]
    numeric = (True, False, True, False, False, True, True, True, True, True)
    head = [(esc(h), n) for h, n in zip(c.league_headers, numeric, strict=True)]
    body = []
    for r in c.league:
        name = esc(r.district) if r.agency_code is None else f"{esc(r.agency_code)} {esc(r.district)}"
        if r.agency_code is None:
            name = f"<strong>{name}</strong>"
        body.append(
            [
                esc(DASH if r.rank is None else r.rank),
                name,
                esc(score(r.mean_score)),
                esc(r.vs_city or DASH),
                esc(r.recorded),
                esc(whole_pct(r.met_pct)),
                esc(whole_pct(r.behind_pct)),
                esc(r.change or DASH),
                esc(r.reporting),
                esc(whole_pct(r.reporting_pct)),
            ]
        )
    out.append(table(head, body, "league"))
    return "".join(out)


def flags(c: PackContent) -> str:
    lang = c.lang
    out = [f'<h2 id="flags">{esc(t("brief_flags", lang))}</h2>']
    if not c.flag_counts:
        return out[0] + f"<p>{esc(t('no_flags', lang))}</p>"
    head = [
        (esc(column_label("severity", lang)), False),
        (esc(column_label("code", lang)), False),
        (esc(column_label("flag_count", lang)), True),
        (esc(column_label("what_to_check", lang)), False),
    ]
    body = [
        [
            f'<span class="sev-{esc(sev)}">{esc(severity_label(sev, lang))}</span>',
            esc(flag_label(code, lang)),
            f"{n:,}",
            esc(flag_check(code, lang)),
        ]
        for sev, code, n in c.flag_counts
    ]
    out.append(table(head, body, "counts"))
    out.append(f'<p class="note">{esc(t("brief_flags_note", lang, n=c.flag_total, shown=len(c.flags)))}</p>')
    head2 = [
        (esc(column_label("severity", lang)), False),
        (esc(column_label("indicator_code", lang)), False),
        (esc(column_label("quarter", lang)), True),
        (esc(column_label("message", lang)), False),
    ]
    body2 = [
        [
            f'<span class="sev-{esc(f.severity)}">{esc(severity_label(f.severity, lang))}</span>',
            esc(f.indicator_code or DASH),
            esc(DASH if f.quarter is None else f.quarter),
            esc(f.message_en if lang == "en" else f.message_th),
        ]
        for f in c.flags
    ]
    out.append(table(head2, body2, "flags"))
    return "".join(out)


def verdicts(c: PackContent) -> str:
    lang = c.lang
    b = c.basis
    rec = b.recorded
    out = [f'<h2 id="verdicts">{esc(t("brief_verdicts", lang))}</h2>']
    out.append(
        "<p>"
        + esc(
            t(
                "brief_verdict_recorded",
                lang,
                text=recorded_counts_text(rec.met, rec.not_met, rec.not_evaluated, rec.none, lang),
            )
        )
        + "</p>"
    )
    computed = basis_text(b.indicator_count, b.plans.as_dict(), b.lower, b.inferred, lang)
    out.append(f"<p>{esc(t('brief_verdict_computed', lang, text=computed))}</p>")
    out.append(f"<p>{esc(thresholds_text(lang, _settings(c)))}</p>")
    head = [(esc(t("brief_plan_source", lang)), False), (esc(t("brief_rows", lang)), True)]
    plans = b.plans.as_dict()
    body = [[esc(plan_source_label(k, lang)), f"{plans[k]:,}"] for k in ("analyst", "recorded", "assumed", "target")]
    out.append(table(head, body))
    if b.lower:
        out.append(f"<p>{esc(t('brief_lower', lang, n=b.lower, inferred=b.inferred))}</p>")
    return "".join(out)
