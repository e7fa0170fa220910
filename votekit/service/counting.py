"""计票: the live board, closing a round, the verdict, and what comes next.

The rules are the counting core's alone: the board and the verdict are
``core.validity.read_ballot`` + ``core.count.tally`` and ``core.verdict.judge``
on the round record (``service.ballots.round_record``); this module only
decides *when* (the returned count is entered, every returned ballot is
entered, double entry is settled) and records what the core said.
"""
from __future__ import annotations

import dataclasses
import json
from collections import Counter
from typing import Any

from ..core.count import tally
from ..core.export import round_to_data, verdict_to_data
from ..core.record import parse_round
from ..core.sequence import Step
from ..core.validity import election_sentence, election_valid, read_ballot
from ..core.verdict import judge
from ..core.vocabulary import RoundRecord, RoundStage, Status
from ..store import Store, audit_log, ballot_box
from ..store import rounds as stored
from ..store.records import RoundStatus
from ..store.rounds import RoundContext
from . import Outcome, audit, scan_reconcile, sequencing
from .ballots import round_record
from .entry import candidates_of, context, entered_count, entry_counts, state  # noqa: F401 (counting.state)


def counting_record(store: Store, round_id: int, ctx: RoundContext | None = None) -> RoundRecord:
    """The round as the core's input, with the seat-reduction count and, at the
    committee's first plenary, the committee as the electorate (RULES.md §2).

    Once a round is closed its record is frozen (who was present then, the
    ballots then), so a later export or seat-reduction vote judges the same round.
    """
    ctx = ctx or context(store, round_id)
    record = ctx.state.record
    if record is None:
        record = round_record(store, round_id)
        if ctx.election.by_committee:
            from .plenary import plenary_members
            record = dataclasses.replace(record, members=plenary_members(store, ctx.meeting.id))
    return dataclasses.replace(record, seat_reduction_yes=ctx.state.seat_reduction_yes)


# -- the live board (唱票) -----------------------------------------------------------
def board(store: Store, round_id: int, ctx: RoundContext | None = None) -> dict[str, Any]:
    """What the projector shows: per candidate ○/×/弃权 so far, counted of returned."""
    ctx = ctx or context(store, round_id)
    rnd, st, meeting = ctx.round, ctx.state, ctx.meeting
    names = ctx.candidates or candidates_of(store, round_id)
    data = {"title": ctx.title, "seats": rnd.seats, "issued": rnd.issued,
            "returned": rnd.returned, "status": st.status.value, "status_label": st.status_label,
            "double_entry": st.in_piles, "branch": meeting.branch}
    if st.in_piles:
        data.update(entered=entered_count(store, round_id, "A"), entered_b=entered_count(store, round_id, "B"),
                    valid=0, invalid=0, rows=[{"name": n, "agree": None, "disagree": None, "abstain": None}
                                             for n in names])
        return data
    result = _tally(store, round_id, names, rnd.seats, meeting.options, rnd.kind.stage)
    data.update(entered=result.valid + result.invalid, valid=result.valid, invalid=result.invalid,
                rows=[{"name": n, "agree": c.agree, "disagree": c.disagree,
                       "abstain": c.abstain if n in names else None, "write_in": n not in names}
                      for n, c in result.counts.items()])
    return data


_BOARD_CACHE: dict[tuple, Any] = {}


def _tally(store: Store, round_id: int, names: tuple[str, ...], seats: int, options,
           stage: RoundStage = RoundStage.FIRST) -> Any:
    """The core's running tally; each distinct ballot content is read once, and the
    result is kept until the round's ballots change: an entry adds one (entries are not
    audit events, for the secret ballot), a void is an audit event."""
    head = audit_log.head(store)
    key = (store.path, round_id, head[0] if head else 0, ballot_box.entered(store, round_id),
           names, seats, options, stage)
    if key in _BOARD_CACHE:
        return _BOARD_CACHE[key]
    contents = Counter((r["marks"], r["write_ins"], r["illegible"])
                       for r in ballot_box.ballot_rows(store, round_id))
    read = []
    for (marks, write_ins, illegible), times in contents.items():
        ballot = ballot_box.ballot_from_columns({"marks": marks, "write_ins": write_ins, "illegible": illegible})
        read += [read_ballot(ballot, names, seats, options, stage)] * times
    result = tally(read, names)
    if store.path != ":memory:":
        _BOARD_CACHE.clear()
        _BOARD_CACHE[key] = result
    return result


# -- closing the count -------------------------------------------------------------
def close_problem(store: Store, round_id: int, ctx: RoundContext | None = None) -> str | None:
    ctx = ctx or context(store, round_id)
    rnd, st = ctx.round, ctx.state
    if not st.is_open:
        return f"本轮{st.status_label}。"
    if rnd.issued is None:
        return "本轮尚未发出选票。"
    if rnd.returned is None:
        return "请监票人先清点并录入收回的选票张数，才能结束计票。"
    if st.in_piles:
        return "本轮采用双人录入，两份录入尚未核对一致，不能公布结果。"
    if not election_valid(rnd.returned, rnd.issued):
        return None
    scanned = scan_reconcile.close_problem(store, round_id)
    if scanned:
        return scanned
    entered = entered_count(store, round_id)
    if entered != rnd.returned:
        gap = rnd.returned - entered
        return (f"收回选票{rnd.returned}张，已录入{entered}张，"
                + (f"还有{gap}张未录入。" if gap > 0 else f"多录入了{-gap}张，请监票人核对。"))
    return None


