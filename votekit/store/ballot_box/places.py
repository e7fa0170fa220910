"""The places of the count (``ballot_places``) and of double entry's 甲/乙 piles (``pile_places``):
laid out in advance, filled at random in place, a token inside each."""
from __future__ import annotations

import json
import secrets
from typing import Any, Sequence

from ...core.vocabulary import Ballot, Mark
from .. import Store
from .columns import ballot_columns, ballot_from_columns, new_key


PILES = ("A", "B")              # double entry's 甲 and 乙


# -- places laid out in advance, filled in place: the count's (ballot_places, pile "") and the
# piles' (pile_places, 甲 "A" / 乙 "B"), one shape (migrations 13 and 16).  A place is filled at
# random and written to the same number of bytes (the tables' CHECKs hold every field at its room),
# so SQLite overwrites its cell where it is; a place emptied again keeps its token and is never
# drawn again; only a place made, removed, resized or moved is noted for the key-order rewrite.
TOKEN_ROOM = 64                 # an entry token is 16–64 letters (``paper_entry.TOKEN``)
NO_TOKEN = " " * TOKEN_ROOM
WRITE_IN_ROOM = 160             # bytes: three or four write-ins; a ballot with more gets a place of its own
COUNT = ""                      # the count's own places (not a pile of a double entry)


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
