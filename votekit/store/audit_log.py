"""The audit chain's two tables: ``audit`` (append-only, triggers refuse UPDATE/DELETE)
and ``audit_head`` (the last sequence number and hash, so a cut tail shows)."""
from __future__ import annotations

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


def events(store: Store, meeting_id: int | None = None, newest_first: bool = False) -> list[dict[str, Any]]:
    order = "DESC" if newest_first else "ASC"
    if meeting_id is None:
        return store.query(f"SELECT * FROM audit ORDER BY seq {order}")
    return store.query(f"SELECT * FROM audit WHERE meeting_id = ? ORDER BY seq {order}", [meeting_id])
