"""签到表, 公示, 会议记录 draft, 归档目录 and the 支部大会决议 form."""
from __future__ import annotations

from dataclasses import dataclass

from ..core.order import sort_names
from .blocks import Grid, Official, PageBreak, Para, Paper, Signatures, Space
from .model import Dossier, Resolution, VoidRound
from .model import hands
from .wording import (BLANK_DATE, agenda, appraisals, ballots, candidates_phrase, cn_date, exclusions,
                      elected_result, membership, names, posts_phrase, resolution_item, runoff_sentence,
                      shortfall_sentence, tellers_named, void_sentence, votes_of, write_ins)


REASON_TINY = {1: "因病不能表达意志", 2: "自费出国", 3: "正在服刑", 4: "卧床不起",
               5: "外出半年以上", 6: "回原籍居住"}


def sign_in_sheet(d: Dossier) -> Paper:
    """签到表: one row per member, 姓氏笔画 order; 签名 left blank."""
    att = d.attendance
    leave = {a.name: a.wording for a in att.absent}
    out = {e.name: f"不计入应到：{REASON_TINY[int(e.reason)]}（已批准）"
           for e in att.excluded}
    by_name = {m.name: m for m in att.members}
    rows = [("序号", "姓名", "党小组", "签名", "备注")]
    for i, name in enumerate(sort_names(by_name), start=1):
        m = by_name[name]
        note = leave.get(name) or out.get(name) or ("" if m.has_vote else f"{m.status.label}，无表决权")
        rows.append((str(i), name, d.meeting.group_of(name), "", note))
    blocks = (Grid(tuple(rows), (6, 16, 16, 30, 32), align="cll", compact=True),
              Para(f"应到会有选举权的正式党员{att.expected}人，实到{att.present}人。", "plain"),
              Signatures((("主持人", d.meeting.presiding), ("记录人", d.meeting.recorder)),
                         date_line=False))
    return Paper("04-签到表", f"{d.meeting.branch}党员大会签到表", blocks,
                 subtitle=f"{cn_date(d.meeting.meeting_date)}　{d.meeting.place}", docx=True,
                 date=d.meeting.meeting_date)


def publicity(d: Dossier) -> Paper:
    """公示: the elected committee and the posts actually filled, the period and feedback."""
    p = d.plenary
    blocks = [Para(f"经上级党组织批准，现将{d.meeting.branch_name}换届选举结果公示如下："),
              Para("一、支部委员会委员", "h1"),
              Para(f"{names(d.elected)}（按姓氏笔画为序）。")]
    if d.without_committee:     # no committee: the 书记 (副书记) the meeting elected
        held = [c for c in d.contests if c.elected]
        blocks[1:] = [Para(f"一、支部{'、'.join(c.office for c in held) or '书记'}", "h1"),
                      Para("；".join(f"{c.office}：{names(c.elected)}" for c in held) + "。")]
    if p is not None:
        elected = [v for v in p.votes if v.name in v.result.verdict.elected]
        posts = [f"{v.post}：{v.name}" for v in elected] + [f"{post}：{n}" for n, post in p.posts]
        phrase = posts_phrase(d)
        head = f"二、{phrase}及委员分工" if phrase else "二、委员分工"
        if posts:
            blocks += [Para(head, "h1"), Para("；".join(posts) + "。")]
    blocks += [Para(f"公示期为{d.publicity_days}个工作日（{BLANK_DATE}至{BLANK_DATE}）。公示期间，"
                    f"党员和群众如有意见，可通过来电、来信、来访等方式向{d.contact or ('党支部' if d.without_committee else '支部委员会')}反映。"
                    "反映问题应实事求是，提倡署真实姓名。")]
    return Paper("07-公示", f"关于{d.meeting.branch_name}\n换届选举结果的公示", tuple(blocks),
                 official=Official("", (), d.meeting.branch_name, BLANK_DATE), docx=True,
                 date=d.report_date or d.meeting.meeting_date)


def _counts_line(r) -> str:
    v = r.verdict
    parts = [votes_of(n, v.count_for(n)) for n in r.record.candidates]
    extra = write_ins(r)
    if extra:
        parts.append("另选他人" + "、".join(f"{n}{c.agree}票" for n, c in extra))
    return "；".join(parts)


def _vote_lines(d: Dossier) -> list[Para]:
    out = []
    prev = None
    for c in d.contests:
        what = f"{c.office}选举" if d.without_committee else ""
        for r in c.held:
            if isinstance(r, VoidRound):
                out += _void_line(d, r, what)
                continue
            out += _vote_line(d, r, prev, what)
            prev = r
    return out


