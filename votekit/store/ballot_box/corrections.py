"""What happens to entries after they are made: a void asked for and decided, double entry's
readings compared, settled and adopted; who enters which pile, and how many each teller entered
(never which paper, never when)."""
from __future__ import annotations

from typing import Any

from .. import Store
from .places import blank_place, fill_place, insert_stored


# -- voiding a mistaken entry (a teller asks, a 监票人 decides) ---------------------------
def find_entry(store: Store, round_id: int, ballot_id: str) -> dict[str, Any] | None:
    """An entry in the count or in a double-entry pile (``pile`` is "" for the count)."""
    row = store.query_one("SELECT *, '' AS pile FROM ballots WHERE id = ? AND round_id = ?", [ballot_id, round_id])
    return row or store.query_one("SELECT * FROM pile_ballots WHERE id = ? AND round_id = ?", [ballot_id, round_id])


def void_request(store: Store, ballot_id: str) -> dict[str, Any] | None:
    return store.query_one("SELECT * FROM void_requests WHERE ballot_id = ?", [ballot_id])


def void_requests_of(store: Store, round_id: int) -> list[dict[str, Any]]:
    return store.query("SELECT * FROM void_requests WHERE round_id = ? ORDER BY ballot_id", [round_id])


def ask_void(store: Store, round_id: int, ballot_id: str, reason: str, requested_by: str) -> None:
    with store.write(savepoint=False):
        store.conn.execute("INSERT INTO void_requests (ballot_id, round_id, reason, requested_by) "
                           "VALUES (?, ?, ?, ?)", [ballot_id, round_id, reason, requested_by])


def drop_void_request(store: Store, ballot_id: str) -> None:
    with store.write(savepoint=False):
        store.conn.execute("DELETE FROM void_requests WHERE ballot_id = ?", [ballot_id])


def void_entry(store: Store, round_id: int, ballot_id: str, reason: str) -> dict[str, Any] | None:
    """Take an entry out of the count (or its pile) and keep it in ``voided_ballots``; returns it."""
    row = find_entry(store, round_id, ballot_id)
    if row is None:
        return None
    with store.write():
        blank_place(store, ballot_id, in_pile=bool(row["pile"]))
        store.conn.execute("INSERT INTO voided_ballots (id, round_id, pile, marks, write_ins, illegible, reason) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?)", [ballot_id, round_id, row["pile"], row["marks"],
                                                            row["write_ins"], row["illegible"], reason])
    return row


# -- double entry's two piles ---------------------------------------------------------------
def pile_rows(store: Store, round_id: int, pile: str | None = None) -> list[dict[str, Any]]:
    """The readings of one pile (or both), key order."""
    if pile:
        return store.query("SELECT * FROM pile_ballots WHERE round_id = ? AND pile = ? ORDER BY id",
                           [round_id, pile])
    return store.query("SELECT * FROM pile_ballots WHERE round_id = ? ORDER BY id", [round_id])


def drop_reading(store: Store, reading_id: str) -> None:
    """A reading taken out (a 监票人 settled a difference): its place blanked, its token kept."""
    with store.write(savepoint=False):
        blank_place(store, reading_id, in_pile=True)


def copy_reading(store: Store, round_id: int, pile: str, source: dict[str, Any]) -> str:
    """The same content as ``source`` into ``pile`` (a 监票人 settled a difference): an empty
    place of that pile drawn at random (no token: no teller typed it)."""
    return fill_place(store, round_id, pile, source["marks"], source["write_ins"], bool(source["illegible"]))


def adopt_pile(store: Store, round_id: int, pile: str) -> int:
    """The agreed pile becomes the round's ballots, each into an empty place of the count."""
    rows = pile_rows(store, round_id, pile)
    with store.write():
        for row in rows:
            insert_stored(store, round_id, row["marks"], row["write_ins"], bool(row["illegible"]))
    return len(rows)


def drop_ballot(store: Store, ballot_id: str) -> None:
    with store.write(savepoint=False):
        blank_place(store, ballot_id)


# -- who entered how many (never which ballot, never when) -----------------------------------
def count_entry(store: Store, round_id: int, pile: str, teller: str) -> None:
    with store.write(savepoint=False):
        store.conn.execute("INSERT INTO entry_counts (round_id, pile, teller, entered) VALUES (?, ?, ?, 1) "
                           "ON CONFLICT(round_id, pile, teller) DO UPDATE SET entered = entered + 1",
                           [round_id, pile, teller])


def entry_counts(store: Store, round_id: int) -> list[dict[str, Any]]:
    return store.query("SELECT pile, teller, entered FROM entry_counts WHERE round_id = ?", [round_id])


def pile_owners(store: Store, round_id: int) -> dict[str, dict[str, Any]]:
    """Who (and which device) enters each pile of a double entry so far: pile → person, device."""
    rows = store.query("SELECT pile, person, device FROM pile_owners WHERE round_id = ?", [round_id])
    return {r["pile"]: r for r in rows}


def claim_pile(store: Store, round_id: int, pile: str, person: str, device: str) -> None:
    with store.write(savepoint=False):
        store.conn.execute("INSERT INTO pile_owners (round_id, pile, person, device) VALUES (?, ?, ?, ?)",
                           [round_id, pile, person, device])
