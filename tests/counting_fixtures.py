"""A meeting ready for counting, played through the one scenario player (tests/test_counting*.py).

32 正式党员, 30 signed in (应到 32, 实到 30: quorum met), a 5-seat committee
with 6 candidates, two 监票人 and one 计票人, 30 ballots issued.  It is the demo
scenario (``votekit.rehearsal.scenario``) with a plain roster of common names and
nothing on the agenda but the committee election, played by ``rehearsal.play``.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from votekit.core.order import sort_names
from votekit.rehearsal.play import Stage, play
from votekit.rehearsal.scenario import Person, scenario
from votekit.service import ballots, meetings
from votekit.store import Store
from tests import snapshots

ACTOR = "测试"
NAMES = ["丁宁", "于波", "万伟", "马龙", "王芳", "卢静", "田富", "刘洋", "许强", "孙丽",
         "李明", "杨帆", "吴敏", "何军", "张伟", "陈杰", "林涛", "周勇", "赵磊", "胡斌",
         "钟华", "段鹏", "徐亮", "高富", "黄河", "曹阳", "龚平", "彭程", "董立", "蒋红",
         "韩雪", "谢文"]
CANDIDATES = tuple(sort_names(["丁宁", "于波", "万伟", "马龙", "王芳", "卢静"]))
SCRUTINEERS = ("孙丽", "李明")
COUNTERS = ("杨帆",)
ABSENT = ("韩雪", "谢文")
BRANCH = dataclasses.replace(
    scenario("plain", "2026-11-22"), branch="中共测试街道第一支部委员会", place="三楼会议室",
    presiding="丁宁", recorder="吴敏", roster=tuple(Person(n, "", "正式", "") for n in NAMES),
    excluded=None, on_leave=(), late=(), missing=ABSENT, candidates=CANDIDATES,
    scrutineers=SCRUTINEERS, counters=COUNTERS, posts_elected=(), posts=(), motion=None,
    appraisal=None, facts=None, higher="", term_recorded=False, variant="counting")


@dataclass
class Meeting:
    meeting_id: int
    election_id: int
    round_id: int


def build_meeting(store: Store, issued: int = 30, seats: int = 5) -> Meeting:
    """The meeting played into ``store`` up to sign-in, then ``issued`` ballots issued.  Into an
    empty file on the system clock the sign-in is played once per run and copied in
    (tests/snapshots.py); the ballots are issued on each test's own copy, so every file draws
    its own ballot places."""
    if snapshots.blank(store):
        meeting_id, committee_id = snapshots.restore(("signed in", seats), _signed_in(seats), store)
    else:
        meeting_id, committee_id = _signed_in(seats)(store)
    round_id = meetings.current_round(store, committee_id).id
    if issued:
        assert ballots.issue_ballots(store, ACTOR, round_id, issued).ok
    return Meeting(meeting_id, committee_id, round_id)


def _signed_in(seats: int):
    def play_sign_in(store: Store) -> tuple[int, int]:
        played = play(store, dataclasses.replace(BRANCH, seats=seats), ACTOR, until=Stage.SIGNED_IN)
        return played.meeting_id, played.committee_id
    return play_sign_in


def marks(agree=(), disagree=(), illegible=()) -> dict:
    out = {n: "agree" for n in agree}
    out.update({n: "disagree" for n in disagree})
    out.update({n: "illegible" for n in illegible})
    return out


def committee_pile() -> list[dict]:
    """29 ballots: a tie (17 each) between the 5th and 6th candidates straddles the last
    seat, one ballot over-marked (6 ○ for 5 seats), one with a write-in."""
    c = CANDIDATES
    p = {"marks": marks(c[:5], [c[5]]), "write_ins": []}
    q = {"marks": marks(c[:4] + (c[5],), [c[4]]), "write_ins": []}
    r = {"marks": marks(c[:3] + c[4:], [c[3]]), "write_ins": []}
    s = {"marks": marks([c[0], c[3]]), "write_ins": []}
    w = {"marks": marks([c[0], c[3]], [c[5]]), "write_ins": [{"name": "张伟", "mark": "agree"}]}
    over = {"marks": marks(c), "write_ins": []}
    return [p] * 9 + [q] * 9 + [r] * 8 + [s, w, over]
