"""The secret-ballot tables, in one place so the secrecy rules can be read at once.

- ``ballot_places`` (the count; read as the views ``ballots`` and ``entry_tokens``) and
  ``pile_places`` (双人录入's 甲/乙 readings; read as the views ``pile_ballots`` and
  ``pile_tokens``): a round's places (per pile) are made empty, under random keys, and
  laid out in key order (``shelving``) before its papers arrive; a ballot or reading typed
  at the counting table fills a place drawn at random, in place — marks, write-ins and
  entry token padded to the place's size, so SQLite overwrites the cell where it lies: no
  cell moves, no page is allocated, nothing in the file follows the order of entry, and no
  table is rewritten per entry.  A voided ballot's or reading's place is
  blanked the same way, its token kept;
- ``sheet_places`` (测评表; read as the views ``appraisal_sheets`` and ``appraisal_tokens``):
  the same, per appraisal, laid out when the sheets handed out are recorded;
- ``voided_ballots``, ``void_requests``, ``scan_ballots`` (read scans): a row per paper
  under a random key, the table rewritten in key order in the transaction that changes
  it (``shelving``);
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

from ..core.appraisal import Rating
from ..core.vocabulary import Ballot, Mark, WriteIn, WriteInMark
from . import Store

PILES = ("A", "B")              # double entry's 甲 and 乙


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


# -- places laid out in advance, filled in place: the count's (ballot_places, pile "") and the
# piles' (pile_places, 甲 "A" / 乙 "B"), one shape (migrations 13 and 16).  A place is filled at
# random and written to the same number of bytes (the tables' CHECKs hold every field at its room),
# so SQLite overwrites its cell where it is; a place emptied again keeps its token and is never
# drawn again; only a place made, removed, resized or moved is noted for the key-order rewrite.
TOKEN_ROOM = 64                 # an entry token is 16–64 letters (``paper_entry.TOKEN``)
NO_TOKEN = " " * TOKEN_ROOM
WRITE_IN_ROOM = 160             # bytes: three or four write-ins; a ballot with more gets a place of its own
COUNT = ""                      # the count's own places (not a pile of a double entry)


def new_key() -> str:
    return secrets.token_hex(16)


def place_room(candidates: Sequence[str]) -> int:
    """Bytes of the marks of a ballot that marks every candidate (the longest marks a round can have)."""
    widest = max((m.value for m in Mark), key=len)
    return len(json.dumps({name: widest for name in candidates}, ensure_ascii=False, sort_keys=True).encode())


def _fill_sql(table: str, of_pile: str) -> str:
    wide = (f"round_id = :round{of_pile} AND filled = 0 AND token = :blank "
            "AND marks_room >= :marks_len AND write_ins_room >= :writes_len")
    return f"""UPDATE {table}
SET filled = 1, illegible = :illegible, token = :token,
    marks = :marks || printf('%*s', marks_room - :marks_len, ''),
    write_ins = :writes || printf('%*s', write_ins_room - :writes_len, '')
WHERE id = (SELECT id FROM {table} WHERE {wide}
            LIMIT 1 OFFSET :draw % max(1, (SELECT COUNT(*) FROM {table} WHERE {wide})))
RETURNING id"""


_FILL = {COUNT: _fill_sql("ballot_places", ""), "A": _fill_sql("pile_places", " AND pile = :pile")}
_FILL["B"] = _FILL["A"]


def fill_place(store: Store, round_id: int, pile: str, marks: str, write_ins: str, illegible: bool,
                token: str = "", more: int = 1, candidates: Sequence[str] = ()) -> str:
    """A paper in stored form into an empty place of the round's count (``pile`` "") or of a
    pile, drawn at random; if none is left wide enough, ``more`` empty places are made first
    (sized for ``candidates``), which the commit lays out in key order with the rest."""
    args = {"round": round_id, "pile": pile, "marks": marks, "writes": write_ins, "blank": NO_TOKEN,
            "marks_len": len(marks.encode()), "writes_len": len(write_ins.encode()),
            "illegible": int(illegible), "token": token.ljust(TOKEN_ROOM)}
    with store.write(savepoint=False):
        row = store.conn.execute(_FILL[pile], {**args, "draw": secrets.randbits(62)}).fetchone()
        if row is None:
            room = max(place_room(candidates) if candidates else 0, args["marks_len"])
            make_places(store, round_id, max(more, 1), room, max(WRITE_IN_ROOM, args["writes_len"]), pile)
            row = store.conn.execute(_FILL[pile], {**args, "draw": secrets.randbits(62)}).fetchone()
    return row[0]


def make_places(store: Store, round_id: int, count: int, marks: int, write_ins: int, pile: str = COUNT) -> None:
    """``count`` empty places of a round's count or pile (random keys; laid out in key order at commit)."""
    keys = json.dumps([new_key() for _ in range(count)])
    blank = [NO_TOKEN, marks, write_ins, " " * marks, " " * write_ins, keys]
    with store.write(savepoint=False):
        if pile:
            store.conn.execute("INSERT INTO pile_places (id, round_id, pile, filled, illegible, token, marks_room, "
                               "write_ins_room, marks, write_ins) SELECT value, ?, ?, 0, 0, ?, ?, ?, ?, ? "
                               "FROM json_each(?)", [round_id, pile, *blank])
        else:
            store.conn.execute("INSERT INTO ballot_places (id, round_id, filled, illegible, token, marks_room, "
                               "write_ins_room, marks, write_ins) SELECT value, ?, 0, 0, ?, ?, ?, ?, ? "
                               "FROM json_each(?)", [round_id, *blank])


