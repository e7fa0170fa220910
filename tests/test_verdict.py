"""RULES.md §6–§7 worked through whole rounds: threshold, ranking, ties, shortfall."""
import pytest

from votekit.core.order import sort_names
from votekit.core.verdict import judge
from votekit.core.vocabulary import (Member, MemberStatus, RoundKind, Status,
                                     WriteIn)
from tests.factories import ballot, name_of, roster, round_record

CANDS = [name_of(i) for i in range(6)]  # 丁宁 于波 万伟 马龙 王芳 卢静


def votes(present, agree_counts, seats=5, issued=None, reduction=None, extra=()):
    """present ballots; candidate i gets agree_counts[i] ○ spread evenly, the rest ×."""
    members = roster(max(present, 10), present)
    circles = [[] for _ in range(present)]
    for name, n in zip(CANDS, agree_counts):
        for k in sorted(range(present), key=lambda k: len(circles[k]))[:n]:
            circles[k].append(name)
    assert all(len(c) <= seats for c in circles), "test data over-marks a ballot"
    ballots = [ballot(agree, [c for c in CANDS if c not in agree]) for agree in circles]
    ballots.extend(extra)
    return round_record(members, CANDS, ballots, seats, issued, reduction=reduction)


def test_strict_majority_of_present():
    # 10 present: 6 passes, 5 (exactly half) fails even as the top vote-getter
    verdict = judge(votes(10, [5, 5, 5, 5, 5, 0], seats=5))
    assert verdict.elected == () and verdict.shortfall == 5
    assert verdict.status is Status.SHORTFALL
    verdict = judge(votes(10, [6, 5, 0, 0, 0, 0], seats=2))
    assert verdict.elected == (CANDS[0],) and verdict.shortfall == 1


def test_base_is_present_not_valid_ballots():
    # 9 present; 2 invalid ballots leave 7 valid; 4 agree is > 7/2 but not > 9/2
    members = roster(9, 9)
    good = [ballot([CANDS[0]]) for _ in range(4)] + [ballot() for _ in range(3)]
    bad = [ballot(CANDS[:3]) for _ in range(2)]  # 3 ○ for 2 seats: invalid
    verdict = judge(round_record(members, CANDS[:3], good + bad, seats=2))
    assert (verdict.valid_ballots, verdict.invalid_ballots) == (7, 2)
    assert verdict.elected == ()


def test_more_passers_than_seats_take_the_highest():
    verdict = judge(votes(20, [14, 13, 12, 11, 10, 0], seats=3))
    assert verdict.elected == tuple(sort_names(CANDS[:3]))
    assert verdict.status is Status.COMPLETE and verdict.runoff is None


def test_tie_straddling_last_seat_means_runoff_among_the_tied():
    verdict = judge(votes(20, [12, 12, 11, 11, 11, 0], seats=3))
    assert [verdict.count_for(c).agree for c in CANDS] == [12, 12, 11, 11, 11, 0]
    assert verdict.elected == tuple(sort_names(CANDS[:2]))
    assert verdict.runoff.names == tuple(sort_names(CANDS[2:5])) and verdict.runoff.seats == 1
    assert verdict.status is Status.RUNOFF_NEEDED and verdict.shortfall == 0
    assert any("再次投票" in m for m in verdict.messages)


def test_tie_inside_the_elected_block_needs_nothing():
    verdict = judge(votes(20, [13, 13, 12, 11, 11, 0], seats=3))
    assert verdict.runoff is None and len(verdict.elected) == 3


def test_tie_exactly_filling_seats_elects_all():
    verdict = judge(votes(10, [10, 8, 8, 2, 2, 0], seats=3))
    assert verdict.count_for(CANDS[1]).agree == 8
    assert verdict.elected == tuple(sort_names(CANDS[:3])) and verdict.runoff is None


def test_shortfall_then_seat_reduction_vote():
    carried = judge(votes(10, [10, 9, 8, 0, 0, 0], seats=5, reduction=6))
    assert carried.elected == tuple(sort_names(CANDS[:3]))
    assert carried.seats_reduced_to == 3 and carried.shortfall == 0
    assert carried.status is Status.COMPLETE
    lost = judge(votes(10, [10, 9, 8, 0, 0, 0], seats=5, reduction=5))  # exactly half
    assert lost.seats_reduced_to is None and lost.shortfall == 2
    assert lost.status is Status.SHORTFALL


