"""Ballot papers per round: how many printed and spare, spoiled (剪角作废), and the printed layout."""
from __future__ import annotations

import json
from typing import Any

from . import Store


def printed(store: Store, round_id: int) -> dict[str, Any] | None:
    """The round's papers as printed (``layout`` decoded), or None before printing."""
    row = store.query_one("SELECT * FROM round_papers WHERE round_id = ?", [round_id])
    if row is None:
        return None
    return {**row, "layout": json.loads(row["layout"] or "{}")}


def save_print(store: Store, round_id: int, printed: int, spares: int, paper: str, payload: str,
               file: str, layout: dict[str, Any]) -> None:
    """A (re)print of the round's papers: the counts, the file and the layout drawn."""
    with store.write(savepoint=False):
        store.conn.execute(
            "INSERT INTO round_papers (round_id, printed, spares, paper, payload, file, layout) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(round_id) DO UPDATE SET printed = excluded.printed, "
            "spares = excluded.spares, paper = excluded.paper, payload = excluded.payload, "
            "file = excluded.file, layout = excluded.layout",
            [round_id, printed, spares, paper, payload, file, json.dumps(layout, ensure_ascii=False)])


def set_spoiled(store: Store, round_id: int, spoiled: int) -> None:
    with store.write(savepoint=False):
        store.conn.execute("UPDATE round_papers SET spoiled = ? WHERE round_id = ?", [spoiled, round_id])


def all_layouts(store: Store) -> list[dict[str, Any]]:
    """Every layout printed in this file (empty for a file without papers or not migrated)."""
    if not store.has_table("round_papers"):
        return []
    return [json.loads(r["layout"] or "{}") for r in store.query("SELECT layout FROM round_papers ORDER BY round_id")]


def kit_key_if_any(store: Store, name: str) -> str | None:
    """A kit key without creating it (reading someone's file)."""
    if not store.has_table("kit_keys"):
        return None
    return store.value("SELECT value FROM kit_keys WHERE name = ?", [name])
