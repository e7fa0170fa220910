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
from ..core.vocabulary import RoundRecord, RoundStage
from ..store import Store
from . import Outcome, audit, scan_reconcile, sequencing
from .ballots import _ballot, round_record
from .entry import candidates_of, entered_count, entry_counts, round_title, save_state, state
from .meetings import get_election, get_meeting, get_round, round_options
from .meetings import rounds as meetings_rounds


def counting_record(store: Store, round_id: int) -> RoundRecord:
    """The round as the core's input, with the seat-reduction count and, at the
    committee's first plenary, the committee as the electorate (RULES.md §2).

    Once a round is closed its record is frozen (who was present then, the
    ballots then), so a later export or seat-reduction vote judges the same round.
    """
    st = state(store, round_id)
    if st["record"]:
        record = parse_round(json.loads(st["record"]))
    else:
        record = round_record(store, round_id)
        rnd = get_round(store, round_id)
        election = get_election(store, rnd["election_id"])
        if election["electorate"] == "committee":
            from .plenary import plenary_members
            record = dataclasses.replace(record, members=plenary_members(store, election["meeting_id"]))
    return dataclasses.replace(record, seat_reduction_yes=st["seat_reduction_yes"])


# -- the live board (唱票) -----------------------------------------------------------
def board(store: Store, round_id: int) -> dict[str, Any]:
    """What the projector shows: per candidate ○/×/弃权 so far, counted of returned."""
    rnd = get_round(store, round_id)
    st = state(store, round_id)
    meeting = get_meeting(store, get_election(store, rnd["election_id"])["meeting_id"])
    names = candidates_of(store, round_id)
    data = {"title": round_title(store, rnd), "seats": rnd["seats"], "issued": rnd["issued"],
            "returned": rnd["returned"], "status": st["status"], "status_label": st["status_label"],
            "double_entry": st["double_entry"] == 1, "branch": meeting["branch"]}
    if st["double_entry"] == 1:
        data.update(entered=entered_count(store, round_id, "A"), entered_b=entered_count(store, round_id, "B"),
                    valid=0, invalid=0, rows=[{"name": n, "agree": None, "disagree": None, "abstain": None}
                                             for n in names])
        return data
    result = _tally(store, round_id, names, rnd["seats"], round_options(meeting), RoundStage(rnd["kind"]))
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
    head = store.get("audit_head", id=1)
    key = (store.path, round_id, head["seq"] if head else 0, store.count("ballots", round_id=round_id),
           names, seats, options, stage)
    if key in _BOARD_CACHE:
        return _BOARD_CACHE[key]
    contents = Counter((r["marks"], r["write_ins"], r["illegible"])
                       for r in store.rows("ballots", round_id=round_id))
    read = []
    for (marks, write_ins, illegible), times in contents.items():
        ballot = _ballot({"marks": marks, "write_ins": write_ins, "illegible": illegible})
        read += [read_ballot(ballot, names, seats, options, stage)] * times
    result = tally(read, names)
    if store.path != ":memory:":
        _BOARD_CACHE.clear()
        _BOARD_CACHE[key] = result
    return result


# -- closing the count -------------------------------------------------------------
def close_problem(store: Store, round_id: int) -> str | None:
    rnd = get_round(store, round_id)
    st = state(store, round_id)
    if st["status"] != "open":
        return f"本轮{st['status_label']}。"
    if rnd["issued"] is None:
        return "本轮尚未发出选票。"
    if rnd["returned"] is None:
        return "请监票人先清点并录入收回的选票张数，才能结束计票。"
    if st["double_entry"] == 1:
        return "本轮采用双人录入，两份录入尚未核对一致，不能公布结果。"
    if not election_valid(rnd["returned"], rnd["issued"]):
        return None
    scanned = scan_reconcile.close_problem(store, round_id)
    if scanned:
        return scanned
    entered = entered_count(store, round_id)
    if entered != rnd["returned"]:
        gap = rnd["returned"] - entered
        return (f"收回选票{rnd['returned']}张，已录入{entered}张，"
                + (f"还有{gap}张未录入。" if gap > 0 else f"多录入了{-gap}张，请监票人核对。"))
    return None


