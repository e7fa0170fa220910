"""An election's result over its rounds: who is elected, how many seats, what is still open.

Read from the stored verdicts only (no counting here), so the modules that close a
count, print papers or hold the plenary can all ask for it without importing each other.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..core.order import sort_names
from ..store import Store
from ..store import rounds as stored
from ..store.records import Election, Round, RoundStatus


@dataclass(frozen=True)
class ElectionResult:
    election: Election
    elected: tuple[str, ...]      # 姓氏笔画 order
    seats: int                    # after any seat reduction voted by the meeting
    complete: bool
    open_round: Round | None      # the round still being counted, if any

    def __getitem__(self, name: str):   # read like the dict it replaced (templates, older callers)
        return getattr(self, name)


def election_result(store: Store, election_id: int) -> ElectionResult:
    """Everyone elected over the election's closed rounds, and what is still open."""
    election = stored.get_election(store, election_id)
    states = stored.states_of(store, election_id)
    elected: list[str] = []
    seats = election.seats
    pending = None
    for rnd in stored.rounds_of(store, election_id):
        st = states[rnd.id]
        if st.status is not RoundStatus.CLOSED:
            pending = rnd if st.status is RoundStatus.OPEN else pending
            continue
        verdict = st.verdict
        elected += verdict.elected
        if verdict.seats_reduced_to is not None:
            seats -= rnd.seats - verdict.seats_reduced_to
        pending = None
    return ElectionResult(election, tuple(sort_names(elected)), seats,
                          len(elected) >= seats and pending is None, pending)
