"""Sessions with an end and PIN guessing that is slow for everyone (issue 18, items 1 and 5).

Each test here failed before the fix: a LAN cookie kept working after logout, after a PIN
change, on another device and on another meeting file; wrong PINs were counted per address
in memory (a restart forgot them, 40 addresses × 5 guesses each, a concurrent burst
checked 21); every refusal was its own audit event.
"""
import datetime as dt
import threading

import pytest

from votekit.service import meetings, pin_guard
from votekit.service.database import open_database
from votekit.web import create_app
from tests.hostile_support import (LAN_DEVICE, audit_events, chain_ok, csrf_token,
                                   login, make_setup)


class Clock:
    def __init__(self):
        self.now = dt.datetime(2026, 11, 22, 9, 0, 0)

    def __call__(self):
        return self.now


@pytest.fixture
def lan(tmp_path):
    clock = Clock()
    setup = make_setup(tmp_path, LAN_MODE=True, CLOCK=clock)
    client = setup.app.test_client()
    client.environ_base.update(LAN_DEVICE)
    return setup, client, clock


def _device(app, address):
    client = app.test_client()
    client.environ_base.update({"REMOTE_ADDR": address})
    return client


def _signed_in(client) -> bool:
    return client.get("/m/1/signin").status_code == 200


def test_logout_ends_the_session_on_the_server(lan):
    setup, client, _ = lan
    assert login(client, 1, "teller").status_code == 302 and _signed_in(client)
    kept = client.get_cookie("session").value                  # what a copy of the cookie would replay
    token = csrf_token(client, "/m/1/signin")
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert not _signed_in(client)
    client.set_cookie("session", kept)
    assert not _signed_in(client), "a session cookie copied before logout must not work after it"


def test_a_pin_change_signs_every_device_out(lan):
    setup, client, _ = lan
    scrutineer = _device(setup.app, "192.168.1.40")
    assert login(client, 1, "teller").status_code == 302
    assert login(scrutineer, 1, "scrutineer").status_code == 302
    with open_database(setup.db) as store:
        done = meetings.set_pin(store, "书记", 1, "8642")
    assert done.ok and "2台设备须重新登录" in done.message
    assert not _signed_in(client) and not _signed_in(scrutineer)
    assert login(client, 1, "teller", pin="8642").status_code == 302 and _signed_in(client)


def test_an_idle_session_ends(lan):
    setup, client, clock = lan
    assert login(client, 1, "teller").status_code == 302
    clock.now += dt.timedelta(minutes=50)
    assert _signed_in(client)                                    # in use: kept alive
    clock.now += dt.timedelta(minutes=59)
    assert _signed_in(client)
    clock.now += dt.timedelta(minutes=61)
    assert not _signed_in(client)


def test_a_session_works_only_on_its_own_device(lan):
    setup, client, _ = lan
    assert login(client, 1, "scrutineer").status_code == 302
    thief = _device(setup.app, "192.168.1.66")
    thief.set_cookie("session", client.get_cookie("session").value)
    assert not _signed_in(thief), "the session cookie alone, without the device's cookie, opens nothing"
    assert _signed_in(client)


def test_a_cookie_from_another_meeting_file_is_worthless(tmp_path):
    rehearsal = make_setup(tmp_path / "rehearsal", LAN_MODE=True, SECRET_KEY=None)
    client = rehearsal.app.test_client()
    client.environ_base.update(LAN_DEVICE)
    assert login(client, 1, "scrutineer").status_code == 302 and _signed_in(client)
    real = make_setup(tmp_path / "real", LAN_MODE=True, SECRET_KEY=None)
    assert real.app.config["SECRET_KEY"] != rehearsal.app.config["SECRET_KEY"]
    other = real.app.test_client()
    other.environ_base.update(LAN_DEVICE)
    for name in ("session", "votekit_device"):
        other.set_cookie(name, client.get_cookie(name).value)
    assert not _signed_in(other)


def test_cookies_are_strict_same_site_and_http_only(lan):
    setup, client, _ = lan
    r = login(client, 1, "teller")
    cookies = r.headers.getlist("Set-Cookie")
    session = [c for c in cookies if c.startswith("session=")][0]
    assert "SameSite=Strict" in session and "HttpOnly" in session
    device = client.get_cookie("votekit_device")
    assert device is not None and device.same_site == "Strict" and device.http_only


