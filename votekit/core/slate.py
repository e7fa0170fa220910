"""The slate of candidates and the 差额 differential (RULES.md §3–§4)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from .names import canonical_name, name_index, repeated
from .vocabulary import Member, RoundKind, RoundStage


def min_candidates(seats: int, kind: RoundKind = RoundKind.COMPETITIVE,
                   stage: RoundStage = RoundStage.FIRST) -> int:
    """Fewest candidates allowed (RULES.md §3, §7).

    差额: at least 20 % more candidates than seats, rounded up (进一法):
    ``seats + ceil(seats/5)`` = ``seats + (seats + 4)//5`` → 3→4, 5→6, 6→8, 7→9.
    等额: exactly one candidate per seat.
    再次投票 among the tied: no differential, only more tied than seats (7 for 6 is valid).
    """
    if stage is RoundStage.RUNOFF:
        return seats + 1
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
                members: Sequence[Member], scrutineers: Sequence[str] = (),
                stage: RoundStage = RoundStage.FIRST, elected: Sequence[str] = ()) -> SlateCheck:
    """Is this slate one the meeting may vote on?  Problems are Chinese sentences.

    ``elected``: people this election has already elected (另行选举 may not put them up again).
    Names are compared by the one identity (``core.names``).
    """
    need = min_candidates(seats, kind, stage)
    problems: list[str] = []
    count = len(candidates)
    if stage is RoundStage.RUNOFF:
        if count < need:
            problems.append(f"再次投票在得票相等的{count}人中进行，应多于余下的{seats}个名额。")
    elif kind is RoundKind.COMPETITIVE and count < need:
        what = "另行选举" if stage is RoundStage.FURTHER else "差额选举"
        problems.append(
            f"应选{seats}名，{what}的候选人应多于应选人数不少于20%，即至少{need}名，"
            f"现有候选人{count}名，候选人名单不符合规定。")
    if kind is RoundKind.EQUAL and stage is not RoundStage.RUNOFF and count != seats:
        problems.append(f"等额选举应选{seats}名，候选人应为{seats}名，现有{count}名。")
    if repeated(candidates):
        problems.append(f"候选人名单中有重复的姓名：{'、'.join(repeated(candidates))}。")
    problems += _person_problems(candidates, members, scrutineers, elected)
    return SlateCheck(ok=not problems, min_candidates=need, problems=tuple(problems))


def _person_problems(candidates: Sequence[str], members: Sequence[Member],
                     scrutineers: Sequence[str], elected: Sequence[str]) -> list[str]:
    by_key = {canonical_name(m.name): m for m in members}
    staff = name_index(scrutineers)
    done = name_index(elected)
    problems = []
    for name in candidates:
        key = canonical_name(name)
        member = by_key.get(key)
        if member is None:
            problems.append(f"候选人{name}不在党员名册上。")
        elif not member.has_vote:
            problems.append(f"候选人{name}是{member.status.label}，没有被选举权。")
        if key in done:
            problems.append(f"{name}已经当选，不能再作为另行选举的候选人。")
        if key in staff:
            problems.append(f"{name}是候选人，不能担任监票人。")
    return problems
