"""党员花名册 as branches export them: title rows (merged across), 人员类别, merged 党小组,
footers, blank lines, full-width digits and spaces, a stale <dimension>, GB18030 CSV.
Every one imports unedited, and the preview says which column became what."""
import io
import json
import re
import subprocess
import sys
import zipfile

import openpyxl
import pytest

from votekit.service import roster
from votekit.service.roster_files import preview, roster_data

TITLE = "中共某某街道第三支部委员会党员花名册"
HEADER = ["序号", "姓 名", "性别", "民族", "出生年月", "人员类别", "入党时间", "转正时间", "工作单位及职务",
          "党小组", "联系电话", "备注"]
PEOPLE = [("张伟", "男", "汉族", "1975.03", "正式党员", "1998.07", "1999.07", "街道办主任", "第一党小组",
           "１３８００１３８０００", ""),
          ("李 娜", "女", "汉族", "1988.11", "正式党员", "2010.06", "2011.06", "社区主任", "", "", ""),
          ("王芳", "女", "回族", "1999.05", "预备党员", "2026.06", "", "网格员", "", "", "预备期至2027.06"),
          ("赵　磊", "男", "汉族", "1969.01", "正式党员", "1990.07", "1991.07", "退休", "第二党小组", "", ""),
          ("阿依古丽·买买提", "女", "维吾尔族", "1992.08", "正式党员", "2015.07", "2016.07", "社工", "", "", "")]
EXPECTED = [("张伟", "full"), ("李娜", "full"), ("王芳", "probationary"), ("赵磊", "full"),
            ("阿依古丽·买买提", "full")]
MAPPED = {"姓 名": "姓名", "性别": "性别", "民族": "民族", "出生年月": "出生年月", "人员类别": "人员类别",
          "入党时间": "入党时间", "转正时间": "转正时间", "工作单位及职务": "工作单位及职务", "党小组": "党小组",
          "联系电话": "联系电话", "备注": "备注", "序号": "不导入（序号）"}


def real_export(extra_rows: int = 0) -> bytes:
    """As an office's export: title merged across, a date line, header, 党小组 merged down, footer."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "花名册"
    sheet.append([TITLE] + [None] * 11)
    sheet.merge_cells("A1:L1")
    sheet.append(["填报单位（盖章）：某某街道第三支部", None, None, None, None, None, None, None, "统计截止：2026年10月"])
    sheet.append(HEADER)
    for number, person in enumerate(PEOPLE, start=1):
        sheet.append([number, *person])
    sheet.merge_cells("J4:J5")                        # 第一党小组 for 张伟 and 李娜
    for number in range(extra_rows):
        sheet.append([6 + number, f"党员{number:03d}", "男", "汉族", "1980.01", "正式党员", "2000.07", "2001.07",
                      "", "", "", ""])
    sheet.append([" "])                              # a blank line (a stray space)
    sheet.append(["填报人：李明", None, None, None, "联系电话：12345678", None, None, "填报日期：2026年11月1日"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_stale_dimension(data: bytes, marker: str = "A1:L3") -> bytes:
    """Hand-edit the sheet XML as some exporters leave it: <dimension ref> covering 3 rows only."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            body = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = body.decode("utf-8")
                if "<dimension" in text:
                    text = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="{marker}"/>', text)
                else:
                    text = text.replace("<sheetViews>", f'<dimension ref="{marker}"/><sheetViews>', 1)
                assert f'<dimension ref="{marker}"/>' in text
                body = text.encode("utf-8")
            target.writestr(item, body)
    return out.getvalue()


def gb18030_csv() -> bytes:
    lines = [f"{TITLE},,,,", ",,,,", "序号,姓名,性别,党员类别,入党日期,工作单位及职务,备注"]
    lines += [f"{i},{p[0]},{p[1]},{p[4]},{p[5]},{p[7]},{p[10]}" for i, p in enumerate(PEOPLE, start=1)]
    lines += [",,,,,,", "合计：5人,,,,,,", "制表人：李明　２０２６年１１月１日,,,,,,"]
    return "\r\n".join(lines).encode("gb18030")


def names_and_status(parsed):
    return [(r.name, r.status.value) for r in parsed.rows]


