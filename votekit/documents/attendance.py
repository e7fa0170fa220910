"""到会情况 as the paperwork reads it: who was absent and why, who is left out of 应到 (with
both approvals), every vote's frozen roll, and the counts built from the roster."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..core.quorum import counts_in_expected
from ..core.roll import Absent, AbsenceKind, Movement, Roll, absences
from ..core.vocabulary import ExclusionReason, Member


@dataclass(frozen=True)
class Absence:
    name: str
    reason: str                 # bare: 出差、病假 … (stays in 应到); 中途离会: the time HH:MM
    kind: AbsenceKind = AbsenceKind.LEAVE

    @property
    def wording(self) -> str:
        """请假（出差） / 中途离会 10:30 / 未说明原因 — each reason printed once."""
        return Absent(self.name, self.kind, self.reason).wording

    @property
    def note(self) -> str:
        """In brackets after the name: 出差 / 中途离会 10:30 / 未说明原因."""
        return Absent(self.name, self.kind, self.reason).note

    @property
    def phrase(self) -> str:
        """After “××同志”: 出差 / 中途离会 10:30 / 缺席."""
        return "缺席" if self.kind is AbsenceKind.UNEXPLAINED else self.note


@dataclass(frozen=True)
class ExcludedMember:
    name: str
    reason: ExclusionReason
    higher_approved: bool
    meeting_approved: bool
    note: str = ""              # e.g. 2026年3月起赴外地挂职
    higher_approved_on: dt.date | None = None   # 上级党组织同意的日期
    meeting_approved_on: dt.date | None = None  # 党员大会通过的日期

    @property
    def approved(self) -> bool:
        return self.higher_approved and self.meeting_approved


@dataclass(frozen=True)
class VoteRoll:
    """One vote's roll as frozen at its issue, and the arrivals/departures before the next vote."""

    vote: str                   # 委员选举第一轮 / 表决：… / 民主测评
    taken_at: str               # HH:MM
    roll: Roll
    after: tuple[Movement, ...] = ()


@dataclass(frozen=True)
class Attendance:
    """到会情况.  Build it with :meth:`from_roster` so the numbers match the rounds."""

    expected: int                       # 应到会有选举权的正式党员
    present: int                        # 实到
    absent: tuple[Absence, ...]         # 请假 (in 应到)
    excluded: tuple[ExcludedMember, ...]  # 不计入应到 (both approvals recorded)
    non_voting_present: tuple[tuple[str, str], ...] = ()  # (name, 预备党员 …) attending without a vote
    total_members: int = 0              # 党员总数 (正式 + 预备 …)
    full_members: int = 0               # 正式党员数
    members: tuple[Member, ...] = ()    # the roster, for the 签到表
    movements: tuple[Movement, ...] = ()  # 到会、中途离会、返回 during the meeting, with times
    rolls: tuple[VoteRoll, ...] = ()    # every vote's roll in the order taken (会议记录)

    def breakdown(self) -> tuple[tuple[str, int], ...]:
        """党员 by standing, every member counted once (the parts add up to the total):
        有选举权的正式党员, 受留党察看处分的党员, 权利中止的党员, 预备党员."""
        labels = {"full": "有选举权的正式党员", "disciplined": "受留党察看处分的党员",
                  "suspended": "权利中止的党员", "probationary": "预备党员"}
        if not self.members:
            return (("正式党员", self.full_members),
                    ("预备党员", self.total_members - self.full_members))
        counts = {k: sum(1 for m in self.members if m.status.value == k) for k in labels}
        return tuple((labels[k], n) for k, n in counts.items() if n)

    @classmethod
    def from_roster(cls, members: tuple[Member, ...], leave: dict[str, str],
                    notes: dict[str, str] | None = None,
                    approved_on: dict[str, tuple] | None = None,
                    left_at: dict[str, str] | None = None) -> "Attendance":
        """``leave``: 请假 reasons by name; ``left_at``: HH:MM of those who left (中途离会)."""
        notes, approved_on = notes or {}, approved_on or {}
        why = {a.name: a for a in absences(members, leave, left_at or {})}
        absent, excluded, visitors = [], [], []
        for m in members:
            if not m.has_vote:
                if m.present:
                    visitors.append((m.name, m.status.label))
                continue
            if m.name in why:
                absent.append(Absence(m.name, why[m.name].detail, why[m.name].kind))
            elif not counts_in_expected(m):
                e = m.excluded
                excluded.append(ExcludedMember(m.name, e.reason, e.higher_approved,
                                               e.meeting_approved, notes.get(m.name, ""),
                                               *approved_on.get(m.name, (None, None))))
        expected = sum(1 for m in members if counts_in_expected(m))
        present = sum(1 for m in members if m.has_vote and m.present)
        return cls(expected, present, tuple(absent), tuple(excluded), tuple(visitors),
                   len(members), sum(1 for m in members if m.has_vote), members)
