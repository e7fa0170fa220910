"""签到表, 公示, 会议记录 draft, 归档目录 and the 支部大会决议 form."""
from __future__ import annotations

from ..core.order import sort_names
from .blocks import Grid, Official, PageBreak, Para, Paper, Signatures, Space
from .model import Dossier, Resolution
from .wording import ballots, cn_date, names, with_comrade


REASON_TINY = {1: "因病不能表达意志", 2: "自费出国", 3: "正在服刑", 4: "卧床不起",
               5: "外出半年以上", 6: "回原籍居住"}


def sign_in_sheet(d: Dossier) -> Paper:
    """签到表: one row per member, 姓氏笔画 order; 签名 left blank."""
    att = d.attendance
    leave = {a.name: f"请假（{a.reason}）" for a in att.absent}
    out = {e.name: f"不计入应到：{REASON_TINY[int(e.reason)]}（已批准）"
           for e in att.excluded}
    by_name = {m.name: m for m in att.members}
    rows = [("序号", "姓名", "党小组", "签名", "备注")]
    for i, name in enumerate(sort_names(by_name), start=1):
        m = by_name[name]
        note = leave.get(name) or out.get(name) or ("" if m.has_vote else f"{m.status.label}，无表决权")
        rows.append((str(i), name, d.meeting.group_of(name), "", note))
    blocks = (Grid(tuple(rows), (6, 16, 16, 30, 32), align="cll"),
              Para(f"应到会有选举权的正式党员{att.expected}人，实到{att.present}人。", "plain"),
              Signatures((("主持人", d.meeting.presiding), ("记录人", d.meeting.recorder)),
                         date_line=False))
    return Paper("04-签到表", f"{d.meeting.branch}党员大会签到表", blocks,
                 subtitle=f"{cn_date(d.meeting.meeting_date)}　{d.meeting.place}")


def publicity(d: Dossier) -> Paper:
    """公示: the elected committee and posts, the period and where to give feedback."""
    p = d.plenary
    blocks = [Para(f"经上级党组织批准，现将{d.meeting.branch_name}换届选举结果公示如下："),
              Para("一、支部委员会委员", "h1"),
              Para(f"{names(d.elected)}（按姓氏笔画为序）。")]
    if p is not None:
        posts = [f"{v.post}：{v.name}" for v in p.votes] + [f"{post}：{n}" for n, post in p.posts]
        blocks += [Para("二、书记、副书记及委员分工", "h1"), Para("；".join(posts) + "。")]
    blocks += [Para(f"公示期为{d.publicity_days}个工作日（　　年　月　日至　　年　月　日）。公示期间，"
                    f"党员和群众如有意见，可通过来电、来信、来访等方式向{d.contact or '支部委员会'}反映。"
                    "反映问题应实事求是，提倡署真实姓名。")]
    return Paper("07-公示", f"关于{d.meeting.branch_name}\n换届选举结果的公示", tuple(blocks),
                 official=Official("", (), d.meeting.branch_name, "　　年　月　日"))


def _vote_lines(d: Dossier) -> list[Para]:
    out = []
    for r in d.rounds:
        v = r.verdict
        counts = "；".join(f"{n}{v.count_for(n).agree}票" for n in r.record.candidates)
        out.append(Para(f"{r.label}：{ballots(r)}；有效票{v.valid_ballots}张，无效票"
                        f"{v.invalid_ballots}张。赞成票：{counts}。"
                        + (f"当选：{names(v.elected)}。" if v.elected else "本轮无人当选。")))
    return out


