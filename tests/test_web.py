"""The web app through Flask's test client: screens, CSRF, roles and LAN mode."""
import base64
import io
import re

import pytest

from tests import snapshots
from votekit.rehearsal import demo
from votekit.rehearsal.scenario import roster_xlsx, scenario
from votekit.service import meetings, roster
from votekit.service.database import open_database
from votekit.web import create_app

LAN_DEVICE = {"REMOTE_ADDR": "192.168.1.23"}


@pytest.fixture
def app(tmp_path):
    return create_app({"DATABASE": str(tmp_path / "w.sqlite3"), "SECRET_KEY": "test", "TESTING": True})


def _demo_with_pins(store) -> None:
    demo.create_demo_meeting(store, "书记", "2026-11-22")
    assert meetings.set_pin(store, "书记", 1, "2468").ok
    assert meetings.set_pin(store, "书记", 1, "13579", "scrutineer").ok


@pytest.fixture
def demo_app(tmp_path):
    """The demo meeting with both PINs (made once per run and copied: tests/snapshots.py)."""
    path = tmp_path / "d.sqlite3"
    snapshots.copy("web demo with pins", _demo_with_pins, path)
    return create_app({"DATABASE": str(path), "SECRET_KEY": "test", "TESTING": True})


def token(client, path="/"):
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)


def text(response):
    return response.get_data(as_text=True)


def test_create_meeting_election_and_import(app):
    c = app.test_client()
    t = token(c)
    r = c.post("/", data={"csrf_token": t, "branch": "中共测试支部委员会", "date": "2026-11-22",
                          "starts_at": "09:00", "place": "会议室", "presiding": "王建国"}, follow_redirects=True)
    assert "已创建会议" in text(r) and "中共测试支部委员会党员大会" in text(r)
    r = c.post("/m/1/elections", data={"csrf_token": t, "post": "committee", "seats": "5"}, follow_redirects=True)
    assert "中共测试支部委员会委员选举" in text(r) and "差额选举，应选5名" in text(r)
    r = c.post("/m/1/roster", data={"csrf_token": t, "file": (io.BytesIO(roster_xlsx(scenario())), "名册.xlsx")},
               content_type="multipart/form-data", follow_redirects=True)
    assert "确认导入30名党员" in text(r) and "导入为" in text(r)       # a preview; nothing saved yet
    with open_database(app.config["DATABASE"]) as store:
        assert roster.members(store, 1) == []
    r = c.post("/m/1/roster", data={"csrf_token": t, "confirm": "1", "filename": "名册.xlsx",
                                    "data": base64.b64encode(roster_xlsx(scenario())).decode()},
               follow_redirects=True)
    assert "导入30名党员" in text(r) and "王建国" in text(r)
    template = c.get("/roster/template.xlsx")
    assert template.status_code == 200
    from votekit.service.roster_files import preview
    parsed = preview("t.xlsx", template.data)
    assert parsed.ok and [r.name for r in parsed.rows] == ["张伟"] and parsed.header_row == 2


def test_bad_roster_shows_line_errors(app):
    c = app.test_client()
    t = token(c)
    c.post("/", data={"csrf_token": t, "branch": "中共测试支部委员会", "date": "2026-11-22"})
    bad = "姓名,身份\n张伟,正式\n张伟,正式\n".encode()
    r = c.post("/m/1/roster", data={"csrf_token": t, "file": (io.BytesIO(bad), "r.csv")},
               content_type="multipart/form-data")
    assert "第3行：姓名“张伟”与第2行重复" in text(r) and "名册未导入" in text(r)


def test_forms_and_json_posts_need_the_csrf_token(demo_app):
    c = demo_app.test_client()
    assert c.post("/", data={"branch": "x", "date": "2026-11-22"}).status_code == 400
    assert c.post("/m/1/signin/1", json={"action": "in"}).status_code == 400
    t = token(c, "/m/1/signin")
    r = c.post("/m/1/signin/1", json={"action": "in"}, headers={"X-CSRFToken": t})
    assert r.status_code == 200 and r.json["ok"] and r.json["quorum"]["present"] == 1


