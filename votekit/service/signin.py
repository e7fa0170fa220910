"""签到: check-in, late arrivals, early leavers, leave of absence, and the live quorum.

The quorum itself is the counting core's (``core.quorum.assess_quorum``); a
member counts as present while signed in and not recorded as having left.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from pypinyin import Style, lazy_pinyin

from ..core.quorum import QuorumReport, assess_quorum
from ..store import Store
from . import Outcome, audit
from .meetings import get_meeting, round_options
from .roster import core_members, get_member, members


def quorum(store: Store, meeting_id: int) -> QuorumReport:
    meeting = get_meeting(store, meeting_id)
    return assess_quorum(core_members(store, meeting_id), round_options(meeting))


def quorum_data(report: QuorumReport) -> dict[str, Any]:
    return {"expected": report.expected, "present": report.present,
            "min_present": report.min_present, "met": report.met,
            "exact_basis": report.exact_basis, "message": report.message,
            "still_needed": max(0, report.min_present - report.present)}


def _clock_time(stamp: str | None) -> str:
    return stamp[11:16] if stamp and len(stamp) >= 16 else ""


def is_late(meeting: dict[str, Any], arrived_at: str | None) -> bool:
    if not arrived_at or not meeting.get("starts_at"):
        return False
    start = dt.datetime.fromisoformat(f"{meeting['date']}T{meeting['starts_at']}")
    return dt.datetime.fromisoformat(arrived_at[:16]) > start  # to the minute


def _member_and_meeting(store: Store, member_id: int):
    member = get_member(store, member_id)
    return member, (get_meeting(store, member["meeting_id"]) if member else None)


def sign_in(store: Store, actor: str, member_id: int, at: str | None = None) -> Outcome:
    """Record arrival (or return after leaving); value: the quorum after it."""
    member, meeting = _member_and_meeting(store, member_id)
    if member is None:
        return Outcome.refused("党员不存在。")
    at = at or store.now()
    with store.write():
        row = store.get("attendance", member_id=member_id)
        if row and row["arrived_at"] and not row["left_at"]:
            return Outcome.done(quorum(store, meeting["id"]), f"{member['name']}已签到，无需重复签到。")
        returning = bool(row and row["left_at"])
        values = {"member_id": member_id, "arrived_at": row["arrived_at"] if returning else at,
                  "left_at": None, "leave_reason": ""}
        store.upsert("attendance", values, key="member_id")
        audit.record(store, actor, "返回会场" if returning else "签到",
                     {"member_id": member_id, "name": member["name"], "at": at}, meeting["id"])
    late = not returning and is_late(meeting, at)
    word = "返回会场" if returning else ("签到（迟到）" if late else "签到")
    return Outcome.done(quorum(store, meeting["id"]), f"{member['name']} {_clock_time(at)} {word}。")


def record_leaving(store: Store, actor: str, member_id: int, at: str | None = None,
                   reason: str = "") -> Outcome:
    """提前离会: the member no longer counts in 实到 (but stays in 应到)."""
    member, meeting = _member_and_meeting(store, member_id)
    if member is None:
        return Outcome.refused("党员不存在。")
    at = at or store.now()
    with store.write():
        row = store.get("attendance", member_id=member_id)
        if not row or not row["arrived_at"] or row["left_at"]:
            return Outcome.refused(f"{member['name']}当前不在会场，无法登记离会。")
        store.update("attendance", {"left_at": at, "leave_reason": reason.strip()}, member_id=member_id)
        audit.record(store, actor, "离会", {"member_id": member_id, "name": member["name"], "at": at,
                                           "reason": reason.strip()}, meeting["id"])
    return Outcome.done(quorum(store, meeting["id"]), f"{member['name']} {_clock_time(at)} 离会。")


def record_absence(store: Store, actor: str, member_id: int, reason: str) -> Outcome:
    """请假 (or other reason for not attending): shown on the 签到表; still in 应到."""
    member, meeting = _member_and_meeting(store, member_id)
    if member is None:
        return Outcome.refused("党员不存在。")
    with store.write():
        row = store.get("attendance", member_id=member_id)
        if row and row["arrived_at"] and not row["left_at"]:
            return Outcome.refused(f"{member['name']}已签到，不能登记请假。")
        store.upsert("attendance", {"member_id": member_id, "arrived_at": None, "left_at": None,
                                    "leave_reason": reason.strip()}, key="member_id")
        audit.record(store, actor, "登记请假", {"member_id": member_id, "name": member["name"],
                                                "reason": reason.strip()}, meeting["id"])
    return Outcome.done(quorum(store, meeting["id"]), f"已登记{member['name']}请假：{reason.strip()}。")


def undo_sign_in(store: Store, actor: str, member_id: int) -> Outcome:
    """Correct a mistaken tap: the member is no longer signed in."""
    member, meeting = _member_and_meeting(store, member_id)
    if member is None:
        return Outcome.refused("党员不存在。")
    with store.write():
        if not store.delete("attendance", member_id=member_id):
            return Outcome.refused(f"{member['name']}尚未签到。")
        audit.record(store, actor, "撤销签到", {"member_id": member_id, "name": member["name"]},
                     meeting["id"])
    return Outcome.done(quorum(store, meeting["id"]), f"已撤销{member['name']}的签到。")


def initials(name: str) -> str:
    return "".join(lazy_pinyin(name, style=Style.FIRST_LETTER)).lower()


def attendance(store: Store, meeting_id: int) -> list[dict[str, Any]]:
    """Roster rows (姓氏笔画 order) with sign-in state for the check-in screen and 签到表."""
    meeting = get_meeting(store, meeting_id)
    rows = members(store, meeting_id)
    for row in rows:
        row.update(late=is_late(meeting, row["arrived_at"]), arrived=_clock_time(row["arrived_at"]),
                   left=_clock_time(row["left_at"]), initials=initials(row["name"]),
                   pinyin="".join(lazy_pinyin(row["name"])).lower())
    return rows


def search(store: Store, meeting_id: int, query: str) -> list[dict[str, Any]]:
    """By part of the name, by 拼音 initials (“zw” → 张伟) or by full 拼音."""
    q = "".join(query.split()).lower()
    rows = attendance(store, meeting_id)
    if not q:
        return rows
    return [r for r in rows if q in r["name"] or r["initials"].startswith(q) or r["pinyin"].startswith(q)]


def public_row(row: dict[str, Any]) -> dict[str, Any]:
    """What the check-in screen needs of one member (JSON-safe)."""
    keys = ("id", "name", "status_short", "has_vote", "present", "in_expected", "late", "arrived",
            "left", "leave_reason", "party_group", "initials", "excl_label")
    return {k: row[k] for k in keys}
