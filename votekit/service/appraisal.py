"""民主测评 at the meeting: a round of 测评表, its QR, the sheets, the tally.

- One QR text per round (``BallotKind.APPRAISAL``), never per sheet, signed with
  the kit's one code key (``service.entry.code_key``): the same check values,
  the same scanner; ``identify`` reads it back.
- A returned sheet is stored under a random key with its ratings only (no
  rater, no time, ``WITHOUT ROWID``); the client's idempotency token makes a
  double submit count once.
- The tally is the core's (``core.appraisal.tally_appraisal``).
"""
from __future__ import annotations

import json
import re
from dataclasses import replace
from typing import Any, Sequence

from ..core.appraisal import (GRADES, AppraisalResult, AppraisalSheet, Rating, summary_sentence,
                              tally_appraisal)
from ..core.order import sort_names
from ..core.payload import BallotCode, BallotKind, make_payload, parse_payload
from ..core.vocabulary import MemberStatus
from ..store import Store, ballot_box
from ..store import appraisals as stored
from ..store.appraisals import AppraisalRecord, AppraisalState
from . import Outcome, audit, paper_entry, rolls
from .entry import code_key
from .meetings import get_meeting
from .roster import members

LAYOUT = 1
_CODE = re.compile(r"M(\d{1,7})A(\d{1,7})")
RATERS = (MemberStatus.FULL, MemberStatus.PROBATIONARY)   # who receives a 测评表 by default


def get_appraisal(store: Store, appraisal_id: int) -> AppraisalRecord | None:
    return stored.get_appraisal(store, appraisal_id)


def appraisals(store: Store, meeting_id: int) -> list[AppraisalRecord]:
    """The meeting's rounds of 测评表, each with how many sheets are entered."""
    return [replace(a, entered=entered_count(store, a.id)) for a in stored.appraisals_of(store, meeting_id)]


def default_appraised(store: Store, meeting_id: int) -> list[str]:
    """正式党员 and 预备党员 on the roster, 姓氏笔画 order (leaders included, as ordinary members)."""
    return [m.name for m in members(store, meeting_id) if m.status in RATERS]


def raters_present(store: Store, meeting_id: int) -> int:
    """The default number of 测评表 to hand out: 正式党员 and 预备党员 signed in now."""
    return sum(1 for m in members(store, meeting_id) if m.present and m.status in RATERS)


def add_appraisal(store: Store, actor: str, meeting_id: int, title: str = "",
                  appraised: Sequence[str] | None = None) -> Outcome:
    meeting = get_meeting(store, meeting_id)
    if meeting is None:
        return Outcome.refused("会议不存在。")
    on_roster = {m.name for m in members(store, meeting_id)}
    names = [n.strip() for n in (appraised if appraised is not None
                                 else default_appraised(store, meeting_id)) if n.strip()]
    problems = [f"“{n}”不在党员名册中。" for n in names if n not in on_roster]
    if len(set(names)) != len(names):
        problems.append("被测评党员名单有重复。")
    if not names:
        problems.append("被测评党员名单为空。")
    if problems:
        return Outcome.refused(*problems)
    branch = meeting.branch.removeprefix("中共").removesuffix("委员会")
    with store.write():
        appraisal_id, row = stored.add_appraisal(store, meeting_id, title.strip() or f"中共{branch}民主评议党员测评表",
                                                 sort_names(names))
        audit.record(store, actor, "新增民主测评", {**row, "appraisal_id": appraisal_id}, meeting_id)
    return Outcome.done(appraisal_id, f"已新增民主测评：被测评党员{len(names)}名（按姓氏笔画为序）。")


# -- the round's code ---------------------------------------------------------------
def code_for(appraisal: AppraisalRecord) -> BallotCode:
    return BallotCode(f"M{appraisal.meeting_id}A{appraisal.id}", 1, BallotKind.APPRAISAL, LAYOUT)


def payload(store: Store, appraisal_id: int) -> str:
    """The QR text printed on every 测评表 of this round (the same on each)."""
    return make_payload(code_for(get_appraisal(store, appraisal_id)), code_key(store))


def identify(store: Store, text: str, meeting_id: int) -> Outcome:
    """Which appraisal round a scanned 测评表 code names; refused with the reason."""
    reading = parse_payload(text, code_key(store))
    if not reading.ok:
        return Outcome.refused(reading.message + "。")
    code = reading.code
    match = _CODE.fullmatch(code.election) if code.kind is BallotKind.APPRAISAL else None
    if match is None:
        return Outcome.refused(f"这是{code.kind.label}的选票，不是民主测评表。")
    row = get_appraisal(store, int(match[2]))
    if row is None or row.meeting_id != int(match[1]) or row.meeting_id != meeting_id:
        return Outcome.refused("这张测评表不属于本次会议，请放到一边交监票人。")
    if not row.is_open:
        return Outcome.refused(f"“{row.title}”{row.status_label}，不能再录入。")
    return Outcome.done(row.id, f"已识别：{row.title}（被测评党员{len(row.names)}名）。")


