"""Who may do what, and that every refusal is in the audit log (issue 9).

LAN mode without the PIN, a 计票人 trying 监票人 actions, a projector trying to write,
missing / foreign / stale CSRF tokens, and PIN brute force (rate-limited per address).
"""
import secrets

import pytest

from votekit.web.errors import RefusalBursts
from tests.hostile_support import (LAN_DEVICE, PIN, SCRUTINEER_PIN, audit_events, chain_ok,
                                   csrf_token, login, make_setup, routes, url_for_rule)

SCRUTINEER_ONLY = {"scrutiny.returned", "scrutiny.void", "scrutiny.set_double", "scrutiny.settle",
                   "scrutiny.adopt", "scrutiny.close", "scrutiny.seat_reduction", "scrutiny.next_round",
                   "ballots.issue", "ballots.returned", "ballots.print_ballots", "ballots.spoiled",
                   "plenary.attendance", "plenary.election", "plenary.issue", "plenary.posts"}
SECRETARY_ONLY = {"meetings.index", "meetings.edit", "meetings.add_election", "meetings.set_pin",
                  "roster.roster_page", "roster.add", "roster.delete", "roster.edit", "roster.exclusion",
                  "slate.candidates", "slate.tellers"}


class Ticking:
    """A clock a minute further on at every look: every refusal opens a new window, so each
    one is its own audit event (the aggregation is tested on its own below)."""

    def __init__(self):
        self.now = 0.0

    def __call__(self):
        self.now += RefusalBursts.WINDOW + 1
        return self.now


@pytest.fixture
def lan(tmp_path):
    setup = make_setup(tmp_path, LAN_MODE=True)
    setup.app.extensions["votekit_refusal_bursts"] = RefusalBursts(Ticking())
    client = setup.app.test_client()
    client.environ_base.update(LAN_DEVICE)
    return setup, client


def refusals(db, since: int) -> list[dict]:
    return [e for e in audit_events(db)[since:] if e["action"].startswith("拒绝")]


def _writes(app) -> list:
    return [r for r in routes(app, "POST") if r.endpoint not in ("access.login", "access.logout", "access.switch_role")]


def _post_all(setup, client, rules, token):
    statuses = {}
    for rule in rules:
        r = client.post(url_for_rule(rule, setup.meeting), data={"csrf_token": token, "issued": "5"},
                        headers={"X-CSRFToken": token})
        statuses[rule.endpoint] = r.status_code
    return statuses


def test_a_lan_device_without_the_pin_can_write_nothing(lan):
    setup, client = lan
    start = len(audit_events(setup.db))
    token = csrf_token(client, "/m/1/login")
    rules = _writes(setup.app)
    statuses = _post_all(setup, client, rules, token)
    assert set(statuses.values()) == {403}, statuses
    assert len(refusals(setup.db, start)) == len(rules)
    assert all(e["action"] == "拒绝访问" and "192.168.1.23" in e["actor"] for e in refusals(setup.db, start))
    assert client.get("/m/1/signin").status_code == 302          # pages send it to the PIN screen
    assert client.get("/m/1/signin.json").status_code == 302
    assert chain_ok(setup.db)


def test_a_teller_cannot_do_what_scrutineers_or_the_secretary_do(lan):
    setup, client = lan
    assert login(client, 1, "teller").status_code == 302
    token = csrf_token(client, "/m/1/signin")
    start = len(audit_events(setup.db))
    rules = [r for r in _writes(setup.app) if r.endpoint in SCRUTINEER_ONLY | SECRETARY_ONLY]
    assert len(rules) == len(SCRUTINEER_ONLY | SECRETARY_ONLY)
    statuses = _post_all(setup, client, rules, token)
    assert set(statuses.values()) == {403}, statuses
    found = refusals(setup.db, start)
    assert len(found) == len(rules) and all("计票人小李" in e["actor"] for e in found)
    assert client.get("/m/1/audit").status_code == 403
    r = client.post(f"/r/{setup.meeting.round_id}/ballots", headers={"X-CSRFToken": token},
                    json={"token": secrets.token_hex(16), "ballot": {"marks": {}}})
    assert r.status_code == 200 and r.json["ok"]                   # what a teller is for


def test_a_projector_can_write_nothing(lan):
    setup, client = lan
    login(client, 1, "projector")
    assert client.get("/m/1/projector").status_code == 200
    token = csrf_token(client, "/m/1/login")
    start = len(audit_events(setup.db))
    rules = _writes(setup.app)
    statuses = _post_all(setup, client, rules, token)
    assert set(statuses.values()) == {403}, statuses
    assert len(refusals(setup.db, start)) == len(rules)
    from votekit.service.database import open_database
    with open_database(setup.db) as store:
        assert store.count("ballots") == 0 and store.count("void_requests") == 0


def test_another_meetings_device_is_refused(lan):
    setup, client = lan
    from votekit.service import meetings
    from votekit.service.database import open_database
    with open_database(setup.db) as store:
        other = meetings.create_meeting(store, "书记", "中共另一支部委员会", "2026-11-22").value
        meetings.set_pin(store, "书记", other, "1357", "scrutineer")
    login(client, other, "scrutineer", pin="1357")
    token = csrf_token(client, f"/m/{other}")
    start = len(audit_events(setup.db))
    r = client.post(f"/r/{setup.meeting.round_id}/count/close", data={"csrf_token": token})
    assert r.status_code == 403
    found = refusals(setup.db, start)
    assert len(found) == 1 and found[0]["meeting_id"] == other


