"""Read scans (``scan_ballots``): the machine's reading of the pile, a row per paper under a
random key, rewritten in key order in the transaction that changes it."""
from __future__ import annotations

from typing import Any

from ...core.vocabulary import Ballot
from .. import Store
from .columns import ballot_columns, new_key
from .places import insert_stored


# -- read scans (scan_ballots): the machine's reading of the pile ------------------------------
def scan_rows(store: Store, round_id: int, status: str | None = None) -> list[dict[str, Any]]:
    """Read ballots of a round (``pending``/``ready``/``adopted``), key order."""
    if status:
        return store.query("SELECT * FROM scan_ballots WHERE round_id = ? AND status = ? ORDER BY id",
                           [round_id, status])
    return store.query("SELECT * FROM scan_ballots WHERE round_id = ? ORDER BY id", [round_id])


def drop_scan(store: Store, scan_id: str) -> None:
    with store.write(savepoint=False):
        store.conn.execute("DELETE FROM scan_ballots WHERE id = ?", [scan_id])


def copy_to_scan(store: Store, round_id: int, source: dict[str, Any]) -> str:
    """A 监票人 settled that the people read this content right: the scan side gets one more,
    under a new random key, with no picture (it was never scanned)."""
    key = new_key()
    with store.write(savepoint=False):
        store.conn.execute("INSERT INTO scan_ballots (id, round_id, status, reading, marks, write_ins, illegible, "
                           "image) VALUES (?, ?, 'ready', '[]', ?, ?, ?, ?)",
                           [key, round_id, source["marks"], source["write_ins"], source["illegible"], b""])
    return key


def insert_scans(store: Store, rows: list[dict[str, Any]]) -> None:
    """Read ballots of one upload (shuffled by the reader; each under its random key)."""
    with store.write(savepoint=False):
        for row in rows:
            store.insert("scan_ballots", row)


def scan_settled(store: Store, scan_id: str, ballot: Ballot) -> None:
    """Every doubt of a read ballot is decided: it is ready, with the content decided."""
    with store.write(savepoint=False):
        store.update("scan_ballots", {"status": "ready", **ballot_columns(ballot)}, id=scan_id)


def adopt_scans(store: Store, round_id: int) -> int:
    """No one entered the pile by hand: the ready read ballots become the round's ballots (new keys)."""
    rows = scan_rows(store, round_id, "ready")
    with store.write():
        for row in rows:
            insert_stored(store, round_id, row["marks"], row["write_ins"], bool(row["illegible"]))
            store.conn.execute("UPDATE scan_ballots SET status = 'adopted' WHERE id = ?", [row["id"]])
    return len(rows)
