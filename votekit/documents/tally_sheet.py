"""计票结果报告单: one page per round, signed by every 监票人 and 计票人."""
from __future__ import annotations

from .blocks import Grid, PageBreak, Para, Paper, Signatures
from .model import Dossier, HeldElection, RoundResult, VoidRound
from .wording import (ballots, contest_name, is_runoff, cn_date, elected_sentence, outcome_word, runoff_sentence,
                      sheets, shortfall_sentence, void_sentence, write_ins)


def _facts(d: Dossier, r: RoundResult, contest: str, method: str, meeting: str,
           who: str) -> Grid:
    v = r.verdict
    rows = (
        ("会议名称", meeting, "日期", cn_date(d.meeting.meeting_date)),
        ("选举事项", contest, "选举方式", method),
        (f"应到会{who}人数", str(v.expected), f"实到会{who}人数", str(v.present)),
        ("领取选票", f"{r.ballots_printed}张", "剩余作废选票", f"{r.ballots_spoiled}张"),
        ("发出选票", f"{r.issued}张", "收回选票", f"{r.returned}张"),
        ("有效票", f"{v.valid_ballots}张", "无效票", f"{v.invalid_ballots}张"),
    )
    return Grid(rows, (24, 26, 24, 26), header=0, align="lclc")


def _tally(r: RoundResult) -> Grid:
    v = r.verdict
    rows = [("序号", "候选人（按姓氏笔画为序）", "赞成", "不赞成", "弃权", "结果")]
    for i, name in enumerate(r.record.candidates, start=1):
        c = v.count_for(name)
        rows.append((str(i), name, str(c.agree), str(c.disagree), str(c.abstain),
                     outcome_word(r, name)))
    for name, c in write_ins(r):
        rows.append(("另选", name, str(c.agree), "—", "—", outcome_word(r, name)))
    if not write_ins(r):
        rows.append(("另选", "（无）", "—", "—", "—", ""))
    return Grid(tuple(rows), (8, 30, 11, 11, 11, 29), header=1, align="clrrrc")


def round_page(d: Dossier, r: RoundResult, contest: str, method: str,
               people: tuple[tuple[str, str], ...], meeting: str = "", result: str = "",
               who: str = "有选举权", office: str = "委员") -> list:
    v = r.verdict
    need = v.present // 2 + 1
    meeting = meeting or d.meeting.branch + "党员大会"
    label = "" if r.label in ("书记", "副书记") else f" · {r.named}"
    blocks = [Para(f"{contest}{label}", "center"), _facts(d, r, contest, method, meeting, who),
              Para(f"清点结果：{ballots(r)}。", "plain"), _tally(r),
              Para("再次投票在得票相等的候选人中进行，以得票多的当选，不论所得赞成票是否超过半数。"
                   if is_runoff(r) else
                   f"当选须获得的赞成票超过实到会{who}人数（{v.present}人）的半数，"
                   f"即至少{need}票。", "small")]
    if r.note:
        blocks.append(Para(f"说明：{r.note}。", "small"))
    for flag in v.flags:
        blocks.append(Para(f"监票人确认事项：{flag}", "small"))
    short = shortfall_sentence(r)
    said = elected_sentence(d, r, office) if v.elected or not short else ""   # nobody elected: said once
    result = result or "".join([said, runoff_sentence(r), short])
    blocks.append(Para("结果：" + result, "plain"))
    blocks.append(Signatures(people))
    return blocks


def post_sentence(vote) -> str:
    v = vote.result.verdict
    c = v.count_for(vote.name)
    if vote.name in v.elected:
        return (f"{vote.name}同志获得赞成票{c.agree}票，超过实到会委员人数（{v.present}人）的半数，"
                f"当选为支部委员会{vote.post}。")
    return f"{vote.name}同志获得赞成票{c.agree}票，未超过实到会委员人数的半数，未能当选{vote.post}。"


