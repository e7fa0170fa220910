"""The secret-ballot tables, in one place so the secrecy rules can be read at once.

- ``ballot_places`` (the count; read as the views ``ballots`` and ``entry_tokens``):
  a round's places are made empty, under random keys, and laid out in key order
  (``shelving``) before its ballots arrive; a ballot typed at the counting table fills a
  place drawn at random, in place — marks, write-ins and entry token padded to the
  place's size, so SQLite overwrites the cell where it lies: no cell moves, no page is
  allocated, nothing in the file follows the order of entry, and no table is rewritten
  per entry.  A voided ballot's place is blanked the same way;
- ``pile_ballots`` (双人录入's 甲/乙 readings) with ``pile_tokens``, ``voided_ballots``,
  ``scan_ballots`` (read scans), ``appraisal_sheets`` (测评表) with ``appraisal_tokens``:
  a row per paper under a random key, the table rewritten in key order in the
  transaction that changes it (``shelving``);
- everywhere: ``WITHOUT ROWID``, no voter, no teller, no time; read back by round, in
  key order (random), never by insertion order; no index whose entries would be
  written in the order of entry.

Contents are stored as JSON text: sorted marks without abstentions, write-ins,
the illegible flag (``ballot_columns``).
"""
from __future__ import annotations

import json
import secrets
from typing import Any, Sequence

from ..core.vocabulary import Ballot, Mark, WriteIn, WriteInMark
from . import Store


def new_key() -> str:
    return secrets.token_hex(16)


def ballot_columns(ballot: Ballot) -> dict[str, Any]:
    """How a ballot is stored: sorted marks (no abstentions), write-ins, illegible flag."""
    marks = {name: mark.value for name, mark in ballot.marks}
    writes = [{"name": w.name, "mark": w.mark.value} for w in ballot.write_ins]
    return {"marks": json.dumps(marks, ensure_ascii=False, sort_keys=True),
            "write_ins": json.dumps(writes, ensure_ascii=False), "illegible": int(ballot.illegible)}


def ballot_from_columns(row: dict[str, Any]) -> Ballot:
    marks = {name: Mark(value) for name, value in json.loads(row["marks"]).items()}
    write_ins = [WriteIn(w["name"], WriteInMark(w.get("mark", "agree"))) for w in json.loads(row["write_ins"])]
    return Ballot.of(marks, write_ins, bool(row["illegible"]))


def content_key(row: dict[str, Any]) -> str:
    """What a stored ballot says, canonically (write-ins in any order read the same)."""
    writes = sorted(json.loads(row["write_ins"]), key=lambda w: (w["name"], w["mark"]))
    return json.dumps({"illegible": bool(row["illegible"]), "marks": json.loads(row["marks"]),
                       "write_ins": writes}, ensure_ascii=False, sort_keys=True)


def insert_ballot(store: Store, round_id: int, ballot: Ballot) -> str:
    """A returned ballot under a random key: nothing records who or when."""
    cols = ballot_columns(ballot)
    return insert_stored(store, round_id, cols["marks"], cols["write_ins"], bool(cols["illegible"]))


def insert_stored(store: Store, round_id: int, marks: str, write_ins: str, illegible: bool) -> str:
    """A ballot already in stored form (a settled double-entry reading, an adopted scan): a new
    place of its own, so the table is rewritten in key order before the commit (``shelving``)."""
    key = new_key()
    with store.write(savepoint=False):
        store.conn.execute("INSERT INTO ballot_places (id, round_id, filled, illegible, token, marks_room, "
                           "write_ins_room, marks, write_ins) VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?)",
                           [key, round_id, int(illegible), NO_TOKEN, len(marks.encode()), len(write_ins.encode()),
                            marks, write_ins])
    return key


# -- the count's places (ballot_places): laid out in advance, filled in place ---------------------
TOKEN_ROOM = 64                 # an entry token is 16–64 letters (``paper_entry.TOKEN``)
NO_TOKEN = " " * TOKEN_ROOM
WRITE_IN_ROOM = 160             # bytes: three or four write-ins; a ballot with more gets a place of its own


