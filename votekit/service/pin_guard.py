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
from dataclasses import dataclass, replace
from typing import Callable

from ..store import Store
from ..store import sessions as stored
from ..store.sessions import PinGuesses
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


def _left(guesses: PinGuesses, now: dt.datetime) -> int:
    if not guesses.locked_until:
        return 0
    left = (dt.datetime.fromisoformat(guesses.locked_until) - now).total_seconds()
    return max(0, int(left + 0.999))


def attempt(store: Store, meeting_id: int, kind: str, address: str, now: dt.datetime,
            check: Callable[[], bool]) -> Attempt:
    """One sign-in attempt with a PIN of ``kind``; ``check()`` verifies it (run only when
    the attempt has its place in the count)."""
    with store.write():
        guesses = stored.pin_guesses(store, meeting_id, kind) or PinGuesses(meeting_id, kind)
        left = _left(guesses, now)
        if left:
            seen = guesses.addresses
            if address not in seen and len(seen) < ADDRESSES_KEPT:
                seen += (address,)
            stored.save_pin_guesses(store, replace(guesses, refused=guesses.refused + 1, addresses=seen))
            return Attempt(False, False, left)
        guesses = _flushed(store, guesses)
        wrong = guesses.wrong + 1                     # counted first: a concurrent burst queues here
        wait = _wait_after(wrong)
        until = (now + dt.timedelta(seconds=wait)).isoformat(timespec="seconds") if wait else ""
        stored.save_pin_guesses(store, replace(guesses, wrong=wrong, locked_until=until))
    right = check()
    if right:
        with store.write():
            guesses = stored.pin_guesses(store, meeting_id, kind) or PinGuesses(meeting_id, kind)
            stored.save_pin_guesses(store, replace(guesses, wrong=0, locked_until=""))
        return Attempt(True, True, 0)
    return Attempt(True, False, wait)


def _flushed(store: Store, guesses: PinGuesses) -> PinGuesses:
    """The aggregated event for the attempts refused unchecked (if any); the count without them."""
    if not guesses.refused:
        return guesses
    seen = guesses.addresses
    audit.record(store, "访客", "拒绝登录：口令尝试过多（汇总）",
                 {"kind": guesses.kind, "refused": guesses.refused, "addresses": len(seen),
                  "some_addresses": list(seen[:5])}, guesses.meeting_id)
    return replace(guesses, refused=0, addresses=())


def flush(store: Store, meeting_id: int) -> None:
    """Write the pending aggregated event(s) now (e.g. before the audit is shown or exported)."""
    with store.write():
        for kind in KINDS:
            guesses = stored.pin_guesses(store, meeting_id, kind)
            if guesses is not None and guesses.refused:
                stored.save_pin_guesses(store, _flushed(store, guesses))


def wait_left(store: Store, meeting_id: int, kind: str, now: dt.datetime) -> int:
    guesses = stored.pin_guesses(store, meeting_id, kind)
    return _left(guesses, now) if guesses else 0
