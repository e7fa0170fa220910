"""The slate of candidates and the 差额 differential (RULES.md §3–§4)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from .vocabulary import Member, RoundKind


def min_candidates(seats: int, kind: RoundKind = RoundKind.COMPETITIVE) -> int:
    """Fewest candidates allowed (RULES.md §3).

    差额: at least 20 % more candidates than seats, rounded up (进一法):
    ``seats + ceil(seats/5)`` = ``seats + (seats + 4)//5`` → 3→4, 5→6, 6→8, 7→9.
    等额: exactly one candidate per seat.
    """
    if kind is RoundKind.EQUAL:
        return seats
    return seats + (seats + 4) // 5


def differential_percent(seats: int, candidates: int) -> int:
    """差额比例 in whole per cent, rounded down, for 选举办法 wording."""
    if seats <= 0:
        return 0
    return (candidates - seats) * 100 // seats


@dataclass(frozen=True)
class SlateCheck:
    ok: bool
    min_candidates: int
    problems: tuple[str, ...]


def check_slate(kind: RoundKind, seats: int, candidates: Sequence[str],
                members: Sequence[Member], scrutineers: Sequence[str] = ()) -> SlateCheck:
    """Is this slate one the meeting may vote on?  Problems are Chinese sentences."""
    need = min_candidates(seats, kind)
    problems: list[str] = []
    count = len(candidates)
    if kind is RoundKind.COMPETITIVE and count < need:
        problems.append(
            f"应选{seats}名，差额选举的候选人应多于应选人数不少于20%，即至少{need}名，"
            f"现有候选人{count}名，候选人名单不符合规定。")
    if kind is RoundKind.EQUAL and count != seats:
        problems.append(f"等额选举应选{seats}名，候选人应为{seats}名，现有{count}名。")
    if len(set(candidates)) != count:
        problems.append("候选人名单中有重复的姓名。")
    by_name = {m.name: m for m in members}
    for name in candidates:
        member = by_name.get(name)
        if member is None:
            problems.append(f"候选人{name}不在党员名册上。")
        elif not member.has_vote:
            problems.append(f"候选人{name}是{member.status.label}，没有被选举权。")
        if name in scrutineers:
            problems.append(f"{name}是候选人，不能担任监票人。")
    return SlateCheck(ok=not problems, min_candidates=need, problems=tuple(problems))