def close_round(store: Store, actor: str, round_id: int) -> Outcome:
    """The 监票人 close the count: void if more came back than went out, else the core's verdict."""
    problem = close_problem(store, round_id)
    if problem:
        return Outcome.refused(problem)
    rnd = get_round(store, round_id)
    meeting_id = get_election(store, rnd["election_id"])["meeting_id"]
    with store.write():
        audit.record(store, actor, "录入人员统计", {"round_id": round_id,
                     "entered": entry_counts(store, round_id)}, meeting_id)
        if not election_valid(rnd["returned"], rnd["issued"]):
            sentence = election_sentence(rnd["returned"], rnd["issued"])
            data = {"status": "void_more_returned", "messages": [sentence], "elected": []}
            save_state(store, round_id, status="void", closed_by=actor,
                       verdict=json.dumps(data, ensure_ascii=False))
            audit.record(store, actor, "宣布选举无效", {"round_id": round_id, "issued": rnd["issued"],
                         "returned": rnd["returned"]}, meeting_id)
            return Outcome.done(data, sentence)
        record = counting_record(store, round_id)
        data = verdict_to_data(judge(record))
        save_state(store, round_id, status="closed", closed_by=actor,
                   record=json.dumps(round_to_data(record), ensure_ascii=False),
                   verdict=json.dumps(data, ensure_ascii=False))
        audit.record(store, actor, "结束计票", {"round_id": round_id, "status": data["status"],
                     "elected": data["elected"], "tally": data["tally"]}, meeting_id)
    store.compact()   # secret ballot: no physical trace of the order of entry survives the count
    return Outcome.done(data, *data["messages"])


def record_seat_reduction(store: Store, actor: str, round_id: int, yes: int) -> Outcome:
    """减少名额的表决 (RULES.md §7): the show-of-hands count, then the core judges again."""
    st = state(store, round_id)
    verdict = st["verdict_data"]
    rnd = get_round(store, round_id)
    if rnd is None:
        return Outcome.refused("投票轮次不存在。")
    if any(r["number"] > rnd["number"] for r in meetings_rounds(store, rnd["election_id"])):
        return Outcome.refused("本轮之后已经开始了新一轮投票，不能再就本轮表决减少名额。")
    refusal = sequencing.progress(store, rnd["election_id"]).refusal(Step.REDUCE)
    if refusal:
        return Outcome.refused(refusal)
    if yes < 0 or yes > verdict["present"]:
        return Outcome.refused(f"同意人数应在0至实到人数{verdict['present']}之间。")
    meeting_id = get_election(store, rnd["election_id"])["meeting_id"]
    with store.write():
        save_state(store, round_id, seat_reduction_yes=yes)
        data = verdict_to_data(judge(counting_record(store, round_id)))
        save_state(store, round_id, verdict=json.dumps(data, ensure_ascii=False))
        audit.record(store, actor, "减少名额表决", {"round_id": round_id, "yes": yes,
                     "present": data["present"], "seats_reduced_to": data["seats_reduced_to"]}, meeting_id)
    return Outcome.done(data, *data["messages"][-1:])


# -- what comes next: service.sequencing ---------------------------------------------
next_round = sequencing.next_round
election_result = sequencing.election_result


# -- export and recount ------------------------------------------------------------
def export_round(store: Store, round_id: int) -> dict[str, Any]:
    """The TALLY-JSON round record (``votekit tally`` reads it)."""
    return round_to_data(counting_record(store, round_id))


def recount(store: Store, round_id: int) -> Outcome:
    """Export, re-read as ``votekit tally`` would, re-count, and compare with the app's verdict;
    also check the frozen record still holds exactly the ballots in the store."""
    st = state(store, round_id)
    if st["status"] != "closed":
        return Outcome.refused("本轮尚未结束计票（或选举无效），没有可复核的结果。")
    text = json.dumps(export_round(store, round_id), ensure_ascii=False)
    record = parse_round(json.loads(text))
    again = verdict_to_data(judge(record))
    stored = sorted(repr(_ballot(r)) for r in store.rows("ballots", round_id=round_id))
    problems = []
    if stored != sorted(repr(b) for b in record.ballots):
        problems.append("结束计票后选票记录有变动")
    stored_verdict = st["verdict_data"]
    diff = sorted(k for k in again if k in stored_verdict and again[k] != stored_verdict[k])
    if diff:
        problems.append(f"以下项目不同：{'、'.join(diff)}")
    if problems:
        return Outcome(False, (f"复核不一致：{'；'.join(problems)}，请监票人核查。",), again)
    return Outcome.done(again, "复核一致：把导出的计票记录另行重新计票，结果与本系统完全相同。")
