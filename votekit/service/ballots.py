"""Ballots handed out per round (选票分发) and the round record for counting.

Ballot papers are issued only while the quorum holds; the number issued is
recorded per round and may exceed those present with the vote only with a
reason the scrutineers record.  Returned ballots (issue 5) are stored with a
random key and nothing about who cast them or when.
"""
from __future__ import annotations

import json

from ..core.export import ballot_to_data
from ..core.quorum import QuorumReport, assess_quorum
from ..core.vocabulary import Ballot, RoundRecord
from ..store import Store, ballot_box
from ..store import rounds as stored
from . import Outcome, audit, rolls
from .slate import candidate_names


def issue_ballots(store: Store, actor: str, round_id: int, issued: int, reason: str = "") -> Outcome:
    """选票发出, only while the electorate's quorum holds: the meeting's for 委员, the new
    committee's plenary for 书记/副书记 (RULES.md §2).  More than present needs a reason."""
    ctx = stored.round_context(store, round_id)
    if ctx is None:
        return Outcome.refused("投票轮次不存在。")
    election, by_committee = ctx.election, ctx.election.electorate == "committee"
    with store.write():
        report, problems = _plenary_problems(store, ctx.meeting.id, issued, reason) if by_committee \
            else _meeting_problems(store, ctx, issued, reason)
        if ballot_box.entered(store, round_id) or ballot_box.in_piles(store, round_id):
            problems.append("本轮已开始录入选票，发票数不能再改。")
        if problems:
            return Outcome(False, tuple(problems))
        if not by_committee:   # 清点到会人数后发票: the roll taken now is kept for this round (RULES.md §1)
            rolls.freeze(store, actor, ctx.meeting.id, rolls.vote_key("round", round_id), ctx.meeting.options)
        stored.set_issued(store, round_id, issued, reason.strip(), report.expected, report.present)
        names = ctx.round.candidate_names or candidate_names(store, election.id)
        ballot_box.prepare_places(store, round_id, issued, names)
        if ctx.state.in_piles:      # double entry already chosen: each pile's places too
            ballot_box.prepare_pile_places(store, round_id, issued, names)
        detail = {"round_id": round_id, "issued": issued, "expected": report.expected, "present": report.present}
        detail.update({"electorate": "委员会"} if by_committee else {"reason": reason.strip()})
        audit.record(store, actor, "发出选票", detail, election.meeting_id)
    if by_committee:
        return Outcome.done(issued, f"{election.title}：发出选票{issued}张（到会委员{report.present}人）。")
    notes = [f"{election.title}{ctx.round.label}：发出选票{issued}张（实到会有选举权的党员{report.present}人）。"]
    if issued > report.present:
        notes.append(f"注意：发出选票多于实到人数{issued - report.present}张，原因：{reason.strip()}。"
                     "收回的选票多于实到人数时，请监票人核对。")
    return Outcome(True, tuple(notes), issued)


def _meeting_problems(store: Store, ctx, issued: int, reason: str) -> tuple[QuorumReport, list[str]]:
    """The quorum on the round's roll: as frozen at an earlier issue, else as it would be taken now."""
    roll = rolls.roll_now(store, rolls.vote_key("round", ctx.round.id), ctx.meeting.id)
    report = assess_quorum(roll.members, ctx.meeting.options)
    problems = []
    if not report.met:
        problems.append(f"到会人数不足，不能发放选票。{report.message}至少需到{report.min_present}人。")
    if issued < 1:
        problems.append("发出选票数应至少为1张。")
    if issued > report.present and not reason.strip():
        problems.append(f"发出选票{issued}张，多于实到会有选举权的党员{report.present}人，须由监票人记录原因。")
    return report, problems


def _plenary_problems(store: Store, meeting_id: int, issued: int, reason: str) -> tuple[QuorumReport, list[str]]:
    from .plenary import plenary, plenary_quorum
    report = plenary_quorum(store, meeting_id)
    problems = []
    if not plenary(store, meeting_id)["committee"]:
        problems.append("请先登记出席委员会第一次全体会议的委员。")
    elif not report.met:
        problems.append(f"委员会全体会议到会人数不足，不能发放选票。{report.message}")
    if issued < 1 or (issued > report.present and not reason.strip()):
        problems.append(f"发出选票应为1至{report.present}张（多于到会委员须写明原因）。")
    return report, problems


def record_returned(store: Store, actor: str, round_id: int, returned: int) -> Outcome:
    ctx = stored.round_context(store, round_id)
    rnd = ctx.round if ctx else None
    if rnd is None or rnd.issued is None:
        return Outcome.refused("本轮尚未发出选票。")
    if returned < 0:
        return Outcome.refused("收回选票数不能为负数。")
    st = ctx.state
    if not st.is_open:
        return Outcome.refused(f"本轮{st.status_label}，收回的选票数已经随结果记录，不能再改。")
    with store.write():
        stored.set_returned(store, round_id, returned)
        audit.record(store, actor, "收回选票", {"round_id": round_id, "returned": returned},
                     ctx.meeting.id)
    word = "等于" if returned == rnd.issued else ("少于" if returned < rnd.issued else "多于")
    return Outcome.done(returned, f"发出选票{rnd.issued}张，收回{returned}张，收回的选票{word}发出的选票。")


_ballot = ballot_box.ballot_from_columns   # a stored ballot row as the core's Ballot


def canonical_key(ballot: Ballot) -> str:
    """A ballot's content as text: sorting by it puts identical ballots together."""
    return json.dumps(ballot_to_data(ballot), ensure_ascii=False, sort_keys=True)


def round_record(store: Store, round_id: int) -> RoundRecord:
    """The round as the counting core's input, ballots in canonical (content) order: the
    record, its export and the archive say nothing about the order they were entered in."""
    ctx = stored.round_context(store, round_id)
    rnd = ctx.round
    names = rnd.candidate_names or candidate_names(store, ctx.election.id)
    ballots = tuple(sorted(ballot_box.ballots_of(store, round_id), key=canonical_key))
    return RoundRecord(kind=ctx.election.round_kind, seats=rnd.seats,
                       members=rolls.members_for(store, rolls.vote_key("round", round_id), ctx.meeting.id),
                       candidates=names,
                       ballots_issued=rnd.issued or 0, ballots=ballots,
                       options=ctx.meeting.options, stage=rnd.kind.stage)