def _void_line(d: Dossier, v: VoidRound, what: str) -> list[Para]:
    """A void round: the roll, the ballots out and back, 选举无效 — and no counts (none were made)."""
    present = f"发票时{v.roll.sentence}" if v.roll is not None else ""
    return [Para(f"{what}{v.label}（应选{v.seats}名）：{present}{void_sentence(v)}。")] \
        + _moves_after(d, v)


def _vote_line(d: Dossier, r, prev, what: str) -> list[Para]:
    """One round: who was there, the ballots, every name's votes, and what followed."""
    v = r.verdict
    present = "" if prev is None or prev.verdict.present == v.present else \
        f"本轮实到会有选举权的党员{v.present}人。"
    if r.roll is not None:          # the roll taken when this round's ballots were issued
        present = f"发票时{r.roll.sentence}"
    return [Para(f"{what}{r.named}（应选{r.record.seats}名）：{present}{ballots(r)}；有效票"
                 f"{v.valid_ballots}张，无效票{v.invalid_ballots}张。得票情况（按姓氏笔画为序）："
                 f"{_counts_line(r)}。"
                 + (f"{names(v.elected)}当选。" if v.elected else "本轮无人当选。")
                 + "".join(x for x in (runoff_sentence(r), shortfall_sentence(r)) if x))] + _moves_after(d, r)


def _moves_after(d: Dossier, r) -> list[Para]:
    """到会变化 after a vote's ballots went out: who came or left, when, and the next 实到."""
    rolls = d.attendance.rolls
    at = next((i for i, vr in enumerate(rolls) if r.roll is not None and vr.roll == r.roll), None)
    if at is None or not rolls[at].after:
        return []
    moves = "；".join(m.wording for m in rolls[at].after)
    tail = f"，{rolls[at + 1].vote}发票时实到{rolls[at + 1].roll.present}人" if at + 1 < len(rolls) else ""
    return [Para(f"到会变化：{moves}{tail}。", "plain")]


def _other_items(d: Dossier) -> list[Para]:
    out = []
    for r in d.resolutions:
        verdict = "通过" if r.carried else "未通过"
        out.append(Para(f"{resolution_item(r.subject)}：应到会有表决权的正式党员{r.expected}名，"
                        f"实到{r.present}名；赞成{r.agree}票，反对{r.against}票，弃权{r.abstain}票，"
                        f"{verdict}。决议：{r.text}"))
    for item in appraisals(d):
        summary = item.get("summary") or {}
        out.append(Para(f"民主评议党员（{item.get('title', '民主测评')}）：发出测评表{item.get('issued')}张，"
                        f"收回{item.get('returned')}张。{summary.get('sentence', '')}"
                        "各党员的测评结果见民主测评汇总表。"))
    return out


def minutes(d: Dossier) -> Paper:
    """会议记录: facts, the agenda (the same as the 主持词's), every vote and its counts."""
    m, att, e = d.meeting, d.attendance, d.election
    absent = "；".join(f"{a.name}（{a.note}）" for a in att.absent) or "无"
    facts = Grid((("时间", f"{cn_date(m.meeting_date)} {m.start_time}", "地点", m.place),
                  ("主持人", m.presiding, "记录人", m.recorder),
                  ("应到", f"{att.expected}人", "实到", f"{att.present}人"),
                  ("缺席（姓名、原因）", absent, "列席",
                   "、".join(n for n, _ in att.non_voting_present) or "无")),
                 (18, 32, 18, 32), header=0, align="lclc")
    blocks = [facts, Para("议程：", "h1")]
    blocks += [Para(f"{i}．{item}", "plain") for i, item in enumerate(agenda(d, as_held=True), start=1)]
    blocks += [Para("会议内容：", "h1"),
               Para(f"{membership(att)}。应到会有选举权的正式党员{att.expected}人，实到{att.present}人，"
                    + ("超过" if 5 * att.present > 4 * att.expected else "未超过")
                    + "应到会人数的五分之四，会议有效。")]
    if att.excluded:
        blocks.append(Para(f"大会举手表决，{exclusions(att)}表决结果：{hands(d.exclusions_vote)}。"))
    slate_text = (f"{candidates_phrase(d)}（等额选举）" if d.without_committee
                  else f"候选人（按姓氏笔画为序）{names(e.candidates)}")
    blocks += [Para(f"大会举手表决通过了选举办法（{hands(d.rules_vote)}）。{slate_text}。"
                    f"大会举手表决通过{tellers_named(d, comrade=False, sep='、')}（{hands(d.tellers_vote)}）。")]
    blocks += _vote_lines(d)
    blocks += _other_items(d)
    blocks += [Para("决议：", "h1"),
               Para(elected_result(d).removesuffix("。") + "，报上级党组织审批。")]
    blocks += [Para(f"{r.text}", "body") for r in d.resolutions if r.carried]
    blocks += [Para("党员发言及其他事项（由记录人补充）：", "h1"), Space(3),
               Signatures((("主持人", m.presiding), ("记录人", m.recorder)))]
    return Paper("08-会议记录", f"{m.branch}党员大会会议记录", tuple(blocks), docx=True,
                 date=m.meeting_date)


