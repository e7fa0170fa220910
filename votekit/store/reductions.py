"""Seat-reduction votes taken for a whole election (RULES.md §7), after a round that elected
nobody while earlier rounds elected someone: the seats still short are dropped, never to 0.

A reduction voted on a round that elected someone stays in that round's record (its
``seat_reduction_vote``, TALLY-JSON); this table holds only the election-level ones.
"""
from __future__ import annotations

from dataclasses import dataclass

from . import Store


@dataclass(frozen=True)
class ElectionReduction:
    """减少名额的举手表决 after ``round_id``: 实到, 同意, the seats before and (carried) after."""

    round_id: int
    election_id: int
    present: int
    yes: int
    seats_before: int
    seats_after: int | None          # None: not carried

    @property
    def carried(self) -> bool:
        return self.seats_after is not None


def of_election(store: Store, election_id: int) -> dict[int, ElectionReduction]:
    """The election's reduction votes by the round they followed."""
    rows = store.query("SELECT round_id, election_id, present, yes, seats_before, seats_after "
                       "FROM election_reductions WHERE election_id = ?", [election_id])
    return {r["round_id"]: ElectionReduction(**r) for r in rows}


def record(store: Store, vote: ElectionReduction, actor: str) -> None:
    with store.write(savepoint=False):
        store.conn.execute(
            "INSERT INTO election_reductions (round_id, election_id, present, yes, seats_before, seats_after, "
            "recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [vote.round_id, vote.election_id, vote.present, vote.yes, vote.seats_before, vote.seats_after, actor])