# -- issued / returned ---------------------------------------------------------------------
def _set_count(store: Store, actor: str, appraisal_id: int, column: str, value: int) -> Outcome:
    row = get_appraisal(store, appraisal_id)
    if row is None:
        return Outcome.refused("民主测评不存在。")
    if not row.is_open:
        return Outcome.refused("本次测评已结束，不能再改。")
    if value < 0:
        return Outcome.refused("张数不能为负数。")
    word = {"issued": "发出", "returned": "收回"}[column]
    if column == "returned" and row.issued is None:
        return Outcome.refused("请先登记发出的测评表张数。")
    with store.write():
        (stored.set_issued if column == "issued" else stored.set_returned)(store, appraisal_id, value)
        audit.record(store, actor, f"登记{word}测评表", {"appraisal_id": appraisal_id, column: value},
                     row.meeting_id)
    tail = ""
    if column == "returned" and row.issued is not None and value > row.issued:
        tail = f"收回多于发出的{row.issued}张，本次测评无效，须重新测评。"
    return Outcome.done(value, f"已登记{word}测评表{value}张。{tail}")


def record_issued(store: Store, actor: str, appraisal_id: int, issued: int) -> Outcome:
    """测评表 handed out: who is present is recorded with this 测评 (kept for good)."""
    row = get_appraisal(store, appraisal_id)
    with store.write():
        outcome = _set_count(store, actor, appraisal_id, "issued", issued)
        vote = rolls.vote_key("appraisal", appraisal_id)
        if outcome.ok and rolls.roll_for(store, vote) is None:
            rolls.keep(store, actor, row.meeting_id, vote, rolls.current(store, row.meeting_id))
    return outcome


def record_returned(store: Store, actor: str, appraisal_id: int, returned: int) -> Outcome:
    return _set_count(store, actor, appraisal_id, "returned", returned)


# -- sheets -------------------------------------------------------------------------------
def clean_sheet(data: Any, names: Sequence[str]) -> AppraisalSheet | str:
    """Submitted ratings as a core sheet, or a Chinese reason they are malformed."""
    if not isinstance(data, dict):
        return "测评表内容格式不对。"
    if data.get("illegible") is True:
        return AppraisalSheet(illegible=True)
    raw = data.get("ratings") or {}
    if not isinstance(raw, dict):
        return "测评表内容格式不对。"
    ratings = {}
    for name, value in raw.items():
        if name not in names:
            return f"“{name}”不在本次测评名单中。"
        if value not in {r.value for r in Rating}:
            return f"“{name}”的等次无法识别。"
        ratings[name] = Rating(value)
    return AppraisalSheet.of(ratings)


def entered_count(store: Store, appraisal_id: int) -> int:
    return ballot_box.sheet_count(store, appraisal_id)


def _entry_problem(store: Store, row: AppraisalRecord) -> tuple[str | None, int]:
    if not row.is_open:
        return f"本次测评{row.status_label}，不能再录入。", 0
    if row.issued is None:
        return "请先登记发出的测评表张数，再录入。", 0
    entered = entered_count(store, row.id)
    return paper_entry.limit_problem(entered, row.issued, row.returned, "测评表"), entered


def submit_sheet(store: Store, actor: str, appraisal_id: int, data: Any, token: str) -> Outcome:
    """Record one returned 测评表 (idempotent per token; ``service.paper_entry``)."""
    problem = paper_entry.token_problem(token, "测评表")
    if problem:
        return Outcome.refused(problem)
    row = get_appraisal(store, appraisal_id)
    if row is None:
        return Outcome.refused("民主测评不存在。")
    sheet = clean_sheet(data, row.names)
    if isinstance(sheet, str):
        return Outcome.refused(sheet)
    ratings = {name: rating.value for name, rating in sheet.ratings}
    # secret ballot: no audit event per sheet (its time would date it); the close records the count
    outcome = paper_entry.enter(store, token, paper_entry.Paper(
        noun="测评表", key_name="sheet_id", seen=ballot_box.sheet_token_target,
        problem=lambda s: _entry_problem(s, get_appraisal(s, appraisal_id)),
        insert=lambda s: ballot_box.insert_sheet(s, appraisal_id, ratings, sheet.illegible, token),
        entered=lambda s: entered_count(s, appraisal_id)))
    if not outcome.ok or outcome.value["duplicate"]:
        return outcome
    multi = sum(1 for _, r in sheet.ratings if r is Rating.MULTIPLE)
    note = "（整张无法辨认，对所有人无效）" if sheet.illegible else (
        f"（其中{multi}人多选，仅对该人无效）" if multi else "")
    return Outcome.done(outcome.value, f"第{outcome.value['entered']}张已记录{note}。")


