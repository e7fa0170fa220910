"""Whole elections with random ties, shortfalls, void rounds and seat reductions, driven
through the service layer to a settled committee and its plenary (issue 20).  Each meeting
is the one scenario with random seats, slate and attendance (``rounds_support.meeting``),
played to sign-in by ``rehearsal.play``.

At every step: settled seats ≤ seats, nobody elected twice, every round's verdict equals
`votekit tally` of its export (also after an election-level seat reduction, which leaves the
round's record as counted); once settled: elected = seats, the plenary's electorate is
exactly the elected committee.  Seeded (deterministic); VOTEKIT_RANDOM_ELECTIONS sets how many, VOTEKIT_RANDOM_SEED the seed.
"""
import json
import os
import random
import secrets
import subprocess
import sys
import pytest
from collections import Counter

from votekit.core.order import sort_names
from votekit.core.slate import min_candidates
from votekit.service import ballots, counting, entry, meetings, plenary, sequencing, signin
from votekit.store import open_store
from tests.rounds_support import ACTOR, NAMES, SCRUTINEERS, meeting, retally, start

ELECTIONS = int(os.environ.get("VOTEKIT_RANDOM_ELECTIONS", "60"))
MAX_ROUNDS = 14


def random_pile(rng, names, seats, voters, decisive=False):
    """Ballots in a few identical blocks, so agree counts cluster: ties and shortfalls are common."""
    if decisive:
        return [{"marks": {n: "agree" for n in names[:seats]}, "write_ins": []}] * voters
    pile, left = [], voters
    while left > 0:
        size = min(left, rng.choice((1, 2, 3, 5, 8, 10, 15)))
        chosen = rng.sample(names, rng.randint(0, min(seats, len(names))))
        marks = {n: "agree" for n in chosen}
        if rng.random() < 0.3:
            others = [n for n in names if n not in chosen]
            marks.update({n: "disagree" for n in others[:1]})
        if rng.random() < 0.05:
            marks = {n: "illegible" for n in names[:2]}
        pile += [{"marks": marks, "write_ins": []}] * size
        left -= size
    return pile


