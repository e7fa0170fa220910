"""签到: check-in, late arrivals, early leavers, leave of absence, and the live quorum.

The quorum itself is the counting core's (``core.quorum.assess_quorum``); a
member counts as present while signed in and not recorded as having left.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Any

from pypinyin import Style, lazy_pinyin

from ..core.quorum import QuorumReport, assess_quorum
from ..core.roll import bare_reason
from ..store import Store
from ..store import attendance as attendance_rows
from ..store.records import Meeting
from ..store.roster import RosterEntry
from . import Outcome, audit, rolls
from .meetings import get_meeting, round_options
from .roster import core_members, get_member, members
from .roster_files import hidden_characters


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


def is_late(meeting: Meeting, arrived_at: str | None) -> bool:
    if not arrived_at or not meeting.starts_at:
        return False
    start = dt.datetime.fromisoformat(f"{meeting.date}T{meeting.starts_at}")
    return dt.datetime.fromisoformat(arrived_at[:16]) > start  # to the minute


UNDO_SECONDS = 120          # a mistaken tap can be undone this long after it
ABSENCE_MAX = 40


def _member_and_meeting(store: Store, member_id: int):
    member = get_member(store, member_id)
    return member, (get_meeting(store, member.meeting_id) if member else None)


def _seconds_between(earlier: str, later: str) -> float:
    return (dt.datetime.fromisoformat(later[:19]) - dt.datetime.fromisoformat(earlier[:19])).total_seconds()


def _signed_in_words(store: Store, meeting: Meeting, member: RosterEntry, at: str) -> str:
    """已签到：张伟（第12人）; 列席 members are counted apart; late arrivals say so with the time."""
    if member.has_vote:
        place = f"第{quorum(store, meeting.id).present}人"
    else:
        place = f"列席，{member.status_label}"
    late = f"，迟到 {_clock_time(at)}" if is_late(meeting, at) else ""
    return f"已签到：{member.name}（{place}{late}）"


def sign_in(store: Store, actor: str, member_id: int, at: str | None = None) -> Outcome:
    """Record arrival (or return after leaving); value: the quorum after it."""
    member, meeting = _member_and_meeting(store, member_id)
    if member is None:
        return Outcome.refused("党员不存在。")
    at = at or store.now()
    with store.write():
        row = attendance_rows.attendance_of(store, member_id)
        if row and row.arrived_at and not row.left_at:
            return Outcome.done(quorum(store, meeting.id), f"{member.name}已签到，无需重复签到。")
        returning = bool(row and row.left_at)
        attendance_rows.save_attendance(store, attendance_rows.AttendanceRow(
            member_id, row.arrived_at if returning else at, None, "", ""))
        rolls.record_move(store, meeting.id, member_id, "return" if returning else "arrive", at)
        audit.record(store, actor, "返回会场" if returning else "签到",
                     {"member_id": member_id, "name": member.name, "at": at}, meeting.id)
        words = f"{member.name} {_clock_time(at)} 返回会场" if returning else \
            _signed_in_words(store, meeting, member, at)
    return Outcome.done(quorum(store, meeting.id), words + "。")


def record_leaving(store: Store, actor: str, member_id: int, at: str | None = None,
                   reason: str = "") -> Outcome:
    """中途离会: the member no longer counts in 实到 of the next vote (but stays in 应到)."""
    member, meeting = _member_and_meeting(store, member_id)
    if member is None:
        return Outcome.refused("党员不存在。")
    at = at or store.now()
    reason = bare_reason(reason)[:ABSENCE_MAX * 5]
    with store.write():
        row = attendance_rows.attendance_of(store, member_id)
        if not row or not row.arrived_at or row.left_at:
            return Outcome.refused(f"{member.name}当前不在会场，无法登记离会。")
        attendance_rows.save_attendance(store, attendance_rows.AttendanceRow(
            member_id, row.arrived_at, at, reason, ""))
        rolls.record_move(store, meeting.id, member_id, "leave", at)
        audit.record(store, actor, "离会", {"member_id": member_id, "name": member.name, "at": at,
                                           "reason": reason}, meeting.id)
    return Outcome.done(quorum(store, meeting.id), f"{member.name} {_clock_time(at)} 中途离会。")


def record_absence(store: Store, actor: str, member_id: int, reason: str) -> Outcome:
    """请假 with its reason (出差、病假 …): printed once as 请假（出差）; the member stays in 应到.
    An empty reason clears it (缺席，未说明原因)."""
    member, meeting = _member_and_meeting(store, member_id)
    if member is None:
        return Outcome.refused("党员不存在。")
    bare = bare_reason(reason)
    if len(bare) > ABSENCE_MAX or hidden_characters(bare):
        return Outcome.refused(f"请假原因过长（超过{ABSENCE_MAX}字）或含有控制字符。")
    with store.write():
        row = attendance_rows.attendance_of(store, member_id)
        if row and row.arrived_at and not row.left_at:
            return Outcome.refused(f"{member.name}已签到，不能登记请假。")
        if row and row.left_at:
            return Outcome.refused(f"{member.name}已到会后中途离会，记为中途离会，不能再登记请假。")
        attendance_rows.save_attendance(store, attendance_rows.AttendanceRow(
            member_id, None, None, "", bare or ("请假" if reason.strip() else "")))
        audit.record(store, actor, "登记请假" if reason.strip() else "撤销请假",
                     {"member_id": member_id, "name": member.name, "reason": bare}, meeting.id)
    if not reason.strip():
        return Outcome.done(quorum(store, meeting.id), f"已撤销{member.name}的请假登记。")
    shown = f"请假（{bare}）" if bare else "请假"
    return Outcome.done(quorum(store, meeting.id), f"已登记{member.name}{shown}。")


def undo_sign_in(store: Store, actor: str, member_id: int) -> Outcome:
    """Correct a mistaken tap, shortly after it: the member is no longer signed in."""
    member, meeting = _member_and_meeting(store, member_id)
    if member is None:
        return Outcome.refused("党员不存在。")
    now = store.now()
    with store.write():
        row = attendance_rows.attendance_of(store, member_id)
        if not row or not row.arrived_at or row.left_at:
            return Outcome.refused(f"{member.name}尚未签到。")
        if attendance_rows.last_move_kind(store, member_id) != "arrive" or \
                _seconds_between(row.arrived_at, now) > UNDO_SECONDS:
            return Outcome.refused(f"{member.name}签到已超过{UNDO_SECONDS // 60}分钟，不能撤销；"
                                   "如本人已离开会场，请登记离会。")
        attendance_rows.clear_attendance(store, member_id)
        attendance_rows.drop_last_move(store, member_id)
        audit.record(store, actor, "撤销签到", {"member_id": member_id, "name": member.name},
                     meeting.id)
    return Outcome.done(quorum(store, meeting.id), f"已撤销{member.name}的签到。")


def initials(name: str) -> str:
    return "".join(lazy_pinyin(name, style=Style.FIRST_LETTER)).lower()


@dataclass(frozen=True)
class DeskLine(RosterEntry):
    """One member at the check-in desk and on the 签到表: the roster entry with its times."""

    late: bool = False
    arrived: str = ""                 # HH:MM
    left: str = ""
    initials: str = ""                # 拼音 initials, for the search box
    pinyin: str = ""
    absence_words: str = ""           # 未到, 请假（出差）, 中途离会 10:40; "" when present


def attendance(store: Store, meeting_id: int) -> list[DeskLine]:
    """The roster (姓氏笔画 order) with sign-in state for the check-in screen and 签到表."""
    meeting = get_meeting(store, meeting_id)
    return [_desk_line(meeting, m) for m in members(store, meeting_id)]


def _desk_line(meeting: Meeting, m: RosterEntry) -> DeskLine:
    absence = m.absence or ""
    return DeskLine(**{**{f.name: getattr(m, f.name) for f in fields(m)}, "absence": absence},
                    late=is_late(meeting, m.arrived_at), arrived=_clock_time(m.arrived_at),
                    left=_clock_time(m.left_at), initials=initials(m.name),
                    pinyin="".join(lazy_pinyin(m.name)).lower(), absence_words=_absence_words(m, absence))


def _absence_words(m: RosterEntry, absence: str) -> str:
    """What the desk and the 签到表 say of someone not in the room (empty when present)."""
    if m.present:
        return ""
    if m.left_at:
        return f"中途离会 {_clock_time(m.left_at)}"
    if absence:
        return "请假" if absence == "请假" else f"请假（{absence}）"
    return "未到"


def search(store: Store, meeting_id: int, query: str) -> list[DeskLine]:
    """By part of the name, by 拼音 initials (“zw” → 张伟) or by full 拼音."""
    q = "".join(query.split()).lower()
    rows = attendance(store, meeting_id)
    if not q:
        return rows
    return [r for r in rows if q in r.name or r.initials.startswith(q) or r.pinyin.startswith(q)]


def public_row(row: DeskLine) -> dict[str, Any]:
    """What the check-in screen needs of one member (JSON-safe)."""
    keys = ("id", "name", "status_short", "has_vote", "present", "in_expected", "late", "arrived",
            "left", "leave_reason", "party_group", "initials", "pinyin", "excl_label", "absence",
            "absence_words")
    return {k: getattr(row, k) for k in keys}
