"""Reading a roster file (党员花名册, .xlsx or .csv) as branches keep them.

A real 花名册 has a title row or two above the header ("中共××支部委员会党员
花名册", often merged across the sheet), columns named in several ways (人员类别 or
党员类别 or 类别 …), merged cells, full-width digits and spaces, a footer (填报人、
日期) and blank lines.  The header is found by its column names; every row of
every sheet dimension is read (openpyxl's read-only mode would trust a stale
``<dimension>`` marker and stop early, so it is not used).

``preview`` says which column became what, which rows were skipped and why, and
what is wrong, before anything is saved.  Nothing here touches the store.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field

from ..core.names import canonical_name
from ..core.vocabulary import MemberStatus
from .roster_columns import (COLUMNS, FOOTER_WORDS, HEADER_SCAN_ROWS, IGNORED, STATUS_WORDS,
                             header_key, status_of)

STATUS_SHORT = {status: status.short for status in MemberStatus}
TEMPLATE_HEADER = ["序号", "姓名", "性别", "民族", "出生年月", "人员类别", "入党时间", "转正时间",
                   "工作单位及职务", "党小组", "联系电话", "备注"]
MAX_NAME = 20
MAX_NOTE = 200
FORMULA_STARTS = "=+-@＝＋－＠"
MAX_XLSX_UNPACKED = 50 * 1024 * 1024   # a roster is a few hundred KB; more is a zip bomb
DETAIL_KEYS = ("ethnicity", "born", "joined", "confirmed", "unit_post", "phone", "education")
__all__ = ["STATUS_WORDS", "parse_roster", "preview"]


@dataclass(frozen=True)
class RosterRow:
    line: int
    name: str
    gender: str
    status: MemberStatus
    party_group: str
    notes: str
    details: tuple[tuple[str, str], ...] = ()   # (key, text) for 民族, 出生年月, 入党时间 …

    def detail(self, key: str) -> str:
        return dict(self.details).get(key, "")


@dataclass(frozen=True)
class ColumnUse:
    column: str        # spreadsheet letter (A, B …) or CSV position (第3列)
    header: str        # as written in the file
    key: str           # name, status … or "" when not used
    label: str         # what it became: 姓名, 党员身份 … or 不导入（…）


@dataclass(frozen=True)
class ParsedRoster:
    rows: tuple[RosterRow, ...]
    errors: tuple[str, ...]
    columns: tuple[ColumnUse, ...] = ()
    skipped: tuple[tuple[int, str], ...] = ()   # (row number, reason)
    header_row: int = 0
    sheet: str = ""
    blank_rows: int = 0
    extra: dict = field(default_factory=dict, compare=False)

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.errors


def plain_text(value: object) -> str:
    """A cell as text: dates as 1985-03 / 1985-03-02, numbers without '.0', full-width
    digits, letters and spaces made ordinary (NFKC on everything but the CJK)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    text = "".join(unicodedata.normalize("NFKC", ch) if "\uff01" <= ch <= "\uff5e" or ch == "\u3000"
                   else ch for ch in text)
    return text.strip()


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
    return status_of(clean_name(word))


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# -- finding the header ----------------------------------------------------------------
def find_header(lines: list[tuple[int, list[str]]]) -> tuple[int, dict[str, int], list[ColumnUse]] | None:
    """The first row (within the first rows) naming 姓名 and most known columns."""
    best = None
    for position, (_line, cells) in enumerate(lines[:HEADER_SCAN_ROWS]):
        keys = [header_key(c) for c in cells]
        if "name" not in keys:
            continue
        score = sum(1 for k in keys if k and k not in IGNORED)
        if best is None or score > best[0]:
            best = (score, position)
    if best is None:
        return None
    position = best[1]
    line, cells = lines[position]
    mapping: dict[str, int] = {}
    uses = []
    for index, cell in enumerate(cells):
        text = plain_text(cell)
        if not text:
            continue
        key = header_key(text)
        where = column_letter(index)
        if key in COLUMNS and key not in mapping:
            mapping[key] = index
            uses.append(ColumnUse(where, text, key, COLUMNS[key].label))
        elif key in IGNORED:
            mapping.setdefault(key, index)
            uses.append(ColumnUse(where, text, "", f"不导入（{IGNORED[key]}）"))
        else:
            uses.append(ColumnUse(where, text, "", "不导入（未识别的列名）"))
    return position, mapping, uses


def footer_reason(cells: list[str]) -> str | None:
    joined = "".join(plain_text(c) for c in cells)
    for word in FOOTER_WORDS:
        if word in joined:
            return f"表尾（{word}）"
    return None


