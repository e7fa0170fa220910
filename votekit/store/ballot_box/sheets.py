"""测评表 (``sheet_places``, read as ``appraisal_sheets`` and ``appraisal_tokens``): ratings only,
no rater; places laid out when the sheets handed out are recorded, filled at random in place."""
from __future__ import annotations

import json
import secrets
from typing import Any, Sequence

from ...core.appraisal import Rating
from .. import Store
from .columns import new_key
from .places import NO_TOKEN, TOKEN_ROOM


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