def place_room(candidates: Sequence[str]) -> int:
    """Bytes of the marks of a ballot that marks every candidate (the longest marks a round can have)."""
    widest = max((m.value for m in Mark), key=len)
    return len(json.dumps({name: widest for name in candidates}, ensure_ascii=False, sort_keys=True).encode())


# The place is chosen uniformly at random among the round's empty places with room enough (OFFSET
# drawn by ``secrets``), and written to the same number of bytes (the table's CHECKs hold every
# field at its room): SQLite overwrites such a cell where it is, so neither the cell's offset, nor
# its page, nor any page header changes.
_WIDE_ENOUGH = "round_id = :round AND filled = 0 AND marks_room >= :marks_len AND write_ins_room >= :writes_len"
_FILL = f"""UPDATE ballot_places
SET filled = 1, illegible = :illegible, token = :token,
    marks = :marks || printf('%*s', marks_room - :marks_len, ''),
    write_ins = :writes || printf('%*s', write_ins_room - :writes_len, '')
WHERE id = (SELECT id FROM ballot_places WHERE {_WIDE_ENOUGH}
            LIMIT 1 OFFSET :draw % max(1, (SELECT COUNT(*) FROM ballot_places WHERE {_WIDE_ENOUGH})))
RETURNING id"""


def enter_ballot(store: Store, round_id: int, ballot: Ballot, token: str, room: int,
                 candidates: Sequence[str]) -> str:
    """A ballot typed at the counting table, with its entry token, into an empty place of the
    round; if none is left wide enough, ``room`` more empty places are made first (sized for
    ``candidates``), which the commit lays out in key order with the rest."""
    cols = ballot_columns(ballot)
    args = {"round": round_id, "marks": cols["marks"], "writes": cols["write_ins"],
            "marks_len": len(cols["marks"].encode()), "writes_len": len(cols["write_ins"].encode()),
            "illegible": cols["illegible"], "token": token.ljust(TOKEN_ROOM)}
    with store.write(savepoint=False):
        row = store.conn.execute(_FILL, {**args, "draw": secrets.randbits(62)}).fetchone()
        if row is None:
            marks = max(place_room(candidates), args["marks_len"])
            writes = max(WRITE_IN_ROOM, args["writes_len"])
            make_places(store, round_id, max(room, 1), marks, writes)
            row = store.conn.execute(_FILL, {**args, "draw": secrets.randbits(62)}).fetchone()
    return row[0]


def prepare_places(store: Store, round_id: int, count: int, candidates: Sequence[str]) -> None:
    """At 发出选票: as many places as ballots went out (topped up, never fewer), laid out before
    the first entry, so no teller's submission has to wait for the layout."""
    have = store.value("SELECT COUNT(*) FROM ballot_places WHERE round_id = ?", [round_id])
    if count > have:
        make_places(store, round_id, count - have, place_room(candidates), WRITE_IN_ROOM)


def make_places(store: Store, round_id: int, count: int, marks: int, write_ins: int) -> None:
    """``count`` empty places of a round (under random keys; laid out in key order at commit)."""
    keys = json.dumps([new_key() for _ in range(count)])
    with store.write(savepoint=False):
        store.conn.execute("INSERT INTO ballot_places (id, round_id, filled, illegible, token, marks_room, "
                           "write_ins_room, marks, write_ins) SELECT value, ?, 0, 0, ?, ?, ?, ?, ? FROM json_each(?)",
                           [round_id, NO_TOKEN, marks, write_ins, " " * marks, " " * write_ins, keys])


def empty_place(store: Store, ballot_id: str) -> None:
    """Take a ballot out of the count: its place is blanked where it is (same bytes, spaces),
    the entry token kept, so a late repeat of that submission is still recognised."""
    store.conn.execute("UPDATE ballot_places SET filled = 0, illegible = 0, marks = printf('%*s', marks_room, ''), "
                       "write_ins = printf('%*s', write_ins_room, '') WHERE id = ?", [ballot_id])