# -- the rows --------------------------------------------------------------------------
def _cell(cells: list[str], mapping: dict[str, int], key: str) -> str:
    index = mapping.get(key)
    return plain_text(cells[index]) if index is not None and index < len(cells) else ""


def _row_problems(line: int, name: str, status_word: str, gender: str,
                  texts: dict[str, str]) -> tuple[MemberStatus | None, list[str]]:
    problems = []
    issue = name_problem(name)
    if issue:
        problems.append(f"第{line}行：{issue}。")
    status = parse_status(status_word)
    if status is None:
        shown = f"“{status_word[:10]}”无法识别" if status_word else "未填写"
        problems.append(f"第{line}行：人员类别{shown}，应填正式党员、预备党员、留党察看或中止。")
    if gender not in ("", "男", "女"):
        problems.append(f"第{line}行：性别“{gender[:10]}”应填男或女（可空）。")
    for key, text in texts.items():
        if len(text) > MAX_NOTE or hidden_characters(text):
            problems.append(f"第{line}行：{COLUMNS[key].label}过长（超过{MAX_NOTE}字）或含有控制字符。")
    return status, problems


def check_lines(lines: list[tuple[int, list]], existing: set[str] = frozenset(),
                sheet: str = "") -> ParsedRoster:
    """``lines``: (row number, cells) of the whole sheet, title rows and footer included."""
    lines = [(n, [plain_text(c) for c in cells]) for n, cells in lines]
    if not any(any(cells) for _, cells in lines):
        return ParsedRoster((), ("文件是空的，没有表头和党员名单。",), sheet=sheet)
    found = find_header(lines)
    if found is None:
        return ParsedRoster((), ("没有找到表头：前几行中没有“姓名”列。"
                                 f"表头应包括：{'、'.join(TEMPLATE_HEADER[1:])}（可下载模板）。",), sheet=sheet)
    position, mapping, uses = found
    header_line = lines[position][0]
    if "status" not in mapping:
        return ParsedRoster((), (f"第{header_line}行的表头中没有“人员类别”列（也可写作党员类别、类别、"
                                 "党员状态、身份），无法区分正式党员和预备党员。",), tuple(uses),
                            header_row=header_line, sheet=sheet)
    rows, errors, skipped, blank = [], [], [], 0
    width = max(i for i, c in enumerate(lines[position][1]) if c)
    seen: dict[str, int] = {}
    for line, cells in lines[position + 1:]:
        if not any(cells):
            blank += 1
            continue
        name = clean_name(_cell(cells, mapping, "name"))
        if footer_reason(cells) and not parse_status(_cell(cells, mapping, "status")):
            skipped.append((line, footer_reason(cells)))
            continue
        if [header_key(c) for c in cells].count("name") and header_key(name) == "name":
            skipped.append((line, "重复的表头"))
            continue
        filled = [i for i, c in enumerate(cells) if c]
        if any(i > width for i in filled):
            errors.append(f"第{line}行：列数多于表头（姓名或备注中可能含有英文逗号）。")
            continue
        if not name:
            if any(i != mapping.get("seq", -1) and i in mapping.values() for i in filled):
                errors.append(f"第{line}行：姓名为空。")
            else:
                skipped.append((line, "没有姓名（" + "、".join(c for c in cells if c)[:30] + "）"))
            continue
        texts = {k: _cell(cells, mapping, k) for k in mapping
                 if k in COLUMNS and k not in ("name", "status", "gender")}
        status, problems = _row_problems(line, name, _cell(cells, mapping, "status"),
                                         _cell(cells, mapping, "gender"), texts)
        if name in seen:
            problems.append(f"第{line}行：姓名“{name}”与第{seen[name]}行重复。"
                            "如确有同名党员，请在姓名后加注区分，如“张伟（机关）”。")
        elif name in existing:
            problems.append(f"第{line}行：“{name}”已在名册中。")
        if problems:
            errors.extend(problems)
            continue
        seen[name] = line
        details = tuple((k, texts[k]) for k in DETAIL_KEYS if texts.get(k))
        rows.append(RosterRow(line, name, _cell(cells, mapping, "gender"), status,
                              texts.get("party_group", ""), texts.get("notes", ""), details))
    if not rows and not errors:
        errors.append("文件中没有党员名单（只有表头）。")
    return ParsedRoster(tuple(rows), tuple(errors), tuple(uses), tuple(skipped), header_line, sheet, blank)


