"""Counting the valid ballots and deciding who is elected (RULES.md §5, §7)."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from .names import canonical_name
from .order import sort_names
from .validity import Flag, ReadBallot
from .vocabulary import Count, Member, MemberStatus, RoundStage, Runoff


@dataclass(frozen=True)
class Tally:
    valid: int
    invalid: int
    counts: dict[str, Count]          # candidates first (slate order), then write-ins
    flags: Counter[Flag]              # Flag -> number of ballots showing it
    ignored: Counter[str] = field(default_factory=Counter)  # runoff: name written in -> ballots, counted for nothing


def tally(read: Iterable[ReadBallot], candidates: Sequence[str]) -> Tally:
    """Per candidate: agree + disagree + abstain = valid ballots; write-ins get agree only."""
    agree: Counter[str] = Counter()
    disagree: Counter[str] = Counter()
    written: list[str] = []
    flags: Counter[Flag] = Counter()
    ignored: Counter[str] = Counter()
    valid = invalid = 0
    for ballot in read:
        for flag in set(ballot.flags):
            flags[flag] += 1
        if not ballot.valid:
            invalid += 1
            continue
        valid += 1
        agree.update(ballot.agree)
        agree.update(ballot.written_in)
        disagree.update(ballot.disagree)
        ignored.update(ballot.ignored)
        written.extend(n for n in ballot.written_in if n not in written)
    counts = {c: Count(agree[c], disagree[c], valid - agree[c] - disagree[c]) for c in candidates}
    for name in written:
        counts[name] = Count(agree[name], 0, 0)
    return Tally(valid, invalid, counts, flags, ignored)


def passes_threshold(agree: int, present: int) -> bool:
    """当选: 赞成票超过实到会有选举权人数的半数 — ``2 * agree > present`` (RULES.md §7).

    Exactly half fails, even for the top vote-getter.
    """
    return 2 * agree > present


OUTSIDER = "不在本支部党员名册上"
OUTSIDER_EQUAL = "不在本次选举的选举人名单上（书记、副书记从本次选举的选举人中产生）"


def why_not_electable(name: str, members: Sequence[Member], outsider: str = OUTSIDER) -> str | None:
    """Only a 正式党员 on the roster has 被选举权 (RULES.md §1); else a reason."""
    key = canonical_name(name)
    for member in members:
        if canonical_name(member.name) == key:
            if member.status is MemberStatus.FULL:
                return None
            return f"是{member.status.label}，没有被选举权"
    return outsider


@dataclass(frozen=True)
class Outcome:
    elected: tuple[str, ...]      # 姓氏笔画 order
    runoff: Runoff | None
    shortfall: int
    passed: tuple[str, ...]       # everyone above the threshold, by votes
    ineligible: tuple[tuple[str, str], ...]  # (write-in name, reason) with a majority


def decide(counts: dict[str, Count], seats: int, present: int,
           members: Sequence[Member], stage: RoundStage = RoundStage.FIRST,
           outsider: str = OUTSIDER) -> Outcome:
    """Fill the seats from those above the threshold, most votes first (RULES.md §7).

    A tie straddling the last seat → runoff among the tied for the seats left.
    Fewer passers than seats → ``shortfall`` (另行选举 or seat reduction).
    Seats are never filled from people at or below half.
    """
    if stage is RoundStage.RUNOFF:
        return _most_votes(counts, seats)
    ineligible = []
    passers = []
    for name, count in counts.items():
        if not passes_threshold(count.agree, present):
            continue
        reason = why_not_electable(name, members, outsider)
        if reason is None:
            passers.append(name)
        else:
            ineligible.append((name, reason))
    passers.sort(key=lambda n: -counts[n].agree)
    if len(passers) <= seats:
        return Outcome(tuple(sort_names(passers)), None, seats - len(passers),
                       tuple(passers), tuple(ineligible))
    return _fill(passers, counts, seats, tuple(ineligible))


def _most_votes(counts: dict[str, Count], seats: int) -> Outcome:
    """再次投票: among the tied only, the most agree votes win whether or not above half
    (RULES.md §7); a tie straddling the last seat again → vote again among those still tied."""
    ranked = sorted(counts, key=lambda n: -counts[n].agree)
    if len(ranked) <= seats:
        return Outcome(tuple(sort_names(ranked)), None, seats - len(ranked), tuple(ranked), ())
    return _fill(ranked, counts, seats, ())


def _fill(ranked: list[str], counts: dict[str, Count], seats: int,
          ineligible: tuple[tuple[str, str], ...]) -> Outcome:
    """Seats filled by votes, highest first; a tie across the last seat → runoff among the tied."""
    cutoff = counts[ranked[seats - 1]].agree
    above = [n for n in ranked if counts[n].agree > cutoff]
    tied = [n for n in ranked if counts[n].agree == cutoff]
    if len(above) + len(tied) == seats:
        return Outcome(tuple(sort_names(above + tied)), None, 0, tuple(ranked), ineligible)
    runoff = Runoff(tuple(sort_names(tied)), seats - len(above), cutoff)
    return Outcome(tuple(sort_names(above)), runoff, 0, tuple(ranked), ineligible)


def flag_sentences(flags: Counter[Flag]) -> tuple[str, ...]:
    """Counts of ballots per flag, for the 监票人; never which ballot."""
    return tuple(f"有{flags[f]}张选票：{f.label}，请监票人确认。" for f in Flag if flags.get(f))
