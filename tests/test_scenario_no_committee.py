"""A branch without a committee, described by the one scenario and played: its 书记 and
副书记 are elected by the 党员大会 itself (RULES.md §3, §7), so the store holds exactly
the rounds the description gives — each post's counts, the 另行选举 after a 书记 round
that elected nobody — no plenary, and paperwork that signs as the branch."""
import dataclasses

import pytest

from votekit.rehearsal.play import Refused, Stage, dossier, play
from votekit.rehearsal.scenario import Motion, PostElection
from votekit.service import meetings, plenary, signin
from votekit.service.dossier import round_results
from votekit.store import open_store
from tests.no_committee_support import BRANCH, SCENARIO
from tests.rounds_support import ACTOR


@pytest.fixture(scope="module")
def played():
    sc = dataclasses.replace(SCENARIO, motion=Motion("林晓", 0, 1))      # and a 表决 after the posts
    with open_store(":memory:") as store:
        yield sc, store, play(store, sc, ACTOR, until=Stage.DONE)


def test_each_post_is_elected_by_the_meeting_round_by_round_as_described(played):
    sc, store, p = played
    assert "committee" not in p.elections
    for post in sc.at_meeting:
        election = meetings.get_election(store, p.elections[post.post])
        assert (election.electorate, election.seats) == ("meeting", post.seats)
        counted = round_results(store, election.id)
        assert [r.label for r in counted] == (["第一轮", "另行选举"] if post.post == "secretary" else ["第一轮"])
        assert len(counted) == len(post.rounds)
        for plan, result in zip(post.rounds, counted):
            assert result.verdict.present == signin.quorum(store, p.meeting_id).present == 6
            for name, agree, disagree in plan.pile.targets:
                count = result.verdict.count_for(name)
                assert (count.agree, count.disagree) == (agree, disagree), (result.label, name)
    assert len(p.rounds) == sum(len(post.rounds) for post in sc.at_meeting)


def test_no_plenary_is_held_and_the_paperwork_signs_as_the_branch(played):
    sc, store, p = played
    assert plenary.committee(store, p.meeting_id) == ()
    assert not plenary.open_plenary(store, ACTOR, p.meeting_id, ["马龙"], "马龙").ok
    d = dossier(store, sc, p)
    assert d.meeting.branch_name == BRANCH
    assert d.election.office == "书记" and [e.election.office for e in d.also] == ["副书记"]
    assert d.plenary is None and len(d.resolutions) == 1


def test_a_post_at_the_meeting_is_refused_a_member_who_is_not_on_the_roster():
    sc = dataclasses.replace(SCENARIO, at_meeting=(PostElection("secretary", ("王五",), ("卢静",)),))
    with open_store(":memory:") as store, pytest.raises(Refused, match="名册"):
        play(store, sc, ACTOR, until=Stage.PREPARED)
