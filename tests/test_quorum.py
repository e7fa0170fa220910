"""RULES.md §1–§2: who counts, and the strict 4/5 quorum, with the rulebook's numbers."""
import pytest
from hypothesis import given, strategies as st

from votekit.core.quorum import (assess_quorum, expected_count, min_present, quorum_met,
                                 quorum_sentence)
from votekit.core.vocabulary import (Exclusion, ExclusionReason, Member, MemberStatus,
                                     RoundOptions)
from tests.factories import roster


@pytest.mark.parametrize("expected,present,met", [
    (9, 8, True),     # RULES.md: 应到 9 实到 8 → met
    (25, 20, False),  # exactly 4/5 is not "more than"
    (25, 21, True),
    (5, 5, True),     # a 5-member committee needs all 5
    (5, 4, False),
    (10, 9, True),
    (10, 8, False),
    (0, 0, False),    # nobody entitled to vote never makes a valid meeting
    (1, 1, True),
])
def test_strict_quorum(expected, present, met):
    assert quorum_met(expected, present) is met
    assert (present >= min_present(expected)) is met


@pytest.mark.parametrize("expected,present,met", [
    (25, 20, True), (25, 19, False), (5, 4, True), (10, 8, True), (0, 0, False)])
def test_exact_four_fifths_option(expected, present, met):
    assert quorum_met(expected, present, allow_exact_four_fifths=True) is met


@pytest.mark.parametrize("expected,strict,exact", [
    (9, 8, 8), (25, 21, 20), (5, 5, 4), (30, 25, 24), (24, 20, 20), (1, 1, 1)])
def test_min_present(expected, strict, exact):
    assert min_present(expected) == strict
    assert min_present(expected, True) == exact


def test_sentence_read_out():
    assert quorum_sentence(25, 20) == (
        "应到会有选举权的党员25人，实到20人，未超过应到会人数的五分之四，会议无效。")
    assert quorum_sentence(9, 8).endswith("超过应到会人数的五分之四，符合规定，会议有效。")
    assert "恰好五分之四" in quorum_sentence(25, 20, True)


def test_who_counts_in_expected_and_present():
    reason = ExclusionReason.AWAY_HALF_YEAR
    members = [
        Member("甲", MemberStatus.FULL, True),
        Member("乙", MemberStatus.FULL, False),                          # 请假: stays in 应到
        Member("丙", MemberStatus.PROBATIONARY, True),                   # 预备: neither
        Member("丁", MemberStatus.DISCIPLINED, True),                    # 留党察看: neither
        Member("戊", MemberStatus.SUSPENDED, False),
        Member("己", MemberStatus.FULL, False, Exclusion(reason, True, True)),   # out
        Member("庚", MemberStatus.FULL, False, Exclusion(reason, True, False)),  # one approval: in
        Member("辛", MemberStatus.FULL, False, Exclusion(reason, False, True)),  # one approval: in
        Member("壬", MemberStatus.FULL, True, Exclusion(reason, True, True)),    # came anyway: in
    ]
    report = assess_quorum(members)
    assert (report.expected, report.present) == (5, 2)
    assert report.min_present == 5 and not report.met


@given(st.integers(0, 200), st.integers(0, 200), st.booleans())
def test_adding_a_present_member_never_breaks_a_met_quorum(n_full, n_present, exact):
    n_present = min(n_present, n_full)
    options = RoundOptions(allow_exact_four_fifths=exact)
    before = assess_quorum(roster(n_full, n_present), options)
    after = assess_quorum(roster(n_full, n_present) + (Member("新到", MemberStatus.FULL, True),),
                          options)
    if before.met:
        assert after.met


@given(st.integers(1, 500), st.integers(0, 500))
def test_threshold_is_exact_integer_arithmetic(expected, present):
    present = min(present, expected)
    assert quorum_met(expected, present) == (present / expected > 0.8 + 1e-12
                                             if present * 5 != expected * 4 else False)
    assert quorum_met(expected, present) == (present >= min_present(expected))


def test_expected_count_ignores_unapproved_exclusion():
    ex = Exclusion(ExclusionReason.SERVING_SENTENCE, higher_approved=True, meeting_approved=False)
    assert expected_count([Member("甲", MemberStatus.FULL, False, ex)]) == 1
