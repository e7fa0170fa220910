"""Figures for the hardening work (issue 18), printed, never asserted:

- Kendall τ between the order of entry and every order that can be read back from the
  meeting file (first/last byte position of each ballot, the table's own order, the
  entry tokens), at open, closed, void and killed-mid-close, for N ballots, and for each
  pile of a double entry;
- PINs checked per minute by 40 addresses guessing together, over the first hour;
- peak memory while refusing a billion-laughs .xlsx and an 80 MB zip bomb;
- audit events written for a burst of refused logins and of refused requests.

Run from the repository: ``python bench/hardening.py`` (about a minute).
"""
from __future__ import annotations

import datetime as dt
import io
import sys
import tempfile
import tracemalloc
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests import test_secrecy as secrecy                      # noqa: E402
from tests import test_secrecy_piles as piles                  # noqa: E402
from tests.hostile_support import csrf_token, make_setup       # noqa: E402
from tests.test_hostile_second import LAUGHS, _xlsx            # noqa: E402
from votekit.service import roster_files            # noqa: E402
from votekit.service.database import open_database             # noqa: E402
from votekit.web.errors import RefusalBursts                   # noqa: E402


def order_figures() -> None:
    print(f"Kendall τ, order of entry vs what can be read ({secrecy.N} ballots; chance bound "
          f"±{secrecy.chance_bound(secrecy.N):.2f}):")
    for state in secrecy.STATES:
        db = Path(tempfile.mkdtemp()) / "meeting.sqlite3"
        run = secrecy._killed_meeting(db) if state == "killed_mid_close" else secrecy._run_meeting(db, state)
        orders = secrecy.readable_orders(run["snapshot"], run["labels"], run["tokens"])
        shown = ", ".join(f"{name} {secrecy.kendall_tau(order):+.3f}" for name, order in orders.items())
        files = sorted(p.name for p in run["snapshot"].parent.iterdir())
        print(f"  {state:17s} {shown}; files: {files}")


def pile_order_figures() -> None:
    """双人录入: the same, for each pile's readings (the two tellers typing in turn)."""
    db = Path(tempfile.mkdtemp()) / "meeting.sqlite3"
    run = piles._run(db)
    for pile, name in (("A", "甲"), ("B", "乙")):
        orders = piles._orders(db, run["labels"][pile], run["tokens"][pile], pile)
        shown = ", ".join(f"{what} {secrecy.kendall_tau(order):+.3f}" for what, order in orders.items())
        print(f"  双人录入{name}份 ({piles.N} readings) {shown}")


class Clock:
    def __init__(self):
        self.now = dt.datetime(2026, 11, 22, 9, 0)

    def __call__(self):
        return self.now


def guessing_figures() -> None:
    folder = Path(tempfile.mkdtemp())
    clock = Clock()
    setup = make_setup(folder, LAN_MODE=True, CLOCK=clock)
    clients = []
    for k in range(40):
        c = setup.app.test_client()
        c.environ_base.update({"REMOTE_ADDR": f"10.9.0.{k + 1}"})
        clients.append((c, csrf_token(c, "/m/1/login")))
    checked_per_minute, tried = [], 0
    with open_database(setup.db) as store:
        def wrong_so_far():
            row = store.get("pin_guesses", meeting_id=1, kind="scrutineer")
            return row["wrong"] if row else 0
        for minute in range(60):
            before = wrong_so_far()
            for second in (0, 30):                               # every address tries every 30 s
                clock.now = dt.datetime(2026, 11, 22, 9, minute, second)
                for c, token in clients:
                    c.post("/m/1/login", data={"csrf_token": token, "pin": "0001", "role": "scrutineer"})
                    tried += 1
            checked_per_minute.append(wrong_so_far() - before)
    print(f"PIN guessing, 40 addresses, {tried} attempts in 60 simulated minutes: PINs checked per minute "
          f"{checked_per_minute[:6]} … {checked_per_minute[-3:]}; in the hour {sum(checked_per_minute)}")
    events = [e for e in _events(setup.db) if e["action"].startswith("拒绝登录")]
    summaries = [e for e in events if "汇总" in e["action"]]
    print(f"  audit: {len(events)} refusal events for {tried} attempts "
          f"({len(summaries)} aggregated bursts, {len(events) - len(summaries)} checked wrong PINs)")


def _events(db):
    with open_database(db) as store:
        return store.rows("audit", order_by="seq")


def flood_figures() -> None:
    setup = make_setup(Path(tempfile.mkdtemp()), LAN_MODE=True)
    setup.app.extensions["votekit_refusal_bursts"] = RefusalBursts(lambda: 0.0)
    c = setup.app.test_client()
    c.environ_base.update({"REMOTE_ADDR": "10.9.1.1"})
    token = csrf_token(c, "/m/1/login")
    before = len(_events(setup.db))
    for _ in range(1000):
        c.post("/r/1/count/close", data={"csrf_token": token})
    print(f"Refused requests: 1000 from one unauthenticated device -> {len(_events(setup.db)) - before} audit event(s)")


def memory_figures() -> None:
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", b"<x/>")
        zf.writestr("xl/worksheets/sheet1.xml", b" " * (80 << 20))
    for name, data in (("billion laughs .xlsx", _xlsx(LAUGHS)), ("80 MB zip bomb .xlsx", bomb.getvalue())):
        tracemalloc.start()
        parsed = roster_files.parse_roster("名册.xlsx", data)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(f"{name} ({len(data):,} bytes): refused ({parsed.errors[0][:16]}…), peak Python memory "
              f"{peak / 1024 / 1024:.1f} MiB")


if __name__ == "__main__":
    memory_figures()
    flood_figures()
    guessing_figures()
    order_figures()
    pile_order_figures()
