"""A page file's bytes → its text: UTF-8 (with or without BOM), UTF-16 with a BOM, else
cp874/TIS-620; an empty or binary file is an :class:`~kpi_model.errors.ImportRejected`."""

from __future__ import annotations

from pathlib import Path

from kpi_model.errors import ImportRejected, Problem
from kpi_model.importer.detail_page.page import ParsedPage, parse_detail_page

__all__ = ["decode_page", "read_detail_page"]


def decode_page(data: bytes, name: str) -> str:
    """The text of a page file's bytes; ``name`` names the file in a rejection."""

    def reject(th: str, en: str) -> ImportRejected:
        return ImportRejected([Problem(name, None, None, th, en)])

    if not data.strip() or data.strip() in (b"\xef\xbb\xbf",):
        raise reject("ไฟล์ว่าง", "the file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise reject("ไฟล์ไม่ใช่ข้อความ (ถอดรหัส UTF-16 ไม่ได้)", "not a text file (bad UTF-16)") from None
    else:
        if b"\x00" in data:
            raise reject("ไฟล์ไม่ใช่ข้อความ (เป็นไฟล์ไบนารี)", "not a text file (binary data)")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp874")
            except UnicodeDecodeError:
                raise reject(
                    "ไฟล์ไม่ใช่ข้อความ (ไม่ใช่ UTF-8 หรือ TIS-620/cp874)", "not a text file (neither UTF-8 nor TIS-620/cp874)"
                ) from None
    controls = sum(1 for ch in text if (ord(ch) < 32 and ch not in "\t\n\r\f\v") or ch == "\x7f")
    if "\x00" in text or controls > max(2, len(text) // 100):
        raise reject("ไฟล์ไม่ใช่ข้อความ (เป็นไฟล์ไบนารี)", "not a text file (binary data)")
    if not text.strip():
        raise reject("ไฟล์ว่าง", "the file is empty")
    return text


def read_detail_page(path: Path, fiscal_year: int | None = None) -> ParsedPage:
    """Read a page file (UTF-8 with or without BOM, else cp874/TIS-620) and parse it."""
    path = Path(path)
    name = path.name or str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportRejected(
            [
                Problem(
                    name,
                    None,
                    None,
                    f"อ่านไฟล์ไม่ได้: {exc.strerror or exc}",
                    f"cannot read the file: {exc.strerror or exc}",
                )
            ]
        ) from None
    return parse_detail_page(decode_page(data, name), name, fiscal_year)
