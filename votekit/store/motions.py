"""表决事项 (motions) as recorded: named queries returning frozen records, the stored
verdict decoded here (the service never reads the ``motions`` table or its JSON)."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import Any, Mapping

from ..core.motions import Motion, MotionKind, VoteCounts, VoteMethod, question, subject
from . import Store


class MotionState(StrEnum):
    """Where a motion stands on the agenda."""

    OPEN = "open"
    CARRIED = "carried"
    REJECTED = "rejected"
    VOID = "void"

    @property
    def label(self) -> str:
        return {"open": "待表决", "carried": "通过", "rejected": "未通过", "void": "须重新表决"}[self.value]

    @property
    def decided(self) -> bool:
        return self in (MotionState.CARRIED, MotionState.REJECTED)


@dataclass(frozen=True)
class MotionRecord:
    """One motion with its counts and the core's verdict as recorded (``verdict_data``)."""

    id: int
    meeting_id: int
    kind: str                  # MotionKind's value: admit | confirm | dispose | general
    person: str = ""
    title: str = ""
    proposal: str = ""
    position: int = 0
    method: str | None = None  # hands | ballot, once counted
    agree: int | None = None
    against: int | None = None
    abstain: int | None = None
    invalid: int | None = None
    issued: int | None = None
    returned: int | None = None
    expected_at_vote: int | None = None
    present_at_vote: int | None = None
    status: MotionState = MotionState.OPEN
    verdict_data: Mapping[str, Any] | None = field(default=None, compare=False)

    @cached_property
    def motion(self) -> Motion:
        return Motion(MotionKind(self.kind), self.person, self.title, self.proposal)

    @property
    def subject(self) -> str:
        return subject(self.motion)

    @property
    def question(self) -> str:
        return question(self.motion)

    @property
    def kind_label(self) -> str:
        return self.motion.kind.label

    @property
    def base_label(self) -> str:
        return self.motion.kind.base.label

    @property
    def status_label(self) -> str:
        return self.status.label

    @property
    def method_label(self) -> str:
        return VoteMethod(self.method).label if self.method else ""


_COLUMNS = ("id, meeting_id, kind, person, title, proposal, position, method, agree, against, abstain, "
            "invalid, issued, returned, expected_at_vote, present_at_vote, status, verdict")


def _record(row: tuple[Any, ...]) -> MotionRecord:
    (id_, meeting_id, kind, person, title, proposal, position, method, agree, against, abstain, invalid,
     issued, returned, expected, present, status, verdict) = row
    return MotionRecord(id_, meeting_id, kind, person, title, proposal, position, method, agree, against, abstain,
                        invalid, issued, returned, expected, present, MotionState(status),
                        json.loads(verdict) if verdict else None)


def get_motion(store: Store, motion_id: int) -> MotionRecord | None:
    row = store.conn.execute(f"SELECT {_COLUMNS} FROM motions WHERE id = ?", [motion_id]).fetchone()
    return _record(row) if row else None


def motions_of(store: Store, meeting_id: int) -> list[MotionRecord]:
    rows = store.conn.execute(f"SELECT {_COLUMNS} FROM motions WHERE meeting_id = ? ORDER BY position",
                              [meeting_id]).fetchall()
    return [_record(r) for r in rows]


def add_motion(store: Store, meeting_id: int, motion: Motion) -> tuple[int, int]:
    """A motion at the end of the meeting's agenda: (its id, its position)."""
    with store.write(savepoint=False):
        position = (store.value("SELECT MAX(position) FROM motions WHERE meeting_id = ?", [meeting_id]) or 0) + 1
        cur = store.conn.execute(
            "INSERT INTO motions (meeting_id, kind, person, title, proposal, position) VALUES (?, ?, ?, ?, ?, ?)",
            [meeting_id, motion.kind.value, motion.person, motion.title, motion.proposal, position])
    return int(cur.lastrowid or 0), int(position)


def save_vote(store: Store, motion_id: int, counts: VoteCounts, expected: int, present: int,
              status: MotionState, verdict: Mapping[str, Any]) -> None:
    """The counts entered, the roll they were judged on, and the verdict (replacing any earlier)."""
    with store.write(savepoint=False):
        store.conn.execute(
            "UPDATE motions SET method = ?, agree = ?, against = ?, abstain = ?, invalid = ?, issued = ?, "
            "returned = ?, expected_at_vote = ?, present_at_vote = ?, status = ?, verdict = ? WHERE id = ?",
            [counts.method.value, counts.agree, counts.against, counts.abstain, counts.invalid, counts.issued,
             counts.returned, expected, present, MotionState(status).value,
             json.dumps(dict(verdict), ensure_ascii=False, sort_keys=True), motion_id])


def remove_motion(store: Store, motion_id: int) -> None:
    with store.write(savepoint=False):
        store.conn.execute("DELETE FROM motions WHERE id = ?", [motion_id])
