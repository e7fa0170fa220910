"""Named queries for meetings, elections, rounds and their counting state (records out, never rows).

``round_context`` loads a round with its election, meeting and state in one
statement: the web shell loads it once per request, the CLI once per command.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Sequence

from ..core.export import round_to_data
from ..core.vocabulary import RoundRecord, Verdict
from . import Store
from .records import (DoubleEntry, Election, Meeting, Round, RoundState, RoundStatus, RoundType,
                      names_to_text, round_title, verdict_to_text)


@dataclass(frozen=True)
class RoundContext:
    """One round with everything above it, as of one read."""

    meeting: Meeting
    election: Election
    round: Round
    state: RoundState
    slate: tuple[str, ...] = ()     # the election's candidates as stored (unsorted: to check, not to show)

    @property
    def title(self) -> str:
        return round_title(self.election, self.round)

    @property
    def candidates(self) -> tuple[str, ...] | None:
        """The round's own candidates (runoff, further), or None: the election's slate."""
        return self.round.candidate_names or None

    @property
    def listed(self) -> tuple[str, ...]:
        """The names a ballot of this round may mark: the round's own, else the election's slate."""
        return self.round.candidate_names or self.slate


def _split_row(cursor: Any, row: tuple | None) -> list[dict[str, Any]] | None:
    """A joined row cut into its tables at the ``"#"`` marker columns."""
    if row is None:
        return None
    parts: list[dict[str, Any]] = [{}]
    for (name, *_), value in zip(cursor.description, row):
        if name == "#":
            parts.append({})
        else:
            parts[-1][name] = value
    return parts


_CONTEXT = """SELECT m.*, '' AS "#", e.*, '' AS "#", r.*, '' AS "#", s.*, '' AS "#",
       (SELECT json_group_array(c.name) FROM candidates c WHERE c.election_id = e.id) AS slate