def test_signin_json_and_quorum_panel(demo_app):
    c = demo_app.test_client()
    t = token(c, "/m/1/signin")
    with open_database(demo_app.config["DATABASE"]) as store:
        voting = [m.id for m in roster.members(store, 1) if m.in_expected]
    for member_id in voting[:20]:
        data = c.post(f"/m/1/signin/{member_id}", json={"action": "in"}, headers={"X-CSRFToken": t}).json
    assert data["quorum"]["met"] and data["quorum"]["present"] == 20 and data["quorum"]["min_present"] == 20
    left = c.post(f"/m/1/signin/{voting[0]}", json={"action": "leave", "reason": "急事"}, headers={"X-CSRFToken": t}).json
    assert not left["quorum"]["met"] and left["quorum"]["still_needed"] == 1
    listing = c.get("/m/1/signin.json?q=zw").json
    assert [m["name"] for m in listing["members"]] == ["张伟"]
    page = text(c.get("/m/1"))
    assert "应到会有选举权的党员24人，实到19人" in page


@pytest.mark.parametrize("path, words", [
    ("/m/1", "候选人（按姓氏笔画为序）"), ("/m/1/roster", "否（回原籍长期居住的离退休党员"), ("/e/1/slate", "监票人"),
    ("/m/1/signin", "签到"), ("/m/1/sheet", "签到表"), ("/m/1/projector", "最少需到"),
    ("/m/1/audit", "哈希链完整"), ("/m/1/quorum.json", "min_present"), ("/member/1/edit", "不计入应到会人数"),
    ("/roster/template.csv", "序号,姓名,性别,民族,出生年月,人员类别")])
def test_screens_render(demo_app, path, words):
    r = demo_app.test_client().get(path)
    assert r.status_code == 200 and words in text(r)


def test_issue_form_refuses_without_quorum(demo_app):
    c = demo_app.test_client()
    t = token(c, "/m/1")
    r = c.post("/r/1/issue", data={"csrf_token": t, "issued": "10"}, follow_redirects=True)
    assert "到会人数不足，不能发放选票" in text(r) and "未发" in text(r)


def test_slate_form_reports_a_short_slate(demo_app):
    c = demo_app.test_client()
    t = token(c, "/e/1/slate")
    r = c.post("/e/1/candidates", data={"csrf_token": t, "candidate": ["王建国", "刘洋"]}, follow_redirects=True)
    assert "至少6名，现有候选人2名" in text(r)
    r = c.post("/e/1/tellers", data={"csrf_token": t, "scrutineers": "王建国", "counters": ""}, follow_redirects=True)
    assert "王建国是候选人，不能担任监票人" in text(r)


def test_lan_device_needs_the_pin_and_gets_its_role(demo_app):
    demo_app.config["LAN_MODE"] = True
    c = demo_app.test_client()
    c.environ_base.update(LAN_DEVICE)
    assert c.get("/m/1/signin").status_code == 302
    page = c.get("/m/1/login")
    t = re.search(r'name="csrf-token" content="([^"]+)"', text(page)).group(1)
    wrong = c.post("/m/1/login", data={"csrf_token": t, "pin": "0000", "role": "teller"})
    assert "会议口令不对" in text(wrong)
    sneaky = c.post("/m/1/login", data={"csrf_token": t, "pin": "2468", "role": "secretary"})
    assert "请选择身份" in text(sneaky)
    ok = c.post("/m/1/login", data={"csrf_token": t, "pin": "2468", "role": "teller", "who": "小李"})
    assert ok.status_code == 302
    t = token(c, "/m/1/signin")
    assert c.post("/m/1/signin/2", json={"action": "in"}, headers={"X-CSRFToken": t}).json["ok"]
    assert c.post("/m/1/roster", data={"csrf_token": t}).status_code == 403
    assert c.post("/r/1/issue", data={"csrf_token": t, "issued": "1"}).status_code == 403
    with open_database(demo_app.config["DATABASE"]) as store:
        events = store.rows("audit", order_by="seq desc")
    refused, last = events[:1], events[1]      # refusals are audited (issue 9), one per device a minute
    assert [e["action"] for e in refused] == ["拒绝访问"]                      # (the second counted: issue 18)
    assert last["action"] == "签到" and "小李" in last["actor"] and "192.168.1.23" in last["actor"]