def remove_sheet(store: Store, actor: str, appraisal_id: int, sheet_id: str) -> Outcome:
    """Take back a mistaken entry (a 监票人 or the secretary, while the round is open); an audit event."""
    row = get_appraisal(store, appraisal_id)
    if row is None or not row.is_open:
        return Outcome.refused("本次测评已结束或不存在，不能撤回录入。")
    with store.write():
        if not ballot_box.drop_sheet(store, appraisal_id, str(sheet_id)):
            return Outcome.refused("找不到这张录入（可能已撤回）。")
        audit.record(store, actor, "撤回测评表录入", {"appraisal_id": appraisal_id, "sheet_id": sheet_id},
                     row.meeting_id)
    return Outcome.done(sheet_id, "已撤回这张录入，请重新录入该测评表。")


def sheets(store: Store, appraisal_id: int) -> tuple[AppraisalSheet, ...]:
    out = []
    for row in ballot_box.sheet_rows(store, appraisal_id):
        ratings = {n: Rating(v) for n, v in row["ratings"].items()}
        out.append(AppraisalSheet.of(ratings, bool(row["illegible"])))
    return tuple(out)


def result(store: Store, appraisal_id: int) -> AppraisalResult:
    row = get_appraisal(store, appraisal_id)
    return tally_appraisal(list(row.names), sheets(store, appraisal_id), row.issued, row.returned)


def summary(store: Store, appraisal_id: int) -> dict[str, Any]:
    """The 测评结果汇总表 as plain data (for the screen, the PDF and the archive)."""
    row = get_appraisal(store, appraisal_id)
    res = result(store, appraisal_id)
    members_rows = [{"no": i, "name": t.name, "rated": t.rated, "blank": t.blank, "invalid": t.invalid,
                     "grades": [{"label": g.label, "count": t.count(g), "percent": t.percent(g)}
                                for g in GRADES]}
                    for i, t in enumerate(res.members, 1)]
    return {"title": row.title, "status": row.status.value, "status_label": row.status_label,
            "issued": res.issued, "returned": res.returned, "entered": res.sheets, "void": res.void,
            "problems": list(res.problems), "sentence": summary_sentence(res),
            "grade_labels": [g.label for g in GRADES], "members": members_rows}


def close(store: Store, actor: str, appraisal_id: int) -> Outcome:
    """结束测评: every returned sheet entered (or returned > issued: void); the summary is kept."""
    row = get_appraisal(store, appraisal_id)
    if row is None or not row.is_open:
        return Outcome.refused("本次测评已结束或不存在。")
    if row.issued is None or row.returned is None:
        return Outcome.refused("请先登记发出和收回的测评表张数。")
    res = result(store, appraisal_id)
    if not res.void and res.sheets != row.returned:
        return Outcome.refused(f"收回{row.returned}张，已录入{res.sheets}张，须全部录入后才能结束测评。")
    data = summary(store, appraisal_id)
    status = AppraisalState.VOID if res.void else AppraisalState.CLOSED
    with store.write():
        stored.close_appraisal(store, appraisal_id, status, data)
        audit.record(store, actor, "结束民主测评", {"appraisal_id": appraisal_id, "status": status.value,
                                                  "entered": res.sheets}, row.meeting_id)
    store.compact()   # secret ballot: no physical trace of the order the sheets were entered
    return Outcome.done(status.value, summary_sentence(res))


# -- archive and verify ---------------------------------------------------------------------
def archive_data(store: Store, meeting_id: int) -> list[dict[str, Any]]:
    """Every appraisal round with its anonymous sheets (sorted by content, so nothing
    follows the order of entry) and its summary, JSON-safe."""
    out = []
    for row in appraisals(store, meeting_id):
        sheet_rows = sorted(({"ratings": {n: r.value for n, r in s.ratings}, "illegible": s.illegible}
                             for s in sheets(store, row.id)),
                            key=lambda d: json.dumps(d, ensure_ascii=False, sort_keys=True))
        out.append({"title": row.title, "names": list(row.names), "issued": row.issued,
                    "returned": row.returned, "status": row.status.value, "sheets": sheet_rows,
                    "summary": summary(store, row.id)})
    return out