def insert_reading(store: Store, round_id: int, pile: str, ballot: Ballot) -> str:
    """One teller's reading of a ballot in double entry (pile 甲 = A, 乙 = B), under a random key."""
    key = new_key()
    cols = ballot_columns(ballot)
    with store.write(savepoint=False):
        store.conn.execute("INSERT INTO pile_ballots (id, round_id, pile, marks, write_ins, illegible) "
                           "VALUES (?, ?, ?, ?, ?, ?)",
                           [key, round_id, pile, cols["marks"], cols["write_ins"], cols["illegible"]])
    return key


def entered(store: Store, round_id: int, pile: str | None = None) -> int:
    if pile:
        return store.value("SELECT COUNT(*) FROM pile_ballots WHERE round_id = ? AND pile = ?", [round_id, pile])
    return store.value("SELECT COUNT(*) FROM ballots WHERE round_id = ?", [round_id])


def in_piles(store: Store, round_id: int) -> int:
    """Readings in either double-entry pile."""
    return store.value("SELECT COUNT(*) FROM pile_ballots WHERE round_id = ?", [round_id])


def ballot_rows(store: Store, round_id: int) -> list[dict[str, Any]]:
    """The round's stored ballots (key order: random)."""
    return store.query("SELECT * FROM ballots WHERE round_id = ? ORDER BY id", [round_id])


def ballots_of(store: Store, round_id: int) -> list[Ballot]:
    return [ballot_from_columns(r) for r in ballot_rows(store, round_id)]


def token_target(store: Store, token: str) -> str | None:
    """The ballot (or double-entry reading) an entry token already created, if this submission
    was seen before (a scan of the places: no index, whose pages would follow the entry order)."""
    return store.value("SELECT id FROM ballot_places WHERE token = ? "
                       "UNION ALL SELECT ballot_id FROM pile_tokens WHERE token = ? LIMIT 1",
                       [token.ljust(TOKEN_ROOM), token])


def remember_token(store: Store, token: str, round_id: int, reading_id: str) -> None:
    """The token of a double-entry reading (a counted ballot keeps its token in its place)."""
    with store.write(savepoint=False):
        store.conn.execute("INSERT INTO pile_tokens (token, round_id, ballot_id) VALUES (?, ?, ?)",
                           [token, round_id, reading_id])


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
        if row["pile"]:
            store.conn.execute("DELETE FROM pile_ballots WHERE id = ?", [ballot_id])
        else:
            empty_place(store, ballot_id)
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
    with store.write(savepoint=False):
        store.conn.execute("DELETE FROM pile_ballots WHERE id = ?", [reading_id])


def copy_reading(store: Store, round_id: int, pile: str, source: dict[str, Any]) -> str:
    """The same content as ``source`` into ``pile`` (a 监票人 settled a difference), a new key."""
    key = new_key()
    with store.write(savepoint=False):
        store.conn.execute("INSERT INTO pile_ballots (id, round_id, pile, marks, write_ins, illegible) "
                           "VALUES (?, ?, ?, ?, ?, ?)",
                           [key, round_id, pile, source["marks"], source["write_ins"], source["illegible"]])
    return key


def adopt_pile(store: Store, round_id: int, pile: str) -> int:
    """The agreed pile becomes the round's ballots, each under a new random key."""
    rows = pile_rows(store, round_id, pile)
    with store.write():
        for row in rows:
            insert_stored(store, round_id, row["marks"], row["write_ins"], bool(row["illegible"]))
    return len(rows)


# -- read scans (scan_ballots): the machine's reading of the pile ------------------------------
def scan_rows(store: Store, round_id: int, status: str | None = None) -> list[dict[str, Any]]:
    """Read ballots of a round (``pending``/``ready``/``adopted``), key order."""
    if status:
        return store.query("SELECT * FROM scan_ballots WHERE round_id = ? AND status = ? ORDER BY id",
                           [round_id, status])
    return store.query("SELECT * FROM scan_ballots WHERE round_id = ? ORDER BY id", [round_id])