def test_projector_role_is_read_only(demo_app):
    demo_app.config["LAN_MODE"] = True
    c = demo_app.test_client()
    c.environ_base.update(LAN_DEVICE)
    t = re.search(r'name="csrf-token" content="([^"]+)"', text(c.get("/m/1/login"))).group(1)
    c.post("/m/1/login", data={"csrf_token": t, "pin": "2468", "role": "projector"})
    assert c.get("/m/1/projector").status_code == 200
    assert c.get("/m/1/quorum.json").json["quorum"]["expected"] == 24
    assert c.get("/m/1/signin").status_code == 403
    t = re.search(r'name="csrf-token" content="([^"]+)"', text(c.get("/m/1/login"))).group(1)
    assert c.post("/m/1/signin/2", json={"action": "in"}, headers={"X-CSRFToken": t}).status_code == 403


def test_lan_device_cannot_reach_another_meeting(demo_app):
    with open_database(demo_app.config["DATABASE"]) as store:
        meetings.create_meeting(store, "书记", "中共另一支部委员会", "2026-11-22")
    demo_app.config["LAN_MODE"] = True
    c = demo_app.test_client()
    c.environ_base.update(LAN_DEVICE)
    t = re.search(r'name="csrf-token" content="([^"]+)"', text(c.get("/m/1/login"))).group(1)
    c.post("/m/1/login", data={"csrf_token": t, "pin": "13579", "role": "scrutineer"})
    assert c.get("/m/2").status_code == 403
    assert c.get("/m/1/audit").status_code == 200


# -- the app's CLI commands (registered on the votekit group by the lead) ----------------
import json  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import urllib.request  # noqa: E402

from click.testing import CliRunner  # noqa: E402

from votekit.cli import main  # noqa: E402


@pytest.fixture
def cli():
    return main


@pytest.mark.slow
def test_rehearse_writes_summary(cli, tmp_path):
    out = tmp_path / "rehearsal"
    result = CliRunner().invoke(cli, ["rehearse", "--out", str(out), "--date", "2026-11-22"])
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    assert summary["ok"] and summary["audit"]["ok"]
    assert summary["quorum"]["expected"] == 24 and summary["quorum"]["valid_from_present"] == 20
    assert summary["count"]["rounds"][0]["issued"] == summary["quorum"]["present"] == 21
    assert summary["roster"]["imported"] == 30 and len(summary["slate"]["candidates"]) == 6
    for name in summary["artefacts"]:
        assert (out / name).exists(), name
    assert "中共清河街道机关第二支部委员会党员大会签到表" in (out / "签到表.html").read_text("utf-8")


@pytest.mark.slow
def test_audit_verify_command(cli, tmp_path):
    out = tmp_path / "r"
    CliRunner().invoke(cli, ["rehearse", "--out", str(out)])
    db = str(out / "rehearsal.sqlite3")
    good = CliRunner().invoke(cli, ["audit", "verify", "--db", db])
    assert good.exit_code == 0 and "哈希链完整" in good.output
    import sqlite3
    conn = sqlite3.connect(db)
    conn.execute("DROP TRIGGER audit_no_update")
    conn.execute("UPDATE audit SET actor = '别人' WHERE seq = 5")
    conn.commit()
    conn.close()
    bad = CliRunner().invoke(cli, ["audit", "verify", "--db", db])
    assert bad.exit_code == 1 and "第5条记录内容被改动" in bad.output


def test_init_db_command(cli, tmp_path):
    result = CliRunner().invoke(cli, ["init-db", "--db", str(tmp_path / "new.sqlite3")])
    from votekit.store import MIGRATIONS
    assert result.exit_code == 0 and f"第{MIGRATIONS[-1][0]}版" in result.output


@pytest.mark.parametrize("args, words", [(["--host", "0.0.0.0"], "--lan"), (["--lan"], "--pin"),
                                         (["--lan", "--pin", "12"], "4至8位数字")])
def test_serve_refuses_an_open_network_without_a_pin(cli, tmp_path, args, words):
    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "x.sqlite3"), *args])
    assert result.exit_code != 0 and words in result.output


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_serve_demo_starts_on_loopback(tmp_path):
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "votekit", "serve", "--demo", "--no-browser", "--port", str(port),
                             "--db", str(tmp_path / "demo.sqlite3")],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        body = None
        for _ in range(100):
            try:
                body = urllib.request.urlopen(f"http://127.0.0.1:{port}/m/1/quorum.json", timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        assert body is not None, "the server did not answer"
        data = json.loads(body)
        assert data["meeting"]["branch"] == "中共清河街道机关第二支部委员会"
        assert data["quorum"]["expected"] == 24
    finally:
        proc.terminate()
        proc.wait(timeout=10)