def minutes(d: Dossier) -> Paper:
    """会议记录 draft: facts filled in, the recorder completes the rest."""
    m, att, e = d.meeting, d.attendance, d.election
    absent = "；".join(f"{a.name}（{a.reason}）" for a in att.absent) or "无"
    facts = Grid((("时间", f"{cn_date(m.meeting_date)} {m.start_time}", "地点", m.place),
                  ("主持人", m.presiding, "记录人", m.recorder),
                  ("应到", f"{att.expected}人", "实到", f"{att.present}人"),
                  ("缺席（姓名、原因）", absent, "列席",
                   "、".join(n for n, _ in att.non_voting_present) or "无")),
                 (18, 32, 18, 32), header=0, align="lclc")
    agenda = ["通过选举办法", "通过候选人名单和监票人、计票人名单", "无记名投票选举新一届支部委员会委员"]
    agenda += [f"{r.label}" for r in d.rounds[1:]] + ["宣布选举结果"]
    agenda += [r.subject.removeprefix("关于").removesuffix("的决议") + "（表决）" for r in d.resolutions]
    blocks = [facts, Para("议程：", "h1")]
    blocks += [Para(f"{i}．{item}", "plain") for i, item in enumerate(agenda, start=1)]
    blocks += [Para("会议内容：", "h1"),
               Para(f"主持人报告到会情况：应到{att.expected}人，实到{att.present}人，会议有效。"),
               Para(f"大会举手表决通过了选举办法；候选人（按姓氏笔画为序）{names(e.candidates)}；"
                    f"监票人{names(e.scrutineers)}，计票人{names(e.tellers)}。")]
    blocks += _vote_lines(d)
    blocks += [Para("决议：", "h1"),
               Para(f"{with_comrade(d.elected)}（按姓氏笔画为序）当选为{m.branch_name}委员，报上级党组织审批。"),
               Para("党员发言及其他事项（由记录人补充）：", "h1"), Space(5),
               Signatures((("主持人", m.presiding), ("记录人", m.recorder)))]
    return Paper("08-会议记录", f"{m.branch}党员大会会议记录", tuple(blocks), docx=True)


ARCHIVE_ITEMS = ("换届选举请示及上级批复", "选举办法", "候选人名单", "签到表", "选票（封存）",
                 "计票结果报告单", "主持词", "关于选举结果的报告及上级批复", "公示",
                 "会议记录", "支部委员会第一次全体会议记录")


def archive_index(d: Dossier, fingerprint: str | None = None) -> Paper:
    rows = [("序号", "材料名称", "份数", "页数", "形成日期", "备注")]
    day = cn_date(d.meeting.meeting_date)
    for i, item in enumerate(ARCHIVE_ITEMS, start=1):
        rows.append((str(i), item, "", "", day if i > 2 else "", ""))
    rows.append((str(len(rows)), "电子归档包（计票记录、审计日志、以上文件的 PDF）", "1", "—", day,
                 "见下方归档指纹"))
    blocks = [Para(f"{d.meeting.branch_name}　换届选举材料　（{d.meeting.meeting_date.year}年）", "center"),
              Grid(tuple(rows), (6, 40, 7, 7, 22, 18), align="clccc"),
              Para("本届支部委员会任期内一次装订，存入“组织管理”档案盒，盒号按顺序编排。", "small")]
    if fingerprint:
        blocks.append(Para(f"电子归档指纹（SHA-256）：{fingerprint}", "small"))
    blocks.append(Signatures((("立卷人", d.meeting.recorder), ("审核人", d.meeting.presiding))))
    return Paper("09-归档目录", "归档目录", tuple(blocks))


def _resolution_blocks(d: Dossier, r: Resolution) -> list:
    base = "应到会有表决权的正式党员" if r.threshold_base == "expected" else "实到会的正式党员"
    verdict = "超过" + base + "的半数，决议通过。" if r.carried else "未超过" + base + "的半数，决议未通过。"
    return [Para(r.subject, "center"),
            Grid((("会议名称", f"{d.meeting.branch}党员大会", "日期", cn_date(d.meeting.meeting_date)),
                  ("应到会有表决权的正式党员", f"{r.expected}名", "实到", f"{r.present}名"),
                  ("赞成", f"{r.agree}票", "反对", f"{r.against}票"),
                  ("弃权", f"{r.abstain}票", "表决结果", "通过" if r.carried else "未通过")),
                 (30, 25, 20, 25), header=0, align="lclc"),
            Para(f"应到会有表决权的正式党员{r.expected}名，实到{r.present}名；赞成{r.agree}票，"
                 f"反对{r.against}票，弃权{r.abstain}票，赞成票{verdict}"),
            Para(f"决议：{r.text}"),
            Signatures((("支部书记", r.secretary),)),
            Para("（党支部盖章）", "right")]


def resolution_form(d: Dossier) -> Paper:
    blocks: list = []
    for r in d.resolutions:
        if blocks:
            blocks.append(PageBreak())
        blocks += _resolution_blocks(d, r)
    if not blocks:
        blocks = [Para("本次会议没有其他表决事项。", "plain")]
    return Paper("10-支部大会决议", "支部大会决议", tuple(blocks),
                 subtitle=f"{d.meeting.branch}（签名盖章后逐级上报审批）")
