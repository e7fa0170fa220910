"""The roster (党员名册): import, hand edits, exclusions from 应到."""
from __future__ import annotations

import datetime as dt
from typing import Any

from ..core.order import order_key
from ..core.vocabulary import ExclusionReason, Member, MemberStatus
from ..store import Store
from ..store import attendance as attendance_rows
from ..store import roster as stored
from ..store.roster import RosterEntry
from . import Outcome, audit
from .roster_files import (MAX_NOTE, clean_name, hidden_characters, name_problem,
                           parse_status, preview)


def members(store: Store, meeting_id: int) -> list[RosterEntry]:
    """The roster in 姓氏笔画 order, each member with exclusion and attendance."""
    return sorted(stored.entries(store, meeting_id), key=lambda m: order_key(m.name))


def full_member_names(store: Store, meeting_id: int) -> list[str]:
    """Names of the 正式党员 on the roster (the names a write-in is most likely to be)."""
    return stored.names_of(store, meeting_id, MemberStatus.FULL)


def core_members(store: Store, meeting_id: int) -> tuple[Member, ...]:
    return tuple(m.member for m in stored.entries(store, meeting_id))


def get_member(store: Store, member_id: int) -> RosterEntry | None:
    return stored.entry(store, member_id)


def import_roster(store: Store, actor: str, meeting_id: int, filename: str, data: bytes,
                  replace: bool = False) -> Outcome:
    """All or nothing: any bad line refuses the whole file, listing every problem by line."""
    existing = [] if replace else stored.names_of(store, meeting_id)
    if replace and stored.roster_in_use(store, meeting_id):
        return Outcome.refused("已有党员签到或已确定候选人、监票人，不能整体替换名册；请逐人修改。")
    parsed = preview(filename, data, set(existing))
    if parsed.errors:
        return Outcome(False, ("名册未导入，请改正以下问题后重新导入：",) + parsed.errors)
    with store.write():
        if replace:
            stored.clear_roster(store, meeting_id)
        stored.add_many(store, meeting_id, (({"name": row.name, "gender": row.gender, "status": row.status.value,
                                              "party_group": row.party_group, "notes": row.notes}, row.details)
                                             for row in parsed.rows))
        audit.record(store, actor, "导入名册", {"file": filename, "count": len(parsed.rows),
                                               "replace": replace, "header_row": parsed.header_row,
                                               "skipped": [list(s) for s in parsed.skipped]}, meeting_id)
    skipped = f"（跳过{len(parsed.skipped)}行：表头以上的标题、表尾等）" if parsed.skipped else ""
    return Outcome.done(len(parsed.rows), f"已从“{filename}”导入{len(parsed.rows)}名党员{skipped}。")


def set_status(store: Store, actor: str, member_id: int, status: str, note: str = "") -> Outcome:
    """After import: 留党察看, 停止党籍/中止 (or back to 正式) — recorded and audited with a note."""
    row = get_member(store, member_id)
    if row is None:
        return Outcome.refused("党员不存在。")
    parsed = parse_status(status) or (MemberStatus(status) if status in {s.value for s in MemberStatus} else None)
    if parsed is None:
        return Outcome.refused(f"党员身份“{status[:10]}”无法识别，应为正式、预备、留党察看或中止。")
    if len(note.strip()) > MAX_NOTE or hidden_characters(note):
        return Outcome.refused(f"说明过长（超过{MAX_NOTE}字）或含有控制字符。")
    with store.write():
        attendance_rows.set_member_status(store, member_id, parsed.value)
        audit.record(store, actor, "登记党员身份", {"member_id": member_id, "name": row.name,
                                                   "before": row.status.value, "status": parsed.value,
                                                   "note": note.strip()}, row.meeting_id)
    return Outcome.done(member_id, f"已登记{row.name}为{parsed.label}"
                        f"{'' if parsed.has_vote else '（无表决权、选举权，不计入应到）'}。")


def _member_values(name: str, status: str, gender: str, party_group: str,
                   notes: str) -> tuple[dict[str, Any], list[str]]:
    name = clean_name(name)
    parsed = parse_status(status) or (MemberStatus(status) if status in
                                      {s.value for s in MemberStatus} else None)
    problems = []
    if not name:
        problems.append("姓名不能为空。")
    elif name_problem(name):
        problems.append(name_problem(name) + "。")
    if parsed is None:
        problems.append(f"党员身份“{status[:10]}”无法识别，应为正式、预备、留党察看或中止。")
    if gender not in ("", "男", "女"):
        problems.append("性别应为男或女。")
    for label, text in (("党小组", party_group), ("备注", notes)):
        if len(text.strip()) > MAX_NOTE or hidden_characters(text.strip()):
            problems.append(f"{label}过长（超过{MAX_NOTE}字）或含有控制字符。")
    values = {"name": name, "status": parsed.value if parsed else "", "gender": gender,
              "party_group": party_group.strip(), "notes": notes.strip()}
    return values, problems