def plenary_minutes(d: Dossier) -> Paper:
    """支部委员会第一次全体会议记录: 召集人, 应到/实到委员, 书记(、副书记) 等额选举, 分工."""
    p, m = d.plenary, d.meeting
    day = p.meeting_date or m.meeting_date
    facts = Grid((("时间", cn_date(p.meeting_date), "地点", m.place),
                  ("召集人", p.convener, "记录人", p.recorder or "________"),
                  ("应到委员", f"{p.expected}人", "实到委员", f"{p.present}人"),
                  ("监票人", p.scrutineer or "________", "计票人", p.teller or "________")),
                 (18, 32, 18, 32), header=0, align="lclc")
    members = names(sort_names(n for r in d.rounds for n in r.verdict.elected))
    blocks = [facts, Para("议程：", "h1")]
    items = [f"等额选举支部委员会{v.post}" for v in p.votes] + ["研究委员分工"]
    blocks += [Para(f"{i}．{t}", "plain") for i, t in enumerate(items, start=1)]
    blocks += [Para("会议内容：", "h1"),
               Para(f"会议由上级党组织指定的召集人{p.convener}同志召集。新一届支部委员会委员"
                    f"{members}（按姓氏笔画为序），应到{p.expected}人，实到{p.present}人。")]
    for post, v in p.held:
        if isinstance(v, VoidRound):    # declared void before counting: no votes to record
            blocks.append(Para(f"{post}选举（无记名投票、等额选举，候选人{names(v.candidates)}）："
                               f"{void_sentence(v)}。"))
            continue
        r = v.result
        c = r.verdict.count_for(v.name)
        result = "当选" if v.name in r.verdict.elected else "未当选"
        again = "重新投票" if r.rerun else ""
        blocks.append(Para(f"{v.post}选举{again}（无记名投票、等额选举，候选人{v.name}）：{ballots(r)}；"
                           f"有效票{r.verdict.valid_ballots}张，无效票{r.verdict.invalid_ballots}张。"
                           f"{v.name}赞成{c.agree}票、不赞成{c.disagree}票、弃权{c.abstain}票，{result}。"))
    if p.posts:
        blocks.append(Para("经研究，委员分工如下：" + "；".join(f"{n}任{post}" for n, post in p.posts) + "。"))
    blocks += [Para("选举结果报上级党组织审批。"),
               Signatures((("召集人", p.convener), ("记录人", p.recorder or "")))]
    return Paper("13-第一次全体会议记录", f"{m.branch_name}\n第一次全体会议记录", tuple(blocks),
                 docx=True, date=day)


def appraisal_summary(d: Dossier) -> Paper:
    """民主测评汇总表, printed: per member the count and share of each grade."""
    blocks: list = []
    for item in appraisals(d):
        summary = item.get("summary") or {}
        labels = summary.get("grade_labels") or ["优秀", "合格", "基本合格", "不合格"]
        if blocks:
            blocks.append(PageBreak())
        blocks.append(Para(f"{item.get('title', '民主测评')}：发出测评表{item.get('issued')}张，"
                           f"收回{item.get('returned')}张，录入{summary.get('entered', '')}张。", "plain"))
        rows = [("序号", "姓名") + tuple(labels) + ("未评", "无效")]
        for row in summary.get("members", []):
            grades = tuple(f"{g['count']}（{g['percent']}）" for g in row["grades"])
            rows.append((str(row["no"]), row["name"]) + grades + (str(row["blank"]), str(row["invalid"])))
        widths = (6, 13) + (17,) * len(labels) + (7, 7)
        blocks += [Grid(tuple(rows), widths, align="cc" + "c" * (len(labels) + 2)),
                   Para(summary.get("sentence", ""), "small")]
    blocks.append(Signatures(tuple(("监票人", n) for n in d.election.scrutineers)
                             + tuple(("计票人", n) for n in d.election.tellers)))
    return Paper("14-民主测评汇总表", "民主评议党员测评汇总表", tuple(blocks),
                 subtitle=f"{d.meeting.branch}　{cn_date(d.meeting.meeting_date)}", docx=True, date=d.meeting.meeting_date)


@dataclass(frozen=True)
class IndexEntry:
    """One line of the 归档目录: a paper (its PDF and .docx) or a set of other files."""

    title: str
    files: str          # where it is in the archive, e.g. pdf/05-….pdf
    copies: str         # 份数
    pages: str          # 页数
    day: str            # 形成日期
    note: str = ""


