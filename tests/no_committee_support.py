"""A branch without a committee (6 正式党员, 1 预备党员) electing its 书记 and 副书记 at the
党员大会 (RULES.md §3, §7): the 书记 over two rounds (nobody elected, then a 另行选举),
the 副书记 in one — the one scenario (``votekit.rehearsal.scenario``) with this branch's
roster and posts, played through the service layer by ``rehearsal.play``."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from votekit.rehearsal.play import Hooks, Stage, play
from votekit.rehearsal.scenario import Person, Pile, PostElection, Round, roster_only
from votekit.service import meetings
from tests.rounds_support import ACTOR

BRANCH = "中共测试第三支部"
FULL = ("丁宁", "于波", "万伟", "马龙", "王芳", "卢静")
PROBATIONARY = "田富"
TELLERS = dict(scrutineers=("卢静",), counters=("田富",))
# 6 present: 于波 3 agree (exactly half, not elected) → 另行选举 with 马龙, 5 of 6; 万伟 4 of 6
SECRETARY = (Round(Pile((("于波", 3, 2),), blank=1), then="further", further=("马龙",)),
             Round(Pile((("马龙", 5, 1),))))
DEPUTY = (Round(Pile((("万伟", 4, 1),), blank=1)),)
SCENARIO = roster_only(
    BRANCH, "2026-11-30", FULL + (Person(PROBATIONARY, "", "预备", ""),), "no-committee",
    place="第三会议室", presiding="丁宁", recorder="卢静", higher="中共测试局机关委员会",
    term_recorded=True, term_on_file=(dt.date(2023, 11, 20), dt.date(2026, 11, 19)),
    missing=(PROBATIONARY,),        # 田富 (预备党员, no vote) is not signed in
    at_meeting=(PostElection("secretary", ("于波",), rounds=SECRETARY, **TELLERS),
                PostElection("deputy", ("万伟",), rounds=DEPUTY, **TELLERS)))


@dataclass
class Branch:
    meeting_id: int
    secretary: int          # election ids
    deputy: int
    rounds: dict            # label → round id


def prepared_branch(store) -> tuple[int, int, int]:
    """The branch with its roster, its 书记 and 副书记 elections (slate and tellers set) and its
    6 正式党员 signed in (田富 has no vote): (meeting, secretary election, deputy election)."""
    played = play(store, SCENARIO, ACTOR, until=Stage.SIGNED_IN)
    secretary, deputy = played.elections["secretary"], played.elections["deputy"]
    for election in (secretary, deputy):     # 不设委员会: elected by the 党员大会 itself
        assert meetings.get_election(store, election).electorate == "meeting"
    return played.meeting_id, secretary, deputy


def build_branch(store) -> Branch:
    verdicts: dict[int, dict] = {}
    played = play(store, SCENARIO, ACTOR, until=Stage.COUNTED,
                  hooks=Hooks(closed=lambda round_id, verdict: verdicts.__setitem__(round_id, verdict)))
    first, further, d_round = played.rounds
    v = verdicts[first]
    assert v["status"] == "shortfall" and v["elected"] == []
    assert meetings.get_round(store, further).kind == "further"
    assert verdicts[further]["elected"] == ["马龙"]
    assert verdicts[d_round]["elected"] == ["万伟"]
    rounds = {"书记第一轮": first, "书记另行选举": further, "副书记": d_round}
    return Branch(played.meeting_id, played.elections["secretary"], played.elections["deputy"], rounds)
