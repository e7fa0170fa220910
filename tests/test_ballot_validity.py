"""RULES.md §5–§6: a ballot is valid on its ○ count alone; write-ins; election validity."""
import pytest

from votekit.core.validity import Flag, election_sentence, election_valid, read_ballot
from votekit.core.vocabulary import RoundOptions, WriteIn
from tests.factories import ballot, unmarked

CANDS = ["丁宁", "于波", "万伟", "马龙"]


@pytest.mark.parametrize("agree,disagree,write_ins,seats,valid", [
    ((), (), (), 3, True),                                   # blank ballot: valid, all abstain
    (("丁宁", "于波", "万伟"), (), (), 3, True),              # ○ = seats
    (("丁宁", "于波", "万伟", "马龙"), (), (), 3, False),      # more ○ than seats
    ((), CANDS, (), 3, True),                                # × marks are not "selected"
    (("丁宁", "于波"), ("马龙",), ("王芳",), 3, True),        # ○ incl. write-in = seats
    (("丁宁", "于波", "万伟"), ("马龙",), ("王芳",), 3, False),  # write-in ○ pushes it over
])
def test_validity_rests_on_circle_count(agree, disagree, write_ins, seats, valid):
    assert read_ballot(ballot(agree, disagree, write_ins), CANDS, seats).valid is valid


def test_illegible_ballot_is_invalid():
    assert not read_ballot(ballot(illegible=True), CANDS, 3).valid


def test_unmarked_write_in_not_counted_but_flagged():
    read = read_ballot(ballot((), ("丁宁",), (unmarked("王芳"),)), CANDS, 3)
    assert read.written_in == () and Flag.UNMARKED_WRITE_IN in read.flags


def test_unmarked_write_in_counted_with_option():
    read = read_ballot(ballot((), ("丁宁",), (unmarked("王芳"),)), CANDS, 3,
                       RoundOptions(count_unmarked_write_in=True))
    assert read.written_in == ("王芳",)


def test_write_in_without_disagree_flagged_but_counted():
    read = read_ballot(ballot(("丁宁",), (), ("王芳",)), CANDS, 3)
    assert read.written_in == ("王芳",) and Flag.WRITE_IN_WITHOUT_DISAGREE in read.flags


def test_write_in_of_listed_candidate_is_not_a_second_vote():
    read = read_ballot(ballot(("丁宁",), ("于波",), ("丁宁",)), CANDS, 3)
    assert read.agree == ("丁宁",) and read.written_in == ()
    assert Flag.WRITE_IN_OF_CANDIDATE in read.flags


def test_same_write_in_twice_counts_once():
    read = read_ballot(ballot((), ("丁宁", "于波"), ("王芳", WriteIn("王芳"))), CANDS, 3)
    assert read.written_in == ("王芳",) and Flag.DUPLICATE_WRITE_IN in read.flags


@pytest.mark.parametrize("returned,issued,valid,phrase", [
    (29, 30, True, "少于"), (30, 30, True, "等于"), (31, 30, False, "多于")])
def test_election_validity(returned, issued, valid, phrase):
    assert election_valid(returned, issued) is valid
    assert phrase in election_sentence(returned, issued)