# -- the file formats ------------------------------------------------------------------
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
    sample = text[:4096]
    delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    lines: list[tuple[int, list]] = []
    try:
        for cells in reader:
            lines.append((reader.line_num, cells))
    except csv.Error as exc:
        return [], f"第{reader.line_num}行：CSV格式错误（{exc}），请检查引号是否成对。"
    return lines, None


def xlsx_lines(data: bytes) -> tuple[list[tuple[int, list]], str | None, str]:
    """Every row of the first sheet that has a 姓名 header (all rows, whatever the sheet's
    ``<dimension>`` says); merged cells down a column give each row their value.  Whatever
    goes wrong while reading a file that is not a real roster (a cut-short or malformed
    sheet, entity expansion, odd encodings) is a refusal."""
    import openpyxl
    refused = "文件无法作为Excel（.xlsx）读取。如是旧版.xls文件，请在Excel中另存为.xlsx或CSV后再导入。"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            if sum(i.file_size for i in zf.infolist()) > MAX_XLSX_UNPACKED:
                return [], "文件解压后过大（超过50MB），不像是党员名册，拒绝导入。", ""
            if any(b"<!ENTITY" in zf.read(i)[:4096] for i in zf.infolist() if i.filename.endswith(".xml")):
                return [], refused, ""       # entity definitions: a billion-laughs file, never Excel's own
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=False, data_only=True)
        try:
            chosen: list = []
            for sheet in book.worksheets:
                lines = sheet_lines(sheet)
                if find_header([(n, [plain_text(c) for c in cells]) for n, cells in lines]) is not None:
                    chosen = [(lines, sheet.title)]
                    break
                chosen = chosen or [(lines, sheet.title)]
        finally:
            book.close()
    except MemoryError:
        return [], refused, ""
    except Exception:  # noqa: BLE001 - a foreign file may fail in any parser; none of it is kept
        return [], refused, ""
    lines, title = chosen[0] if chosen else ([], "")
    return lines, None, title


def sheet_lines(sheet) -> list[tuple[int, list]]:
    grid: dict[int, dict[int, object]] = {}
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is not None:
                grid.setdefault(cell.row, {})[cell.column] = cell.value
    for merged in sheet.merged_cells.ranges:   # a 党小组 merged down its rows belongs to each row
        top = grid.get(merged.min_row, {}).get(merged.min_col)
        if top is None or merged.max_row == merged.min_row:
            continue                               # a title merged across keeps its one cell
        for r in range(merged.min_row + 1, merged.max_row + 1):
            grid.setdefault(r, {})[merged.min_col] = top
    if not grid:
        return []
    width = max(max(cols) for cols in grid.values())
    return [(r, [grid[r].get(c) for c in range(1, width + 1)]) for r in sorted(grid)]


def preview(filename: str, data: bytes, existing: set[str] = frozenset()) -> ParsedRoster:
    """Read and check a roster file; the kind is chosen by the file name."""
    lower = filename.lower()
    sheet = ""
    if lower.endswith(".xlsx"):
        lines, problem, sheet = xlsx_lines(data)
    elif lower.endswith((".csv", ".txt")):
        lines, problem = csv_lines(data)
    elif lower.endswith(".xls"):
        return ParsedRoster((), ("不支持旧版.xls文件，请在Excel中另存为.xlsx或CSV后再导入。",))
    else:
        return ParsedRoster((), (f"不支持的文件类型“{filename}”，请导入.xlsx或.csv文件。",))
    if problem:
        return ParsedRoster((), (problem,))
    return check_lines(lines, set(existing), sheet)


parse_roster = preview


def template_csv() -> str:
    return ",".join(TEMPLATE_HEADER) + "\r\n1,张伟,男,汉族,1980-05,正式党员,2005-07,2006-07,××公司技术员,第一党小组,,\r\n"


def roster_data(parsed: ParsedRoster) -> dict:
    """The preview as JSON: ``members`` ({name, status in TALLY-JSON words, …}), ``skipped``
    ({row, reason}), ``columns`` (what each header became), ``errors``."""
    members = [{"name": r.name, "status": r.status.value, "row": r.line, "gender": r.gender,
                "party_group": r.party_group, "notes": r.notes, **dict(r.details)} for r in parsed.rows]
    return {"members": members,
            "skipped": [{"row": row, "reason": reason} for row, reason in parsed.skipped],
            "columns": [{"column": c.column, "header": c.header, "key": c.key, "field": c.label}
                        for c in parsed.columns],
            "header_row": parsed.header_row, "sheet": parsed.sheet, "blank_rows": parsed.blank_rows,
            "errors": list(parsed.errors)}