def test_switching_role_asks_for_the_pin_again(lan):
    setup, client, _ = lan
    assert login(client, 1, "scrutineer").status_code == 302
    token = csrf_token(client, "/m/1/signin")
    r = client.post("/m/1/switch-role", data={"csrf_token": token})
    assert r.status_code == 302 and r.headers["Location"].endswith("/m/1/login")
    assert not _signed_in(client)


# -- guessing ---------------------------------------------------------------------------------
def test_wrong_pins_are_counted_across_addresses_per_pin(lan):
    setup, client, clock = lan
    start = len(audit_events(setup.db))
    for i in range(pin_guard.FREE_TRIES):
        r = login(_device(setup.app, f"10.0.0.{i + 2}"), 1, "scrutineer", pin=f"{1000 + i}")
        assert "监票人口令不对" in r.get_data(as_text=True)
    fresh = _device(setup.app, "10.0.0.200")
    r = login(fresh, 1, "scrutineer")                              # a new address gains nothing
    assert r.status_code == 429 and "请30秒后再试" in r.get_data(as_text=True)
    assert login(client, 1, "teller").status_code == 302          # the meeting PIN is counted apart
    clock.now += dt.timedelta(seconds=pin_guard.FIRST_WAIT)
    assert login(fresh, 1, "scrutineer").status_code == 302
    actions = [e["action"] for e in audit_events(setup.db)[start:]]
    assert actions.count("拒绝登录：监票人口令错误") == pin_guard.FREE_TRIES
    assert chain_ok(setup.db)


def test_the_count_survives_a_restart(lan, tmp_path):
    setup, client, clock = lan
    for i in range(pin_guard.FREE_TRIES):
        login(client, 1, "scrutineer", pin=f"{2000 + i}")
    again = create_app({"DATABASE": str(setup.db), "SECRET_KEY": "hostile", "TESTING": True,
                        "LAN_MODE": True, "CLOCK": clock})
    c = again.test_client()
    c.environ_base.update({"REMOTE_ADDR": "192.168.1.77"})
    assert login(c, 1, "scrutineer").status_code == 429


def test_a_concurrent_burst_checks_no_more_than_the_free_tries(lan):
    setup, _, clock = lan
    checked = []
    real_check = meetings.check_pin

    def counting_check(*args, **kwargs):
        checked.append(1)
        return real_check(*args, **kwargs)

    meetings.check_pin = counting_check
    try:
        barrier = threading.Barrier(40)

        def guess(k):
            c = _device(setup.app, f"172.16.0.{k % 250 + 1}")
            token = csrf_token(c, "/m/1/login")
            barrier.wait()
            for j in range(5):
                c.post("/m/1/login", data={"csrf_token": token, "pin": f"{(k * 5 + j) % 9000 + 1000}",
                                           "role": "scrutineer"})
        threads = [threading.Thread(target=guess, args=(k,)) for k in range(40)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        meetings.check_pin = real_check
    assert len(checked) == pin_guard.FREE_TRIES, f"{len(checked)} PINs checked out of 200 guesses"


def test_refusals_are_one_aggregated_audit_event_per_burst(lan):
    setup, client, clock = lan
    start = len(audit_events(setup.db))
    for i in range(pin_guard.FREE_TRIES):
        login(client, 1, "scrutineer", pin=f"{3000 + i}")
    for i in range(300):                                          # hammering while it waits
        login(_device(setup.app, f"10.1.{i // 250}.{i % 250 + 1}"), 1, "scrutineer", pin="1111")
    clock.now += dt.timedelta(seconds=pin_guard.FIRST_WAIT)
    assert login(client, 1, "scrutineer").status_code == 302
    events = audit_events(setup.db)[start:]
    summary = [e for e in events if e["action"] == "拒绝登录：口令尝试过多（汇总）"]
    assert len(summary) == 1 and len(events) <= pin_guard.FREE_TRIES + 3, [e["action"] for e in events]
    assert '"refused": 300' in summary[0]["detail"] and '"addresses": 50' in summary[0]["detail"]


def test_waits_grow_and_are_capped():
    waits = [pin_guard._wait_after(n) for n in range(1, 13)]
    assert waits[:pin_guard.FREE_TRIES - 1] == [0] * (pin_guard.FREE_TRIES - 1)
    assert waits[pin_guard.FREE_TRIES - 1:pin_guard.FREE_TRIES + 2] == [30, 60, 120] and waits[-1] == 3600