def _prepare(store: Store, round_id: int, count: int, candidates: Sequence[str], pile: str = COUNT) -> None:
    """As many empty places as papers went out (topped up, never fewer), laid out before the
    first entry, so no teller's submission has to wait for the layout."""
    if pile:
        have = store.value("SELECT COUNT(*) FROM pile_places WHERE round_id = ? AND pile = ?", [round_id, pile])
    else:
        have = store.value("SELECT COUNT(*) FROM ballot_places WHERE round_id = ?", [round_id])
    if count > have:
        make_places(store, round_id, count - have, place_room(candidates), WRITE_IN_ROOM, pile)


def blank_place(store: Store, place_id: str, in_pile: bool = False) -> None:
    """Take a paper out: its place spaced out where it lies (same bytes), its token kept."""
    table = "pile_places" if in_pile else "ballot_places"
    store.conn.execute(f"UPDATE {table} SET filled = 0, illegible = 0, marks = printf('%*s', marks_room, ''), "
                       "write_ins = printf('%*s', write_ins_room, '') WHERE id = ?", [place_id])


def insert_ballot(store: Store, round_id: int, ballot: Ballot) -> str:
    """A returned ballot under a random key: nothing records who or when."""
    cols = ballot_columns(ballot)
    return insert_stored(store, round_id, cols["marks"], cols["write_ins"], bool(cols["illegible"]))


def insert_stored(store: Store, round_id: int, marks: str, write_ins: str, illegible: bool) -> str:
    """A ballot already in stored form (a settled double-entry reading, an adopted scan) into an
    empty place of the count drawn at random (a new place if none is wide enough)."""
    return fill_place(store, round_id, COUNT, marks, write_ins, illegible)


def enter_ballot(store: Store, round_id: int, ballot: Ballot, token: str, room: int,
                 candidates: Sequence[str]) -> str:
    """A ballot typed at the counting table, with its entry token, into an empty place of the
    round drawn at random; if none is left wide enough, ``room`` more empty places are made
    first (sized for ``candidates``), which the commit lays out in key order with the rest."""
    cols = ballot_columns(ballot)
    return fill_place(store, round_id, COUNT, cols["marks"], cols["write_ins"], bool(cols["illegible"]),
                      token, room, candidates)


def enter_reading(store: Store, round_id: int, pile: str, ballot: Ballot, token: str, room: int,
                  candidates: Sequence[str]) -> str:
    """One teller's reading of a ballot in double entry (pile 甲 = A, 乙 = B), with its entry
    token, into an empty place of that pile drawn at random (``room`` more made if none is left)."""
    cols = ballot_columns(ballot)
    return fill_place(store, round_id, pile, cols["marks"], cols["write_ins"], bool(cols["illegible"]),
                      token, room, candidates)


def prepare_places(store: Store, round_id: int, count: int, candidates: Sequence[str]) -> None:
    """At 发出选票: as many places as ballots went out (topped up, never fewer)."""
    _prepare(store, round_id, count, candidates)


def prepare_pile_places(store: Store, round_id: int, count: int, candidates: Sequence[str]) -> None:
    """Double entry, with ballots out: as many places in pile 甲 and in pile 乙 as ballots went out."""
    for pile in PILES:
        _prepare(store, round_id, count, candidates, pile)


def clear_pile_places(store: Store, round_id: int) -> None:
    """Double entry turned off (nothing read yet): the piles' empty places go."""
    with store.write(savepoint=False):
        store.conn.execute("DELETE FROM pile_places WHERE round_id = ? AND pile <> '' AND filled = 0 "
                           "AND token = ?", [round_id, NO_TOKEN])


def entered(store: Store, round_id: int, pile: str | None = None) -> int:
    if pile:
        return store.value("SELECT COUNT(*) FROM pile_places WHERE round_id = ? AND pile = ? AND filled = 1",
                           [round_id, pile])
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
    """The ballot (or double-entry reading) an entry token already filled, if this submission
    was seen before (a scan of the places: no index, whose pages would follow the entry order)."""
    return store.value("SELECT id FROM ballot_places WHERE token = :t "
                       "UNION ALL SELECT id FROM pile_places WHERE token = :t LIMIT 1",
                       {"t": token.ljust(TOKEN_ROOM)})


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


# -- read scans (scan_ballots): the machine's reading of the pile ------------------------------
def scan_rows(store: Store, round_id: int, status: str | None = None) -> list[dict[str, Any]]:
    """Read ballots of a round (``pending``/``ready``/``adopted``), key order."""
    if status:
        return store.query("SELECT * FROM scan_ballots WHERE round_id = ? AND status = ? ORDER BY id",
                           [round_id, status])
    return store.query("SELECT * FROM scan_ballots WHERE round_id = ? ORDER BY id", [round_id])


