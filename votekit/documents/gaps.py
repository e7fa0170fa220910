"""What the papers will print as blanks to fill by hand, because the meeting file lacks it.

The documents screen lists these before printing, so the secretary can record them first
or knows which lines to complete with a pen.
"""
from __future__ import annotations

from .model import Dossier


def blanks(d: Dossier) -> tuple[str, ...]:
    """Each missing fact, with the paper that prints its blank."""
    out = []
    if d.term is not None and d.term.request_date is None:
        out.append("换届选举请示的成文日期（请示落款）")
    for e in d.attendance.excluded:
        if e.higher_approved_on is None:
            out.append(f"{e.name}不计入应到会人数：上级党组织同意的日期")
        if e.meeting_approved_on is None:
            out.append(f"{e.name}不计入应到会人数：党员大会通过的日期")
    if d.attendance.excluded and d.exclusions_vote is None:
        out.append("不计入应到会人数名单的举手表决票数（主持词、会议记录）")
    if d.rules_vote is None:
        out.append("通过选举办法的举手表决票数（主持词、会议记录）")
    if d.tellers_vote is None:
        out.append("通过监票人、计票人名单的举手表决票数（主持词、会议记录）")
    if not (d.meeting.contact_person and d.meeting.contact_phone):
        out.append("上报文件的联系人及电话（请示、报告的附注）")
    if d.plenary is not None:
        if not d.plenary.teller:
            out.append("第一次全体会议的计票人（计票结果报告单签名栏）")
        if not d.plenary.recorder:
            out.append("第一次全体会议的记录人")
    for r in d.resolutions:
        if r.threshold_base == "expected" and r.applicant is None:
            out.append(f"{r.subject.removeprefix('关于').removesuffix('的决议')}：发展对象基本情况和主要表现")
    out.append("公示期的起止日期（公示，上级批准后填写）")
    return tuple(out)
