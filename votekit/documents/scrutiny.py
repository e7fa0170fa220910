"""监票人报告单: what the scrutineers read aloud at the meeting (DOCUMENTS.md, at the meeting).

到会情况报告单 (应到、实到、请假、不计入应到), and per round the 选票分发情况报告单
(领取、实发、剩余、剪角作废) and 选票收回情况报告单 (发出、收回、有效、无效; for a void
round 发出、收回 and 选举无效 only — it was never counted).
"""
from __future__ import annotations

from .after import REASON_TINY
from .blocks import Grid, PageBreak, Para, Paper, Signatures
from .model import Dossier, RoundResult, VoidRound
from .wording import ballots, cn_date, exclusion_approvals, sheets, void_sentence


def attendance_report(d: Dossier) -> list:
    att = d.attendance
    leave = "；".join(f"{a.name}（{a.note}）" for a in att.absent) or "无"
    out = "；".join(f"{e.name}（{REASON_TINY[int(e.reason)]}，{exclusion_approvals(e)}）"
                   for e in att.excluded) or "无"
    visitors = "、".join(n for n, _ in att.non_voting_present) or "无"
    rows = (("应到会有选举权的正式党员", f"{att.expected}人", "实到", f"{att.present}人"),
            ("请假（计入应到）", leave, "", ""),
            ("不计入应到会人数", out, "", ""),
            ("列席（无选举权）", visitors, "", ""))
    spans = ((1, 1, 3, 1), (1, 2, 3, 2), (1, 3, 3, 3))
    return [Para("到会情况报告单", "h1"),
            Grid(rows, (30, 30, 15, 25), header=0, align="llll", spans=spans),
            Para(f"应到会有选举权的正式党员{att.expected}人，实到{att.present}人，"
                 + ("超过" if 5 * att.present > 4 * att.expected else "未超过")
                 + "应到会人数的五分之四。", "plain")]


def _handed_out(r: RoundResult | VoidRound) -> list:
    left, spoiled = r.ballots_printed - r.issued, r.ballots_spoiled
    return [Para(f"选票分发情况报告单（{r.named}）", "h1"),
            Grid((("领取选票", f"{r.ballots_printed}张", "实发选票", f"{r.issued}张"),
                  ("剩余选票", f"{left}张", "剪角作废", f"{sheets(spoiled)}张"),
                  ("留存", f"{sheets(None if spoiled is None else left - spoiled)}张", "", "")),
                 (25, 25, 25, 25), header=0, align="lclc")]


def round_report(r: RoundResult | VoidRound) -> list:
    if isinstance(r, VoidRound):    # declared void before counting (RULES.md §6): no 有效/无效 exist
        return _handed_out(r) + [
            Para(f"选票收回情况报告单（{r.named}）", "h1"),
            Grid((("发出选票", f"{r.issued}张", "收回选票", f"{r.returned}张"),
                  ("收回与发出", "收回多于发出", "选举是否有效", "选举无效")),
                 (25, 25, 25, 25), header=0, align="lclc"),
            Para(void_sentence(r) + "。", "plain")]
    v = r.verdict
    return _handed_out(r) + [
            Para(f"选票收回情况报告单（{r.named}）", "h1"),
            Grid((("发出选票", f"{r.issued}张", "收回选票", f"{r.returned}张"),
                  ("有效票", f"{v.valid_ballots}张", "无效票", f"{v.invalid_ballots}张")),
                 (25, 25, 25, 25), header=0, align="lclc"),
            Para(ballots(r) + "。", "plain")]


def scrutineer_reports(d: Dossier) -> Paper:
    blocks: list = attendance_report(d)
    for i, c in enumerate(d.contests):
        if d.without_committee:      # the 书记 and the 副书记 elections, each signed by its 监票人
            blocks += ([PageBreak()] if i else []) + [Para(f"支部{c.office}选举", "center")]
        for r in c.held:            # a void round too, in its place
            blocks += round_report(r)
        if d.without_committee or i == len(d.contests) - 1:
            blocks.append(Signatures(tuple(("监票人", n) for n in c.election.scrutineers)))
    if d.plenary is not None:
        for post, vote in d.plenary.held:     # a void round too, in its place
            blocks += [PageBreak(), Para(f"支部委员会第一次全体会议·{post}选举", "center"),
                       Para(f"应到委员{d.plenary.expected}人，实到{d.plenary.present}人。", "plain")]
            blocks += round_report(vote if isinstance(vote, VoidRound) else vote.result)   # each signed
            blocks.append(Signatures((("监票人", d.plenary.scrutineer), ("计票人", d.plenary.teller))))
    return Paper("11-监票人报告单", "监票人报告单", tuple(blocks),
                 subtitle=f"{d.meeting.branch}党员大会　{cn_date(d.meeting.meeting_date)}",
                 docx=True, date=d.meeting.meeting_date)
