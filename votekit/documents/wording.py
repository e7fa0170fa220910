"""Formulaic sentences shared by the documents, worded from the recorded numbers."""
from __future__ import annotations

import datetime as dt

from ..core.slate import differential_percent
from ..core.vocabulary import Count, Status
from .model import Attendance, Dossier, RoundResult

REASON_SHORT = {1: "因病不能表达本人意志", 2: "自费出国半年以上", 3: "正在服刑",
                4: "年老体弱卧床不起", 5: "工作调动或外出学习工作半年以上",
                6: "回原籍长期居住"}


def cn_date(day: dt.date) -> str:
    """成文日期: Arabic numerals, full year, no padding — 2026年11月22日."""
    return f"{day.year}年{day.month}月{day.day}日"


def names(items) -> str:
    return "、".join(items)


def with_comrade(items) -> str:
    items = list(items)
    return names(items) + "同志" if items else ""


def membership(att: Attendance) -> str:
    text = f"本支部现有党员{att.total_members}名，其中正式党员{att.full_members}名"
    labels: dict[str, int] = {}
    for m in att.members:
        if not m.has_vote:
            label = "预备党员" if m.status.value == "probationary" else m.status.label
            labels[label] = labels.get(label, 0) + 1
    return text + "".join(f"，{label}{n}名" for label, n in labels.items())


def exclusions(att: Attendance) -> str:
    if not att.excluded:
        return ""
    parts = [f"{e.name}同志（{REASON_SHORT[int(e.reason)]}）" for e in att.excluded]
    return (f"{names(parts)}经上级党组织同意、党员大会通过，不计入应到会人数"
            f"（共{len(att.excluded)}名）。")


def absences(att: Attendance) -> str:
    if not att.absent:
        return "应到会党员全部到会"
    return f"请假{len(att.absent)}人：" + "、".join(f"{a.name}（{a.reason}）" for a in att.absent)


def quorum(att: Attendance, allow_exact: bool = False) -> str:
    head = f"应到会有选举权的正式党员{att.expected}人，实到{att.present}人，"
    if 5 * att.present > 4 * att.expected:
        return head + "超过应到会人数的五分之四，符合规定，会议有效。"
    if allow_exact and 5 * att.present == 4 * att.expected:
        return head + "达到应到会人数的五分之四（按选举办法规定视为有效），会议有效。"
    return head + "未超过应到会人数的五分之四，会议无效。"


def slate(d: Dossier) -> str:
    e = d.election
    n = len(e.candidates)
    return (f"应选委员{e.seats}名，候选人{n}名，差额{n - e.seats}名，"
            f"差额比例{differential_percent(e.seats, n)}%")


def ballots(r: RoundResult) -> str:
    issued, returned = r.issued, r.returned
    rel = "等于" if returned == issued else ("少于" if returned < issued else "多于")
    tail = "选举有效" if returned <= issued else "选举无效，须重新进行选举"
    return f"发出选票{issued}张，收回{returned}张，收回的选票{rel}发出的选票，{tail}"


def votes_of(name: str, c: Count, write_in: bool = False) -> str:
    if write_in:
        return f"{name}{c.agree}票"
    return f"{name}赞成{c.agree}票、不赞成{c.disagree}票、弃权{c.abstain}票"


def write_ins(r: RoundResult) -> list[tuple[str, Count]]:
    listed = set(r.record.candidates)
    return [(n, c) for n, c in r.verdict.tally if n not in listed]


def elected_sentence(d: Dossier, r: RoundResult) -> str:
    v = r.verdict
    post = d.meeting.branch_name + "委员"
    if not v.elected:
        return "没有候选人获得超过实到会有选举权党员人数半数的赞成票，本轮无人当选。"
    return ("根据计票结果，下列同志获得的赞成票超过实到会有选举权党员人数的半数，"
            f"当选为{post}（按姓氏笔画为序）：{names(v.elected)}。")


def runoff_sentence(r: RoundResult) -> str:
    run = r.verdict.runoff
    if run is None:
        return ""
    return (f"{with_comrade(run.names)}得票相等（各{run.votes}票），均超过实到会有选举权党员人数的半数，"
            f"但只余{run.seats}个名额。根据选举办法，在上述同志中再次投票，以得票多的当选。")


def shortfall_sentence(r: RoundResult) -> str:
    v = r.verdict
    if v.status is not Status.SHORTFALL:
        return ""
    return (f"获得超过半数赞成票的候选人只有{len(v.elected)}名，少于应选名额，尚缺{v.shortfall}名。"
            f"根据选举办法，就不足的{v.shortfall}个名额另行选举。")


def outcome_word(r: RoundResult, name: str) -> str:
    v = r.verdict
    if name in v.elected:
        return "当选"
    if v.runoff is not None and name in v.runoff.names:
        return "得票相等，再次投票"
    if 2 * v.count_for(name).agree > v.present:
        return "过半数，未当选"
    return "未过半数"
