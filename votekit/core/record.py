"""The round record of TALLY-JSON.md: plain data in, ``RoundRecord`` out, verdict back to data.

Malformed input raises ``RecordError`` naming the field (a contract violation,
not an election outcome).  Legal but failing rounds are verdicts, not errors.
"""
from __future__ import annotations

from typing import Any

from .names import canonical_name
from .quorum import present_count
from .vocabulary import (Ballot, Exclusion, ExclusionReason, Mark, Member, MemberStatus,
                         RoundKind, RoundOptions, RoundRecord, RoundStage, WriteIn,
                         WriteInMark)


class RecordError(ValueError):
    def __init__(self, field: str, zh: str, en: str):
        super().__init__(f"{field}: {zh} / {en}")
        self.field = field


def _need(obj: dict[str, Any], key: str, kind: type, where: str) -> Any:
    field = f"{where}.{key}" if where else key
    if key not in obj:
        raise RecordError(field, "缺少必填字段", "missing required field")
    value = obj[key]
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise RecordError(field, "类型错误", f"wrong type, expected {_name(kind)}")
    return value


def _name(kind: type) -> str:
    return {int: "integer", str: "string", list: "array", dict: "object",
            bool: "boolean"}.get(kind, kind.__name__)


def _enum(enum: Any, value: object, field: str) -> Any:
    try:
        return enum(value)
    except ValueError:
        raise RecordError(field, f"取值无效：{value!r}", f"unknown value {value!r}") from None


def _count(obj: dict[str, Any], key: str, where: str, minimum: int = 0) -> int:
    value: int = _need(obj, key, int, where)
    if value < minimum:
        field = f"{where}.{key}" if where else key
        raise RecordError(field, f"不能小于{minimum}", f"must be at least {minimum}")
    return value


def _member(raw: Any, where: str) -> Member:
    if not isinstance(raw, dict):
        raise RecordError(where, "应为对象", "must be an object")
    name = _need(raw, "name", str, where).strip()
    if not name:
        raise RecordError(f"{where}.name", "姓名为空", "empty name")
    status = _enum(MemberStatus, _need(raw, "status", str, where), f"{where}.status")
    present = _need(raw, "present", bool, where)
    excluded = None
    if raw.get("excluded") is not None:
        ex = _need(raw, "excluded", dict, where)
        reason = _need(ex, "reason", int, f"{where}.excluded")
        reason = _enum(ExclusionReason, reason, f"{where}.excluded.reason")
        higher = ex.get("higher_approved", False)
        meeting = ex.get("meeting_approved", False)
        if not isinstance(higher, bool) or not isinstance(meeting, bool):
            raise RecordError(f"{where}.excluded", "批准标记应为布尔值", "approvals must be booleans")
        excluded = Exclusion(reason, higher, meeting)
    return Member(name, status, present, excluded)


def _ballot(raw: Any, where: str, candidates: dict[str, str]) -> Ballot:
    if not isinstance(raw, dict):
        raise RecordError(where, "应为对象", "must be an object")
    illegible = raw.get("illegible", False)
    if not isinstance(illegible, bool):
        raise RecordError(f"{where}.illegible", "类型错误", "wrong type, expected boolean")
    if illegible:
        return Ballot(illegible=True)
    marks_raw = raw.get("marks", {})
    if not isinstance(marks_raw, dict):
        raise RecordError(f"{where}.marks", "类型错误", "wrong type, expected object")
    marks = {}
    for name, value in marks_raw.items():
        field = f"{where}.marks.{name}"
        if canonical_name(name) not in candidates:
            raise RecordError(field, "不是本轮候选人", "not a candidate of this round")
        if not isinstance(value, str):
            raise RecordError(field, "类型错误", "wrong type, expected string")
        listed = candidates[canonical_name(name)]
        if listed in marks:
            raise RecordError(field, "同一候选人有两个符号", "two marks for one candidate")
        marks[listed] = _enum(Mark, value, field)
    write_ins_raw = raw.get("write_ins", [])
    if not isinstance(write_ins_raw, list):
        raise RecordError(f"{where}.write_ins", "类型错误", "wrong type, expected array")
    write_ins = []
    for j, w in enumerate(write_ins_raw):
        wf = f"{where}.write_ins[{j}]"
        if not isinstance(w, dict):
            raise RecordError(wf, "应为对象", "must be an object")
        wname = _need(w, "name", str, wf)
        wmark = _enum(WriteInMark, _need(w, "mark", str, wf), f"{wf}.mark")
        write_ins.append(WriteIn(wname.strip(), wmark))
    return Ballot.of(marks, write_ins)


def parse_round(data: Any) -> RoundRecord:
    """Check and convert one TALLY-JSON round record."""
    if not isinstance(data, dict):
        raise RecordError("(root)", "应为 JSON 对象", "must be a JSON object")
    kind = _enum(RoundKind, _need(data, "kind", str, ""), "kind")
    seats = _count(data, "seats", "", minimum=1)
    members_raw = _need(data, "members", list, "")
    members = tuple(_member(m, f"members[{i}]") for i, m in enumerate(members_raw))
    seen: dict[str, str] = {}     # one identity (core.names) → the member's spelling
    for i, m in enumerate(members):
        if canonical_name(m.name) in seen:
            raise RecordError(f"members[{i}].name", f"姓名重复：{m.name}", "duplicate member name")
        seen[canonical_name(m.name)] = m.name
    candidates_raw = _need(data, "candidates", list, "")
    candidates = []
    for i, c in enumerate(candidates_raw):
        if not isinstance(c, str):
            raise RecordError(f"candidates[{i}]", "类型错误", "wrong type, expected string")
        if canonical_name(c) not in seen:
            raise RecordError(f"candidates[{i}]", f"候选人{c}不在 members 中", "candidate not among members")
        candidates.append(seen[canonical_name(c)])
    issued = _count(data, "ballots_issued", "")
    ballots_raw = _need(data, "ballots", list, "")
    listed = {canonical_name(c): c for c in candidates}
    ballots = tuple(_ballot(b, f"ballots[{i}]", listed) for i, b in enumerate(ballots_raw))
    reduction = _reduction(data)
    if reduction is not None and reduction > present_count(members):
        raise RecordError("seat_reduction_vote.yes", "同意人数多于实到人数",
                          "more yes votes than members present")
    stage = _enum(RoundStage, data.get("round", "first"), "round")
    return RoundRecord(kind, seats, members, tuple(candidates), issued, ballots,
                       _options(data), reduction, stage)


def _options(data: dict[str, Any]) -> RoundOptions:
    raw = data.get("options") or {}
    if not isinstance(raw, dict):
        raise RecordError("options", "类型错误", "wrong type, expected object")
    values = {}
    for key in ("allow_exact_four_fifths", "count_unmarked_write_in"):
        value = raw.get(key, False)
        if not isinstance(value, bool):
            raise RecordError(f"options.{key}", "类型错误", "wrong type, expected boolean")
        values[key] = value
    return RoundOptions(**values)


def _reduction(data: dict[str, Any]) -> int | None:
    raw = data.get("seat_reduction_vote")
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise RecordError("seat_reduction_vote", "类型错误", "wrong type, expected object")
    return _count(raw, "yes", "seat_reduction_vote")
