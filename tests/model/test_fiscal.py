import datetime as dt

import pytest

from kpi_model import fiscal


@pytest.mark.parametrize(
    "text, expected, fy_q",
    [
        ("2 พฤศจิกายน 2563", dt.date(2020, 11, 2), (2564, 1)),
        ("30 กันยายน 2564", dt.date(2021, 9, 30), (2564, 4)),
        ("1 ตุลาคม 2564", dt.date(2021, 10, 1), (2565, 1)),
        ("11 มกราคม 2564", dt.date(2021, 1, 11), (2564, 2)),
        ("๒๘ เมษายน ๒๕๖๔", dt.date(2021, 4, 28), (2564, 3)),
        ("31 ต.ค. 63", dt.date(2020, 10, 31), (2564, 1)),
    ],
)
def test_thai_dates_fall_in_bma_fiscal_quarters(text, expected, fy_q):
    day = fiscal.parse_thai_date(text)
    assert day == expected
    assert fiscal.fiscal_quarter_of(day) == fy_q


def test_fiscal_year_starts_on_first_of_october():
    assert fiscal.fiscal_year_of(dt.date(2020, 9, 30)) == 2563
    assert fiscal.fiscal_year_of(dt.date(2020, 10, 1)) == 2564


def test_be_and_ce_differ_by_543():
    assert fiscal.be_to_ce(2564) == 2021
    assert fiscal.ce_to_be(2021) == 2564


def test_quarter_ranges_of_fy_2564():
    assert fiscal.quarter_range(2564, 1) == (dt.date(2020, 10, 1), dt.date(2020, 12, 31))
    assert fiscal.quarter_range(2564, 2) == (dt.date(2021, 1, 1), dt.date(2021, 3, 31))
    assert fiscal.quarter_range(2564, 3) == (dt.date(2021, 4, 1), dt.date(2021, 6, 30))
    assert fiscal.quarter_range(2564, 4) == (dt.date(2021, 7, 1), dt.date(2021, 9, 30))
    assert fiscal.fiscal_year_range(2564) == (dt.date(2020, 10, 1), dt.date(2021, 9, 30))


def test_quarter_5_is_refused():
    with pytest.raises(ValueError):
        fiscal.quarter_range(2564, 5)


def test_thai_digits_convert_both_ways():
    assert fiscal.thai_to_arabic_digits("๗.๓.๑.๑") == "7.3.1.1"
    assert fiscal.arabic_to_thai_digits("7.3.1") == "๗.๓.๑"


def test_thai_dates_format_with_full_and_abbreviated_months():
    day = dt.date(2021, 1, 11)
    assert fiscal.format_thai_date(day) == "11 มกราคม 2564"
    assert fiscal.format_thai_date(day, abbreviated=True) == "11 ม.ค. 2564"
    assert fiscal.format_thai_date(day, thai_digits=True) == "๑๑ มกราคม ๒๕๖๔"
    assert fiscal.parse_thai_date(fiscal.format_thai_date(day, abbreviated=True)) == day


def test_every_date_in_a_report_is_found():
    text = "อนุมัติโครงการ เมื่อวันที่ 2 พฤศจิกายน 2563 ลงวันที่ 6 พฤศจิกายน 2563 และ 31 กุมภาพันธ์ 2564"
    assert fiscal.find_thai_dates(text) == [dt.date(2020, 11, 2), dt.date(2020, 11, 6)]


def test_text_without_a_date_is_refused():
    with pytest.raises(ValueError):
        fiscal.parse_thai_date("ไม่มีวันที่")


def test_the_quarter_before_q1_is_q4_of_the_previous_year():
    assert fiscal.previous_quarter(2565, 1) == (2564, 4)
    assert fiscal.previous_quarter(2565, 3) == (2565, 2)
