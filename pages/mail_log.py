"""บันทึกการส่งอีเมล (the mail log, issue 28): every send and failure of ``notify run``, newest
first, for admins only (the menu shows the page to admins; the page checks again, fail closed)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kpi_model import notify
from kpi_model.followup import can
from ui import auth
from ui.followup_db import followup_db
from ui.router import page_entry

page_entry()

lang = st.session_state.get("lang", "th")
user = auth.current_user()
allowed = can(None if user is None else user.account, "manage_accounts")
st.title("บันทึกการส่งอีเมล" if lang == "th" else "Mail log")
if not allowed:
    st.error(allowed.reason(lang), icon=":material/block:")
    st.stop()
entries = notify.mail_log(followup_db(), 500)
results = {
    "sent": ("ส่งแล้ว", "sent"),
    "failed": ("ล้มเหลว (จะลองใหม่)", "failed (retried)"),
    "rejected": ("ถูกปฏิเสธ", "rejected"),
}
st.caption(
    "การส่งและความล้มเหลวทุกครั้งของ notify run ล่าสุด 500 รายการ (เวลาไทย)"
    if lang == "th"
    else "Every send and failure of notify run, newest 500 (Bangkok time)"
)
if not entries:
    st.info("ยังไม่มีการส่งอีเมล" if lang == "th" else "No e-mail has been sent yet.")
else:
    frame = pd.DataFrame(
        {
            ("เวลา" if lang == "th" else "When"): [
                e.at.astimezone(notify.BANGKOK).strftime("%Y-%m-%d %H:%M") for e in entries
            ],
            ("ผล" if lang == "th" else "Result"): [
                results.get(e.result, (e.result, e.result))[lang == "en"] for e in entries
            ],
            ("ผู้รับ" if lang == "th" else "To"): [e.recipient for e in entries],
            ("ประเภท" if lang == "th" else "Kind"): [e.kind for e in entries],
            ("เรื่อง" if lang == "th" else "Subject"): [e.subject for e in entries],
            ("รายละเอียด" if lang == "th" else "Detail"): [e.detail for e in entries],
        }
    )
    st.dataframe(frame, hide_index=True, use_container_width=True)
