"""Ballot validity and election validity (RULES.md §5–§6).

A ballot is read into a ``ReadBallot``: the votes it gives and the points a
监票人 must confirm.  Validity rests only on the number of names marked ○.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Mapping, Sequence

from .names import name_index, resolve
from .vocabulary import Ballot, Mark, RoundOptions, RoundStage, WriteInMark


class Flag(Enum):
    """Points on a ballot the 监票人 must see; each counts ballots, never names a voter."""

    UNMARKED_WRITE_IN = "unmarked_write_in"        # 另选他人未画○
    WRITE_IN_WITHOUT_DISAGREE = "write_in_extra"   # 另选人数多于×的数量
    WRITE_IN_OF_CANDIDATE = "write_in_candidate"   # 另选了名单上的候选人
    DUPLICATE_WRITE_IN = "duplicate_write_in"      # 同一人另选两次
    ILLEGIBLE_MARK = "illegible_mark"              # 个别符号无法辨认，按弃权
    WRITE_IN_IN_RUNOFF = "write_in_runoff"         # 再次投票不另选他人

    @property
    def label(self) -> str:
        return _FLAG_LABELS[self]


_FLAG_LABELS = {
    Flag.UNMARKED_WRITE_IN: "另选他人的姓名上方未画“○”，该另选人不计票",
    Flag.WRITE_IN_WITHOUT_DISAGREE: "另选他人的人数多于画“×”的人数（只有不赞成的才能另选他人），仍计票",
    Flag.WRITE_IN_OF_CANDIDATE: "另选栏内写了正式候选人的姓名，不作另选计票",
    Flag.DUPLICATE_WRITE_IN: "同一张选票上重复另选同一人，只计一次",
    Flag.ILLEGIBLE_MARK: "个别候选人上方的符号无法辨认，该候选人按弃权计",
    Flag.WRITE_IN_IN_RUNOFF: "再次投票不另选他人，选票上另写的姓名不计票",
}


@dataclass(frozen=True)
class ReadBallot:
    valid: bool
    agree: tuple[str, ...]          # listed candidates marked ○
    disagree: tuple[str, ...]       # listed candidates marked ×
    written_in: tuple[str, ...]     # write-ins counted as ○
    selected: int                   # names marked ○, listed + written in
    flags: tuple[Flag, ...]
    ignored: tuple[str, ...] = ()   # runoff: names written in, which count for nothing


def read_ballot(ballot: Ballot, candidates: Sequence[str], seats: int,
                options: RoundOptions = RoundOptions(), stage: RoundStage = RoundStage.FIRST,
                roster: Mapping[str, str] | None = None) -> ReadBallot:
    """Apply RULES.md §5 to one ballot.

    - wholly illegible (or every mark illegible, nothing written in) → invalid;
    - write-ins: counted when marked ○ (or, with ``count_unmarked_write_in``,
      when written without ○); a listed candidate written in is not a second
      vote; the same person twice counts once; names are compared by the one
      identity (``core.names``) and resolved to the roster's spelling (``roster``:
      canonical form → spelling);
    - in a runoff nothing written in counts (不另选他人): it is kept apart and flagged;
    - valid iff names selected (listed ○ + counted write-ins) ≤ seats.
      × marks are not "selected"; a blank ballot is valid.
    """
    if ballot.illegible or _all_illegible(ballot):
        return ReadBallot(False, (), (), (), 0, ())
    listed = set(candidates)
    index = {**(roster or {}), **name_index(candidates)} if ballot.write_ins else {}
    flags: list[Flag] = []
    marks = dict(ballot.marks)
    agree = tuple(c for c in candidates if marks.get(c) is Mark.AGREE)
    disagree = tuple(c for c in candidates if marks.get(c) is Mark.DISAGREE)
    if Mark.ILLEGIBLE in marks.values():
        flags.append(Flag.ILLEGIBLE_MARK)
    written: list[str] = []
    for write_in in ballot.write_ins:
        name = resolve(write_in.name, index)
        if write_in.mark is WriteInMark.NONE:
            flags.append(Flag.UNMARKED_WRITE_IN)
            if not options.count_unmarked_write_in:
                continue
        if name in listed:
            flags.append(Flag.WRITE_IN_OF_CANDIDATE)
        elif name in written:
            flags.append(Flag.DUPLICATE_WRITE_IN)
        elif name:
            written.append(name)
    if stage is RoundStage.RUNOFF and written:
        flags.append(Flag.WRITE_IN_IN_RUNOFF)
        return ReadBallot(len(agree) <= seats, agree, disagree, (), len(agree), tuple(flags),
                          tuple(written))
    if len(written) > len(disagree):
        flags.append(Flag.WRITE_IN_WITHOUT_DISAGREE)
    selected = len(agree) + len(written)
    return ReadBallot(selected <= seats, agree, disagree, tuple(written), selected, tuple(flags))


def _all_illegible(ballot: Ballot) -> bool:
    """Every mark illegible and nothing written in: nothing on it can be read (RULES.md §5)."""
    return (bool(ballot.marks) and not ballot.write_ins
            and all(mark is Mark.ILLEGIBLE for _, mark in ballot.marks))


def election_valid(returned: int, issued: int) -> bool:
    """选举有效: 收回的选票等于或少于发出的选票 (RULES.md §6); more → void, re-run."""
    return returned <= issued


def election_sentence(returned: int, issued: int) -> str:
    head = f"本次选举共发出选票{issued}张，收回{returned}张，"
    if returned < issued:
        return head + "收回的选票少于发出的选票，选举有效。"
    if returned == issued:
        return head + "收回的选票等于发出的选票，选举有效。"
    return head + "收回的选票多于发出的选票，选举无效，须重新进行选举。"
