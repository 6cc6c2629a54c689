"""Detail pages in BMA's text format, written from demo rows, to measure the import rate."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from kpi_model.fiscal import arabic_to_thai_digits

_TYPE = {"strategic": "ตัวชี้วัดเชิงยุทธศาสตร์", "routine": "ตัวชี้วัดงานประจำ"}
_LEVEL = {"output": "(ตัวชี้วัดระดับผลผลิต (output))", "outcome": "(ตัวชี้วัดระดับผลลัพธ์ (outcome))"}


def _num(v: object) -> str:
    return "" if v is None or pd.isna(v) else f"{float(v):,.2f}"


def render_page(ind: dict, quarters: list[dict], names: dict[str, str]) -> str:
    """One page in the seed's layout for an indicator-year and its quarterly rows."""
    lines = [
        "รายละเอียดตัวชี้วัด",
        "",
        "Back Home",
        "",
        f"ปี {ind['fiscal_year']} {ind['name_th']} : {ind['indicator_code']}",
        "",
        f"ค่าเป้าหมาย {ind['unit_th']} : {_num(ind['target'])}",
        "",
        f"ผลงานที่ทำได้ {ind['unit_th']} : {_num(ind['achieved'])}",
        "",
        f"ประเภทตัวชี้วัด : {_TYPE.get(ind['indicator_type'], 'ตัวชี้วัดเชิงยุทธศาสตร์')}",
        _LEVEL.get(ind["result_level"], _LEVEL["output"]),
        "",
        "0",
        "",
        "รายละเอียดตัวชี้วัดฯ : พิมพ์ข้อมูล",
        "",
        f"*** สยป. ตรวจประเมินตัวชี้วัด : ไตรมาสที่ {ind['audited_quarter'] or 1}: 100",
        "",
        "ผลงานเทียบกับเป้าหมายรายไตรมาส",
        "",
        "ไตรมาสที่",
        "(1 - 4)",
        "*ผลงาน*",
        f"({ind['unit_th']})",
        "*ผลประเมินตัวชี้วัด*",
        "(* 2.1 / 2.2 *)",
    ]
    for q in quarters:
        score = _num(q["evaluation_score"])
        lines += [str(q["quarter"]), _num(q["actual"]), score, f"{score} / {score}" if score else ""]
    lines.append("")
    for q in quarters:
        lines += [f"รายงานผลฯ ไตรมาสที่ {q['quarter']}", "", q["report_th"] or "", ""]
    lines += [
        "** สรุปผลการดำเนินงาน **",
        "",
        "นิยาม หรือความหมายของตัวชี้วัด",
        "",
        ind["definition"] or "",
        "",
        "วิธีการคำนวณ หรือ เกณฑ์การประเมิน",
        "",
        ind["calculation"] or "",
        "",
        "วิธีการการเก็บข้อมูล/แหล่งข้อมูล",
        "",
        ind["data_sources"] or "",
        "",
        "สนับสนุนยุทธศาสตร์กรุงเทพมหานครฯ",
        "",
    ]
    parts = (ind["strategy_code"] or "").split(".")
    for depth in range(1, len(parts) + 1):
        code = ".".join(parts[:depth])
        label = f"ด้านที่ {arabic_to_thai_digits(code)} –" if depth == 1 else f"{arabic_to_thai_digits(code)} -"
        lines.append(f":{label} {names.get(code, code)}")
    lines += [
        "",
        "โครงการ/กิจกรรมที่สนับสนุนตัวชี้วัด",
        "",
        ind["supporting_projects"] or "",
        "",
        "ฐานข้อมูลประกอบตัวชี้วัดการพัฒนาเมือง",
        "",
    ]
    return "\n".join(lines)


def write_pages(tables: dict[str, pd.DataFrame], folder: Path, count: int) -> list[Path]:
    """``count`` pages of dated synthetic indicators (the year is on each page)."""
    folder.mkdir(parents=True, exist_ok=True)
    names = dict(zip(tables["strategies"]["strategy_code"], tables["strategies"]["name_th"]))
    inds = tables["indicators"]
    inds = inds[inds["source"] == "synthetic-demo"].head(count)
    results = tables["quarterly_results"]
    by_key = {
        k: g.sort_values("quarter").to_dict("records") for k, g in results.groupby(["indicator_code", "fiscal_year"])
    }
    paths = []
    for ind in inds.to_dict("records"):
        text = render_page(ind, by_key.get((ind["indicator_code"], ind["fiscal_year"]), []), names)
        path = folder / f"{ind['indicator_code']}_{ind['fiscal_year']}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