FROM rounds r JOIN elections e ON e.id = r.election_id JOIN meetings m ON m.id = e.meeting_id
LEFT JOIN round_state s ON s.round_id = r.id WHERE r.id = ?"""


def round_context(store: Store, round_id: int) -> RoundContext | None:
    cur = store.conn.execute(_CONTEXT, [round_id])
    parts = _split_row(cur, cur.fetchone())
    if parts is None:
        return None
    meeting, election, rnd, state, more = parts
    return RoundContext(Meeting.from_row(meeting), Election.from_row(election), Round.from_row(rnd),
                        RoundState.from_row(state if state.get("round_id") is not None else None, round_id),
                        tuple(json.loads(more["slate"])))


def entry_view(store: Store, round_id: int, pile: str | None) -> tuple[Round, RoundState, int] | None:
    """For a ballot being entered: the round as of this transaction, its state, and how many
    ballots (or, in double entry, this pile's readings) it already holds — one statement."""
    counted = ("(SELECT COUNT(*) FROM pile_ballots WHERE round_id = r.id AND pile = ?)" if pile
               else "(SELECT COUNT(*) FROM ballots WHERE round_id = r.id AND ? IS NULL)")
    cur = store.conn.execute(f"""SELECT r.*, '' AS "#", s.*, '' AS "#", {counted} AS entered
        FROM rounds r LEFT JOIN round_state s ON s.round_id = r.id WHERE r.id = ?""", [pile, round_id])
    parts = _split_row(cur, cur.fetchone())
    if parts is None:
        return None
    rnd, state, count = parts
    return (Round.from_row(rnd), RoundState.from_row(state if state.get("round_id") is not None else None,
                                                      round_id), count["entered"])


# -- meetings ------------------------------------------------------------------------
def get_meeting(store: Store, meeting_id: int) -> Meeting | None:
    row = store.query_one("SELECT * FROM meetings WHERE id = ?", [meeting_id])
    return Meeting.from_row(row) if row else None


def list_meetings(store: Store) -> list[Meeting]:
    return [Meeting.from_row(r) for r in store.query("SELECT * FROM meetings ORDER BY id DESC")]


# -- elections -------------------------------------------------------------------------
def get_election(store: Store, election_id: int) -> Election | None:
    row = store.query_one("SELECT * FROM elections WHERE id = ?", [election_id])
    return Election.from_row(row) if row else None


def elections_of(store: Store, meeting_id: int) -> list[Election]:
    return [Election.from_row(r) for r in
            store.query("SELECT * FROM elections WHERE meeting_id = ? ORDER BY position, id", [meeting_id])]


# -- rounds ------------------------------------------------------------------------------
def get_round(store: Store, round_id: int) -> Round | None:
    row = store.query_one("SELECT * FROM rounds WHERE id = ?", [round_id])
    return Round.from_row(row) if row else None


def rounds_of(store: Store, election_id: int) -> list[Round]:
    return [Round.from_row(r) for r in
            store.query("SELECT * FROM rounds WHERE election_id = ? ORDER BY number", [election_id])]


def round_numbered(store: Store, election_id: int, number: int) -> Round | None:
    row = store.query_one("SELECT * FROM rounds WHERE election_id = ? AND number = ?", [election_id, number])
    return Round.from_row(row) if row else None


def last_round_number(store: Store, election_id: int) -> int:
    return store.value("SELECT MAX(number) FROM rounds WHERE election_id = ?", [election_id]) or 0


def add_round(store: Store, election_id: int, kind: RoundType | str, seats: int,
              candidates: Sequence[str] = ()) -> tuple[int, int]:
    """A new round after the election's last: (its id, its number)."""
    with store.write():
        number = last_round_number(store, election_id) + 1
        cur = store.conn.execute(
            "INSERT INTO rounds (election_id, number, kind, seats, candidates) VALUES (?, ?, ?, ?, ?)",
            [election_id, number, RoundType(kind).value, seats, names_to_text(tuple(candidates))])
    return cur.lastrowid, number


# -- counting state -------------------------------------------------------------------------
def round_state(store: Store, round_id: int) -> RoundState:
    """The counting state of a round (defaults while nothing has been recorded)."""
    return RoundState.from_row(store.query_one("SELECT * FROM round_state WHERE round_id = ?", [round_id]),
                               round_id)


def states_of(store: Store, election_id: int) -> dict[int, RoundState]:
    rows = store.query("SELECT r.id AS rid, s.* FROM rounds r LEFT JOIN round_state s ON s.round_id = r.id "
                       "WHERE r.election_id = ?", [election_id])
    return {r["rid"]: RoundState.from_row(r if r["round_id"] is not None else None, r["rid"]) for r in rows}


_STATE_COLUMNS = {"status", "double_entry", "seat_reduction_yes", "closed_by", "record", "verdict"}


def save_round_state(store: Store, round_id: int, *, status: RoundStatus | str | None = None,
                     double_entry: DoubleEntry | None = None, seat_reduction_yes: int | None | Any = ...,
                     closed_by: str | None = None, record: RoundRecord | None = None,
                     verdict: Verdict | dict[str, Any] | None = None) -> None:
    """Change the named parts of a round's state (the others keep their values)."""
    values: dict[str, Any] = {}
    if status is not None:
        values["status"] = RoundStatus(status).value
    if double_entry is not None:
        values["double_entry"] = int(double_entry)
    if seat_reduction_yes is not ...:
        values["seat_reduction_yes"] = seat_reduction_yes
    if closed_by is not None:
        values["closed_by"] = closed_by
    if record is not None:
        values["record"] = json.dumps(round_to_data(record), ensure_ascii=False)
    if verdict is not None:
        values["verdict"] = verdict_to_text(verdict)
    if not values:
        return
    cols = ", ".join(values)
    sets = ", ".join(f"{c} = excluded.{c}" for c in values)
    store_args = [round_id, *values.values()]
    marks = ", ".join("?" for _ in store_args)
    with store.write(savepoint=False):
        store.conn.execute(f"INSERT INTO round_state (round_id, {cols}) VALUES ({marks}) "
                           f"ON CONFLICT(round_id) DO UPDATE SET {sets}", store_args)


def set_issued(store: Store, round_id: int, issued: int, reason: str, expected: int, present: int) -> None:
    """选票发出: how many, why more than present (if so), and the roll at that moment."""
    with store.write(savepoint=False):
        store.conn.execute("UPDATE rounds SET issued = ?, issue_reason = ?, expected_at_issue = ?, "
                           "present_at_issue = ? WHERE id = ?", [issued, reason, expected, present, round_id])


def set_returned(store: Store, round_id: int, returned: int) -> None:
    with store.write(savepoint=False):
        store.conn.execute("UPDATE rounds SET returned = ? WHERE id = ?", [returned, round_id])


# -- writing meetings and elections ---------------------------------------------------------
def add_meeting(store: Store, values: dict[str, Any]) -> int:
    return store.insert("meetings", {**values, "created_at": store.now()})


def update_meeting(store: Store, meeting_id: int, values: dict[str, Any]) -> None:
    if values:
        store.update("meetings", values, id=meeting_id)


def add_election(store: Store, values: dict[str, Any]) -> tuple[int, int]:
    """A new election at the end of the meeting's list, with its first round: (id, position)."""
    with store.write():
        position = (store.value("SELECT MAX(position) FROM elections WHERE meeting_id = ?",
                                [values["meeting_id"]]) or 0) + 1
        election_id = store.insert("elections", {**values, "position": position})
        add_round(store, election_id, RoundType.FIRST, values["seats"])
    return election_id, position


def kit_key(store: Store, name: str, make: Any) -> str:
    """A secret of the kit kept in the meeting file (created by ``make()`` the first time)."""
    value = store.value("SELECT value FROM kit_keys WHERE name = ?", [name])
    if value is None:
        with store.write():
            value = store.value("SELECT value FROM kit_keys WHERE name = ?", [name])
            if value is None:
                value = make()
                store.conn.execute("INSERT INTO kit_keys (name, value) VALUES (?, ?)", [name, value])
    return value
