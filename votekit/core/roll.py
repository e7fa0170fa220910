"""Who was there for one vote: the roll taken when its ballots are handed out (RULES.md §1).

"实到 is fixed per vote": the 实到 of a round (or a 表决, a 测评) is the number of
members with the vote present when its ballots are issued, recorded with their
names then.  Later arrivals and departures change the next vote, not this one.

An absent member is either 请假 (with the reason the secretary recorded: 出差,
病假 …), 中途离会 (with the time), or 缺席 without a recorded reason.  A reason
is kept bare ("出差"), so that it is printed once: never "请假（请假（出差））".
Pure: standard library and core only.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from typing import Any

from .quorum import counts_in_expected
from .vocabulary import Exclusion, ExclusionReason, Member, MemberStatus

LEAVE_REASONS = ("出差", "病假", "事假", "公务", "其他")  # the one-click 请假 reasons
_WRAPPERS = re.compile(r"^(?:缺席|请假|因)[：:]?\s*[（(](.*)[)）]$|^(?:缺席|请假)[：:]\s*(.*)$")


class AbsenceKind(Enum):
    LEAVE = "leave"              # 请假（出差）: stays in 应到
    LEFT = "left"                # 中途离会 HH:MM
    UNEXPLAINED = "unexplained"  # 缺席（未说明原因）


def bare_reason(text: str) -> str:
    """"请假（出差）", "请假：出差", "（出差）" → "出差"; repeated wrappers are peeled too."""
    reason = (text or "").strip()
    while True:
        found = _WRAPPERS.match(reason)
        if found:
            reason = (found.group(1) if found.group(1) is not None else found.group(2)).strip()
            continue
        if len(reason) >= 2 and reason[0] in "（(" and reason[-1] in "）)":
            reason = reason[1:-1].strip()
            continue
        if reason == "请假":
            return ""
        return reason


@dataclass(frozen=True)
class Absent:
    name: str
    kind: AbsenceKind
    detail: str = ""   # 请假: the bare reason; 中途离会: HH:MM

    @property
    def wording(self) -> str:
        """As a secretary writes it after the name: 请假（出差） / 中途离会 10:30 / 未说明原因."""
        if self.kind is AbsenceKind.LEFT:
            return f"中途离会 {self.detail}".strip()
        if self.kind is AbsenceKind.LEAVE:
            return f"请假（{self.detail}）" if self.detail else "请假"
        return "未说明原因"

    @property
    def note(self) -> str:
        """In brackets after the name in a list: 王五（出差）, 赵六（中途离会 10:30）."""
        if self.kind is AbsenceKind.LEAVE:
            return self.detail or "请假"
        return self.wording


@dataclass(frozen=True)
class Movement:
    """An arrival or a departure during the meeting (签到 after the start, 离会, 返回)."""

    name: str
    kind: str          # "arrive" | "leave" | "return"
    at: str            # HH:MM

    @property
    def wording(self) -> str:
        return {"arrive": f"{self.at} {self.name}到会", "leave": f"{self.at} {self.name}中途离会",
                "return": f"{self.at} {self.name}返回会场"}[self.kind]


@dataclass(frozen=True)
class Roll:
    """The members as they stood when one vote's ballots were issued."""

    taken_at: str                       # HH:MM (empty if unknown)
    members: tuple[Member, ...]         # the roster with ``present`` as it was then
    absent: tuple[Absent, ...] = ()     # members with the vote in 应到 who were not there

    @property
    def expected(self) -> int:
        return sum(1 for m in self.members if counts_in_expected(m))

    @property
    def present(self) -> int:
        return sum(1 for m in self.members if m.has_vote and m.present)

    @property
    def present_names(self) -> tuple[str, ...]:
        return tuple(m.name for m in self.members if m.has_vote and m.present)

    @property
    def observers(self) -> tuple[str, ...]:
        """列席: present without the vote (预备党员 …), counted apart."""
        return tuple(m.name for m in self.members if not m.has_vote and m.present)

    @property
    def absent_wording(self) -> str:
        """缺席：王五（出差）、赵六（中途离会 10:30）; empty when all were there."""
        if not self.absent:
            return ""
        return "缺席：" + "、".join(f"{a.name}（{a.note}）" for a in self.absent)

    @property
    def sentence(self) -> str:
        """应到12人，实到11人（缺席：…）。 — the line printed before each vote's result."""
        tail = f"（{self.absent_wording}）" if self.absent else ""
        return f"应到{self.expected}人，实到{self.present}人{tail}。"


def absences(members: tuple[Member, ...], on_leave: dict[str, str],
             left_at: dict[str, str]) -> tuple[Absent, ...]:
    """Who is missing from 应到 and why: 中途离会 wins over an older 请假 note."""
    out = []
    for m in members:
        if not counts_in_expected(m) or m.present:
            continue
        if m.name in left_at:
            out.append(Absent(m.name, AbsenceKind.LEFT, left_at[m.name]))
        elif m.name in on_leave and on_leave[m.name] is not None:
            out.append(Absent(m.name, AbsenceKind.LEAVE, bare_reason(on_leave[m.name])))
        else:
            out.append(Absent(m.name, AbsenceKind.UNEXPLAINED))
    return tuple(out)


def take_roll(members: tuple[Member, ...], on_leave: dict[str, str], left_at: dict[str, str],
              taken_at: str = "") -> Roll:
    return Roll(taken_at, tuple(members), absences(tuple(members), on_leave, left_at))


def changes(before: Roll, after: Roll) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Between two votes: (who came, who went) among members with the vote."""
    was, now = set(before.present_names), set(after.present_names)
    return (tuple(n for n in after.present_names if n not in was),
            tuple(n for n in before.present_names if n not in now))


def roll_to_data(roll: Roll) -> dict[str, Any]:
    """JSON-safe form (the store keeps it as text; the archive prints it)."""
    return {"taken_at": roll.taken_at, "expected": roll.expected, "present": roll.present,
            "members": [{"name": m.name, "status": m.status.value, "present": m.present,
                         "excluded": None if m.excluded is None else
                         {"reason": int(m.excluded.reason), "higher_approved": m.excluded.higher_approved,
                          "meeting_approved": m.excluded.meeting_approved}} for m in roll.members],
            "absent": [{"name": a.name, "kind": a.kind.value, "detail": a.detail} for a in roll.absent]}


def roll_from_data(data: dict[str, Any]) -> Roll:
    members = tuple(
        Member(m["name"], MemberStatus(m["status"]), bool(m["present"]),
               None if not m.get("excluded") else
               Exclusion(ExclusionReason(m["excluded"]["reason"]), bool(m["excluded"]["higher_approved"]),
                         bool(m["excluded"]["meeting_approved"])))
        for m in data["members"])
    absent = tuple(Absent(a["name"], AbsenceKind(a["kind"]), a.get("detail", "")) for a in data["absent"])
    return Roll(data.get("taken_at", ""), members, absent)
