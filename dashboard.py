"""BMA KPI dashboard: executive overview of the chosen fiscal year and quarter."""

from __future__ import annotations

import streamlit as st

from kpi_model.store import Filters, Store

st.set_page_config(page_title="ตัวชี้วัด กทม. | BMA KPI", layout="wide")


@st.cache_resource
def _store() -> Store:
    return Store()


@st.cache_data(show_spinner=False)
def _overview(version: str, fiscal_year: int, quarter: int):
    store = _store()
    return store.rollup(["strategy_1"], Filters(fiscal_years=(fiscal_year,), quarters=(quarter,))), \
        store.rollup([], Filters(fiscal_years=(fiscal_year,), quarters=(quarter,)))


store = _store()
version = store.version()
years = store.distinct("quarter_scores", "fiscal_year")
st.title("ภาพรวมตัวชี้วัดกรุงเทพมหานคร")
fiscal_year = st.sidebar.selectbox("ปีงบประมาณ (พ.ศ.)", years, index=len(years) - 1, key="fy")
quarter = st.sidebar.selectbox("ไตรมาส", [1, 2, 3, 4], index=3, key="quarter")
by_dimension, total = _overview(version, int(fiscal_year), int(quarter))
if not total or total[0].indicator_count == 0:
    st.info("ไม่มีตัวชี้วัดในปีและไตรมาสที่เลือก")
else:
    t = total[0]
    cols = st.columns(4)
    cols[0].metric("จำนวนตัวชี้วัด", f"{t.indicator_count:,}")
    cols[1].metric("บรรลุเป้าหมาย", f"{t.share_met:.0%}")
    cols[2].metric("ต่ำกว่าเป้าหมาย", f"{t.share_behind:.0%}")
    cols[3].metric("คะแนนเฉลี่ย (0–100)", "—" if t.mean_score_100 is None else f"{t.mean_score_100:.1f}")
    st.dataframe(
        [{"ด้าน": r.key[0], "ตัวชี้วัด": r.indicator_count,
          "คะแนนเฉลี่ย": None if r.mean_score_100 is None else round(r.mean_score_100, 1),
          "บรรลุ": f"{r.share_met:.0%}"} for r in by_dimension],
        hide_index=True, key="by_dimension")
