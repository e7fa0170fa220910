"""The counting screens through Flask's test client: photo decoding, CSRF, roles, panels, CLI."""
import html
import io
import json
import re
import secrets

import pytest
import segno
from click.testing import CliRunner
from PIL import Image

from votekit.service import ballots, entry, meetings
from votekit.service.database import open_database
from votekit.web import create_app
from tests.counting_fixtures import CANDIDATES, build_meeting, committee_pile

LAN_DEVICE = {"REMOTE_ADDR": "192.168.1.23"}


@pytest.fixture
def setup(tmp_path):
    db = tmp_path / "w.sqlite3"
    with open_database(db) as store:
        m = build_meeting(store)
        meetings.set_pin(store, "书记", m.meeting_id, "2468")
        code = entry.payload_for_round(store, m.round_id)
    app = create_app({"DATABASE": str(db), "SECRET_KEY": "t", "TESTING": True})
    return app, m, code, db


def csrf(client, path):
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)


def photo_of(text: str, angle: int = 0) -> bytes:
    buf = io.BytesIO()
    segno.make(text, error="m", micro=False).save(buf, kind="png", scale=8, border=6)
    image = Image.open(io.BytesIO(buf.getvalue())).convert("RGB")
    canvas = Image.new("RGB", (900, 700), (250, 248, 240))
    canvas.paste(image, (420, 80))
    out = io.BytesIO()
    canvas.rotate(angle, expand=True, fillcolor=(250, 248, 240)).save(out, format="JPEG", quality=85)
    return out.getvalue()


def test_uploaded_photo_is_decoded_on_the_server(setup):
    app, m, code, _ = setup
    c = app.test_client()
    t = csrf(c, f"/m/{m.meeting_id}/count")
    r = c.post(f"/m/{m.meeting_id}/count/photo", data={"photo": (io.BytesIO(photo_of(code, 7)), "票.jpg")},
               headers={"X-CSRFToken": t}, content_type="multipart/form-data")
    assert r.json["ok"] and r.json["url"] == f"/r/{m.round_id}/entry"
    forged = code[:-4] + ("AAAA" if not code.endswith("AAAA") else "BBBB")
    r = c.post(f"/m/{m.meeting_id}/count/photo", data={"photo": (io.BytesIO(photo_of(forged)), "p.jpg")},
               headers={"X-CSRFToken": t}, content_type="multipart/form-data")
    assert not r.json["ok"] and "校验码不符" in r.json["message"]
    r = c.post(f"/m/{m.meeting_id}/count/photo", data={"photo": (io.BytesIO(b"not an image"), "x.jpg")},
               headers={"X-CSRFToken": t}, content_type="multipart/form-data")
    assert not r.json["ok"] and "没有找到二维码" in r.json["message"]


def test_submissions_need_the_csrf_token(setup):
    app, m, _, _ = setup
    c = app.test_client()
    r = c.post(f"/r/{m.round_id}/ballots", json={"token": secrets.token_hex(16), "ballot": {"marks": {}}})
    assert r.status_code == 400


def test_lan_projector_sees_the_board_but_cannot_enter_or_close(setup):
    app, m, _, _ = setup
    app.config["LAN_MODE"] = True
    c = app.test_client()
    c.environ_base.update(LAN_DEVICE)
    assert c.get(f"/r/{m.round_id}/board.json").status_code in (302, 403)
    t = csrf(c, f"/m/{m.meeting_id}/login")
    c.post(f"/m/{m.meeting_id}/login", data={"csrf_token": t, "role": "projector", "pin": "2468"})
    assert c.get(f"/r/{m.round_id}/board.json").json["seats"] == 5
    assert c.get(f"/r/{m.round_id}/board").status_code == 200
    t = csrf(c, f"/r/{m.round_id}/board")
    r = c.post(f"/r/{m.round_id}/ballots", json={"token": secrets.token_hex(16), "ballot": {"marks": {}}},
               headers={"X-CSRFToken": t})
    assert r.status_code == 403
    assert c.post(f"/r/{m.round_id}/count/close", data={"csrf_token": t}).status_code == 403


def _teller(app, address: str, name: str):
    """A tablet on the LAN signed in as 计票人 with the meeting PIN."""
    c = app.test_client()
    c.environ_base.update({"REMOTE_ADDR": address})
    t = csrf(c, "/m/1/login")
    r = c.post("/m/1/login", data={"csrf_token": t, "pin": "2468", "role": "teller", "who": name})
    assert r.status_code == 302
    return c, csrf(c, "/m/1/count")