def add_member(store: Store, actor: str, meeting_id: int, name: str, status: str = "正式",
               gender: str = "", party_group: str = "", notes: str = "") -> Outcome:
    values, problems = _member_values(name, status, gender, party_group, notes)
    if not problems and stored.member_named(store, meeting_id, values["name"]) is not None:
        problems.append(f"“{values['name']}”已在名册中。如确有同名党员，请在姓名后加注区分。")
    if problems:
        return Outcome.refused(*problems)
    with store.write():
        member_id = stored.add_member(store, meeting_id, values)
        audit.record(store, actor, "添加党员", values, meeting_id)
    return Outcome.done(member_id, f"已添加党员{values['name']}。")


def update_member(store: Store, actor: str, member_id: int, name: str, status: str,
                  gender: str = "", party_group: str = "", notes: str = "") -> Outcome:
    row = get_member(store, member_id)
    if row is None:
        return Outcome.refused("党员不存在。")
    values, problems = _member_values(name, status, gender, party_group, notes)
    clash = stored.member_named(store, row.meeting_id, values["name"])
    if clash is not None and clash != member_id:
        problems.append(f"“{values['name']}”已在名册中。")
    if not problems and values["name"] != row.name and stored.member_in_use(store, member_id):
        problems.append("该党员已是候选人或监票人、计票人，请先从名单中移除再改姓名。")
    if problems:
        return Outcome.refused(*problems)
    with store.write():
        stored.update_member(store, member_id, values)
        audit.record(store, actor, "修改党员信息", {"member_id": member_id, "before": row.name,
                                                   **values}, row.meeting_id)
    return Outcome.done(member_id, f"已保存{values['name']}的信息。")


def remove_member(store: Store, actor: str, member_id: int) -> Outcome:
    row = get_member(store, member_id)
    if row is None:
        return Outcome.refused("党员不存在。")
    if stored.member_in_use(store, member_id):
        return Outcome.refused(f"{row.name}是候选人或监票人、计票人，请先从名单中移除。")
    with store.write():
        stored.remove_member(store, member_id)
        audit.record(store, actor, "删除党员", {"member_id": member_id, "name": row.name}, row.meeting_id)
    return Outcome.done(member_id, f"已从名册删除{row.name}。")


def _date_or_none(text: str | None) -> tuple[str | None, str | None]:
    if not text:
        return None, None
    try:
        return dt.date.fromisoformat(text.strip()).isoformat(), None
    except ValueError:
        return None, f"日期“{text}”格式不对，应为如 2026-11-01。"


def set_exclusion(store: Store, actor: str, member_id: int, reason: int,
                  higher_approved_on: str | None = None, meeting_approved_on: str | None = None,
                  note: str = "") -> Outcome:
    """不计入应到: reason 1–6; it takes effect only when both approval dates are recorded."""
    row = get_member(store, member_id)
    if row is None:
        return Outcome.refused("党员不存在。")
    problems = []
    if not row.has_vote:
        problems.append(f"{row.name}不是正式党员，本来就不计入应到会人数，无需登记。")
    if reason not in {r.value for r in ExclusionReason}:
        problems.append("不计入应到会人数的理由应为第1至第6项之一。")
    higher, bad_higher = _date_or_none(higher_approved_on)
    meeting, bad_meeting = _date_or_none(meeting_approved_on)
    problems += [p for p in (bad_higher, bad_meeting) if p]
    if problems:
        return Outcome.refused(*problems)
    values = {"member_id": member_id, "reason": reason, "higher_approved_on": higher,
              "meeting_approved_on": meeting, "note": note.strip()[:MAX_NOTE]}
    with store.write():
        stored.set_exclusion(store, member_id, reason, higher, meeting, values["note"])
        audit.record(store, actor, "登记不计入应到", {**values, "name": row.name}, row.meeting_id)
    effective = bool(higher and meeting)
    tail = "两项批准均已登记，不计入应到会人数。" if effective else \
        "尚缺上级党组织同意或党员大会通过的日期，暂仍计入应到会人数。"
    return Outcome.done(effective, f"已登记{row.name}：{ExclusionReason(reason).label}。{tail}")


def clear_exclusion(store: Store, actor: str, member_id: int) -> Outcome:
    row = get_member(store, member_id)
    if row is None:
        return Outcome.refused("党员不存在。")
    with store.write():
        stored.clear_exclusion(store, member_id)
        audit.record(store, actor, "撤销不计入应到", {"member_id": member_id, "name": row.name},
                     row.meeting_id)
    return Outcome.done(member_id, f"{row.name}恢复计入应到会人数。")
