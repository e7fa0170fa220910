"""Secret ballot, physically: the tables that hold what was marked on a ballot (or
which entry token made which ballot) are written back in key order in the same
transaction as every change to their layout, so the place of a row in the file — its page,
its offset within the page — follows its random key, never the moment it was
entered.  With a rollback journal (not a WAL) nothing else keeps an older state:
the journal is deleted at commit, freed cells and pages are zeroed
(``secure_delete``).  Whatever the round's state, and whether or not a compaction
ran, the file says nothing about the order of entry.

The count's ballots, double entry's readings and 测评表 avoid the rewrite on the hot path:
they fill places laid out in advance, in place (``ballot_box``); only a change of layout (a
place made, removed, resized) notes ``ballot_places``, ``pile_places`` or ``sheet_places``
for the rewrite.

Which tables a transaction changed is noted by triggers (migrations 9, 13, 16 and 17) in
``shelve_pending``, however the change was made; ``reshelve_pending`` runs just before
each commit and leaves that table empty.  The rewrite is of the whole table (every
round), as set statements through an in-memory copy (``prepare``: ``temp_store =
MEMORY``, emptied again at once).  Scanned ballots are not here: they arrive as one
batch per PDF and are inserted in key order by their writer.
"""
from __future__ import annotations

import sqlite3

# table → its random key (the order rows are laid out in)
SHELVED: dict[str, str] = {
    "ballot_places": "id",
    "pile_places": "id",
    "voided_ballots": "id",
    "void_requests": "ballot_id",
    "sheet_places": "id",
}


def prepare(conn: sqlite3.Connection) -> None:
    """Per connection, outside any transaction: an empty in-memory shelf (``temp``) shaped like
    each secret table, so a rewrite is four set statements in SQLite, not a row loop in Python."""
    conn.execute("PRAGMA temp_store = MEMORY")      # the copy never touches a temp file
    present = {row[0] for row in conn.execute("SELECT name FROM main.sqlite_master WHERE type = 'table'")}
    for table in SHELVED:
        if table in present:
            conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS [shelf_{table}] AS SELECT * FROM main.[{table}] WHERE 0")


def reshelve(conn: sqlite3.Connection, table: str, shelved: bool = False) -> None:
    """Rewrite ``table`` in key order (inside the caller's transaction): through its in-memory
    shelf when the connection has one (``prepare``), else row by row."""
    key = SHELVED[table]
    if shelved:
        conn.execute(f"INSERT INTO temp.[shelf_{table}] SELECT * FROM main.[{table}]")
        conn.execute(f"DELETE FROM main.[{table}]")
        conn.execute(f"INSERT INTO main.[{table}] SELECT * FROM temp.[shelf_{table}] ORDER BY [{key}]")
        conn.execute(f"DELETE FROM temp.[shelf_{table}]")
        return
    columns = [row[1] for row in conn.execute(f"PRAGMA table_info([{table}])")]
    if not columns:
        return
    names = ", ".join(f"[{c}]" for c in columns)
    rows = conn.execute(f"SELECT {names} FROM [{table}] ORDER BY [{key}]").fetchall()
    conn.execute(f"DELETE FROM [{table}]")
    marks = ", ".join("?" for _ in columns)
    conn.executemany(f"INSERT INTO [{table}] ({names}) VALUES ({marks})", rows)


def reshelve_pending(conn: sqlite3.Connection, shelves: frozenset[str] = frozenset()) -> None:
    """Rewrite every secret table the open transaction changed, then forget them; ``shelves``
    are the tables this connection has an in-memory shelf for (``prepare``)."""
    try:
        pending = [row[0] for row in conn.execute("SELECT name FROM shelve_pending")]
    except sqlite3.OperationalError:          # a file not yet migrated to version 9
        return
    for table in sorted(set(pending) & set(SHELVED)):
        reshelve(conn, table, table in shelves)
    if pending:
        conn.execute("DELETE FROM shelve_pending")
