"""A branch without a committee (6 正式党员, 1 预备党员) electing its 书记 and 副书记 at the
党员大会 (RULES.md §3, §7): the 书记 over two rounds (nobody elected, then a 另行选举),
the 副书记 in one — built through the service layer, as the secretary would."""
from __future__ import annotations

from dataclasses import dataclass

from votekit.service import counting, meetings, roster, signin, slate
from tests.rounds_support import ACTOR, ballot, hold

BRANCH = "中共测试第三支部"
FULL = ("丁宁", "于波", "万伟", "马龙", "王芳", "卢静")
PROBATIONARY = "田富"


@dataclass
class Branch:
    meeting_id: int
    secretary: int          # election ids
    deputy: int
    rounds: dict            # label → round id


def prepared_branch(store) -> tuple[int, int, int]:
    """The branch with its roster, its 书记 and 副书记 elections (slate and tellers set) and its
    6 正式党员 signed in (田富 has no vote): (meeting, secretary election, deputy election)."""
    m = meetings.create_meeting(store, ACTOR, BRANCH, "2026-11-30").value
    assert meetings.update_meeting(store, ACTOR, m, place="第三会议室", presiding="丁宁", recorder="卢静",
                                   higher_committee="中共测试局机关委员会", term_elected_on="2023-11-20",
                                   term_expires_on="2026-11-19").ok
    ids = {n: roster.add_member(store, ACTOR, m, n).value for n in FULL}
    roster.add_member(store, ACTOR, m, PROBATIONARY, status="预备")
    secretary = meetings.add_election(store, ACTOR, m, "secretary", 1)
    assert secretary.ok and "不设委员会" in secretary.message, secretary.message
    deputy = meetings.add_election(store, ACTOR, m, "deputy", 1).value
    for election, candidate in ((secretary.value, "于波"), (deputy, "万伟")):
        assert slate.set_candidates(store, ACTOR, election, [candidate]).ok
        assert slate.set_tellers(store, ACTOR, election, ["卢静"], ["田富"]).ok
    for name in FULL:
        signin.sign_in(store, ACTOR, ids[name])
    return m, secretary.value, deputy


def build_branch(store) -> Branch:
    m, secretary, deputy = prepared_branch(store)
    rounds = {}
    first = meetings.current_round(store, secretary).id
    # 6 present: 于波 3 agree (exactly half, not elected) → 另行选举 with 马龙
    v = hold(store, first, [ballot(("于波",))] * 3 + [ballot((), ("于波",))] * 2 + [ballot()])
    assert v["status"] == "shortfall" and v["elected"] == []
    rounds["书记第一轮"] = first
    further = counting.next_round(store, ACTOR, first, "further", ["马龙"])
    assert further.ok, further.message
    v = hold(store, further.value, [ballot(("马龙",))] * 5 + [ballot((), ("马龙",))])
    assert v["elected"] == ["马龙"]
    rounds["书记另行选举"] = further.value
    assert slate.set_candidates(store, ACTOR, deputy, ["万伟"]).ok
    d_round = meetings.current_round(store, deputy).id
    v = hold(store, d_round, [ballot(("万伟",))] * 4 + [ballot((), ("万伟",))] + [ballot()])
    assert v["elected"] == ["万伟"]
    rounds["副书记"] = d_round
    return Branch(m, secretary, deputy, rounds)
