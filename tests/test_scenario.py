"""The one demo scenario: its description is what the played meeting file records.

``rehearsal.scenario`` says what happens; ``rehearsal.play`` records it through the
service layer.  Here every round the store counted is compared with the scenario's
piles, the hard names are checked as stored, and the sized branch for load tests."""
import unicodedata

import pytest

from votekit.rehearsal.demo import played_file
from votekit.rehearsal.play import Stage
from votekit.rehearsal.scenario import COMPAT_LIN, Pile, scenario, sized
from votekit.service import meetings, roster, sequencing, signin
from votekit.service.dossier import round_results
from votekit.service.entry import state
from votekit.service.records import RoundStatus

ELECTED = ("王建国", "叶䶮", "刘洋", "陈静", "赵丽华")
ROUNDS = {"plain": ["第一轮"], "runoff": ["第一轮", "再次投票"],
          "shortfall": ["第一轮", "另行选举", "另行选举", "再次投票"]}


@pytest.fixture(scope="module", params=sorted(ROUNDS))
def played(request, tmp_path_factory):
    sc = scenario(request.param)
    store, p = played_file(tmp_path_factory.mktemp(request.param) / "m.sqlite3", sc, print_ballots=False)
    yield sc, store, p
    store.close()


def test_every_round_held_is_the_scenarios(played):
    sc, store, p = played
    held = meetings.rounds(store, p.committee_id)
    assert [r.kind.short for r in held] == ROUNDS[sc.variant]
    counted = round_results(store, p.committee_id)
    plans = [plan for plan in sc.rounds if not plan.returned_extra]
    assert len(counted) == len(plans)
    for plan, result in zip(plans, counted):
        for name, agree, disagree in plan.pile.targets:
            count = result.verdict.count_for(name)
            assert (count.agree, count.disagree) == (agree, disagree), (result.label, name)
        assert result.verdict.ballots_returned == result.record.ballots_issued   # every paper entered
    assert sorted(sequencing.election_result(store, p.committee_id)["elected"]) == sorted(ELECTED)


def test_a_void_round_is_held_again_in_the_shortfall(played):
    sc, store, p = played
    statuses = [state(store, r.id).status for r in meetings.rounds(store, p.committee_id)]
    if sc.variant == "shortfall":      # 21 papers back for 20 issued: void, then 重新投票
        assert statuses == [RoundStatus.CLOSED, RoundStatus.VOID, RoundStatus.CLOSED, RoundStatus.CLOSED]
    else:
        assert RoundStatus.VOID not in statuses


def test_hard_names_are_stored_as_the_one_identity(played):
    _, store, p = played
    names = [m.name for m in roster.members(store, p.meeting_id)]
    assert "叶䶮" in names                                       # U+4DAE, outside the stroke table
    assert "林小燕" in names and COMPAT_LIN + "小燕" not in names   # the file's 林 U+F9F4, stored as U+6797
    assert all(unicodedata.is_normalized("NFC", n) for n in names)
    first = round_results(store, p.committee_id)[0]
    assert [w.name for b in first.record.ballots for w in b.write_ins] == ["林小燕"]


def test_the_meeting_is_whole_at_the_end(played):
    sc, store, p = played
    report = signin.quorum(store, p.meeting_id)
    leavers = sum(len(plan.leaving) for plan in sc.rounds)
    assert (report.expected, report.present) == (24, 21 - leavers)
    posts = {v.post for v in sc.posts_elected}
    assert posts == ({"secretary"} if sc.variant == "shortfall" else {"secretary", "deputy"})
    for post in posts:
        result = sequencing.election_result(store, p.elections[post])
        assert result["complete"] and len(result["elected"]) == 1


def test_papers_are_a_pure_function_of_the_pile():
    pile = Pile((("甲", 12, 5), ("乙", 9, 9), ("丙", 4, 10)), over_marked=1, blank=2, write_in=("乙", "丁"))
    papers = pile.papers(21, 2, seed=5)
    assert papers == pile.papers(21, 2, seed=5) and len(papers) == 21
    agreeing = [sum(m == "agree" for m in p["marks"].values()) + len(p["write_ins"]) for p in papers]
    assert sorted(agreeing)[-1] == 3 and sum(n <= 2 for n in agreeing) == 20   # one over-marked
    valid = [p for p, n in zip(papers, agreeing) if n <= 2]
    assert sum(not p["marks"] and not p["write_ins"] for p in valid) == 2      # two blank
    for name, agree, disagree in pile.targets:
        assert sum(p["marks"].get(name) == "agree" for p in valid) == agree
        assert sum(p["marks"].get(name) == "disagree" for p in valid) == disagree
    with pytest.raises(ValueError):
        Pile((("甲", 12, 0), ("乙", 12, 0))).papers(20, 1, seed=1)   # 24 agrees on 20 one-seat papers


def test_the_sized_branch_for_load(tmp_path):
    sc = sized(60, candidates=8, seats=6)
    store, p = played_file(tmp_path / "big.sqlite3", sc, until=Stage.SIGNED_IN, print_ballots=False)
    with store:
        report = signin.quorum(store, p.meeting_id)
        assert (report.expected, report.present) == (60, 60)
        assert len(sc.candidates) == 8 and sc.seats == 6
        assert [m.name for m in roster.members(store, p.meeting_id) if m.name.startswith("党员")] != []


@pytest.mark.parametrize("voters, candidates, seats", [(1000, 36, 30), (300, 36, 30), (100, 9, 7), (30, 6, 5)])
def test_the_sized_pile_can_be_cast_at_bench_sizes(voters, candidates, seats):
    sc = sized(voters, candidates, seats)
    assert len(sc.voting()) == voters and len(sc.candidates) == candidates
    papers = sc.rounds[0].pile.papers(voters, seats, seed=1)
    assert len(papers) == voters
