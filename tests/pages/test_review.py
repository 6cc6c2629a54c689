"""The review page (คิวตรวจสอบการอนุมาน) through AppTest: the queue as the model gives it, its
filters in the URL, buttons only for a signed-in editor (fail closed), one decision per item,
and the headline on the data-quality page."""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from kpi_model import views
from kpi_model.columns import column_label
from kpi_model.i18n import t
from kpi_model.store import Store
from tests.factories import REVIEW_LOWER, REVIEW_ZERO, review_tables
from ui.auth import hash_password

APP = "../../dashboard.py"
LOWER_KEY = f"{REVIEW_LOWER}|2564|direction_inferred"
ZERO_KEY = f"{REVIEW_ZERO}|2564|target_zero"


@pytest.fixture
def store(tmp_path) -> Store:
    s = Store(tmp_path / "store")
    s.write(review_tables(), note="review")
    return s


def open_page(
    store: Store,
    monkeypatch: pytest.MonkeyPatch,
    user: str | None = None,
    role: str = "editor",
    params: dict | None = None,
) -> AppTest:
    monkeypatch.setenv("KPI_STORE", str(store.root))
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["accounts"] = {"somchai": {"password_hash": hash_password("pw", 1_000), "role": role}}
    if user:
        at.session_state["auth_user"] = user
    for k, v in (params or {}).items():
        at.query_params[k] = v
    at.run()
    at.switch_page("pages/review.py").run()
    assert not at.exception, at.exception
    return at


def shown(at: AppTest) -> pd.DataFrame:
    [frame] = [d.value for d in at.dataframe if "verdict_now" in d.value.columns]
    return frame


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


@pytest.mark.parametrize("user, role", [(None, "editor"), ("somchai", "viewer"), ("nobody", "editor")])
def test_anyone_not_a_signed_in_editor_sees_the_queue_but_no_action(store, monkeypatch, user, role):
    at = open_page(store, monkeypatch, user, role)
    assert at.title[0].value == "คิวตรวจสอบการอนุมาน"
    assert metrics(at) == {t("review_items"): "3", t("review_indicators"): "3"}
    table = shown(at)
    expected = views.review_table(views.review_queue(store), "th")
    pd.testing.assert_frame_equal(table.reset_index(drop=True), expected, check_dtype=False)
    assert not at.main.button and not at.main.selectbox and not at.main.text_input  # the sidebar signs in
    assert t("review_sign_in") in [c.value for c in at.caption]


def test_an_editor_confirms_one_item_and_decides_another_otherwise(store, monkeypatch):
    at = open_page(store, monkeypatch, "somchai")
    assert list(at.selectbox(key="review_item").options)[:1] == [
        f"{REVIEW_LOWER} · ปีงบประมาณ 2564 · ทิศทาง “ยิ่งน้อยยิ่งดี” อนุมานจากถ้อยคำ"
    ]
    at.selectbox(key="review_item").set_value(LOWER_KEY)
    at.text_input(key="review_note").input("ตรวจกับหน่วยงานแล้ว")
    at.button(key="review_confirm").click().run()
    assert not at.exception, at.exception
    assert [s.value for s in at.success] == [t("review_saved", version=store.version())]
    assert metrics(at)[t("review_items")] == "2"
    assert at.text_input(key="review_note").value == ""  # the next decision starts without the last note
    assert LOWER_KEY not in [i.pending.key for i in views.review_queue(store).items]

    at.selectbox(key="review_item").set_value(ZERO_KEY)
    at.button(key="review_otherwise").click().run()
    assert not at.exception, at.exception
    assert metrics(at)[t("review_items")] == "1"
    rows = store.read("indicator_settings").set_index("indicator_code")
    assert rows.loc[REVIEW_LOWER, ["decisions", "note", "set_by"]].tolist() == [
        "direction_inferred=confirmed",
        "ตรวจกับหน่วยงานแล้ว",
        "somchai",
    ]
    assert rows.loc[REVIEW_ZERO, ["decisions", "direction"]].tolist() == ["target_zero=otherwise", "lower"]
    assert [e["user"] for e in store.import_log()[-2:]] == ["somchai", "somchai"]


def test_the_fiscal_years_and_agencies_are_filters_in_the_url(store, monkeypatch):
    at = open_page(store, monkeypatch, params={"agency": "5047"})
    assert list(shown(at)["indicator_code"]) == ["5047-0712"]
    assert at.query_params["agency"] in ("5047", ["5047"])
    at.multiselect(key="agency").set_value([]).run()
    assert len(shown(at)) == 3 and "agency" not in at.query_params
    at = open_page(store, monkeypatch, params={"years": "2564"})
    assert len(shown(at)) == 3 and at.query_params["years"] in ("2564", ["2564"])


def test_an_empty_queue_says_so_in_words(store, monkeypatch):
    from kpi_model.settings import save_setting

    save_setting(store, {"indicator_code": "5047-0712", "decisions": "looks_like_snapshot=confirmed"}, user="malee")
    at = open_page(store, monkeypatch, params={"agency": "5047"})
    assert metrics(at)[t("review_items")] == "0"
    assert [i.value for i in at.info] == [t("review_empty")]


def test_in_english_every_label_switches(store, monkeypatch):
    at = open_page(store, monkeypatch, params={"lang": "en"})
    assert at.title[0].value == "Inferences to review"
    table = shown(at)
    assert table.iloc[0]["verdict_now"] == "Q1 Met · Q2 Met · Q3 Met · Q4 Met · year Met"
    assert column_label("verdict_otherwise", "en") == "Computed if decided otherwise"


def test_a_fiscal_year_decided_otherwise_is_a_command_not_a_button(tmp_path, monkeypatch):
    flag = pd.DataFrame(
        [
            {
                "code": "fiscal_year_inferred",
                "severity": "info",
                "indicator_code": REVIEW_LOWER,
                "fiscal_year": 2564,
                "quarter": None,
                "table": "indicators",
                "column": "fiscal_year",
                "message_th": "ปีงบประมาณอนุมานจากวันที่ในหน้า: รายงานไตรมาส 1 ลงวันที่ 2 พฤศจิกายน 2563",
                "message_en": "fiscal year inferred from the page's dates: Q1 report dated 2 November 2563",
            }
        ]
    )
    store = Store(tmp_path / "fy")
    tables = review_tables()
    tables["indicators"].loc[tables["indicators"]["indicator_code"] == REVIEW_LOWER, "source"] = "ตัวชี้วัด 0402.txt"
    store.write(tables, import_flags=flag)
    at = open_page(store, monkeypatch, "somchai")
    key = f"{REVIEW_LOWER}|2564|fiscal_year_inferred"
    at.selectbox(key="review_item").set_value(key).run()
    assert [c.value for c in at.code] == ["python -m kpi_model import 'ตัวชี้วัด 0402.txt' --fy YEAR"]
    assert at.button(key="review_confirm") is not None
    assert "review_otherwise" not in [b.key for b in at.button]
    assert "รายงานไตรมาส 1 ลงวันที่ 2 พฤศจิกายน 2563" in " ".join(x.value for x in at.text)


def test_the_quality_page_heads_with_the_queue_length_and_links_to_it(store, monkeypatch):
    monkeypatch.setenv("KPI_STORE", str(store.root))
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("pages/quality.py").run()
    assert not at.exception, at.exception
    assert metrics(at)[t("review_items")] == "3"
    [link] = list(at.get("page_link"))
    assert link.proto.label == t("review_open") and link.proto.page.endswith("review")
