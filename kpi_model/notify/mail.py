"""The e-mails: what each kind says, in Thai, as plain text and as HTML (every text from the
data or a person escaped), with the pack attached. Dates are Buddhist-Era, Bangkok's calendar.

A :class:`Mail` is what a run decided to send; :func:`to_message` makes the MIME message."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from html import escape

from kpi_model.fiscal import format_thai_date

__all__ = ["Line", "Mail", "Section", "to_message"]

NO_LINK = "ไม่มีลิงก์: ยังไม่ได้ตั้งที่อยู่ของแดชบอร์ด (KPI_BASE_URL) โปรดติดต่อผู้ดูแลระบบ"
NO_UNSUBSCRIBE_LINK = "ยกเลิกการรับอีเมลนี้: ไม่มีลิงก์ (ยังไม่ได้ตั้ง KPI_BASE_URL) โปรดแจ้งผู้ดูแลระบบ"


@dataclass(frozen=True)
class Line:
    """One listed item: a code (shown monospaced) and what it is."""

    code: str
    text: str


@dataclass(frozen=True)
class Section:
    """A heading and its items."""

    heading: str
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class Mail:
    """One e-mail to one person. ``kind``: pack, reminder, overdue_report or digest;
    ``message_key``: what makes it the same e-mail on the next run (sent once);
    ``item_keys``: the alerts it carries, each sent to a person once; ``link``: the dashboard
    view (None: the mail says there is none); ``unsubscribe``: a pack's one-click link (None
    with ``subscription_id`` set: the mail says there is none)."""

    recipient: str
    kind: str
    message_key: str
    subject: str
    intro: tuple[str, ...]
    sections: tuple[Section, ...] = ()
    link: str | None = None
    link_label: str = "เปิดแดชบอร์ด"
    item_keys: tuple[str, ...] = ()
    subscription_id: int | None = None
    unsubscribe: str | None = None
    period: tuple[int, int] | None = None
    attachment_name: str | None = None
    extra: dict[str, str] = field(default_factory=dict)


def thai_date(day: dt.date) -> str:
    return format_thai_date(day)


def text_body(mail: Mail) -> str:
    out = [*mail.intro, ""]
    for section in mail.sections:
        out.append(f"{section.heading} ({len(section.lines)})")
        out.extend(f"  - {line.code}  {line.text}" for line in section.lines)
        out.append("")
    out.append(f"{mail.link_label}: {mail.link}" if mail.link else NO_LINK)
    if mail.subscription_id is not None:
        out.append(f"ยกเลิกการรับอีเมลนี้ (คลิกเดียว): {mail.unsubscribe}" if mail.unsubscribe else NO_UNSUBSCRIBE_LINK)
    out += ["", "-- ", "ระบบติดตามตัวชี้วัด กรุงเทพมหานคร (อีเมลนี้ส่งโดยอัตโนมัติ)"]
    return "\n".join(out) + "\n"


def html_body(mail: Mail) -> str:
    parts = [
        '<!doctype html><html lang="th"><head><meta charset="utf-8">',
        f"<title>{escape(mail.subject)}</title></head>",
        '<body style="margin:0;padding:24px;background:#f4f6f8;font-family:Sarabun,Garuda,Loma,Tahoma,sans-serif;'
        'color:#1f2933;font-size:16px;line-height:1.6">',
        '<div style="max-width:640px;margin:0 auto;background:#fff;border:1px solid #d9e2ec;border-radius:8px;'
        'padding:24px">',
        '<div style="color:#1b5e20;font-weight:bold;font-size:14px">ระบบติดตามตัวชี้วัด กรุงเทพมหานคร</div>',
        f'<h1 style="font-size:20px;margin:8px 0 16px">{escape(mail.subject)}</h1>',
    ]
    parts += [f"<p>{escape(p)}</p>" for p in mail.intro if p]
    for section in mail.sections:
        parts.append(
            f'<h2 style="font-size:17px;margin:20px 0 8px">{escape(section.heading)} ({len(section.lines)})</h2>'
        )
        parts.append('<table style="border-collapse:collapse;width:100%">')
        for line in section.lines:
            parts.append(
                '<tr><td style="padding:4px 8px;border-top:1px solid #e4e7eb;font-family:monospace;white-space:nowrap;'
                f'vertical-align:top">{escape(line.code)}</td>'
                f'<td style="padding:4px 8px;border-top:1px solid #e4e7eb">{escape(line.text)}</td></tr>'
            )
        parts.append("</table>")
    if mail.link:
        parts.append(
            f'<p style="margin-top:20px"><a href="{escape(mail.link, quote=True)}" style="background:#1b5e20;color:#fff;'
            f'padding:8px 16px;border-radius:4px;text-decoration:none">{escape(mail.link_label)}</a></p>'
        )
    else:
        parts.append(f'<p style="margin-top:20px;color:#7b341e">{escape(NO_LINK)}</p>')
    if mail.subscription_id is not None:
        if mail.unsubscribe:
            parts.append(
                '<p style="font-size:13px;color:#52606d">ไม่ต้องการรับอีเมลนี้อีก? '
                f'<a href="{escape(mail.unsubscribe, quote=True)}">ยกเลิกการรับอีเมล (คลิกเดียว)</a></p>'
            )
        else:
            parts.append(f'<p style="font-size:13px;color:#52606d">{escape(NO_UNSUBSCRIBE_LINK)}</p>')
    parts.append('<p style="font-size:12px;color:#9aa5b1">อีเมลนี้ส่งโดยอัตโนมัติ</p></div></body></html>')
    return "\n".join(parts)


def to_message(mail: Mail, sender: str, attachment: bytes | None = None) -> EmailMessage:
    """The MIME message: Thai subject (RFC 2047), plain text and HTML alternatives, the PDF
    attached; ``List-Unsubscribe`` on a pack with a link."""
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = mail.recipient
    msg["Subject"] = mail.subject
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[-1])
    msg["Auto-Submitted"] = "auto-generated"
    if mail.unsubscribe:
        msg["List-Unsubscribe"] = f"<{mail.unsubscribe}>"
    msg.set_content(text_body(mail))
    msg.add_alternative(html_body(mail), subtype="html")
    if attachment is not None:
        msg.add_attachment(
            attachment, maintype="application", subtype="pdf", filename=mail.attachment_name or "brief.pdf"
        )
    return msg
