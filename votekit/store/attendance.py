"""Attendance rows, arrivals/departures with their times, and the roll frozen per vote.

Named queries for ``service.signin`` and ``service.rolls``; the roll is kept as
JSON text and handed back as the core's :class:`~votekit.core.roll.Roll`.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..core.roll import Roll, roll_from_data, roll_to_data

if TYPE_CHECKING:
    from . import Store


@dataclass(frozen=True)
class AttendanceRow:
    member_id: int
    arrived_at: str | None
    left_at: str | None
    leave_reason: str      # why a member left (optional)
    absence: str           # 请假 reason, bare (出差, 病假 …); "" = none recorded


@dataclass(frozen=True)
class Move:
    id: int
    member_id: int
    name: str
    kind: str              # arrive | leave | return
    at: str                # ISO timestamp


def attendance_of(store: "Store", member_id: int) -> AttendanceRow | None:
    row = store.db.execute("SELECT member_id, arrived_at, left_at, leave_reason, absence "
                           "FROM attendance WHERE member_id = ?", [member_id]).fetchone()
    return AttendanceRow(*row) if row else None


def save_attendance(store: "Store", row: AttendanceRow) -> None:
    with store.write():
        store.db.execute("INSERT INTO attendance (member_id, arrived_at, left_at, leave_reason, absence) "
                         "VALUES (?, ?, ?, ?, ?) ON CONFLICT(member_id) DO UPDATE SET "
                         "arrived_at = excluded.arrived_at, left_at = excluded.left_at, "
                         "leave_reason = excluded.leave_reason, absence = excluded.absence",
                         [row.member_id, row.arrived_at, row.left_at, row.leave_reason, row.absence])


def add_move(store: "Store", meeting_id: int, member_id: int, kind: str, at: str) -> None:
    with store.write():
        store.db.execute("INSERT INTO attendance_moves (meeting_id, member_id, kind, at) VALUES (?, ?, ?, ?)",
                         [meeting_id, member_id, kind, at])


def drop_last_move(store: "Store", member_id: int) -> None:
    """Undo of a mistaken sign-in: its arrival is no longer an arrival."""
    with store.write():
        store.db.execute("DELETE FROM attendance_moves WHERE id = (SELECT MAX(id) FROM attendance_moves "
                         "WHERE member_id = ?)", [member_id])


def moves(store: "Store", meeting_id: int) -> tuple[Move, ...]:
    rows = store.db.execute("SELECT v.id, v.member_id, m.name, v.kind, v.at FROM attendance_moves v "
                            "JOIN members m ON m.id = v.member_id WHERE v.meeting_id = ? "
                            "ORDER BY v.at, v.id", [meeting_id]).fetchall()
    return tuple(Move(*r) for r in rows)


def save_roll(store: "Store", vote: str, meeting_id: int, taken_at: str, roll: Roll) -> None:
    with store.write():
        upto = store.db.execute("SELECT COALESCE(MAX(id), 0) FROM attendance_moves WHERE meeting_id = ?",
                                [meeting_id]).fetchone()[0]
        store.db.execute("INSERT INTO vote_rolls (vote, meeting_id, taken_at, moves_upto, roll) "
                         "VALUES (?, ?, ?, ?, ?) ON CONFLICT(vote) DO UPDATE SET taken_at = excluded.taken_at, "
                         "moves_upto = excluded.moves_upto, roll = excluded.roll",
                         [vote, meeting_id, taken_at, upto, json.dumps(roll_to_data(roll), ensure_ascii=False)])


def roll_of(store: "Store", vote: str) -> Roll | None:
    row = store.db.execute("SELECT roll FROM vote_rolls WHERE vote = ?", [vote]).fetchone()
    return roll_from_data(json.loads(row[0])) if row else None


@dataclass(frozen=True)
class TakenRoll:
    vote: str              # round:12 | motion:3 | appraisal:2
    taken_at: str          # ISO timestamp
    moves_upto: int        # the last arrival/departure (Move.id) before it was taken
    roll: Roll


def rolls(store: "Store", meeting_id: int) -> tuple[TakenRoll, ...]:
    """Every roll of the meeting, in the order the votes were taken."""
    rows = store.db.execute("SELECT vote, taken_at, moves_upto, roll FROM vote_rolls WHERE meeting_id = ? "
                            "ORDER BY moves_upto, taken_at, rowid", [meeting_id]).fetchall()
    return tuple(TakenRoll(v, t, u, roll_from_data(json.loads(r))) for v, t, u, r in rows)


def clear_attendance(store: "Store", member_id: int) -> None:
    with store.write():
        store.db.execute("DELETE FROM attendance WHERE member_id = ?", [member_id])


def last_move_kind(store: "Store", member_id: int) -> str | None:
    row = store.db.execute("SELECT kind FROM attendance_moves WHERE member_id = ? ORDER BY id DESC LIMIT 1",
                           [member_id]).fetchone()
    return row[0] if row else None


def set_member_status(store: "Store", member_id: int, status: str) -> None:
    """留党察看, 停止党籍/中止 … recorded after the roster was imported."""
    with store.write():
        store.db.execute("UPDATE members SET status = ? WHERE id = ?", [status, member_id])
