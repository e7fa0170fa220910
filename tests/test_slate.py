"""RULES.md §3–§4: the 20 % differential (rounded up) and who may stand."""
import pytest

from votekit.core.slate import check_slate, differential_percent, min_candidates
from votekit.core.vocabulary import Member, MemberStatus, RoundKind


@pytest.mark.parametrize("seats,minimum", [
    (1, 2), (2, 3), (3, 4), (4, 5), (5, 6), (6, 8), (7, 9), (9, 11), (10, 12), (11, 14)])
def test_differential_rounded_up(seats, minimum):
    assert min_candidates(seats) == minimum


def test_equal_election_needs_one_per_seat():
    assert min_candidates(1, RoundKind.EQUAL) == 1
    members = [Member("甲"), Member("乙")]
    assert check_slate(RoundKind.EQUAL, 1, ["甲"], members).ok
    assert not check_slate(RoundKind.EQUAL, 1, ["甲", "乙"], members).ok


def test_short_slate_names_the_minimum():
    members = [Member(n) for n in "甲乙丙丁戊己庚辛"]
    check = check_slate(RoundKind.COMPETITIVE, 7, list("甲乙丙丁戊己庚辛"), members)
    assert not check.ok
    assert "至少9名" in check.problems[0] and "现有候选人8名" in check.problems[0]


@pytest.mark.parametrize("status", [MemberStatus.PROBATIONARY, MemberStatus.DISCIPLINED,
                                    MemberStatus.SUSPENDED])
def test_candidate_without_right_to_stand(status):
    members = [Member("甲"), Member("乙"), Member("丙", status)]
    check = check_slate(RoundKind.COMPETITIVE, 2, ["甲", "乙", "丙"], members)
    assert not check.ok and "没有被选举权" in check.problems[0]


def test_candidate_refused_as_scrutineer():
    members = [Member(n) for n in "甲乙丙丁"]
    check = check_slate(RoundKind.COMPETITIVE, 3, list("甲乙丙丁"), members, scrutineers=["乙"])
    assert not check.ok and "不能担任监票人" in check.problems[0]


def test_unknown_and_duplicate_candidates():
    members = [Member(n) for n in "甲乙丙"]
    assert "不在党员名册上" in " ".join(
        check_slate(RoundKind.COMPETITIVE, 2, ["甲", "乙", "某"], members).problems)
    assert "重复" in " ".join(
        check_slate(RoundKind.COMPETITIVE, 2, ["甲", "乙", "乙"], members).problems)


def test_differential_percent():
    assert differential_percent(5, 6) == 20
    assert differential_percent(7, 9) == 28
