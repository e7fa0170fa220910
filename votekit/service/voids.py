"""Voiding a mistaken entry: a teller asks, a named 监票人 confirms or rejects.

The entry stays counted until confirmed; the removed ballot is kept in
``voided_ballots`` and both steps are audit events — with the round and the reason,
never the ballot's key or content (that would date one ballot's entry).
"""
from __future__ import annotations

from typing import Any

from ..store import Store, ballot_box
from . import Outcome, audit
from .entry import candidates_of, context, describe


def request_void(store: Store, actor: str, round_id: int, ballot_id: str, reason: str) -> Outcome:
    ctx = context(store, round_id)
    if ctx is None or not ctx.state.is_open:
        return Outcome.refused("本轮已结束计票或不存在，不能再作废录入。")
    with store.write():
        if ballot_box.find_entry(store, round_id, str(ballot_id)) is None:
            return Outcome.refused("找不到这张录入（可能已被作废）。")
        if ballot_box.void_request(store, ballot_id):
            return Outcome.done(ballot_id, "已申请作废，等待监票人确认。")
        ballot_box.ask_void(store, round_id, ballot_id, reason.strip()[:200], actor)
        audit.record(store, actor, "申请作废录入", {"round_id": round_id, "reason": reason.strip()[:200]},
                     ctx.meeting.id)
    return Outcome.done(ballot_id, "已申请作废这张录入，须由监票人确认后才从计票中去掉。")


def pending_voids(store: Store, round_id: int) -> list[dict[str, Any]]:
    out, order = [], candidates_of(store, round_id)
    for req in ballot_box.void_requests_of(store, round_id):
        found = ballot_box.find_entry(store, round_id, req["ballot_id"])
        if found:
            out.append({**req, "pile": found["pile"], "text": describe(found, order)})
    return out


def decide_void(store: Store, actor: str, ballot_id: str, scrutineer: str, confirm: bool) -> Outcome:
    """A named 监票人 confirms (the entry is removed) or rejects (it stays) a request."""
    from .slate import tellers
    req = ballot_box.void_request(store, ballot_id)
    if req is None:
        return Outcome.refused("没有这项作废申请。")
    ctx = context(store, req["round_id"])
    rnd = ctx.round
    if scrutineer.strip() not in tellers(store, rnd.election_id)["scrutineer"]:
        return Outcome.refused(f"“{scrutineer.strip()}”不是本选举的监票人，须由监票人确认。")
    with store.write():
        ballot_box.drop_void_request(store, ballot_id)
        detail = {"round_id": rnd.id, "scrutineer": scrutineer.strip()}
        if confirm:
            ballot_box.void_entry(store, rnd.id, ballot_id, req["reason"])
        audit.record(store, actor, "监票人确认作废录入" if confirm else "监票人驳回作废申请", detail,
                     ctx.meeting.id)
    return Outcome.done(ballot_id, "已作废这张录入。" if confirm else "已驳回作废申请，这张录入保留。")
