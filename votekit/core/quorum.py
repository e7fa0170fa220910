"""Who counts, and whether the meeting may vote (RULES.md §1–§2).

Pure functions over ``Member`` values; all arithmetic is exact integers.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from .vocabulary import Member, RoundOptions


@dataclass(frozen=True)
class QuorumReport:
    expected: int     # 应到会有选举权人数
    present: int      # 实到会有选举权人数
    min_present: int  # 最少需到
    met: bool
    exact_basis: bool  # met only because exactly 4/5 was allowed
    message: str


def counts_in_expected(member: Member) -> bool:
    """应到: a member with the vote, unless left out with BOTH approvals (RULES.md §1).

    Anyone else who is absent (出差, 病假) stays in 应到.  A member whose
    exclusion was approved but who attends anyway is counted after all, so
    that 实到 can never exceed 应到.
    """
    if not member.has_vote:
        return False
    excluded = member.excluded is not None and member.excluded.approved
    return member.present or not excluded


def expected_count(members: Sequence[Member]) -> int:
    return sum(1 for m in members if counts_in_expected(m))


def present_count(members: Sequence[Member]) -> int:
    """实到: members with the vote who signed in; 预备党员 etc. attend but do not count."""
    return sum(1 for m in members if m.has_vote and m.present)


def min_present(expected: int, allow_exact_four_fifths: bool = False) -> int:
    """Smallest 实到 that makes the meeting valid (RULES.md §2).

    Strict rule ``5 * present > 4 * expected`` gives ``4*expected//5 + 1``;
    with the exact-4/5 option ``5 * present >= 4 * expected`` gives
    ``(4*expected + 4)//5``.  应到 = 0 can never be met, so it needs 1.
    """
    if expected <= 0:
        return 1
    if allow_exact_four_fifths:
        return (4 * expected + 4) // 5
    return 4 * expected // 5 + 1


def quorum_met(expected: int, present: int, allow_exact_four_fifths: bool = False) -> bool:
    """会议有效: 有选举权的到会人数超过应到会人数的五分之四 (条例; RULES.md §2)."""
    if expected <= 0:
        return False
    if allow_exact_four_fifths:
        return 5 * present >= 4 * expected
    return 5 * present > 4 * expected


def quorum_sentence(expected: int, present: int, allow_exact_four_fifths: bool = False,
                    who: str = "有选举权的党员") -> str:
    """The sentence the presiding officer reads out (``who``: 委员 at the committee's plenary)."""
    if expected <= 0:
        return f"名册中没有应到会{who}，会议无效。"
    head = f"应到会{who}{expected}人，实到{present}人，"
    if 5 * present > 4 * expected:
        return head + "超过应到会人数的五分之四，符合规定，会议有效。"
    if allow_exact_four_fifths and 5 * present == 4 * expected:
        return head + "达到应到会人数的五分之四（按选举办法规定，恰好五分之四视为有效），会议有效。"
    return head + "未超过应到会人数的五分之四，会议无效。"


def assess_quorum(members: Sequence[Member], options: RoundOptions = RoundOptions(),
                  who: str = "有选举权的党员") -> QuorumReport:
    expected = expected_count(members)
    present = present_count(members)
    exact = options.allow_exact_four_fifths
    met = quorum_met(expected, present, exact)
    return QuorumReport(
        expected=expected,
        present=present,
        min_present=min_present(expected, exact),
        met=met,
        exact_basis=met and 5 * present == 4 * expected,
        message=quorum_sentence(expected, present, exact, who),
    )
