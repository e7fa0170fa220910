"""表决 at the meeting: motions, their counts, their result, the 支部大会决议.

The rules are the core's (``core.motions``); this records a motion, takes the
roster as it stands when the counts are entered (the same sign-in the quorum
uses: ``roster.core_members``), and keeps what the core said.  A recorded vote
can be corrected (re-entered) only while nothing else depends on it: each
entry is an audit event, so the chain shows every change.
"""
from __future__ import annotations

from typing import Any

from ..core.motions import (Motion, MotionKind, MotionStatus, MotionVerdict, VoteCounts, VoteMethod,
                            decision, judge_motion, motion_problems, subject,
                            tally_sentence)
from ..core.names import canonical_name
from ..core.quorum import expected_count, present_count
from ..core.vocabulary import MemberStatus
from ..store import Store
from ..store import motions as stored
from ..store.motions import MotionRecord, MotionState
from . import Outcome, audit, rolls
from .meetings import get_meeting
from .roster import core_members

def get_motion(store: Store, motion_id: int) -> MotionRecord | None:
    return stored.get_motion(store, motion_id)


def motions(store: Store, meeting_id: int) -> list[MotionRecord]:
    return stored.motions_of(store, meeting_id)


def add_motion(store: Store, actor: str, meeting_id: int, kind: str, person: str = "",
               title: str = "", proposal: str = "") -> Outcome:
    """A motion for the agenda; 接收预备党员 names exactly one person."""
    if get_meeting(store, meeting_id) is None:
        return Outcome.refused("会议不存在。")
    if kind not in {k.value for k in MotionKind}:
        return Outcome.refused("表决事项类别不对。")
    motion = Motion(MotionKind(kind), person.strip(), title.strip(), proposal.strip())
    problems = motion_problems(motion) + _person_problems(store, meeting_id, motion)
    if problems:
        return Outcome.refused(*problems)
    with store.write():
        motion_id, position = stored.add_motion(store, meeting_id, motion)
        row = {"meeting_id": meeting_id, "kind": kind, "person": motion.person, "title": motion.title,
               "proposal": motion.proposal, "position": position}
        audit.record(store, actor, "新增表决事项", {**row, "motion_id": motion_id,
                                                  "subject": subject(motion)}, meeting_id)
    return Outcome.done(motion_id, f"已新增表决事项：{subject(motion)}。")


def _person_problems(store: Store, meeting_id: int, motion: Motion) -> list[str]:
    """预备党员转正 only for someone on the roster as 预备党员 (names by the one identity)."""
    if motion.kind is not MotionKind.CONFIRM or not motion.person:
        return []
    key = canonical_name(motion.person)
    member = next((m for m in core_members(store, meeting_id) if canonical_name(m.name) == key), None)
    if member is None:
        return [f"{motion.person}不在本支部党员名册上，不能表决其转正。"]
    if member.status is not MemberStatus.PROBATIONARY:
        return [f"{motion.person}是{member.status.label}，不是预备党员，不能表决其转正。"]
    return []


def _int_or_none(value: Any) -> int | None:
    if value is None or str(value).strip() == "":
        return None
    try:
        return int(str(value).strip())
    except ValueError:
        return -1


def counts_from(method: str, agree: Any, against: Any, abstain: Any, invalid: Any = 0,
                issued: Any = None, returned: Any = None) -> VoteCounts | str:
    """Form values as ``VoteCounts``, or a Chinese reason they are not numbers."""
    if method not in {m.value for m in VoteMethod}:
        return "请选择表决方式：举手表决或无记名投票。"
    nums = [_int_or_none(v) for v in (agree, against, abstain, invalid)]
    if any(n is None or n < 0 for n in nums[:3]) or (nums[3] is not None and nums[3] < 0):
        return "赞成、反对、弃权票数须填写为不小于0的整数。"
    ballots = [_int_or_none(issued), _int_or_none(returned)]
    if method == "ballot" and any(n is None or n < 0 for n in ballots):
        return "无记名投票表决须填写发出和收回的表决票数（不小于0的整数）。"
    if method == "hands":
        ballots = [None, None]
    return VoteCounts(VoteMethod(method), nums[0], nums[1], nums[2], nums[3] or 0, *ballots)


def verdict_data(motion: Motion, verdict: MotionVerdict) -> dict[str, Any]:
    c = verdict.counts
    return {"status": verdict.status.value, "status_label": verdict.status.label,
            "base": verdict.base.value, "base_label": verdict.base.label,
            "expected": verdict.expected, "present": verdict.present, "observers": verdict.observers,
            "probationary": verdict.probationary, "base_count": verdict.base_count,
            "needed": verdict.needed, "carried": verdict.carried, "method": c.method.value,
            "agree": c.agree, "against": c.against, "abstain": c.abstain, "invalid": c.invalid,
            "issued": c.issued, "returned": c.returned, "problems": list(verdict.problems),
            "sentence": tally_sentence(motion, verdict), "decision": decision(motion, verdict.carried),
            "subject": subject(motion)}