def drop_ballot(store: Store, ballot_id: str) -> None:
    with store.write(savepoint=False):
        blank_place(store, ballot_id)


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


# -- 测评表 (sheet_places, read as appraisal_sheets and appraisal_tokens): ratings only, no rater ----
# laid out when the sheets handed out are recorded, filled at random in place, as the count's ballots
_FILL_SHEET = """UPDATE sheet_places
SET filled = 1, illegible = :illegible, token = :token, ratings = :ratings || printf('%*s', ratings_room - :length, '')
WHERE id = (SELECT id FROM sheet_places WHERE {wide}
            LIMIT 1 OFFSET :draw % max(1, (SELECT COUNT(*) FROM sheet_places WHERE {wide})))
RETURNING id""".format(wide="appraisal_id = :appraisal AND filled = 0 AND token = :blank AND ratings_room >= :length")


def sheet_room(names: Sequence[str]) -> int:
    """Bytes of the ratings of a sheet that rates every member with the longest rating."""
    widest = max((r.value for r in Rating), key=len)
    return len(json.dumps({name: widest for name in names}, ensure_ascii=False, sort_keys=True).encode())


def prepare_sheet_places(store: Store, appraisal_id: int, count: int, names: Sequence[str]) -> None:
    """As many empty places as 测评表 went out (topped up, never fewer), laid out before the first entry."""
    have = store.value("SELECT COUNT(*) FROM sheet_places WHERE appraisal_id = ?", [appraisal_id])
    if count > have:
        _make_sheet_places(store, appraisal_id, count - have, sheet_room(names))


def _make_sheet_places(store: Store, appraisal_id: int, count: int, room: int) -> None:
    keys = json.dumps([new_key() for _ in range(count)])
    with store.write(savepoint=False):
        store.conn.execute("INSERT INTO sheet_places (id, appraisal_id, filled, illegible, token, ratings_room, "
                           "ratings) SELECT value, ?, 0, 0, ?, ?, ? FROM json_each(?)",
                           [appraisal_id, NO_TOKEN, room, " " * room, keys])


def sheet_count(store: Store, appraisal_id: int) -> int:
    return store.value("SELECT COUNT(*) FROM sheet_places WHERE appraisal_id = ? AND filled = 1", [appraisal_id])


def sheet_rows(store: Store, appraisal_id: int) -> list[dict[str, Any]]:
    """The round's sheets (key order: random), ratings decoded."""
    rows = store.query("SELECT * FROM appraisal_sheets WHERE appraisal_id = ? ORDER BY id", [appraisal_id])
    return [{**r, "ratings": json.loads(r["ratings"])} for r in rows]


def insert_sheet(store: Store, appraisal_id: int, ratings: dict[str, str], illegible: bool, token: str = "") -> str:
    """A returned 测评表, with its entry token, into an empty place drawn at random: its ratings,
    nothing about who or when.  If none is left, places for the rest of the pile are made first."""
    text = json.dumps(ratings, ensure_ascii=False, sort_keys=True)
    args = {"appraisal": appraisal_id, "ratings": text, "length": len(text.encode()), "blank": NO_TOKEN,
            "illegible": int(illegible), "token": token.ljust(TOKEN_ROOM)}
    with store.write(savepoint=False):
        row = store.conn.execute(_FILL_SHEET, {**args, "draw": secrets.randbits(62)}).fetchone()
        if row is None:
            left, names = store.conn.execute(
                "SELECT COALESCE(returned, issued, 0) - (SELECT COUNT(*) FROM sheet_places WHERE appraisal_id = a.id "
                "AND filled = 1), appraised FROM appraisals a WHERE id = ?", [appraisal_id]).fetchone()
            _make_sheet_places(store, appraisal_id, max(left, 1), max(sheet_room(json.loads(names)), args["length"]))
            row = store.conn.execute(_FILL_SHEET, {**args, "draw": secrets.randbits(62)}).fetchone()
    return row[0]


def drop_sheet(store: Store, appraisal_id: int, sheet_id: str) -> bool:
    """A sheet taken back: its place blanked where it lies, its token kept."""
    with store.write(savepoint=False):
        return store.conn.execute("UPDATE sheet_places SET filled = 0, illegible = 0, "
                                  "ratings = printf('%*s', ratings_room, '') "
                                  "WHERE id = ? AND appraisal_id = ? AND filled = 1",
                                  [sheet_id, appraisal_id]).rowcount > 0


def sheet_token_target(store: Store, token: str) -> str | None:
    return store.value("SELECT id FROM sheet_places WHERE token = ?", [token.ljust(TOKEN_ROOM)])


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


def pile_owners(store: Store, round_id: int) -> dict[str, dict[str, Any]]:
    """Who (and which device) enters each pile of a double entry so far: pile → person, device."""
    rows = store.query("SELECT pile, person, device FROM pile_owners WHERE round_id = ?", [round_id])
    return {r["pile"]: r for r in rows}


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
