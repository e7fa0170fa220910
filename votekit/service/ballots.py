"""Ballots handed out per round (选票分发) and the round record for counting.

Ballot papers are issued only while the quorum holds; the number issued is
recorded per round and may exceed those present with the vote only with a
reason the scrutineers record.  Returned ballots (issue 5) are stored with a
random key and nothing about who cast them or when.
"""
from __future__ import annotations

import json

from ..core.export import ballot_to_data
from ..core.quorum import assess_quorum
from ..core.vocabulary import Ballot, Mark, RoundKind, RoundRecord, WriteIn, WriteInMark
from ..store import Store
from . import Outcome, audit, rolls
from .meetings import get_election, get_meeting, get_round, round_options
from .slate import candidate_names


def issue_ballots(store: Store, actor: str, round_id: int, issued: int, reason: str = "") -> Outcome:
    rnd = get_round(store, round_id)
    if rnd is None:
        return Outcome.refused("投票轮次不存在。")
    election = get_election(store, rnd["election_id"])
    if election["electorate"] != "meeting":
        return Outcome.refused("委员会全体会议的选举（书记、副书记）按委员会委员计算到会人数，此功能尚未提供。")
    meeting = get_meeting(store, election["meeting_id"])
    vote, options = rolls.vote_key("round", round_id), round_options(meeting)
    with store.write():
        # 清点到会人数后发票: the roll taken now is kept for this round (RULES.md §1)
        report = assess_quorum(rolls.roll_now(store, vote, meeting["id"]).members, options)
        problems = []
        if store.count("ballots", round_id=round_id):
            problems.append("本轮已开始录入选票，发票数不能再改。")
        if not report.met:
            problems.append(f"到会人数不足，不能发放选票。{report.message}"
                            f"至少需到{report.min_present}人。")
        if issued < 1:
            problems.append("发出选票数应至少为1张。")
        if issued > report.present and not reason.strip():
            problems.append(f"发出选票{issued}张，多于实到会有选举权的党员{report.present}人，"
                            "须由监票人记录原因。")
        if problems:
            return Outcome(False, tuple(problems))
        rolls.freeze(store, actor, meeting["id"], vote, options)
        store.update("rounds", {"issued": issued, "issue_reason": reason.strip(),
                                "expected_at_issue": report.expected,
                                "present_at_issue": report.present}, id=round_id)
        audit.record(store, actor, "发出选票", {"round_id": round_id, "issued": issued,
                     "reason": reason.strip(), "expected": report.expected,
                     "present": report.present}, election["meeting_id"])
    return Outcome.done(issued, f"{election['title']}{rnd['label']}：发出选票{issued}张"
                        f"（实到会有选举权的党员{report.present}人）。")


def record_returned(store: Store, actor: str, round_id: int, returned: int) -> Outcome:
    rnd = get_round(store, round_id)
    if rnd is None or rnd["issued"] is None:
        return Outcome.refused("本轮尚未发出选票。")
    if returned < 0:
        return Outcome.refused("收回选票数不能为负数。")
    election = get_election(store, rnd["election_id"])
    with store.write():
        store.update("rounds", {"returned": returned}, id=round_id)
        audit.record(store, actor, "收回选票", {"round_id": round_id, "returned": returned},
                     election["meeting_id"])
    word = "等于" if returned == rnd["issued"] else ("少于" if returned < rnd["issued"] else "多于")
    return Outcome.done(returned, f"发出选票{rnd['issued']}张，收回{returned}张，收回的选票{word}发出的选票。")


def _ballot(row: dict) -> Ballot:
    marks = {name: Mark(value) for name, value in json.loads(row["marks"]).items()}
    write_ins = [WriteIn(w["name"], WriteInMark(w.get("mark", "agree"))) for w in json.loads(row["write_ins"])]
    return Ballot.of(marks, write_ins, bool(row["illegible"]))


def canonical_key(ballot: Ballot) -> str:
    """A ballot's content as text: sorting by it puts identical ballots together."""
    return json.dumps(ballot_to_data(ballot), ensure_ascii=False, sort_keys=True)


def round_record(store: Store, round_id: int) -> RoundRecord:
    """The round as the counting core's input, ballots in canonical (content) order: the
    record, its export and the archive say nothing about the order they were entered in."""
    rnd = get_round(store, round_id)
    election = get_election(store, rnd["election_id"])
    meeting = get_meeting(store, election["meeting_id"])
    names = tuple(rnd["candidate_names"]) or candidate_names(store, election["id"])
    ballots = tuple(sorted((_ballot(r) for r in store.rows("ballots", round_id=round_id)),
                           key=canonical_key))
    members = rolls.members_for(store, rolls.vote_key("round", round_id), meeting["id"])
    return RoundRecord(kind=RoundKind(election["kind"]), seats=rnd["seats"],
                       members=members, candidates=names,
                       ballots_issued=rnd["issued"] or 0, ballots=ballots,
                       options=round_options(meeting))
