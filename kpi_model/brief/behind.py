"""The pack's indicators behind and their follow-up (DESIGN §7, §9): each with its latest
report, and the analysis and open actions written for it in the follow-up database. Reports,
analyses and actions are data of any length, so each is cut to :data:`REPORT_LIMIT` characters
with a note saying so (or, when a pack cannot be laid out in time, the reports are left out and
named); every string is escaped.
"""

from __future__ import annotations

import datetime as dt

from kpi_model.brief.cells import NAME_LIMIT, REPORT_LIMIT, esc, score, table, when
from kpi_model.brief.content import BehindRow, FollowupNote, PackContent
from kpi_model.columns import column_label
from kpi_model.i18n import agency_label, date_label, name_of, period_label, t
from kpi_model.labels import computed_text, direction_text, recorded_text
from kpi_model.safe_text import cut

__all__ = ["behind", "followup"]


def _report(r: BehindRow, lang: str, reports: bool) -> str:
    """The row's latest report, cut to :data:`REPORT_LIMIT` characters with a note saying so,
    or (``reports`` False: the pack could not be laid out with them) a note that it is left out."""
    if not r.report_th:
        return f'<div class="report">{esc(t("no_report", lang))}</div>'
    label = esc(t("report_quarter", lang, quarter=r.report_quarter))
    if not reports:
        return f'<div class="report">{label}: {esc(t("brief_report_left_out", lang))}</div>'
    text = r.report_th
    if len(text) > REPORT_LIMIT:
        shown = cut(text, REPORT_LIMIT)
        note = t("brief_report_cut", lang, shown=len(shown) - 1, total=len(text))
        return f'<div class="report">{label}: {esc(shown)} <span class="note">{esc(note)}</span></div>'
    return f'<div class="report">{label}: {esc(text)}</div>'


def _behind_row(r: BehindRow, lang: str, reports: bool = True) -> list[str]:
    report = _report(r, lang, reports)
    return [
        f"<strong>{esc(cut(r.indicator_code, 40))}</strong> {esc(cut(name_of(r.name_th, r.name_en, lang), NAME_LIMIT))}"
        f'<div class="note">{esc(cut(agency_label(r.agency_code, r.agency_th, r.agency_en, lang), NAME_LIMIT))}</div>'
        f"{report}",
        esc(recorded_text(r.recorded_status, r.recorded_score, lang)),
        f"{esc(score(r.score))}<div class='note'>{esc(computed_text('behind', r.plan_source, lang))}"
        f"<br>{esc(direction_text(r.direction, r.direction_source, lang))}</div>",
    ]


def behind(c: PackContent, reports: bool = True) -> str:
    lang = c.lang
    out = [f'<h2 id="behind">{esc(t("brief_behind", lang))}</h2>']
    if not c.behind:
        return out[0] + f"<p>{esc(t('brief_no_behind', lang))}</p>"
    out.append(f'<p class="note">{esc(t("brief_behind_note", lang, n=c.behind_total, shown=len(c.behind)))}</p>')
    with_report = [cut(r.indicator_code, 40) for r in c.behind if r.report_th]
    long = [cut(r.indicator_code, 40) for r in c.behind if r.report_th and len(r.report_th) > REPORT_LIMIT]
    if not reports and with_report:
        out.append(f'<p class="warn">{esc(t("brief_reports_left_out", lang, codes=", ".join(with_report)))}</p>')
    elif long:
        out.append(f'<p class="warn">{esc(t("brief_reports_cut", lang, codes=", ".join(long)))}</p>')
    head = [
        (esc(column_label("name", lang)), False),
        (esc(column_label("recorded", lang)), False),
        (esc(column_label("score_100", lang)), True),
    ]
    out.append(table(head, (_behind_row(r, lang, reports) for r in c.behind), "behind"))
    return "".join(out)


def _followup_note(f: FollowupNote, as_of: dt.date, lang: str) -> str:
    """One indicator's latest analysis (why, what next, who and when) and its open actions."""
    a = f.note.analysis
    out = [
        '<div class="fu">',
        f"<h3>{esc(cut(f.indicator_code, 40))} {esc(cut(name_of(f.name_th, f.name_en, lang), NAME_LIMIT))}</h3>",
    ]
    if a is None:
        out.append(f'<p class="note">{esc(t("brief_followup_no_analysis", lang))}</p>')
    else:
        by = t("fu_written_by", lang, revision=a.revision, who=a.updated_by, when=when(a.updated_at, lang))
        if (a.key.fiscal_year, a.key.quarter) != (f.note.key.fiscal_year, f.note.key.quarter):
            by += " · " + t("brief_followup_earlier", lang, period=period_label(a.key.fiscal_year, a.key.quarter, lang))
        out.append(f"<div class='note'>{esc(by)}</div>")
        for label, text in (("fu_why", a.why), ("fu_next", a.next_steps)):
            shown = text if len(text) <= REPORT_LIMIT else cut(text, REPORT_LIMIT)  # its lines kept when whole
            more = (
                f' <span class="note">{esc(t("brief_report_cut", lang, shown=len(shown) - 1, total=len(text)))}</span>'
            )
            out.append(
                f"<div><strong>{esc(t(label, lang))}</strong></div>"
                f'<div class="text report">{esc(shown)}{more if len(text) > REPORT_LIMIT else ""}</div>'
            )
    if not f.note.open_actions:
        out.append(f'<p class="note">{esc(t("brief_followup_no_actions", lang))}</p>')
    else:
        head = [(esc(t("fu_what", lang)), False), (esc(t("fu_owner", lang)), False), (esc(t("fu_due", lang)), False)]
        rows = []
        for action in f.note.open_actions:
            due = esc(date_label(action.due_date, lang))
            if action.is_overdue(as_of):
                due += f' <span class="overdue">({esc(t("fu_overdue_mark", lang))})</span>'
            rows.append([esc(cut(action.what, REPORT_LIMIT)), esc(cut(action.owner, NAME_LIMIT)), due])
        out.append(table(head, rows, "actions"))
    out.append("</div>")
    return "".join(out)


def followup(c: PackContent) -> str:
    """The follow-up of the indicators behind (DESIGN §9): one sentence when there is no
    follow-up database or nothing written for them."""
    lang = c.lang
    out = [f'<h2 id="followup">{esc(t("brief_followup", lang))}</h2>']
    part = c.followup
    if part is None:
        return out[0] + f"<p>{esc(t('brief_followup_no_db', lang))}</p>"
    if not part.notes:
        return out[0] + f"<p>{esc(t('brief_followup_nothing', lang))}</p>"
    note = t(
        "brief_followup_note", lang, date=date_label(part.as_of, lang), n=part.without_analysis, shown=len(c.behind)
    )
    out.append(f'<p class="note">{esc(note)}</p>')
    out.extend(_followup_note(f, part.as_of, lang) for f in part.notes)
    return "".join(out)
