"""The new committee's first plenary (who attends, the 召集人) and the division of posts."""
from __future__ import annotations

import json
from typing import Any, Sequence

from . import Store


def plenary(store: Store, meeting_id: int) -> dict[str, Any] | None:
    """The plenary as recorded (committee and present decoded), or None before it is opened."""
    row = store.query_one("SELECT * FROM plenary WHERE meeting_id = ?", [meeting_id])
    if row is None:
        return None
    return {**row, "committee": json.loads(row["committee"]), "present": json.loads(row["present"])}


def save_plenary(store: Store, meeting_id: int, committee: Sequence[str], present: Sequence[str],
                 convener: str) -> None:
    with store.write(savepoint=False):
        store.conn.execute(
            "INSERT INTO plenary (meeting_id, committee, present, convener) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(meeting_id) DO UPDATE SET committee = excluded.committee, present = excluded.present, "
            "convener = excluded.convener",
            [meeting_id, json.dumps(list(committee), ensure_ascii=False),
             json.dumps(list(present), ensure_ascii=False), convener])


def posts(store: Store, meeting_id: int) -> list[dict[str, Any]]:
    return store.query("SELECT * FROM committee_posts WHERE meeting_id = ?", [meeting_id])


def set_posts(store: Store, meeting_id: int, posts: dict[str, str]) -> None:
    """委员分工 replaces the previous one whole."""
    with store.write():
        store.conn.execute("DELETE FROM committee_posts WHERE meeting_id = ?", [meeting_id])
        store.conn.executemany("INSERT INTO committee_posts (meeting_id, name, post) VALUES (?, ?, ?)",
                               [(meeting_id, name, post) for name, post in posts.items()])