def archive_index(d: Dossier, entries: tuple[IndexEntry, ...] = (), root: str = "",
                  records_root: str = "", listing: tuple[tuple[str, str], ...] = ()) -> Paper:
    """归档目录: what the archive holds (as written), with the archive root printed on it."""
    rows = [("序号", "材料名称", "份数", "页数", "形成日期", "备注")]
    for i, e in enumerate(entries, start=1):
        rows.append((str(i), e.title, e.copies, e.pages, e.day, e.note))
    blocks: list = [Para(f"{d.meeting.branch_name}　换届选举材料　（{d.meeting.meeting_date.year}年）", "center"),
                    Grid(tuple(rows), (7, 39, 8, 8, 20, 18), align="clcccl"),
                    Para(f"本届{'支部' if d.without_committee else '支部委员会'}任期内一次装订，存入“组织管理”档案盒，盒号按顺序编排。"
                         "电子归档包中每个文件的位置见说明.txt。", "small")]
    if root:
        blocks += [Para("归档根指纹（SHA-256，除本目录和计票结果报告单外的全部文件）：", "small"),
                   Para(root, "small")]
    if records_root:
        blocks += [Para("计票记录指纹（SHA-256）：", "small"), Para(records_root, "small")]
    blocks.append(Signatures((("立卷人", d.meeting.recorder), ("审核人", d.meeting.presiding))))
    if listing:
        blocks += [PageBreak(), Para("电子文件清单（SHA-256 前16位）", "h1")]
        blocks.append(Grid(tuple([("序号", "文件", "SHA-256 前16位")] +
                                 [(str(i), path, digest[:16]) for i, (path, digest)
                                  in enumerate(listing, start=1)]), (8, 62, 30), align="clc"))
    return Paper("09-归档目录", "归档目录", tuple(blocks), docx=True, date=d.meeting.meeting_date,
                 keywords=" ".join([f"votekit-archive-root:{root}"] +
                                   [f"{path}={digest}" for path, digest in listing]) if root else "")


def _particulars(r: Resolution) -> list:
    a = r.applicant
    if a is None:
        return []
    blank = "________"
    rows = (("姓名", a.name, "性别", a.gender or blank, "出生年月", a.born or blank),
            ("民族", a.ethnicity or blank, "籍贯", a.native_place or blank, "学历", a.education or blank),
            ("工作单位及职务", a.unit_post or blank, "", "", "", ""),
            ("递交入党申请书", a.applied_on or blank, "确定为积极分子", a.activist_on or blank,
             "确定为发展对象", a.candidate_on or blank),
            ("入党介绍人", a.sponsors or blank, "", "", "", ""))
    spans = ((1, 2, 5, 2), (1, 4, 5, 4))
    return [Para("发展对象基本情况", "h1"),
            Grid(rows, (14, 19, 14, 19, 14, 20), header=0, align="lclclc", spans=spans),
            Para("主要表现：", "h1"),
            Para(a.record or "（思想政治、工作学习、作风纪律等方面的主要表现，由支部委员会填写）"
                 "________________________________________________________________")]


def _resolution_blocks(d: Dossier, r: Resolution) -> list:
    base = "应到会有表决权的正式党员" if r.threshold_base == "expected" else "实到会的正式党员"
    verdict = "超过" + base + "的半数，决议通过。" if r.carried else "未超过" + base + "的半数，决议未通过。"
    return [Para(r.subject, "center"),
            Grid((("会议名称", f"{d.meeting.branch}党员大会", "日期", cn_date(d.meeting.meeting_date)),
                  ("应到会有表决权的正式党员", f"{r.expected}名", "实到", f"{r.present}名"),
                  ("赞成", f"{r.agree}票", "反对", f"{r.against}票"),
                  ("弃权", f"{r.abstain}票", "表决结果", "通过" if r.carried else "未通过")),
                 (30, 25, 20, 25), header=0, align="lclc")] + _particulars(r) + [
            Para(f"应到会有表决权的正式党员{r.expected}名，实到{r.present}名；赞成{r.agree}票，"
                 f"反对{r.against}票，弃权{r.abstain}票，赞成票{verdict}"),
            Para(f"决议：{r.text}"),
            Signatures((("支部书记", r.secretary),)),
            Para("（党支部盖章）　本决议经支部书记签名、党支部盖章后逐级上报审批。", "small")]


def resolution_form(d: Dossier) -> Paper | None:
    """支部大会决议, one per decided motion; none when the meeting voted on nothing else."""
    blocks: list = []
    for r in d.resolutions:
        if blocks:
            blocks.append(PageBreak())
        blocks += _resolution_blocks(d, r)
    if not blocks:
        return None
    return Paper("10-支部大会决议", f"{d.meeting.branch}党员大会决议", tuple(blocks), docx=True,
                 date=d.meeting.meeting_date)