def test_scrutiny_panel_lists_double_entry_disagreement_and_blocks_closing(setup):
    app, m, _, _ = setup
    app.config["LAN_MODE"] = True                       # the laptop (loopback) stays the secretary
    c = app.test_client()
    t = csrf(c, f"/r/{m.round_id}/count")
    c.post(f"/r/{m.round_id}/count/double-entry", data={"csrf_token": t, "on": "1"})
    pile = committee_pile()
    tellers = {"A": _teller(app, "192.168.1.31", "杨帆"), "B": _teller(app, "192.168.1.32", "周敏")}
    for pile_name, ballots_ in (("A", pile), ("B", pile[:-1] + [{"marks": {CANDIDATES[0]: "agree"}}])):
        device, token = tellers[pile_name]
        for b in ballots_:
            r = device.post(f"/r/{m.round_id}/ballots", json={"token": secrets.token_hex(16), "ballot": b,
                                                               "pile": pile_name}, headers={"X-CSRFToken": token})
            assert r.json["ok"], r.json
    device, token = tellers["A"]                        # 杨帆 typed 甲: 乙 is not for him
    r = device.post(f"/r/{m.round_id}/ballots", json={"token": secrets.token_hex(16), "ballot": pile[0],
                                                       "pile": "B"}, headers={"X-CSRFToken": token})
    assert not r.json["ok"] and "两名不同的计票人" in r.json["message"]
    c.post(f"/r/{m.round_id}/count/returned", data={"csrf_token": t, "returned": "29"})
    page = c.get(f"/r/{m.round_id}/count").get_data(as_text=True)
    # one paper ballot read differently is one row, its names in the ballot's order, the difference marked
    assert "有1张选票两人录入不同" in page and "两份录入尚未核对一致" in page and 'id="close-form"' not in page
    assert page.count('<tr class="diff">') == 1
    row = page[page.index('<tr class="diff">'):]
    assert row.index(CANDIDATES[0]) < row.index(CANDIDATES[1]) < row.index(CANDIDATES[5])
    assert f'<span class="line differs">{CANDIDATES[1]}<b>—</b>' in row
    board = c.get(f"/r/{m.round_id}/board.json").json
    assert board["double_entry"] and board["rows"][0]["agree"] is None
    key_a = html.unescape(re.search(r'name="key_a" value="([^"]*)"', page).group(1))
    key_b = html.unescape(re.search(r'name="key_b" value="([^"]*)"', page).group(1))
    c.post(f"/r/{m.round_id}/count/settle", data={"csrf_token": t, "key_a": key_a, "key_b": key_b, "right": "A"})
    page = c.get(f"/r/{m.round_id}/count").get_data(as_text=True)
    assert "逐张内容完全一致" in page
    c.post(f"/r/{m.round_id}/count/adopt", data={"csrf_token": t})
    r = c.post(f"/r/{m.round_id}/count/close", data={"csrf_token": t}, follow_redirects=True)
    assert "再次投票" in r.get_data(as_text=True)


def test_the_secretary_laptop_alone_cannot_type_both_piles(setup):
    app, m, _, _ = setup
    c = app.test_client()
    t = csrf(c, f"/r/{m.round_id}/count")
    c.post(f"/r/{m.round_id}/count/double-entry", data={"csrf_token": t, "on": "1"})
    b = committee_pile()[0]
    first = c.post(f"/r/{m.round_id}/ballots", json={"token": secrets.token_hex(16), "ballot": b, "pile": "A"},
                   headers={"X-CSRFToken": t})
    second = c.post(f"/r/{m.round_id}/ballots", json={"token": secrets.token_hex(16), "ballot": b, "pile": "B"},
                    headers={"X-CSRFToken": t})
    assert first.json["ok"] and not second.json["ok"] and "两名不同的计票人" in second.json["message"]


def test_void_through_the_panel(setup):
    app, m, _, _ = setup
    c = app.test_client()
    t = csrf(c, f"/r/{m.round_id}/entry")
    r = c.post(f"/r/{m.round_id}/ballots", json={"token": secrets.token_hex(16), "ballot": {"marks": {}}},
               headers={"X-CSRFToken": t})
    c.post(f"/r/{m.round_id}/void-request", json={"ballot_id": r.json["value"]["ballot_id"], "reason": "按错"},
           headers={"X-CSRFToken": t})
    page = c.get(f"/r/{m.round_id}/count").get_data(as_text=True)
    assert "待确认的作废申请" in page and "全部弃权" in page
    c.post(f"/r/{m.round_id}/count/void/{r.json['value']['ballot_id']}",
           data={"csrf_token": t, "scrutineer": "孙丽", "decision": "confirm"})
    assert c.get(f"/r/{m.round_id}/board.json").json["entered"] == 0


def test_cli_exports_and_checks_a_closed_round(setup, tmp_path, monkeypatch):
    monkeypatch.setenv("FLASK_RUN_FROM_CLI", "false")     # restored afterwards (FlaskGroup sets it)
    app, m, _, db = setup
    with open_database(db) as store:
        for b in committee_pile():
            entry.submit(store, "x", m.round_id, b, secrets.token_hex(16))
        ballots.record_returned(store, "x", m.round_id, 29)
        from votekit.service import counting
        verdict = counting.close_round(store, "x", m.round_id).value
    from votekit.cli import main as group
    runner = CliRunner()
    out = tmp_path / "round.json"
    done = runner.invoke(group, ["count-export", str(m.round_id), "-o", str(out), "--db", str(db)])
    assert done.exit_code == 0 and json.loads(out.read_text("utf-8"))["ballots_issued"] == 30
    tallied = runner.invoke(group, ["tally", str(out)])
    assert json.loads(tallied.output) == verdict
    check = runner.invoke(group, ["count-check", str(m.round_id), "--db", str(db)])
    assert check.exit_code == 0 and "复核一致" in check.output
    assert runner.invoke(group, ["count-check", "99", "--db", str(db)]).exit_code == 2


def test_a_scanned_appraisal_sheet_opens_its_entry_screen(setup):
    from votekit.service import appraisal
    app, m, code, db = setup
    with open_database(db) as store:
        appraisal_id = appraisal.add_appraisal(store, "书记", m.meeting_id).value
        sheet_code = appraisal.payload(store, appraisal_id)
    c = app.test_client()
    token = csrf(c, f"/m/{m.meeting_id}/count")
    reply = c.post(f"/m/{m.meeting_id}/count/identify", json={"code": sheet_code},
                   headers={"X-CSRFToken": token}).get_json()
    assert reply["ok"] and reply["url"] == f"/appraisals/{appraisal_id}/entry"
    # inside an election round's entry screen the same code is refused, saying why
    reply = c.post(f"/m/{m.meeting_id}/count/identify",
                   json={"code": sheet_code, "current_round_id": m.round_id},
                   headers={"X-CSRFToken": token}).get_json()
    assert not reply["ok"]
