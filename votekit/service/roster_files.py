"""Reading a roster file (CSV or Excel .xlsx) into checked rows.

Nothing here touches the store.  Every problem is reported with the line
(spreadsheet row) it is on, in Chinese; the caller imports only a file with
no problems at all.
"""
from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import Iterable

from ..core.names import canonical_name
from ..core.vocabulary import MemberStatus

STATUS_WORDS = {
    "正式": MemberStatus.FULL, "正式党员": MemberStatus.FULL,
    "预备": MemberStatus.PROBATIONARY, "预备党员": MemberStatus.PROBATIONARY,
    "留党察看": MemberStatus.DISCIPLINED, "留党察看党员": MemberStatus.DISCIPLINED,
    "受留党察看处分党员": MemberStatus.DISCIPLINED,
    "中止": MemberStatus.SUSPENDED, "权利中止": MemberStatus.SUSPENDED,
    "权利中止的党员": MemberStatus.SUSPENDED,
}
STATUS_SHORT = {MemberStatus.FULL: "正式", MemberStatus.PROBATIONARY: "预备",
                MemberStatus.DISCIPLINED: "留党察看", MemberStatus.SUSPENDED: "中止"}
HEADERS = {  # column → accepted header words
    "name": ("姓名", "党员姓名"),
    "gender": ("性别",),
    "status": ("身份", "党员身份", "类别", "党员类别", "状态"),
    "party_group": ("党小组", "所在党小组"),
    "notes": ("备注", "说明"),
}
TEMPLATE_HEADER = ["姓名", "性别", "身份", "党小组", "备注"]
MAX_NAME = 20
MAX_NOTE = 200
FORMULA_STARTS = "=+-@＝＋－＠"
MAX_XLSX_UNPACKED = 50 * 1024 * 1024   # a roster is a few hundred KB; more is a zip bomb


@dataclass(frozen=True)
class RosterRow:
    line: int
    name: str
    gender: str
    status: MemberStatus
    party_group: str
    notes: str


@dataclass(frozen=True)
class ParsedRoster:
    rows: tuple[RosterRow, ...]
    errors: tuple[str, ...]


def clean_name(raw: str) -> str:
    """A name in the kit's one identity (``core.names``: NFKC, no spaces typed to line names
    up, no variation selectors; “·” of minority names kept).  A name carrying control or
    invisible formatting characters keeps them, so ``name_problem`` refuses it instead of
    the kit silently storing a different name."""
    if hidden_characters(raw or ""):
        return re.sub(r"[\s\u3000]+", "", raw or "")
    return canonical_name(raw or "")


def hidden_characters(text: str) -> bool:
    """Control or invisible formatting characters (incl. right-to-left marks, zero-width spaces)."""
    return any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp") for ch in text)


def name_problem(name: str, label: str = "姓名") -> str | None:
    """Why a (cleaned) name cannot be a roster name, or None."""
    if not name:
        return f"{label}为空"
    if len(name) > MAX_NAME:
        return f"{label}“{name[:MAX_NAME]}…”过长（超过{MAX_NAME}个字）"
    if hidden_characters(name):
        return f"{label}中含有控制字符或不可见的排版字符（如从右向左标记），请重新输入"
    if name[0] in FORMULA_STARTS:
        return f"{label}不能以“{name[0]}”开头（电子表格会把它当作公式）"
    return None


def parse_status(word: str) -> MemberStatus | None:
    return STATUS_WORDS.get(clean_name(word))


def _columns(header: list[str]) -> tuple[dict[str, int], list[str]]:
    found: dict[str, int] = {}
    cells = [clean_name(str(c or "")) for c in header]
    for column, words in HEADERS.items():
        for index, cell in enumerate(cells):
            if cell in words and column not in found:
                found[column] = index
    missing = [HEADERS[c][0] for c in ("name", "status") if c not in found]
    return found, missing


def _check_row(line: int, cells: list[str], cols: dict[str, int],
               seen: dict[str, int]) -> tuple[RosterRow | None, list[str]]:
    def cell(column: str) -> str:
        index = cols.get(column)
        return str(cells[index]).strip() if index is not None and index < len(cells) and \
            cells[index] is not None else ""
    problems = []
    name, status_word, gender = clean_name(cell("name")), cell("status"), cell("gender")
    status = parse_status(status_word)
    if not name:
        problems.append(f"第{line}行：姓名为空。")
    elif len(name) > MAX_NAME:
        problems.append(f"第{line}行：姓名“{name[:MAX_NAME]}…”过长（超过{MAX_NAME}个字）。")
    elif name_problem(name):
        problems.append(f"第{line}行：{name_problem(name)}。")
    elif name in seen:
        problems.append(f"第{line}行：姓名“{name}”与第{seen[name]}行重复。"
                        "如确有同名党员，请在姓名后加注区分，如“张伟（机关）”。")
    if status is None:
        shown = f"“{status_word}”无法识别" if status_word else "未填写"
        problems.append(f"第{line}行：党员身份{shown}，应填正式、预备、留党察看或中止。")
    if gender not in ("", "男", "女"):
        problems.append(f"第{line}行：性别“{gender[:10]}”应填男或女（可空）。")
    for label, text in (("党小组", cell("party_group")), ("备注", cell("notes"))):
        if len(text) > MAX_NOTE or hidden_characters(text):
            problems.append(f"第{line}行：{label}过长（超过{MAX_NOTE}字）或含有控制字符。")
    if problems:
        return None, problems
    seen[name] = line
    return RosterRow(line, name, gender, status, cell("party_group"), cell("notes")), []


