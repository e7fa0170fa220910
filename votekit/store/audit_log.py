"""The audit chain's two tables: ``audit`` (append-only, triggers refuse UPDATE/DELETE)
and ``audit_head`` (the last sequence number and hash, so a cut tail shows)."""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from . import Store


def head(store: Store) -> tuple[int, str] | None:
    """(seq, hash) of the last event, or None before the first."""
    row = store.conn.execute("SELECT seq, hash FROM audit_head WHERE id = 1").fetchone()
    return (row[0], row[1]) if row else None


def append(store: Store, event: dict[str, Any]) -> None:
    """Add one event (seq, at, actor, action, meeting_id, detail, prev_hash, hash) and move the head."""
    with store.write(savepoint=False):
        store.conn.execute(
            "INSERT INTO audit (seq, at, actor, action, meeting_id, detail, prev_hash, hash) "
            "VALUES (:seq, :at, :actor, :action, :meeting_id, :detail, :prev_hash, :hash)", event)
        store.conn.execute(
            "INSERT INTO audit_head (id, seq, hash) VALUES (1, :seq, :hash) "
            "ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash", event)


@dataclass(frozen=True)
class AuditEvent:
    """One event of the chain as stored; ``detail`` is the exact text that was hashed."""

    seq: int
    at: str
    actor: str
    action: str
    meeting_id: int | None
    detail: str
    prev_hash: str
    hash: str

    @cached_property
    def detail_data(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.detail)
        return data


_EVENT = "SELECT seq, at, actor, action, meeting_id, detail, prev_hash, hash FROM audit"


def events(store: Store, meeting_id: int | None = None, newest_first: bool = False) -> list[AuditEvent]:
    order = "DESC" if newest_first else "ASC"
    if meeting_id is None:
        rows = store.conn.execute(f"{_EVENT} ORDER BY seq {order}").fetchall()
    else:
        rows = store.conn.execute(f"{_EVENT} WHERE meeting_id = ? ORDER BY seq {order}", [meeting_id]).fetchall()
    return [AuditEvent(*row) for row in rows]
