"""The smaller findings of the second outside probe (issue 18, item 6), each as it was
reported: deeply nested JSON, malformed and billion-laughs .xlsx files, a JSON object
sent as a write-in name, a full disk, and the meeting list shown before login on the LAN.
Every one of them gave a 500 (or said nothing useful) before the fix.
"""
import errno
import io
import sqlite3
import zipfile

import pytest

from votekit.service import roster_files
from votekit.service.database import open_database
from tests.hostile_support import LAN_DEVICE, csrf_token, login, make_setup

NESTED = "[" * 100_000 + "]" * 100_000


def _zip(members: dict) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


CONTENT_TYPES = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
                 b'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
                 b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
                 b'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml"'
                 b' ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                 b'</Types>')
WORKBOOK = (b'<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
            b' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            b'<sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>')
RELS = (b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        b'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
ROOT_RELS = (b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
             b'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
             b'2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lollollollollollollollollollol">'
          + b"".join(f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">'.encode()
                     for i in range(1, 10))
          + b']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>')


def _xlsx(sheet: bytes) -> bytes:
    return _zip({"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": ROOT_RELS, "xl/workbook.xml": WORKBOOK,
                 "xl/_rels/workbook.xml.rels": RELS, "xl/worksheets/sheet1.xml": sheet})


GOOD_SHEET = (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>\xe5\xa7\x93\xe5\x90\x8d</t></is></c>'
              b'<c r="B1" t="inlineStr"><is><t>\xe8\xba\xab\xe4\xbb\xbd</t></is></c></row>'
              b'<row r="2"><c r="A2" t="inlineStr"><is><t>\xe5\xbc\xa0\xe4\xbc\x9f</t></is></c>'
              b'<c r="B2" t="inlineStr"><is><t>\xe6\xad\xa3\xe5\xbc\x8f</t></is></c></row></sheetData></worksheet>')


def test_the_hand_made_xlsx_is_a_real_roster():
    parsed = roster_files.parse_roster("名册.xlsx", _xlsx(GOOD_SHEET))
    assert not parsed.errors and [r.name for r in parsed.rows] == ["张伟"]


@pytest.mark.parametrize("sheet,why", [
    (LAUGHS, "billion laughs"),
    (GOOD_SHEET[:-40], "cut short"),
    (b'<?xml version="1.0"?><worksheet><sheetData><row r="x"><c r="??" t="n"><v>1e99999</v></c>', "malformed"),
    (b"\xff\xfe<\x00w\x00", "not utf-8"),
])
def test_a_malformed_or_bomb_xlsx_is_refused_in_chinese(tmp_path, sheet, why):
    parsed = roster_files.parse_roster("名册.xlsx", _xlsx(sheet))
    assert parsed.errors and not parsed.rows, why
    assert "Excel" in parsed.errors[0] or "无法" in parsed.errors[0]
    setup = make_setup(tmp_path)
    c = setup.app.test_client()
    t = csrf_token(c, "/m/1/roster")
    r = c.post("/m/1/roster", data={"csrf_token": t, "file": (io.BytesIO(_xlsx(sheet)), "名册.xlsx")},
               content_type="multipart/form-data", follow_redirects=True)
    assert r.status_code == 200 and "Excel" in r.get_data(as_text=True)


def _json_routes(app):
    return [r for r in app.url_map.iter_rules() if "POST" in r.methods and not r.endpoint.startswith("static")]


def test_deeply_nested_json_is_refused_not_a_500(tmp_path):
    setup = make_setup(tmp_path)
    c = setup.app.test_client()
    t = csrf_token(c, "/m/1/count")
    from tests.hostile_support import url_for_rule
    too_deep = []
    for rule in _json_routes(setup.app):
        if rule.endpoint.startswith("access."):
            continue
        r = c.post(url_for_rule(rule, setup.meeting), data=NESTED, content_type="application/json",
                   headers={"X-CSRFToken": t})
        assert r.status_code < 500, (rule.endpoint, r.status_code)
        if r.status_code == 400 and "嵌套" in r.json["message"]:
            too_deep.append(rule.endpoint)
    assert {"counting.submit", "signin.act", "counting.identify"} <= set(too_deep), too_deep


@pytest.mark.parametrize("name", [{"a": 1}, ["张三"], 3.5, True])
def test_a_write_in_that_is_not_text_is_refused(tmp_path, name):
    setup = make_setup(tmp_path)
    c = setup.app.test_client()
    t = csrf_token(c, "/m/1/count")
    r = c.post(f"/r/{setup.meeting.round_id}/ballots", headers={"X-CSRFToken": t},
               json={"token": "t" * 32, "ballot": {"marks": {}, "write_ins": [{"name": name, "mark": "agree"}]}})
    assert r.status_code == 200 and not r.json["ok"] and "应为文字" in r.json["message"], r.json
    with open_database(setup.db) as store:
        assert store.count("ballots") == 0


@pytest.mark.parametrize("failure", [sqlite3.OperationalError("database or disk is full"),
                                     OSError(errno.ENOSPC, "No space left on device")])
def test_a_full_disk_says_so_in_chinese(tmp_path, monkeypatch, failure):
    setup = make_setup(tmp_path)
    c = setup.app.test_client()
    t = csrf_token(c, "/m/1/count")
    from votekit.service import entry

    def full(*args, **kwargs):
        raise failure
    monkeypatch.setattr(entry, "count_entry", full)
    r = c.post(f"/r/{setup.meeting.round_id}/ballots", headers={"X-CSRFToken": t},
               json={"token": "f" * 32, "ballot": {"marks": {}}})
    assert r.status_code == 507 and "磁盘已满，本次操作未保存" in r.json["message"]
    monkeypatch.setattr("votekit.service.audit.record", full)        # a page (not a tablet's fetch) too
    page = c.post("/m/1/roster/add", data={"csrf_token": t, "name": "新党员", "status": "full"})
    assert page.status_code == 507 and "磁盘已满，本次操作未保存" in page.get_data(as_text=True)
    with open_database(setup.db) as store:
        assert store.count("ballots") == 0 and store.get("members", name="新党员") is None


def test_nothing_is_listed_before_login_on_the_lan(tmp_path):
    setup = make_setup(tmp_path, LAN_MODE=True)
    c = setup.app.test_client()
    c.environ_base.update(LAN_DEVICE)
    r = c.get("/")
    assert r.status_code == 302 and r.headers["Location"].endswith("/m/1/login")
    assert "中共测试街道" not in c.get("/").get_data(as_text=True)
    assert login(c, 1, "teller").status_code == 302
    assert c.get("/").headers["Location"].endswith("/m/1")


def test_a_full_disk_is_a_chinese_refusal_on_the_command_line(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from votekit.cli import main

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr("votekit.service.backup.backup_meeting_file", full)
    db = tmp_path / "m.sqlite3"
    open_database(db).close()
    result = CliRunner().invoke(main, ["backup", "--to", str(tmp_path), "--db", str(db)])
    assert result.exit_code == 1 and "磁盘已满，本次操作未保存" in result.output
    assert "Traceback" not in result.output
