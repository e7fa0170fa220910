"""Hostile files (issue 9): malformed TALLY-JSON for ``votekit tally``, hostile zips for
``votekit verify``, roster uploads that are not rosters, photos that are not photos.
Each gets a clear Chinese answer, never a traceback, and nothing is written."""
import io
import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings, strategies as st
from PIL import Image

from votekit.cli import main
from votekit.cli.documents import verify_command
from votekit.documents.verify import verify_archive
from votekit.service.database import open_database
from tests.hostile_support import csrf_token, make_setup

ROUNDS = Path(__file__).resolve().parent / "rounds"
GOOD = json.loads((ROUNDS / "committee.json").read_text(encoding="utf-8"))
weird = st.one_of(st.none(), st.booleans(), st.integers(min_value=-10**40, max_value=10**40),
                  st.floats(allow_nan=False), st.text(max_size=30), st.lists(st.integers(), max_size=3),
                  st.dictionaries(st.text(max_size=5), st.integers(), max_size=3))


def _tally(tmp_path: Path, text: str):
    path = tmp_path / "round.json"
    path.write_text(text, encoding="utf-8")
    return CliRunner().invoke(main, ["tally", str(path)])


def _mutations():
    fields = ["kind", "seats", "members", "candidates", "ballots_issued", "ballots", "options",
              "seat_reduction_vote"]
    return st.tuples(st.sampled_from(fields), weird) | st.tuples(st.sampled_from(fields), st.just(None))


@settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
@given(change=_mutations(), deep=st.sampled_from(["members", "ballots", None]), inner=weird)
def test_tally_answers_malformed_records_with_one_line(tmp_path_factory, change, deep, inner):
    data = json.loads(json.dumps(GOOD))
    field, value = change
    if value is None:
        data.pop(field, None)
    else:
        data[field] = value
    if deep and isinstance(data.get(deep), list) and data[deep]:
        data[deep][0] = inner
    result = _tally(tmp_path_factory.mktemp("t"), json.dumps(data, ensure_ascii=False))
    assert result.exit_code in (0, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    if result.exit_code == 2:
        assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


@pytest.mark.parametrize("text", ["", "{", "[" * 100_000, '{"seats": ' + "9" * 5000 + "}", "\ufeff{}",
                                  "null", "\x00\x01", '{"kind": "competitive"}'])
def test_tally_refuses_unreadable_files(tmp_path, text):
    result = _tally(tmp_path, text)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert any(word in result.output for word in ("JSON", "字段", "UTF-8"))


def _zip(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


HOSTILE_ZIPS = {
    "zip slip": {"../../evil.txt": b"x", "MANIFEST": b"votekit-archive v1\n"},
    "absolute": {"/etc/evil": b"x", "MANIFEST": b"x"},
    "windows": {"C:\\evil": b"x", "..\\evil": b"x"},
    "bomb": {"MANIFEST": b"votekit-archive v1\n", "rounds/01.json": b"\0" * (64 << 20)},
    "bad json": {"MANIFEST": b"votekit-archive v1\nrecords-root: " + b"0" * 64 + b"\n",
                 "rounds/01.json": b"[" * 100_000},
    "huge size": {"MANIFEST": ("votekit-archive v1\n" + "0" * 64 + "  " + "9" * 5000 + "  rounds/a.json\n"
                               "records-root: " + "0" * 64 + "\n").encode()},
    "not audit": {"MANIFEST": b"votekit-archive v1\nrecords-root: " + b"0" * 64 + b"\n",
                  "audit/audit-log.jsonl": b"5\n[1]\n\"x\"\n{\"seq\": [1]}\n"},
}


@pytest.mark.parametrize("kind", sorted(HOSTILE_ZIPS))
def test_verify_refuses_hostile_archives_without_writing_anything(tmp_path, kind):
    path = tmp_path / "a.zip"
    path.write_bytes(_zip(HOSTILE_ZIPS[kind]))
    before = sorted(p.name for p in tmp_path.parent.rglob("*"))
    check = verify_archive(path)
    assert not check.ok and check.problems
    result = CliRunner().invoke(verify_command, [str(path)])
    assert result.exit_code == 1 and "归档不完整" in result.output
    assert sorted(p.name for p in tmp_path.parent.rglob("*")) == before
    assert not (tmp_path.parent.parent / "evil.txt").exists()


@pytest.mark.parametrize("data", [b"", b"not a zip at all", b"PK\x03\x04" + b"\0" * 40, b"%PDF-1.4\n%%EOF"])
def test_verify_refuses_files_that_are_not_archives(tmp_path, data):
    path = tmp_path / "a.zip"
    path.write_bytes(data)
    check = verify_archive(path)
    assert not check.ok and "zip" in check.summary


def _xlsx_bomb() -> bytes:
    return _zip({"[Content_Types].xml": b"<x/>", "xl/worksheets/sheet1.xml": b" " * (80 << 20)})


@pytest.mark.parametrize("name,data,expect", [
    ("名册.xlsx", b"not a spreadsheet", "无法作为Excel"),
    ("名册.xlsx", _xlsx_bomb(), "解压后过大"),
    ("名册.xlsx", _zip({"a.txt": b"x"}), "无法作为Excel"),
    ("名册.csv", b"\xff\xfe\x00\x00garbage\x81", "表头"),
    ("名册.csv", "姓名,身份\n\"张伟,正式\n".encode(), "CSV格式错误"),
    ("名册.csv", "姓名,身份\n=HYPERLINK(\"x\"),正式\n".encode(), "公式"),
    ("名册.csv", "姓名,身份\n张\u202e伟,正式\n".encode(), "控制字符"),
    ("名册.png", b"\x89PNG\r\n\x1a\n", "不支持的文件类型"),
    ("../../名册.csv", "姓名,身份\n新党员,正式\n".encode(), "已从"),
])
def test_roster_uploads_that_are_not_rosters(tmp_path, name, data, expect):
    setup = make_setup(tmp_path)
    c = setup.app.test_client()
    t = csrf_token(c, "/m/1/roster")
    r = c.post("/m/1/roster", data={"csrf_token": t, "file": (io.BytesIO(data), name)},
               content_type="multipart/form-data", follow_redirects=True)
    if expect == "已从":     # a good file is previewed first, then confirmed
        assert r.status_code == 200 and "确认导入1名党员" in r.get_data(as_text=True)
        import base64
        r = c.post("/m/1/roster", data={"csrf_token": t, "confirm": "1", "filename": name,
                                        "data": base64.b64encode(data).decode()}, follow_redirects=True)
    assert r.status_code == 200 and expect in r.get_data(as_text=True)
    with open_database(setup.db) as store:
        assert store.count("members") == (33 if expect == "已从" else 32)
    assert not (tmp_path.parent / "名册.csv").exists()


@pytest.mark.parametrize("data", [b"", b"GIF89a not really", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF",
                                  b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x7f\xff\xff\xff\x7f\xff\xff\xff\x08\x00"])
def test_photos_that_are_not_photos(tmp_path, data):
    setup = make_setup(tmp_path)
    c = setup.app.test_client()
    t = csrf_token(c, "/m/1/count")
    r = c.post("/m/1/count/photo", data={"photo": (io.BytesIO(data), "p.jpg")}, headers={"X-CSRFToken": t},
               content_type="multipart/form-data")
    assert r.status_code == 200 and not r.json["ok"] and ("二维码" in r.json["message"] or "5MB" in r.json["message"])


def test_a_decompression_bomb_photo_is_refused(tmp_path):
    setup = make_setup(tmp_path)
    buf = io.BytesIO()
    Image.new("1", (20_000, 20_000), 1).save(buf, format="PNG", optimize=True)
    assert len(buf.getvalue()) < 5 << 20
    c = setup.app.test_client()
    t = csrf_token(c, "/m/1/count")
    r = c.post("/m/1/count/photo", data={"photo": (io.BytesIO(buf.getvalue()), "big.png")},
               headers={"X-CSRFToken": t}, content_type="multipart/form-data")
    assert r.status_code == 200 and not r.json["ok"]
