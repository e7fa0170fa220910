"""Hypothesis properties of counting: conservation of votes, order independence, no over-marks."""
from hypothesis import given, settings, strategies as st

from votekit.core.validity import read_ballot
from votekit.core.verdict import judge
from votekit.core.vocabulary import Ballot, Mark, RoundKind, Status, WriteIn, WriteInMark
from tests.factories import name_of, roster, round_record

CANDS = [name_of(i) for i in range(7)]
WRITE_IN_POOL = [name_of(i) for i in range(7, 12)] + ["外人某", "预备甲"]


@st.composite
def ballots(draw, candidates=CANDS):
    if draw(st.integers(0, 30)) == 0:
        return Ballot(illegible=True)
    marks = {c: draw(st.sampled_from(list(Mark))) for c in candidates if draw(st.booleans())}
    write_ins = draw(st.lists(st.builds(WriteIn, st.sampled_from(WRITE_IN_POOL + CANDS[:1]),
                                        st.sampled_from(list(WriteInMark))), max_size=3))
    return Ballot.of(marks, write_ins)


@st.composite
def rounds(draw):
    seats = draw(st.integers(1, 5))
    n_cands = draw(st.integers(seats + (seats + 4) // 5, 7))
    present = draw(st.integers(1, 14))
    members = roster(14, present)
    papers = draw(st.lists(ballots(CANDS[:n_cands]), min_size=0, max_size=present))
    return round_record(members, CANDS[:n_cands], papers, seats, issued=present)


@settings(max_examples=200, deadline=None)
@given(rounds())
def test_conservation_of_votes(record):
    verdict = judge(record)
    if verdict.status in (Status.NO_QUORUM, Status.SLATE_INVALID, Status.VOID_MORE_RETURNED):
        return
    assert verdict.valid_ballots + verdict.invalid_ballots == len(record.ballots)
    for name in record.candidates:
        count = verdict.count_for(name)
        assert count.agree + count.disagree + count.abstain == verdict.valid_ballots
        assert min(count.agree, count.disagree, count.abstain) >= 0


@settings(max_examples=150, deadline=None)
@given(rounds(), st.randoms(use_true_random=False))
def test_ballot_order_never_changes_the_verdict(record, rnd):
    shuffled = list(record.ballots)
    rnd.shuffle(shuffled)
    other = round_record(record.members, record.candidates, shuffled, record.seats,
                         record.ballots_issued)
    first, second = judge(record), judge(other)
    assert dict(first.tally) == dict(second.tally)
    assert (first.elected, first.runoff, first.status) == (second.elected, second.runoff,
                                                           second.status)


@settings(max_examples=300, deadline=None)
@given(ballots(), st.integers(1, 5))
def test_no_ballot_with_more_circles_than_seats_is_counted(paper, seats):
    read = read_ballot(paper, CANDS, seats)
    circles = sum(1 for _, m in paper.marks if m is Mark.AGREE)
    if circles > seats:
        assert not read.valid
    if read.valid:
        assert read.selected <= seats


@settings(max_examples=150, deadline=None)
@given(rounds())
def test_everyone_elected_has_a_strict_majority_and_seats_are_not_exceeded(record):
    verdict = judge(record)
    for name in verdict.elected:
        assert 2 * verdict.count_for(name).agree > verdict.present
    taken = len(verdict.elected) + (verdict.runoff.seats if verdict.runoff else 0)
    assert taken + verdict.shortfall == record.seats
    if verdict.status is Status.COMPLETE:
        assert verdict.shortfall == 0


def test_equal_kind_round_runs_through_properties_helpers():
    record = round_record(roster(3, 3), CANDS[:1], [Ballot.of({CANDS[0]: Mark.AGREE})] * 3, 1,
                          kind=RoundKind.EQUAL)
    assert judge(record).elected == (CANDS[0],)
