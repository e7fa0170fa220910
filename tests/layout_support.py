"""Where a table's cells lie in a meeting file, byte by byte (the secrecy tests of the places:
the count's, the 甲/乙 piles' and the 测评表's)."""
from __future__ import annotations

import sqlite3
from pathlib import Path


def places_layout(db: Path, table: str) -> tuple[bytes, dict[int, bytes]]:
    """The file header's page count and freelist fields, and for every b-tree page of ``table``
    (found with SQLite's ``dbstat``) its header and cell pointers: where each cell lies."""
    raw = db.read_bytes()
    conn = sqlite3.connect(db)
    try:
        pages = [n for (n,) in conn.execute("SELECT pageno FROM dbstat WHERE name = ? "
                                            "AND pagetype <> 'overflow'", [table])]
        size = conn.execute("PRAGMA page_size").fetchone()[0]
    finally:
        conn.close()
    layout = {}
    for number in pages:
        at = (number - 1) * size + (100 if number == 1 else 0)
        head = 12 if raw[at] in (2, 5) else 8
        layout[number] = raw[at:at + head + 2 * int.from_bytes(raw[at + 3:at + 5], "big")]
    return raw[28:40], layout
