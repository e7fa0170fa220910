"""LAN sessions with an end (issue 18): a device that signed in with a PIN holds a
random session token; the meeting file keeps only its SHA-256, with the role, the
device it is bound to and when it was last used.

A session ends when the device logs out or switches role, when either PIN is
changed (every session of the meeting), when it has been idle longer than
``IDLE_MINUTES``, and when the meeting file is a new one (its table is empty, and
the cookie's signing key is the file's own, ``session_key``).  A session shown
from another device (its device cookie differs) is refused.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from ..store import Store, rounds
from ..store import sessions as stored

IDLE_MINUTES = 60
TOUCH_EVERY = dt.timedelta(minutes=1)     # last_seen is written at most once a minute
ROLES = ("teller", "scrutineer", "projector")
KEY_NAME = "session_key"


@dataclass(frozen=True)
class Session:
    meeting_id: int
    role: str
    who: str


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def _time(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def signing_key(store: Store) -> str:
    """The meeting file's own key for signing cookies (created once): a cookie made for one
    meeting file (a rehearsal's, last year's) means nothing to another."""
    return rounds.kit_key(store, KEY_NAME, lambda: secrets.token_hex(32))


def start(store: Store, meeting_id: int, role: str, who: str, device: str, now: dt.datetime) -> str:
    """A new session for a device that gave the right PIN; returns the token for its cookie."""
    if role not in ROLES:
        raise ValueError(role)
    token = secrets.token_urlsafe(32)
    stamp = now.isoformat(timespec="seconds")
    stored.add_session(store, stored.DeviceSession(_digest(token), meeting_id, role, who, _digest(device),
                                                   stamp, stamp))
    return token


def find(store: Store, token: str, device: str, now: dt.datetime) -> Session | None:
    """The live session for this token on this device, or None (and an idle one is ended)."""
    if not token or not device:
        return None
    found = stored.session_of(store, _digest(token))
    if found is None or found.device != _digest(device):
        return None
    seen = _time(found.last_seen)
    if now - seen > dt.timedelta(minutes=IDLE_MINUTES):
        stored.end_session(store, found.id)
        return None
    if now - seen >= TOUCH_EVERY:
        stored.touch_session(store, found.id, now.isoformat(timespec="seconds"))
    return Session(found.meeting_id, found.role, found.who)


def end(store: Store, token: str) -> None:
    if token:
        stored.end_session(store, _digest(token))


def end_all(store: Store, meeting_id: int) -> int:
    """Every device of the meeting must sign in again (a PIN was changed)."""
    return stored.end_sessions_of(store, meeting_id)


def live_count(store: Store, meeting_id: int) -> int:
    return stored.sessions_count(store, meeting_id)
