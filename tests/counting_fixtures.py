"""A meeting ready for counting, built through the service layer (used by tests/test_counting*.py).

32 正式党员, 30 signed in (应到 32, 实到 30: quorum met), a 5-seat committee
with 6 candidates, two 监票人 and one 计票人, 30 ballots issued.
"""
from __future__ import annotations

from dataclasses import dataclass

from votekit.core.order import sort_names
from votekit.service import ballots, meetings, roster, signin, slate
from votekit.store import Store

ACTOR = "测试"
NAMES = ["丁宁", "于波", "万伟", "马龙", "王芳", "卢静", "田富", "刘洋", "许强", "孙丽",
         "李明", "杨帆", "吴敏", "何军", "张伟", "陈杰", "林涛", "周勇", "赵磊", "胡斌",
         "钟华", "段鹏", "徐亮", "高富", "黄河", "曹阳", "龚平", "彭程", "董立", "蒋红",
         "韩雪", "谢文"]
CANDIDATES = tuple(sort_names(["丁宁", "于波", "万伟", "马龙", "王芳", "卢静"]))
SCRUTINEERS = ("孙丽", "李明")
COUNTERS = ("杨帆",)
ABSENT = ("韩雪", "谢文")


@dataclass
class Meeting:
    meeting_id: int
    election_id: int
    round_id: int


def build_meeting(store: Store, issued: int = 30, seats: int = 5) -> Meeting:
    meeting_id = meetings.create_meeting(store, ACTOR, "中共测试街道第一支部委员会", "2026-11-22",
                                         "09:00", "三楼会议室", "丁宁", "吴敏").value
    ids = {name: roster.add_member(store, ACTOR, meeting_id, name).value for name in NAMES}
    election_id = meetings.add_election(store, ACTOR, meeting_id, "committee", seats).value
    assert slate.set_candidates(store, ACTOR, election_id, CANDIDATES).ok
    assert slate.set_tellers(store, ACTOR, election_id, SCRUTINEERS, COUNTERS).ok
    for name, member_id in ids.items():
        if name not in ABSENT:
            signin.sign_in(store, ACTOR, member_id)
    round_id = meetings.current_round(store, election_id).id
    if issued:
        assert ballots.issue_ballots(store, ACTOR, round_id, issued).ok
    return Meeting(meeting_id, election_id, round_id)


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
