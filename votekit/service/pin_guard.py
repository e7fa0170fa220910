"""PIN guessing is slow for everyone (issue 18): wrong PINs are counted per meeting and
per PIN (会议口令 / 监票人口令), whatever the address they come from, in the meeting
file, so a restart forgets nothing.

Each attempt takes its place in the count *before* its PIN is checked, in one write
transaction, so a burst of concurrent guesses checks at most ``FREE_TRIES`` PINs
before the wait begins; after that one more PIN per wait, the wait doubling up to
``LONGEST_WAIT``.  The right PIN clears the count.

The audit keeps each checked wrong PIN (a handful per wait) and, for the attempts
refused without being checked, one aggregated event per burst: how many, from how
many addresses, written when the next PIN is checked (or by ``flush``).
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Callable

from ..store import Store
from . import audit

FREE_TRIES = 5
FIRST_WAIT = 30           # seconds after the 5th wrong PIN; doubled for each further one
LONGEST_WAIT = 3600
ADDRESSES_KEPT = 50
KINDS = ("meeting", "scrutineer")


@dataclass(frozen=True)
class Attempt:
    checked: bool          # the PIN was checked (False: refused while waiting)
    right: bool
    wait: int              # seconds to wait now (0: none)


def _wait_after(wrong: int) -> int:
    return 0 if wrong < FREE_TRIES else min(LONGEST_WAIT, FIRST_WAIT * 2 ** (wrong - FREE_TRIES))


def _row(store: Store, meeting_id: int, kind: str) -> dict:
    row = store.get("pin_guesses", meeting_id=meeting_id, kind=kind)
    if row is None:
        row = {"meeting_id": meeting_id, "kind": kind, "wrong": 0, "locked_until": "",
               "refused": 0, "addresses": "[]"}
        store.insert("pin_guesses", row)
    return row


def _left(row: dict, now: dt.datetime) -> int:
    if not row["locked_until"]:
        return 0
    left = (dt.datetime.fromisoformat(row["locked_until"]) - now).total_seconds()
    return max(0, int(left + 0.999))


def attempt(store: Store, meeting_id: int, kind: str, address: str, now: dt.datetime,
            check: Callable[[], bool]) -> Attempt:
    """One sign-in attempt with a PIN of ``kind``; ``check()`` verifies it (run only when
    the attempt has its place in the count)."""
    with store.write():
        row = _row(store, meeting_id, kind)
        left = _left(row, now)
        if left:
            seen = json.loads(row["addresses"])
            if address not in seen and len(seen) < ADDRESSES_KEPT:
                seen.append(address)
            store.update("pin_guesses", {"refused": row["refused"] + 1, "addresses": json.dumps(seen)},
                         meeting_id=meeting_id, kind=kind)
            return Attempt(False, False, left)
        _flush_row(store, row)
        wrong = row["wrong"] + 1                      # counted first: a concurrent burst queues here
        wait = _wait_after(wrong)
        until = (now + dt.timedelta(seconds=wait)).isoformat(timespec="seconds") if wait else ""
        store.update("pin_guesses", {"wrong": wrong, "locked_until": until},
                     meeting_id=meeting_id, kind=kind)
    right = check()
    if right:
        with store.write():
            store.update("pin_guesses", {"wrong": 0, "locked_until": ""}, meeting_id=meeting_id, kind=kind)
        return Attempt(True, True, 0)
    return Attempt(True, False, wait)


def _flush_row(store: Store, row: dict) -> None:
    if not row["refused"]:
        return
    seen = json.loads(row["addresses"])
    audit.record(store, "访客", "拒绝登录：口令尝试过多（汇总）",
                 {"kind": row["kind"], "refused": row["refused"], "addresses": len(seen),
                  "some_addresses": seen[:5]}, row["meeting_id"])
    store.update("pin_guesses", {"refused": 0, "addresses": "[]"},
                 meeting_id=row["meeting_id"], kind=row["kind"])


def flush(store: Store, meeting_id: int) -> None:
    """Write the pending aggregated event(s) now (e.g. before the audit is shown or exported)."""
    with store.write():
        for kind in KINDS:
            row = store.get("pin_guesses", meeting_id=meeting_id, kind=kind)
            if row is not None:
                _flush_row(store, row)


def wait_left(store: Store, meeting_id: int, kind: str, now: dt.datetime) -> int:
    row = store.get("pin_guesses", meeting_id=meeting_id, kind=kind)
    return _left(row, now) if row else 0