def test_a_real_export_imports_unedited_with_its_mapping_shown():
    parsed = preview("党员花名册.xlsx", real_export())
    assert parsed.errors == ()
    assert names_and_status(parsed) == EXPECTED
    assert parsed.header_row == 3 and parsed.sheet == "花名册"
    assert {c.header: c.label for c in parsed.columns} == MAPPED
    assert parsed.skipped == ((10, "表尾（填报人）"),)
    first = parsed.rows[0]
    assert first.detail("phone") == "13800138000"        # full-width digits made plain
    assert (first.detail("born"), first.detail("joined"), first.detail("unit_post")) == ("1975.03", "1998.07", "街道办主任")
    assert parsed.rows[1].party_group == "第一党小组"     # merged down from 张伟's row
    assert parsed.rows[2].notes == "预备期至2027.06"


def test_a_stale_dimension_marker_does_not_hide_rows():
    data = with_stale_dimension(real_export(extra_rows=25))
    ro = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    assert ro.active.max_row == 3                       # what a read-only reader would trust
    ro.close()
    parsed = preview("花名册.xlsx", data)
    assert parsed.errors == () and len(parsed.rows) == 30
    assert names_and_status(parsed)[:5] == EXPECTED


def test_a_gb18030_csv_with_title_and_footer():
    parsed = preview("花名册.csv", gb18030_csv())
    assert parsed.errors == ()
    assert names_and_status(parsed) == EXPECTED
    assert parsed.header_row == 3
    labels = {c.header: c.label for c in parsed.columns}
    assert labels["党员类别"] == "人员类别" and labels["入党日期"] == "入党时间"
    assert [reason for _, reason in parsed.skipped] == ["表尾（合计）", "表尾（制表人）"]


@pytest.mark.parametrize("word, status", [("正式党员", "full"), ("预备", "probationary"),
                                          ("留党察看", "disciplined"), ("停止党籍", "suspended"),
                                          ("中止", "suspended")])
def test_status_words(word, status):
    data = f"姓名,党员状态\n张伟,{word}\n".encode()
    assert names_and_status(preview("r.csv", data)) == [("张伟", status)]


def test_import_keeps_the_details_and_status_can_be_recorded_afterwards(store):
    from votekit.service import meetings
    meeting_id = meetings.create_meeting(store, "书记", "中共测试支部委员会", "2026-11-22").value
    outcome = roster.import_roster(store, "书记", meeting_id, "花名册.xlsx", real_export())
    assert outcome.ok and outcome.value == 5 and "跳过1行" in outcome.message
    zhao = next(m for m in roster.members(store, meeting_id) if m.name == "赵磊")
    assert zhao.details["unit_post"] == "退休"
    assert roster.set_status(store, "书记", zhao.id, "留党察看", "2026年9月受处分").ok
    assert roster.set_status(store, "书记", zhao.id, "停止党籍").ok
    zhao = next(m for m in roster.members(store, meeting_id) if m.name == "赵磊")
    assert zhao.status.value == "suspended" and not zhao.has_vote
    assert not roster.set_status(store, "书记", zhao.id, "积极分子").ok


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "votekit", "roster", *args], capture_output=True,
                          text=True, encoding="utf-8")


def test_the_command_line_preview(tmp_path):
    path = tmp_path / "花名册.xlsx"
    path.write_bytes(with_stale_dimension(real_export()))
    done = run_cli(str(path), "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert [(m["name"], m["status"]) for m in data["members"]] == EXPECTED
    assert data["skipped"] == [{"row": 10, "reason": "表尾（填报人）"}]
    assert {c["header"]: c["field"] for c in data["columns"]} == MAPPED
    table = run_cli(str(path))
    assert table.returncode == 0 and "C列 “性别” → 性别" in table.stdout and "第10行：表尾（填报人）" in table.stdout
    bad = tmp_path / "坏.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a workbook")
    refused = run_cli(str(bad), "--json")
    assert refused.returncode == 2 and "无法作为Excel" in refused.stderr and refused.stdout == ""
    missing = run_cli(str(tmp_path / "没有.csv"))
    assert missing.returncode == 2 and "无法读取文件" in missing.stderr


def test_roster_data_is_json_safe():
    data = roster_data(preview("花名册.csv", gb18030_csv()))
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
