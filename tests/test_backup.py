"""备份会议文件: ``votekit backup --to DIR``, the start page's button, ``serve --db`` on the copy."""
import datetime as dt
import re
import sqlite3

from click.testing import CliRunner

from votekit.cli import main
from votekit.service import backup, meetings
from votekit.service.database import open_database
from votekit.web import create_app

NOW = dt.datetime(2026, 11, 22, 9, 30, 5)


def meeting_file(tmp_path, branch="中共测试支部委员会"):
    db = tmp_path / "meeting.sqlite3"
    with open_database(db) as store:
        assert meetings.create_meeting(store, "书记", branch, "2026-11-22", "09:00").ok
    return db


def branches(path):
    with open_database(path) as store:
        return [m.branch for m in meetings.list_meetings(store)]


def test_backup_command_writes_one_self_contained_copy_that_opens(tmp_path):
    db = meeting_file(tmp_path)
    stick = tmp_path / "U盘"
    stick.mkdir()
    result = CliRunner().invoke(main, ["backup", "--to", str(stick), "--db", str(db)])
    assert result.exit_code == 0, result.output
    (copy,) = stick.iterdir()
    assert copy.name.startswith("votekit-备份-") and copy.suffix == ".sqlite3" and str(copy) in result.output
    conn = sqlite3.connect(copy)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"   # one file on the stick
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    assert branches(copy) == ["中共测试支部委员会"]


def test_a_backup_taken_mid_write_holds_only_what_was_committed(tmp_path):
    db = meeting_file(tmp_path)
    writer = sqlite3.connect(db, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE meetings SET branch = '半途的改动'")
    try:
        done = backup.backup_meeting_file(db, tmp_path, NOW)
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert done.ok, done.message
    assert branches(done.value) == ["中共测试支部委员会"]


def test_backup_refuses_a_missing_folder_in_chinese_and_writes_nothing(tmp_path):
    db = meeting_file(tmp_path)
    result = CliRunner().invoke(main, ["backup", "--to", str(tmp_path / "没插的U盘"), "--db", str(db)])
    assert result.exit_code == 1 and "文件夹不存在" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "没插的U盘").exists()
    again = backup.backup_meeting_file(db, tmp_path, NOW), backup.backup_meeting_file(db, tmp_path, NOW)
    assert all(o.ok for o in again) and again[0].value != again[1].value   # same second, two files


def test_a_full_stick_leaves_no_half_written_file(tmp_path, monkeypatch):
    db = meeting_file(tmp_path)
    stick = tmp_path / "stick"
    stick.mkdir()
    from votekit.store import backup as store_backup

    def full(source, part):
        part.write_bytes(b"half")
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(store_backup, "_copy", full)
    done = backup.backup_meeting_file(db, stick, NOW)
    assert not done.ok and "U盘已满" in done.message
    assert list(stick.iterdir()) == []


def test_the_start_page_shows_the_data_folder_and_its_button_backs_up(tmp_path):
    db = meeting_file(tmp_path)
    app = create_app({"DATABASE": str(db), "SECRET_KEY": "test", "TESTING": True, "LAN_MODE": True})
    c = app.test_client()   # this laptop (loopback): the secretary
    page = c.get("/").get_data(as_text=True)
    assert str(db) in page and "备份会议文件" in page
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    stick = tmp_path / "stick"
    stick.mkdir()
    done = c.post("/backup", data={"csrf_token": token, "folder": str(stick)}, follow_redirects=True)
    assert done.status_code == 200 and "会议文件已备份到" in done.get_data(as_text=True)
    (copy,) = stick.iterdir()
    assert branches(copy) == ["中共测试支部委员会"]
    refused = c.post("/backup", data={"csrf_token": token, "folder": str(tmp_path / "无")},
                     follow_redirects=True).get_data(as_text=True)
    assert "文件夹不存在" in refused
    tablet = app.test_client()
    tablet.environ_base.update({"REMOTE_ADDR": "192.168.1.23"})
    assert tablet.post("/backup", data={"folder": str(stick)}).status_code in (400, 403)
    assert "备份会议文件" not in tablet.get("/").get_data(as_text=True)