def close_round(store: Store, actor: str, round_id: int) -> Outcome:
    """The 监票人 close the count: void if more came back than went out, else the core's verdict."""
    ctx = context(store, round_id)
    problem = close_problem(store, round_id, ctx)
    if problem:
        return Outcome.refused(problem)
    rnd, meeting_id = ctx.round, ctx.meeting.id
    with store.write():
        audit.record(store, actor, "录入人员统计", {"round_id": round_id,
                     "entered": entry_counts(store, round_id)}, meeting_id)
        if not election_valid(rnd.returned, rnd.issued):
            sentence = election_sentence(rnd.returned, rnd.issued)
            data = {"status": Status.VOID_MORE_RETURNED.value, "messages": [sentence], "elected": []}
            stored.save_round_state(store, round_id, status=RoundStatus.VOID, closed_by=actor, verdict=data)
            audit.record(store, actor, "宣布选举无效", {"round_id": round_id, "issued": rnd.issued,
                         "returned": rnd.returned}, meeting_id)
            return Outcome.done(data, sentence)
        record = counting_record(store, round_id)
        verdict = judge(record)
        data = verdict_to_data(verdict)
        stored.save_round_state(store, round_id, status=RoundStatus.CLOSED, closed_by=actor,
                                record=record, verdict=verdict)
        audit.record(store, actor, "结束计票", {"round_id": round_id, "status": data["status"],
                     "elected": data["elected"], "tally": data["tally"]}, meeting_id)
    store.compact()   # secret ballot: no physical trace of the order of entry survives the count
    return Outcome.done(data, *data["messages"])


def record_seat_reduction(store: Store, actor: str, round_id: int, yes: int) -> Outcome:
    """减少名额的表决 (RULES.md §7): the show-of-hands count, then the core judges again."""
    ctx = context(store, round_id)
    if ctx is None:
        return Outcome.refused("投票轮次不存在。")
    if any(r.number > ctx.round.number for r in stored.rounds_of(store, ctx.election.id)):
        return Outcome.refused("本轮之后已经开始了新一轮投票，不能再就本轮表决减少名额。")
    refusal = sequencing.progress(store, ctx.election.id).refusal(Step.REDUCE)
    if refusal:
        return Outcome.refused(refusal)
    verdict = ctx.state.verdict
    if yes < 0 or yes > verdict.present:
        return Outcome.refused(f"同意人数应在0至实到人数{verdict.present}之间。")
    if not verdict.elected:      # earlier rounds elected someone: the election's vote, not this round's
        return sequencing.reduce_election(store, actor, ctx.round, verdict.present, yes)
    meeting_id = ctx.meeting.id
    with store.write():
        stored.save_round_state(store, round_id, seat_reduction_yes=yes)
        again = judge(counting_record(store, round_id))
        stored.save_round_state(store, round_id, verdict=again)
        data = verdict_to_data(again)
        audit.record(store, actor, "减少名额表决", {"round_id": round_id, "yes": yes,
                     "present": data["present"], "seats_reduced_to": data["seats_reduced_to"]}, meeting_id)
    return Outcome.done(data, *data["messages"][-1:])


# -- what comes next: service.sequencing ---------------------------------------------
next_round = sequencing.next_round
election_result = sequencing.election_result


# -- export and recount ------------------------------------------------------------
def export_round(store: Store, round_id: int, ctx: RoundContext | None = None) -> dict[str, Any]:
    """The TALLY-JSON round record (``votekit tally`` reads it)."""
    return round_to_data(counting_record(store, round_id, ctx))


def recount(store: Store, round_id: int, ctx: RoundContext | None = None) -> Outcome:
    """Export, re-read as ``votekit tally`` would, re-count, and compare with the app's verdict;
    also check the frozen record still holds exactly the ballots in the store."""
    ctx = ctx or context(store, round_id)
    st = ctx.state
    if st.status is not RoundStatus.CLOSED:
        return Outcome.refused("本轮尚未结束计票（或选举无效），没有可复核的结果。")
    text = json.dumps(export_round(store, round_id, ctx), ensure_ascii=False)
    record = parse_round(json.loads(text))
    again = verdict_to_data(judge(record))
    kept = sorted(repr(b) for b in ballot_box.ballots_of(store, round_id))
    problems = []
    if kept != sorted(repr(b) for b in record.ballots):
        problems.append("结束计票后选票记录有变动")
    stored_verdict = st.verdict_data
    diff = sorted(k for k in again if k in stored_verdict and again[k] != stored_verdict[k])
    if diff:
        problems.append(f"以下项目不同：{'、'.join(diff)}")
    if problems:
        return Outcome(False, (f"复核不一致：{'；'.join(problems)}，请监票人核查。",), again)
    return Outcome.done(again, "复核一致：把导出的计票记录另行重新计票，结果与本系统完全相同。")