def void_page(d: Dossier, v: VoidRound, contest: str, method: str,
              people: tuple[tuple[str, str], ...], meeting: str = "", who: str = "有选举权",
              counts: tuple[int, int] | None = None) -> list:
    """A round declared void at 清点选票 (RULES.md §6): the ballots out and back and 选举无效;
    no 有效/无效 and no votes are printed — none were counted.  ``counts``: (应到, 实到) when
    not the meeting's roll (the plenary's 委员)."""
    roll = v.roll
    expected, present = counts or ((roll.expected, roll.present) if roll else ("", ""))
    rows = (("会议名称", meeting or d.meeting.branch + "党员大会", "日期", cn_date(d.meeting.meeting_date)),
            ("选举事项", contest, "选举方式", method),
            (f"应到会{who}人数", str(expected), f"实到会{who}人数", str(present)),
            ("领取选票", f"{v.ballots_printed}张", "剩余作废选票", f"{sheets(v.ballots_spoiled)}张"),
            ("发出选票", f"{v.issued}张", "收回选票", f"{v.returned}张"))
    return [Para(f"{contest} · {v.label}（选举无效）", "center"),
            Grid(rows, (24, 26, 24, 26), header=0, align="lclc"),
            Para(f"清点结果：{void_sentence(v)}。", "plain"),
            Para("根据选举办法，收回的选票多于发出的选票，选举无效。本轮没有计票结果，"
                 f"由原候选人（{'、'.join(v.candidates)}）就应选的{v.seats}个名额重新投票。", "plain"),
            Signatures(people)]


def _contest_pages(d: Dossier, c: HeldElection, blocks: list) -> None:
    """One page per round of one election the meeting held (委员, or 书记 / 副书记)."""
    e = c.election
    people = tuple([("监票人", n) for n in e.scrutineers] + [("计票人", n) for n in e.tellers])
    what = contest_name(c)
    for r in c.held:            # a void round gets its own page, in its place
        if blocks:
            blocks += [PageBreak(), Para("计票结果报告单", "title"), Para(e.title, "subtitle")]
        short = r.seats if isinstance(r, VoidRound) else r.record.seats
        seats = (f"{what}（应选{e.seats}名）" if r.label == "第一轮" else
                 f"{what}（余下{short}个名额）" if c.office == "委员" else f"{what}（应选{short}名）")
        method = f"无记名投票、{e.kind.label}"
        blocks += (void_page(d, r, seats, method, people) if isinstance(r, VoidRound) else
                   round_page(d, r, seats, method, people, office=c.office))


def tally_sheet(d: Dossier, fingerprint: str | None = None, root: str = "") -> Paper:
    """Every round of the committee election (or, in a branch without a committee, of its 书记
    and 副书记 elections), then the 书记(/副书记) rounds of the plenary, each on its own page
    with its own subtitle and signers; both fingerprints at the foot."""
    blocks: list = []
    for c in d.contests:
        _contest_pages(d, c, blocks)
    if d.plenary is not None:
        p = d.plenary
        signers = (("监票人", p.scrutineer), ("计票人", p.teller))
        for post, vote in p.held:         # a void round gets its own page, in its place
            blocks += [PageBreak(), Para("计票结果报告单", "title"),
                       Para(f"{d.meeting.branch_name}第一次全体会议{post}选举", "subtitle")]
            if isinstance(vote, VoidRound):
                blocks += void_page(d, vote, f"选举支部委员会{post}（应选1名）", "无记名投票、等额选举",
                                    signers, "支部委员会第一次全体会议", "委员", (p.expected, p.present))
                continue
            blocks += round_page(d, vote.result, f"选举支部委员会{vote.post}（应选1名）",
                                 "无记名投票、等额选举", signers, "支部委员会第一次全体会议",
                                 post_sentence(vote), who="委员")
    footer = ""
    if fingerprint:
        footer = f"计票记录指纹（SHA-256）：{fingerprint}"
    if root:
        footer += f"\n归档根指纹（SHA-256）：{root}"
    keywords = " ".join(x for x in (f"votekit-records-root:{fingerprint}" if fingerprint else "",
                                    f"votekit-archive-root:{root}" if root else "") if x)
    return Paper("02-计票结果报告单", "计票结果报告单", tuple(blocks),
                 subtitle=d.election.title, footer=footer, keywords=keywords,
                 docx=True, date=d.meeting.meeting_date)
