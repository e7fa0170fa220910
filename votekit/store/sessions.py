"""Device sessions and the count of wrong PINs (issue 18): named queries for
``service.sessions`` and ``service.pin_guard``.

A session row keeps only the SHA-256 of its token and of its device cookie; the
PIN count keeps, per meeting and per PIN, the wrong tries, the wait, and the
refused attempts not yet written to the audit (with up to 50 addresses).
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from . import Store


@dataclass(frozen=True)
class DeviceSession:
    id: str                 # SHA-256 of the token
    meeting_id: int
    role: str
    who: str
    device: str             # SHA-256 of the device cookie
    started: str
    last_seen: str


def add_session(store: Store, session: DeviceSession) -> None:
    with store.write(savepoint=False):
        store.conn.execute("INSERT INTO sessions (id, meeting_id, role, who, device, started, last_seen) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?)",
                           [session.id, session.meeting_id, session.role, session.who, session.device,
                            session.started, session.last_seen])


def session_of(store: Store, digest: str) -> DeviceSession | None:
    row = store.conn.execute("SELECT id, meeting_id, role, who, device, started, last_seen FROM sessions "
                             "WHERE id = ?", [digest]).fetchone()
    return DeviceSession(*row) if row else None


def touch_session(store: Store, digest: str, last_seen: str) -> None:
    with store.write(savepoint=False):
        store.conn.execute("UPDATE sessions SET last_seen = ? WHERE id = ?", [last_seen, digest])


def end_session(store: Store, digest: str) -> None:
    with store.write(savepoint=False):
        store.conn.execute("DELETE FROM sessions WHERE id = ?", [digest])


def end_sessions_of(store: Store, meeting_id: int) -> int:
    with store.write(savepoint=False):
        return store.conn.execute("DELETE FROM sessions WHERE meeting_id = ?", [meeting_id]).rowcount


def sessions_count(store: Store, meeting_id: int) -> int:
    return int(store.conn.execute("SELECT COUNT(*) FROM sessions WHERE meeting_id = ?", [meeting_id]).fetchone()[0])


# -- wrong PINs -------------------------------------------------------------------------------
@dataclass(frozen=True)
class PinGuesses:
    """The count for one PIN (会议口令 ``meeting`` or 监票人口令 ``scrutineer``) of a meeting."""

    meeting_id: int
    kind: str
    wrong: int = 0
    locked_until: str = ""              # ISO time, "" = no wait
    refused: int = 0                    # refused unchecked since the last summary event
    addresses: tuple[str, ...] = ()


_GUESSES = "SELECT meeting_id, kind, wrong, locked_until, refused, addresses FROM pin_guesses"


def pin_guesses(store: Store, meeting_id: int, kind: str) -> PinGuesses | None:
    row = store.conn.execute(_GUESSES + " WHERE meeting_id = ? AND kind = ?", [meeting_id, kind]).fetchone()
    if row is None:
        return None
    meeting, kind_, wrong, locked_until, refused, addresses = row
    return PinGuesses(meeting, kind_, wrong, locked_until, refused, tuple(json.loads(addresses)))


def save_pin_guesses(store: Store, guesses: PinGuesses) -> None:
    with store.write(savepoint=False):
        store.conn.execute(
            "INSERT INTO pin_guesses (meeting_id, kind, wrong, locked_until, refused, addresses) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(meeting_id, kind) DO UPDATE SET wrong = excluded.wrong, "
            "locked_until = excluded.locked_until, refused = excluded.refused, addresses = excluded.addresses",
            [guesses.meeting_id, guesses.kind, guesses.wrong, guesses.locked_until, guesses.refused,
             json.dumps(list(guesses.addresses))])