def check_rows(lines: Iterable[tuple[int, list]], existing: Iterable[str] = ()) -> ParsedRoster:
    """``lines``: (line number, cells) with the header first."""
    rows: list[RosterRow] = []
    errors: list[str] = []
    iterator = iter(lines)
    first = next(iterator, None)
    if first is None:
        return ParsedRoster((), ("文件是空的，没有表头和党员名单。",))
    header_line, header = first
    cols, missing = _columns(header)
    if missing:
        return ParsedRoster((), (f"第{header_line}行：表头缺少“{'”“'.join(missing)}”列。"
                                 f"表头应为：{'，'.join(TEMPLATE_HEADER)}。",))
    on_roster = set(existing)
    seen: dict[str, int] = {}
    for line, cells in iterator:
        if all(c is None or not str(c).strip() for c in cells):
            continue
        extra = [c for c in cells[len(header):] if c is not None and str(c).strip()]
        if extra:
            errors.append(f"第{line}行：列数多于表头（姓名或备注中可能含有英文逗号）。")
            continue
        row, problems = _check_row(line, cells, cols, seen)
        if row and row.name in on_roster:
            problems = [f"第{line}行：“{row.name}”已在名册中。"]
        errors.extend(problems)
        if row and not problems:
            rows.append(row)
    if not rows and not errors:
        errors.append("文件中没有党员名单（只有表头）。")
    return ParsedRoster(tuple(rows), tuple(errors))


def decode_text(data: bytes) -> str | None:
    """UTF-8 (with or without BOM), else GB18030 — what Excel on Chinese Windows saves."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def csv_lines(data: bytes) -> tuple[list[tuple[int, list]], str | None]:
    text = decode_text(data)
    if text is None:
        return [], "文件编码无法识别，请以UTF-8或GBK编码另存为CSV。"
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    lines: list[tuple[int, list]] = []
    try:
        for cells in reader:
            lines.append((reader.line_num, cells))
    except csv.Error as exc:
        return [], f"第{reader.line_num}行：CSV格式错误（{exc}），请检查引号是否成对。"
    return lines, None


def xlsx_lines(data: bytes) -> tuple[list[tuple[int, list]], str | None]:
    """The first sheet's rows.  Whatever goes wrong while reading a file that is not a real
    roster (a cut-short or malformed sheet, entity expansion, odd encodings) is a refusal."""
    import openpyxl
    refused = "文件无法作为Excel（.xlsx）读取。如是旧版.xls文件，请在Excel中另存为.xlsx或CSV后再导入。"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            if sum(i.file_size for i in zf.infolist()) > MAX_XLSX_UNPACKED:
                return [], "文件解压后过大（超过50MB），不像是党员名册，拒绝导入。"
            if any(b"<!ENTITY" in zf.read(i)[:4096] for i in zf.infolist() if i.filename.endswith(".xml")):
                return [], refused           # entity definitions: a billion-laughs file, never Excel's own
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = book.worksheets[0]
            lines = [(index, ["" if v is None else v for v in values])
                     for index, values in enumerate(sheet.iter_rows(values_only=True), start=1)]
        finally:
            book.close()
    except MemoryError:
        return [], refused
    except Exception:  # noqa: BLE001 - a foreign file may fail in any parser; none of it is kept
        return [], refused
    return lines, None


def parse_roster(filename: str, data: bytes, existing: Iterable[str] = ()) -> ParsedRoster:
    """Read and check a roster file; the kind is chosen by the file name."""
    lower = filename.lower()
    if lower.endswith(".xlsx"):
        lines, problem = xlsx_lines(data)
    elif lower.endswith((".csv", ".txt")):
        lines, problem = csv_lines(data)
    elif lower.endswith(".xls"):
        return ParsedRoster((), ("不支持旧版.xls文件，请在Excel中另存为.xlsx或CSV后再导入。",))
    else:
        return ParsedRoster((), (f"不支持的文件类型“{filename}”，请导入.xlsx或.csv文件。",))
    if problem:
        return ParsedRoster((), (problem,))
    return check_rows(lines, existing)


def template_csv() -> str:
    return ",".join(TEMPLATE_HEADER) + "\r\n张伟,男,正式,第一党小组,\r\n"