def test_seat_reduction_ignored_without_shortfall():
    verdict = judge(votes(10, [10, 9, 8, 7, 6, 0], seats=5, reduction=10))
    assert verdict.seats_reduced_to is None and verdict.status is Status.COMPLETE


def test_returned_more_than_issued_is_void_and_not_counted():
    verdict = judge(votes(10, [10, 10, 10, 10, 10, 0], issued=9))
    assert verdict.status is Status.VOID_MORE_RETURNED and not verdict.election_valid
    assert verdict.tally == () and verdict.elected == () and verdict.shortfall == 5


def test_no_quorum_stops_before_counting():
    members = roster(25, 20)
    verdict = judge(round_record(members, CANDS, [ballot(CANDS[:5])] * 20, seats=5))
    assert verdict.status is Status.NO_QUORUM and verdict.tally == ()
    assert verdict.messages[0] == ("应到会有选举权的党员25人，实到20人，"
                                   "未超过应到会人数的五分之四，会议无效。")


def test_precedence_no_quorum_before_short_slate_before_void():
    members = roster(25, 20)
    verdict = judge(round_record(members, CANDS[:5], [ballot()] * 30, seats=5, issued=20))
    assert verdict.status is Status.NO_QUORUM
    assert not verdict.slate_ok and not verdict.election_valid  # always reported
    members = roster(10, 10)
    verdict = judge(round_record(members, CANDS[:5], [ballot()] * 30, seats=5, issued=20))
    assert verdict.status is Status.SLATE_INVALID


@pytest.mark.parametrize("write_in,elected,reason", [
    (name_of(7), True, None),
    ("预备甲", False, "预备甲是预备党员，没有被选举权"),
    ("外人某", False, "外人某不在本支部党员名册上"),
])
def test_write_in_with_majority_elected_only_with_the_right_to_stand(write_in, elected, reason):
    members = roster(10, 10) + (Member("预备甲", MemberStatus.PROBATIONARY, True),)
    names = [name_of(i) for i in range(3)]
    ballots = [ballot([names[0]], names[1:], [write_in]) for _ in range(6)] + [ballot()] * 4
    verdict = judge(round_record(members, names, ballots, seats=2))
    assert verdict.present == 10  # the probationary member attends but does not count
    assert verdict.count_for(write_in).agree == 6
    assert (write_in in verdict.elected) is elected
    if reason:
        assert any(f"另选人{reason}，其得票不能当选" in m for m in verdict.messages)


def test_blank_ballots_abstain_for_everyone():
    members = roster(5, 5)
    verdict = judge(round_record(members, CANDS[:2], [ballot()] * 5, seats=1))
    assert verdict.valid_ballots == 5
    assert verdict.count_for(CANDS[0]).abstain == 5


def test_equal_election_of_secretary():
    members = roster(5, 5)
    ballots = [ballot([CANDS[0]]) for _ in range(3)] + [ballot((), [CANDS[0]], [CANDS[1]])] * 2
    verdict = judge(round_record(members, CANDS[:1], ballots, seats=1, kind=RoundKind.EQUAL))
    assert verdict.elected == (CANDS[0],) and verdict.min_candidates == 1
    assert verdict.count_for(CANDS[1]).agree == 2
    assert "当选（按姓氏笔画为序）" in " ".join(verdict.messages)


def test_flags_are_counts_never_positions():
    members = roster(5, 5)
    ballots = [ballot((), [CANDS[0]], [WriteIn(CANDS[1])])] + [ballot()] * 4
    verdict = judge(round_record(members, CANDS[:2], ballots, seats=1))
    assert verdict.flags == ("有1张选票：另选栏内写了正式候选人的姓名，不作另选计票，请监票人确认。",)


def test_a_plenary_speaks_of_committee_members_not_of_the_meeting():
    """RULES §2: the plenary's quorum is the committee's; its sentences say 委员."""
    from votekit.core.verdict import worded_for_committee
    committee = roster(5, present=5)
    chosen = committee[0].name
    record = round_record(committee, [chosen], [ballot(agree=[chosen])] * 5, seats=1,
                          kind=RoundKind.EQUAL)
    spoken = worded_for_committee(judge(record).messages)
    assert spoken[0].startswith("应到会委员5人，实到5人，超过应到会人数的五分之四")
    assert not any("有选举权" in m for m in spoken)