def record_vote(store: Store, actor: str, motion_id: int, counts: VoteCounts) -> Outcome:
    """Enter the counts; the result is judged on who is signed in now (预备党员 do not vote)."""
    row = get_motion(store, motion_id)
    if row is None:
        return Outcome.refused("表决事项不存在。")
    with store.write():
        # the roll of this vote: as taken when it began (清点人数), else now — kept for good
        vote = rolls.vote_key("motion", motion_id)
        members = rolls.roll_now(store, vote, row.meeting_id).members
        verdict = judge_motion(row.motion, members, counts)
        data = verdict_data(row.motion, verdict)
        if verdict.status in (MotionStatus.COUNTS_INVALID, MotionStatus.NO_VOTERS):
            return Outcome(False, tuple(verdict.problems))
        status = {MotionStatus.CARRIED: MotionState.CARRIED, MotionStatus.REJECTED: MotionState.REJECTED,
                  MotionStatus.VOID_MORE_RETURNED: MotionState.VOID}[verdict.status]
        expected, present = expected_count(members), present_count(members)
        stored.save_vote(store, motion_id, counts, expected, present, status, data)
        if rolls.roll_for(store, vote) is None:
            rolls.keep(store, actor, row.meeting_id, vote, rolls.current(store, row.meeting_id))
        values = {"method": counts.method.value, "agree": counts.agree, "against": counts.against,
                  "abstain": counts.abstain, "invalid": counts.invalid, "issued": counts.issued,
                  "returned": counts.returned, "expected_at_vote": expected, "present_at_vote": present,
                  "status": status.value}
        audit.record(store, actor, "记录表决结果", {"motion_id": motion_id, "subject": data["subject"],
                                                   **values}, row.meeting_id)
    return Outcome.done(data, data["sentence"])


def remove_motion(store: Store, actor: str, motion_id: int) -> Outcome:
    row = get_motion(store, motion_id)
    if row is None:
        return Outcome.refused("表决事项不存在。")
    if row.status is not MotionState.OPEN:
        return Outcome.refused("已记录表决结果的事项不能删除。")
    with store.write():
        stored.remove_motion(store, motion_id)
        audit.record(store, actor, "删除表决事项", {"motion_id": motion_id, "subject": row.subject},
                     row.meeting_id)
    return Outcome.done(motion_id, f"已删除表决事项：{row.subject}。")


# -- for the paperwork (主持词, 决议, archive, verify) ---------------------------------
def resolution_fields(store: Store, motion_id: int) -> dict[str, Any] | None:
    """A decided motion as the fields of ``documents.model.Resolution`` (subject, expected,
    present, agree, against, abstain, text, secretary, threshold_base); None while open or void."""
    row = get_motion(store, motion_id)
    if row is None or not row.status.decided:
        return None
    v = row.verdict_data
    meeting = get_meeting(store, row.meeting_id)
    return {"subject": v["subject"], "expected": v["expected"], "present": v["present"],
            "agree": v["agree"], "against": v["against"], "abstain": v["abstain"],
            "text": v["decision"], "secretary": meeting.presiding, "threshold_base": v["base"],
            "roll": rolls.roll_for(store, rolls.vote_key("motion", motion_id))}


def resolutions(store: Store, meeting_id: int) -> list[dict[str, Any]]:
    """Every decided motion of the meeting, in agenda order, as ``resolution_fields``."""
    found = (resolution_fields(store, m.id) for m in motions(store, meeting_id))
    return [f for f in found if f is not None]


def script_lines(store: Store, meeting_id: int) -> list[str]:
    """The 主持词 paragraphs for the motions on the agenda (one per motion, in order)."""
    lines = []
    for m in motions(store, meeting_id):
        base = "应到会有表决权的正式党员" if m.motion.kind is MotionKind.ADMIT else "到会正式党员"
        head = (f"下面对“{m.question}”进行表决。只有正式党员参加表决，预备党员不参加表决；"
                f"赞成票超过{base}的半数为通过。")
        if m.method == "ballot":
            lines.append(head + "采用无记名投票方式。请监票人、计票人分发表决票。（投票、清点、计票）")
        else:
            lines.append(head + "同意的请举手。（清点）请放下。不同意的请举手。（清点）请放下。"
                         "弃权的请举手。（清点）请放下。")
        if m.verdict_data:
            lines.append("表决结果：" + m.verdict_data["sentence"])
    return lines


def _cn_date(iso: str) -> str:
    year, month, day = (int(part) for part in iso[:10].split("-"))
    return f"{year}年{month}月{day}日"


def paper_fields(store: Store, motion_id: int) -> dict[str, Any] | None:
    """The fields of ``pdf.resolution.ResolutionPaper`` for a decided motion (None otherwise)."""
    row = get_motion(store, motion_id)
    if row is None or not row.status.decided:
        return None
    v = row.verdict_data
    meeting = get_meeting(store, row.meeting_id)
    others = v["observers"] - v["probationary"]
    observers = "、".join(part for part in (
        f"预备党员{v['probationary']}名" if v["probationary"] else "",
        f"其他无表决权的党员{others}名" if others else "") if part)
    ballots = ""
    if v["method"] == "ballot":
        ballots = f"发出{v['issued']}张，收回{v['returned']}张，无效{v['invalid']}张"
    return {"branch": meeting.branch, "meeting_date": _cn_date(meeting.date),
            "subject": v["subject"], "method": VoteMethod(v["method"]).label,
            "expected": v["expected"], "present": v["present"], "observers": observers,
            "agree": v["agree"], "against": v["against"], "abstain": v["abstain"],
            "carried": v["carried"], "sentence": v["sentence"], "decision": v["decision"],
            "secretary": meeting.presiding, "ballots": ballots}


# -- archive and verify ---------------------------------------------------------------------
def archive_data(store: Store, meeting_id: int) -> list[dict[str, Any]]:
    """Every motion of the meeting as JSON-safe data for the archive (agenda order)."""
    return [{"subject": m.subject, "kind": m.kind, "person": m.person, "title": m.title,
             "proposal": m.proposal, "status": m.status.value,
             "verdict": dict(m.verdict_data) if m.verdict_data is not None else None}
            for m in motions(store, meeting_id)]
