"""The roll of each vote: who was present when its ballots were issued (RULES.md §1).

``freeze`` takes the roll once — when a round's ballots (or a 表决's, a 测评's
sheets) are handed out — and keeps it for good: the verdict, the documents and
``count-export`` read that roll, so a member who arrives or leaves afterwards
changes the next vote, not this one.  ``current`` is the roll as it would be
taken now; ``movements`` are the arrivals and departures with their times.
"""
from __future__ import annotations

from typing import Any

from ..core.quorum import QuorumReport, assess_quorum
from ..core.roll import Movement, Roll, changes, take_roll
from ..core.vocabulary import RoundOptions
from ..store import Store
from ..store import attendance as rows
from ..store import roster
from . import audit

MOVE_KINDS = ("arrive", "leave", "return")


def vote_key(kind: str, vote_id: int) -> str:
    """'round' | 'motion' | 'appraisal' and its id: the roll's name."""
    assert kind in ("round", "motion", "appraisal"), kind
    return f"{kind}:{vote_id}"


def clock(stamp: str | None) -> str:
    return stamp[11:16] if stamp and len(stamp) >= 16 else ""


def current(store: Store, meeting_id: int) -> Roll:
    """Who is here now, and why the others are not."""
    members, on_leave, left_at = [], {}, {}
    for entry in roster.entries(store, meeting_id):
        member = entry.member
        members.append(member)
        if entry.left_at and not member.present:
            left_at[member.name] = clock(entry.left_at)
        elif entry.absence:
            on_leave[member.name] = entry.absence
    return take_roll(tuple(members), on_leave, left_at, clock(store.now()))


def roll_for(store: Store, vote: str) -> Roll | None:
    return rows.roll_of(store, vote)


def freeze(store: Store, actor: str, meeting_id: int, vote: str,
           options: RoundOptions = RoundOptions()) -> tuple[Roll, QuorumReport]:
    """The vote's roll and its quorum: taken now (kept only if the quorum holds) unless it
    was taken before, in which case the old roll stands for good."""
    with store.write():
        roll = rows.roll_of(store, vote)
        fresh = roll is None
        roll = roll or current(store, meeting_id)
        report = assess_quorum(roll.members, options)
        if fresh and report.met:
            keep(store, actor, meeting_id, vote, roll)
    return roll, report


def keep(store: Store, actor: str, meeting_id: int, vote: str, roll: Roll) -> None:
    """Record a vote's roll (audited with the names)."""
    with store.write():
        rows.save_roll(store, vote, meeting_id, store.now(), roll)
        audit.record(store, actor, "清点到会人数", {
            "vote": vote, "expected": roll.expected, "present": roll.present,
            "present_names": list(roll.present_names),
            "absent": [f"{a.name}（{a.wording}）" for a in roll.absent]}, meeting_id)


def roll_now(store: Store, vote: str, meeting_id: int) -> Roll:
    """The vote's frozen roll, or the roll as it would be taken now."""
    return rows.roll_of(store, vote) or current(store, meeting_id)


def members_for(store: Store, vote: str, meeting_id: int) -> tuple:
    """The core members of a vote: as frozen at its issue, else as they are now."""
    return roll_now(store, vote, meeting_id).members


def movements(store: Store, meeting_id: int) -> tuple[Movement, ...]:
    return tuple(Movement(m.name, m.kind, clock(m.at)) for m in rows.moves(store, meeting_id))


def record_move(store: Store, meeting_id: int, member_id: int, kind: str, at: str) -> None:
    assert kind in MOVE_KINDS, kind
    rows.add_move(store, meeting_id, member_id, kind, at)


def since_last_vote(store: Store, meeting_id: int) -> dict[str, Any]:
    """For the projector and the desk: the last vote's 实到, who came and went since, 实到 now."""
    taken = rows.rolls(store, meeting_id)
    now = current(store, meeting_id)
    if not taken:
        return {"last_vote": None, "moves": [], "present_now": now.present, "expected_now": now.expected}
    last = taken[-1]
    came, went = changes(last.roll, now)
    moves = [m for m in rows.moves(store, meeting_id) if m.id > last.moves_upto]
    return {"last_vote": last.vote, "last_present": last.roll.present, "last_taken_at": clock(last.taken_at),
            "came": list(came), "went": list(went),
            "moves": [Movement(m.name, m.kind, clock(m.at)).wording for m in moves],
            "present_now": now.present, "expected_now": now.expected}


def timeline(store: Store, meeting_id: int) -> tuple[tuple[str, str, Roll, tuple[Movement, ...]], ...]:
    """Every vote's roll in order with the arrivals and departures before the next one:
    (vote, taken at HH:MM, roll, moves after it) — for the 会议记录."""
    taken = rows.rolls(store, meeting_id)
    all_moves = rows.moves(store, meeting_id)
    out = []
    for index, taken_roll in enumerate(taken):
        until = taken[index + 1].moves_upto if index + 1 < len(taken) else None
        after = tuple(Movement(m.name, m.kind, clock(m.at)) for m in all_moves
                      if m.id > taken_roll.moves_upto and (until is None or m.id <= until))
        out.append((taken_roll.vote, clock(taken_roll.taken_at), taken_roll.roll, after))
    return tuple(out)