def drop_ballot(store: Store, ballot_id: str) -> None:
    with store.write(savepoint=False):
        empty_place(store, ballot_id)


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


# -- 测评表 (appraisal_sheets): ratings only, no rater ---------------------------------------------
def sheet_count(store: Store, appraisal_id: int) -> int:
    return store.value("SELECT COUNT(*) FROM appraisal_sheets WHERE appraisal_id = ?", [appraisal_id])


def sheet_rows(store: Store, appraisal_id: int) -> list[dict[str, Any]]:
    """The round's sheets (key order: random), ratings decoded."""
    rows = store.query("SELECT * FROM appraisal_sheets WHERE appraisal_id = ? ORDER BY id", [appraisal_id])
    return [{**r, "ratings": json.loads(r["ratings"])} for r in rows]


def insert_sheet(store: Store, appraisal_id: int, ratings: dict[str, str], illegible: bool) -> str:
    """A returned 测评表 under a random key: its ratings, nothing about who or when."""
    key = new_key()
    with store.write(savepoint=False):
        store.conn.execute("INSERT INTO appraisal_sheets (id, appraisal_id, ratings, illegible) VALUES (?, ?, ?, ?)",
                           [key, appraisal_id, json.dumps(ratings, ensure_ascii=False, sort_keys=True),
                            int(illegible)])
    return key


def drop_sheet(store: Store, appraisal_id: int, sheet_id: str) -> bool:
    with store.write(savepoint=False):
        return store.conn.execute("DELETE FROM appraisal_sheets WHERE id = ? AND appraisal_id = ?",
                                  [sheet_id, appraisal_id]).rowcount > 0


def sheet_token_target(store: Store, token: str) -> str | None:
    return store.value("SELECT sheet_id FROM appraisal_tokens WHERE token = ?", [token])


def remember_sheet_token(store: Store, token: str, appraisal_id: int, sheet_id: str) -> None:
    with store.write(savepoint=False):
        store.conn.execute("INSERT INTO appraisal_tokens (token, appraisal_id, sheet_id) VALUES (?, ?, ?)",
                           [token, appraisal_id, sheet_id])


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


# -- who entered how many (never which ballot, never when) -----------------------------------
def count_entry(store: Store, round_id: int, pile: str, teller: str) -> None:
    with store.write(savepoint=False):
        store.conn.execute("INSERT INTO entry_counts (round_id, pile, teller, entered) VALUES (?, ?, ?, 1) "
                           "ON CONFLICT(round_id, pile, teller) DO UPDATE SET entered = entered + 1",
                           [round_id, pile, teller])


def entry_counts(store: Store, round_id: int) -> list[dict[str, Any]]:
    return store.query("SELECT pile, teller, entered FROM entry_counts WHERE round_id = ?", [round_id])


def pile_owner(store: Store, round_id: int, pile: str) -> dict[str, Any] | None:
    """Who (and which device) enters this pile of a double entry."""
    return store.query_one("SELECT person, device FROM pile_owners WHERE round_id = ? AND pile = ?",
                           [round_id, pile])


def claim_pile(store: Store, round_id: int, pile: str, person: str, device: str) -> None:
    with store.write(savepoint=False):
        store.conn.execute("INSERT INTO pile_owners (round_id, pile, person, device) VALUES (?, ?, ?, ?)",
                           [round_id, pile, person, device])


def columns_of_key(key: str) -> dict[str, Any]:
    """A content key (``content_key``) back to the stored columns."""
    content = json.loads(key)
    return {"marks": json.dumps(content["marks"], ensure_ascii=False, sort_keys=True),
            "write_ins": json.dumps(content["write_ins"], ensure_ascii=False),
            "illegible": int(content["illegible"])}
