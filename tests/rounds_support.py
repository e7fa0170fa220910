"""Driving an election round by round through the service layer (tests of issue 20).

The meeting is the one scenario (``votekit.rehearsal.scenario``) with this module's
roster and one election on the agenda, played by ``rehearsal.play`` to sign-in; the
tests then hold each round with their own piles (``hold``)."""
from __future__ import annotations

import json
import secrets
from dataclasses import dataclass

from votekit.core.export import verdict_to_data
from votekit.core.record import parse_round
from votekit.core.verdict import judge
from votekit.rehearsal.play import Stage, play
from votekit.rehearsal.scenario import PostElection, Scenario, roster_only
from votekit.service import ballots, counting, entry, meetings, signin
from votekit.store import Store

ACTOR = "监票人"
BRANCH = "中共测试第二支部委员会"
NAMES = ["丁宁", "于波", "万伟", "马龙", "王芳", "卢静", "田富", "刘洋", "许强", "孙丽",
         "李明", "杨帆", "吴敏", "何军", "张伟", "陈杰", "林涛", "周勇", "赵磊", "胡斌",
         "钟华", "段鹏", "徐亮", "高富", "黄河", "曹阳", "龚平", "彭程", "董立", "蒋红"]
SCRUTINEERS = ("孙丽", "李明")


@dataclass
class Election:
    meeting_id: int
    election_id: int
    round_id: int


def meeting(seats: int, candidates, names=NAMES, missing=(), scrutineers=SCRUTINEERS,
            post: str = "committee", branch: str = BRANCH) -> Scenario:
    """The branch on 2026-11-30 with ``names`` on its roster, everyone but ``missing`` signing in,
    and one election: the committee's, or (``post`` secretary/deputy) a post the meeting elects."""
    if post == "committee":
        election = dict(seats=seats, candidates=tuple(candidates), scrutineers=tuple(scrutineers))
    else:
        election = dict(at_meeting=(PostElection(post, tuple(candidates), tuple(scrutineers), seats=seats),))
    return roster_only(branch, "2026-11-30", names, "rounds", missing=tuple(missing), **election)


def build(store: Store, seats: int, candidates, names=NAMES, present: int | None = None,
          scrutineers=SCRUTINEERS, post: str = "committee") -> Election:
    """The first ``present`` of ``names`` signed in (default: all)."""
    missing = list(names)[present:] if present is not None else ()
    return start(store, meeting(seats, candidates, names, missing, scrutineers, post), post)


def start(store: Store, sc: Scenario, post: str = "committee") -> Election:
    """``sc`` played to sign-in; its ``post`` election's first round ready to issue."""
    played = play(store, sc, ACTOR, until=Stage.SIGNED_IN)
    election_id = played.elections[post]
    return Election(played.meeting_id, election_id, meetings.current_round(store, election_id).id)


def ballot(agree=(), disagree=(), write_ins=(), illegible=()):
    marks = {n: "agree" for n in agree}
    marks.update({n: "disagree" for n in disagree})
    marks.update({n: "illegible" for n in illegible})
    return {"marks": marks, "write_ins": [{"name": w, "mark": "agree"} for w in write_ins]}


def hold(store: Store, round_id: int, pile, issued: int | None = None, returned: int | None = None):
    """Issue, enter every ballot, record the returned count and close; the closed verdict."""
    from votekit.service import plenary
    at_plenary = meetings.get_election(
        store, meetings.get_round(store, round_id).election_id).electorate == "committee"
    report = (plenary.plenary_quorum(store, meeting_of(store, round_id)) if at_plenary
              else signin.quorum(store, meeting_of(store, round_id)))
    issued = issued if issued is not None else report.present
    out = ballots.issue_ballots(store, ACTOR, round_id, issued)    # the meeting's or the plenary's quorum
    assert out.ok, out.message
    for b in pile:
        done = entry.submit(store, "计票人", round_id, b, secrets.token_hex(16))
        assert done.ok, done.message
    assert ballots.record_returned(store, ACTOR, round_id,
                                   returned if returned is not None else len(pile)).ok
    closed = counting.close_round(store, ACTOR, round_id)
    assert closed.ok, closed.message
    return closed.value


def meeting_of(store: Store, round_id: int) -> int:
    return meetings.get_election(store, meetings.get_round(store, round_id).election_id).meeting_id


def retally(store: Store, round_id: int) -> dict:
    """What `votekit tally` says of the round's export (the same JSON text, re-read)."""
    text = json.dumps(counting.export_round(store, round_id), ensure_ascii=False)
    return verdict_to_data(judge(parse_round(json.loads(text))))