def test_missing_foreign_and_stale_csrf_tokens_are_refused_and_audited(tmp_path):
    setup = make_setup(tmp_path)
    setup.app.extensions["votekit_refusal_bursts"] = RefusalBursts(Ticking())
    a, b = setup.app.test_client(), setup.app.test_client()
    round_id = setup.meeting.round_id
    body = {"token": secrets.token_hex(16), "ballot": {"marks": {}}}
    start = len(audit_events(setup.db))
    assert a.post(f"/r/{round_id}/ballots", json=body).status_code == 400                    # missing
    token_b = csrf_token(b, "/m/1")
    r = a.post(f"/r/{round_id}/ballots", json=body, headers={"X-CSRFToken": token_b})      # another session's
    assert r.status_code == 400 and "安全令牌" in r.json["message"]
    r = a.post("/m/1/roster/add", data={"csrf_token": "forged" + token_b[6:], "name": "王某", "status": "正式"})
    assert r.status_code == 400 and "安全令牌" in r.get_data(as_text=True)
    token_a = csrf_token(a, "/m/1")
    a.post("/logout", data={"csrf_token": token_a})
    r = a.post(f"/r/{round_id}/ballots", json=body, headers={"X-CSRFToken": token_a})      # replayed after logout
    assert r.status_code == 400
    found = refusals(setup.db, start)
    assert len(found) == 4 and all(e["action"] == "拒绝请求：安全令牌无效" for e in found)
    from votekit.service.database import open_database
    with open_database(setup.db) as store:
        assert store.count("ballots") == 0 and store.get("members", name="王某") is None
    assert chain_ok(setup.db)


def test_login_does_not_redirect_off_site_and_caps_the_name(lan):
    setup, client = lan
    for target in ("//evil.example/", "/\\evil.example/", "https://evil.example/", "/\t/evil.example/",
                   "/\n/evil.example/", "/m/1\r\nSet-Cookie: a=1",
                   "/ /evil.example/", "/\x7f/evil.example/"):
        t = csrf_token(client, "/m/1/login")
        r = client.post("/m/1/login", query_string={"next": target},
                        data={"csrf_token": t, "pin": PIN, "role": "teller", "who": "李" * 500})
        assert r.status_code == 302 and r.headers["Location"].startswith("/m/1"), (target, r.headers)
        assert "evil" not in r.headers["Location"] and "Set-Cookie: a" not in str(r.headers)
    last = audit_events(setup.db)[-1]
    assert last["action"] == "局域网设备登录" and "李" * 21 not in last["actor"]


def test_the_meeting_pin_does_not_make_a_teller_a_scrutineer(lan):
    """One PIN for every role would let any 计票人 sign in again as 监票人: the 监票人 have their own."""
    setup, client = lan
    start = len(audit_events(setup.db))
    r = login(client, setup.meeting.meeting_id, "scrutineer", pin=PIN)
    assert r.status_code == 200 and "监票人口令不对" in r.get_data(as_text=True)
    assert login(client, setup.meeting.meeting_id, "teller", pin=SCRUTINEER_PIN).status_code == 200
    actions = [e["action"] for e in audit_events(setup.db)[start:]]
    assert actions == ["拒绝登录：监票人口令错误", "拒绝登录：会议口令错误"]
    token = csrf_token(client, f"/m/{setup.meeting.meeting_id}/login")
    r = client.post(f"/r/{setup.meeting.round_id}/count/close", data={"csrf_token": token})
    assert r.status_code == 403                                      # still nobody
    assert login(client, setup.meeting.meeting_id, "scrutineer").status_code == 302


def test_the_two_pins_must_differ_and_lan_mode_makes_a_scrutineer_pin(tmp_path):
    from votekit.service import meetings
    from votekit.service.database import open_database
    from votekit.cli.serve import _set_pins
    with open_database(tmp_path / "m.sqlite3") as store:
        assert "还没有会议" in _set_pins(store, "2468", None, lan=True)
        mid = meetings.create_meeting(store, "书记", "中共测试支部委员会", "2026-11-22").value
        told = _set_pins(store, "2468", None, lan=True)
        generated = told.split("：")[1][:6]
        assert generated.isdigit() and generated != "2468"
        assert meetings.check_pin(store, mid, generated, "scrutineer")
        assert not meetings.check_pin(store, mid, generated) and meetings.check_pin(store, mid, "2468")
        assert "已设置" in _set_pins(store, "2468", None, lan=True)     # a restart keeps it
        assert meetings.check_pin(store, mid, generated, "scrutineer")
        same = meetings.set_pin(store, "书记", mid, "2468", "scrutineer")
        assert not same.ok and "不能与会议口令相同" in same.message


def test_a_flood_of_refused_requests_does_not_bury_the_audit(tmp_path):
    """An unauthenticated device wrote 1,000 audit events in 5.3 s (issue 18): now one event
    per device per minute, carrying the count of the refusals in between."""
    setup = make_setup(tmp_path, LAN_MODE=True)
    clock = [0.0]
    setup.app.extensions["votekit_refusal_bursts"] = RefusalBursts(lambda: clock[0])
    client = setup.app.test_client()
    client.environ_base.update(LAN_DEVICE)
    start = len(audit_events(setup.db))
    token = csrf_token(client, "/m/1/login")
    for _ in range(1000):
        assert client.post("/r/1/count/close", data={"csrf_token": token}).status_code == 403
    assert len(refusals(setup.db, start)) == 1
    clock[0] += RefusalBursts.WINDOW
    assert client.post("/r/1/count/close", data={"csrf_token": token}).status_code == 403
    found = refusals(setup.db, start)
    assert len(found) == 2 and '"refused_since_last_event": 999' in found[1]["detail"]
    assert chain_ok(setup.db)