def tie_pile(rng, names, seats, voters):
    """Ballots where several candidates above half tie across the last seat (→ 再次投票)."""
    names = rng.sample(names, len(names))
    r = rng.randint(1, seats)
    if r == 1 and seats >= 2:                  # A∪{T1}, A∪{T2}, {T1,T2}: T1 = T2, all above half
        above, (t1, t2) = names[:seats - 1], names[seats - 1:seats + 1]
        both = max(1, voters // 5)
        each = (voters - both) // 2
        return ([{"marks": {n: "agree" for n in above + [t1]}}] * each
                + [{"marks": {n: "agree" for n in above + [t2]}}] * each
                + [{"marks": {t1: "agree", t2: "agree"}}] * both)
    r = max(r, 2)
    above, tied = names[:seats - r], names[seats - r:seats + 1]
    if len(tied) != r + 1 or seats - r < 0:
        return None
    whole = voters - voters % len(tied)        # each tied name left out of 1/(r+1) of the ballots
    pile = [{"marks": {n: "agree" for n in above + [t for j, t in enumerate(tied) if j != i % len(tied)]}}
            for i in range(whole)]
    return pile + [{"marks": {}}] * (voters - whole)


class Driver:
    def __init__(self, rng, store, cli_dir=None):
        self.rng, self.store, self.cli_dir = rng, store, cli_dir
        self.seats = rng.randint(3, 7)
        self.counts = Counter()
        pool = [n for n in NAMES if n not in SCRUTINEERS]
        size = min_candidates(self.seats) + rng.randint(0, 2)
        candidates = rng.sample(pool, size)
        present = set(rng.sample(NAMES, rng.randint(25, 30)))
        e = start(store, meeting(self.seats, candidates, missing=[n for n in NAMES if n not in present],
                                 branch="中共随机支部委员会"))
        self.meeting, self.election = e.meeting_id, e.election_id

    def hold(self, round_id, decisive):
        rnd = meetings.get_round(self.store, round_id)
        names = list(entry.candidates_of(self.store, round_id))
        present = signin.quorum(self.store, self.meeting).present
        assert ballots.issue_ballots(self.store, ACTOR, round_id, present).ok
        if not decisive and self.rng.random() < 0.06:            # more returned than issued
            assert ballots.record_returned(self.store, ACTOR, round_id, present + 1).ok
            self.counts["voids"] += 1
        else:
            voters = present - self.rng.randint(0, 2)
            pile = None
            if not decisive and rnd.kind != "runoff" and self.rng.random() < 0.35:
                pile = tie_pile(self.rng, names, rnd.seats, voters)
            pile = pile or random_pile(self.rng, names, rnd.seats, voters, decisive)
            for b in pile:
                assert entry.submit(self.store, "计票人", round_id, b, secrets.token_hex(16)).ok
            assert ballots.record_returned(self.store, ACTOR, round_id, len(pile)).ok
        out = counting.close_round(self.store, ACTOR, round_id)
        assert out.ok, out.message
        return out.value

    def check(self):
        p = sequencing.progress(self.store, self.election)
        assert p.seats <= self.seats and len(p.elected) <= p.seats
        assert len(set(p.elected)) == len(p.elected), p.elected
        for rnd in meetings.rounds(self.store, self.election):
            st = entry.state(self.store, rnd.id)
            if st.status == "closed":
                assert retally(self.store, rnd.id) == st.verdict_data
        return p

    def tally_by_cli(self):
        """Every closed round's export counted again by `votekit tally` as its own process."""
        for rnd in meetings.rounds(self.store, self.election):
            st = entry.state(self.store, rnd.id)
            if st.status != "closed":
                continue
            path = self.cli_dir / f"round-{rnd.id}.json"
            path.write_text(json.dumps(counting.export_round(self.store, rnd.id), ensure_ascii=False),
                            encoding="utf-8")
            proc = subprocess.run([sys.executable, "-m", "votekit", "tally", str(path)], capture_output=True,
                                  text=True, encoding="utf-8", timeout=60)
            assert proc.returncode == 0, proc.stderr
            assert json.loads(proc.stdout) == st.verdict_data
            self.counts["rounds_by_cli"] += 1

    def next_step(self, p, round_id, held):
        offered = [s.value for s in p.offered]
        if "revote" in offered:
            return counting.next_round(self.store, ACTOR, round_id, "revote").value
        if "runoff" in offered:
            self.counts["runoffs"] += 1
            return counting.next_round(self.store, ACTOR, round_id, "runoff").value
        if "reduce" in offered and self.rng.random() < 0.35:
            verdict = entry.state(self.store, round_id).verdict_data
            yes = self.rng.randint(0, verdict["present"])
            whole = not verdict["elected"]       # after a round that elected nobody: the election's vote
            out = counting.record_seat_reduction(self.store, ACTOR, round_id, yes)
            assert out.ok, out.message
            self.counts["election_reduction_votes" if whole else "reduction_votes"] += 1
            if whole:      # the round's record and its `votekit tally` verdict stay as counted
                assert retally(self.store, round_id) == verdict and verdict["status"] == "shortfall"
                assert "seat_reduction_vote" not in counting.export_round(self.store, round_id)
            if out.value["seats_reduced_to"] is not None:
                self.counts["election_reductions" if whole else "reductions"] += 1
                assert self.check().settled and len(p.elected) >= 1       # never to 0
                return None
            p = self.check()
        assert [s.value for s in p.offered][0] == "further"
        return self.further(p, round_id)

    def further(self, p, round_id):
        pool = [n for n in NAMES if n not in SCRUTINEERS and n not in p.elected]
        if self.rng.random() < 0.15:                             # a slate that must be refused
            bad = self.rng.choice([list(p.elected[:1]) + pool[:min_candidates(p.short) - 1],
                                   list(SCRUTINEERS[:1]) + pool[:min_candidates(p.short) - 1],
                                   pool[:min_candidates(p.short) - 1]])
            refused = counting.next_round(self.store, ACTOR, round_id, "further", bad)
            assert not refused.ok and refused.message
            self.counts["refused_slates"] += 1
        names = self.rng.sample(pool, min_candidates(p.short) + self.rng.randint(0, 1))
        out = counting.next_round(self.store, ACTOR, round_id, "further", names)
        assert out.ok, out.message
        self.counts["furthers"] += 1
        return out.value

    def run(self):
        round_id = meetings.current_round(self.store, self.election).id
        for held in range(MAX_ROUNDS):
            self.counts["rounds"] += 1
            self.hold(round_id, decisive=held >= MAX_ROUNDS - 4)
            p = self.check()
            if p.settled:
                break
            early = plenary.open_plenary(self.store, ACTOR, self.meeting, list(p.elected), "")
            assert not early.ok
            round_id = self.next_step(p, round_id, held)
            if round_id is None:
                break
        p = self.check()
        assert p.settled and len(p.elected) == p.seats >= 1
        committee = plenary.committee(self.store, self.meeting)
        assert committee == tuple(sort_names(p.elected))
        assert plenary.open_plenary(self.store, ACTOR, self.meeting, list(committee), committee[0]).ok
        assert tuple(m.name for m in plenary.plenary_members(self.store, self.meeting)) == committee
        if self.cli_dir is not None:
            self.tally_by_cli()
        return self.counts


@pytest.mark.slow
def test_random_elections_settle_with_the_invariants_held(tmp_path):
    rng = random.Random(int(os.environ.get("VOTEKIT_RANDOM_SEED", "20261130")))
    totals = Counter()
    for i in range(ELECTIONS):
        with open_store(":memory:") as store:       # the first 6 elections also through the CLI
            totals += Driver(rng, store, tmp_path if i < 6 else None).run()
        totals["elections"] += 1
    print("\nrandom elections:", dict(sorted(totals.items())))
    assert totals["elections"] == ELECTIONS
    for kind in ("runoffs", "furthers", "reductions", "election_reductions", "voids", "refused_slates"):
        assert totals[kind] > 0, f"no {kind} in {ELECTIONS} elections: the generator must reach them"
