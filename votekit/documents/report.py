"""关于选举结果的报告 and the 请示 for approving 书记、副书记 (公文格式, GB/T 9704-2012)."""
from __future__ import annotations

from .blocks import Official, Para, Paper
from .model import Dossier, RoundResult, VoidRound
from .before import contact_note
from .wording import (REASON_SHORT, is_runoff, ballots, candidates_phrase, cn_date, exclusion_approvals,
                      elected_result, membership, names, office, offices, posts_phrase, separately, shortfall_sentence, slate,
                      tellers_named, void_sentence, votes_of, with_comrade, write_ins)


def _attendance(d: Dossier) -> list[Para]:
    att = d.attendance
    text = f"{membership(att)}。"
    if att.excluded:
        who = "；".join(f"{e.name}同志{REASON_SHORT[int(e.reason)]}，{exclusion_approvals(e)}"
                       for e in att.excluded)
        text += f"{who}，不计入应到会人数。"
    text += f"应到会有选举权的正式党员{att.expected}名，实到{att.present}名"
    if att.absent:
        text += "（" + "、".join(f"{a.name}同志{a.phrase}" for a in att.absent) + "）"
    ok = 5 * att.present > 4 * att.expected
    text += "，超过应到会人数的五分之四，会议有效。" if ok else "，未超过应到会人数的五分之四。"
    return [Para("一、到会情况", "h1"), Para(text)]


def _round_head(r: RoundResult | VoidRound, first: bool, what: str) -> str:
    """第一轮投票 / 第一轮重新投票 / 另行选举重新投票（候选人…，应选…名）."""
    if r.label == "第一轮":
        return f"{what}第一轮投票" if first else f"{what}{r.named}"
    candidates, seats = ((r.candidates, r.seats) if isinstance(r, VoidRound)
                         else (r.record.candidates, r.record.seats))
    return f"{what}{r.named}（候选人{names(candidates)}，应选{seats}名）"


def _void_text(r: VoidRound, first: bool, what: str = "") -> str:
    """A void round: the ballots out and back, 选举无效, and no counts — none were made."""
    return f"{_round_head(r, first, what)}{void_sentence(r)}。"


def _round_text(r: RoundResult, first: bool, what: str = "") -> str:
    v = r.verdict
    head = _round_head(r, first, what)
    counts = "；".join(votes_of(f"{n}同志", v.count_for(n)) for n in r.record.candidates)
    extra = write_ins(r)
    if extra:
        counts += "；另选他人" + "、".join(f"{n}同志{c.agree}票" for n, c in extra)
    return (f"{head}{ballots(r)}，其中有效票{v.valid_ballots}张、无效票{v.invalid_ballots}张。"
            f"各候选人得票情况（按姓氏笔画为序）：{counts}。")


def _round_outcome(r: RoundResult) -> str:
    v = r.verdict
    text = ""
    if v.elected and is_runoff(r):
        text += f"{with_comrade(v.elected)}得票多，当选（再次投票以得票多的当选）。"
    elif v.elected:
        text += f"{with_comrade(v.elected)}获得的赞成票超过实到会有选举权党员人数的半数，当选。"
    if v.runoff is not None:
        text += (f"{with_comrade(v.runoff.names)}得票相等且均超过半数，"
                 f"就余下的{v.runoff.seats}个名额再次投票。")
    text += shortfall_sentence(r)
    return text


def _election(d: Dossier) -> list[Para]:
    e = d.election
    if d.without_committee:
        who = (f"本支部正式党员不足7名，不设支部委员会，{separately(d)}由党员大会选举。"
               f"{candidates_phrase(d, comrade=True)}。")
    else:
        who = f"候选人（按姓氏笔画为序）为{with_comrade(e.candidates)}。"
    out = [Para("二、选举方式", "h1"),
           Para(f"大会审议通过了《{d.meeting.branch_name}选举办法》，采用无记名投票、{d.election.kind.label}的办法，"
                f"{slate(d)}。{who}大会表决通过{tellers_named(d)}。"),
           Para("三、投票和计票情况", "h1")]
    for c in d.contests:
        what = f"{c.office}选举" if d.without_committee else ""
        for i, r in enumerate(c.held):          # a void round too, in its place
            out.append(Para(_void_text(r, i == 0, what) if isinstance(r, VoidRound)
                            else _round_text(r, i == 0, what) + _round_outcome(r)))
    out += [Para("四、选举结果", "h1"), Para(elected_result(d))]
    return out


def _post_vote(v) -> str:
    c = v.result.verdict.count_for(v.name)
    counts = f"赞成{c.agree}票、不赞成{c.disagree}票、弃权{c.abstain}票"
    if v.name in v.result.verdict.elected:
        return f"选举{v.name}同志为支部委员会{v.post}（{counts}）"
    return f"{v.name}同志{v.post}人选未获得超过实到会委员半数的赞成票，未能当选（{counts}）"


def _plenary(d: Dossier) -> list[Para]:
    p = d.plenary
    if p is None:
        return []
    votes = "，".join(f"{post}选举{void_sentence(v)}；重新投票" if isinstance(v, VoidRound) else _post_vote(v)
                     for post, v in p.held)
    posts = "，".join(f"{n}同志任{post}" for n, post in p.posts)
    when = cn_date(p.meeting_date) if p.meeting_date else "会后"
    return [Para("五、支部委员会第一次全体会议情况", "h1"),
            Para(f"{when}，新一届支部委员会召开第一次全体会议，会议由上级党组织指定的召集人"
                 f"{p.convener}同志召集，应到委员{p.expected}名，实到{p.present}名。会议采用无记名投票、"
                 f"等额选举的办法，{votes}。" + (f"经研究，{posts}。" if posts else ""))]


def _official(d: Dossier, attachments: tuple[str, ...]) -> Official:
    date = cn_date(d.report_date)
    return Official(d.meeting.higher_committee, attachments, d.meeting.branch_name, date,
                    contact_note(d))


def election_subject(d: Dossier) -> str:
    """支部委员会换届 / 支部书记、副书记 — what the meeting elected, for titles."""
    return "支部委员会换届" if not d.without_committee else f"支部{offices(d)}"


def report_title(d: Dossier) -> str:
    return f"关于{election_subject(d)}选举结果的报告"


def result_report(d: Dossier) -> Paper:
    m = d.meeting
    lead = Para(f"经{m.higher_committee}批准，我支部于{cn_date(m.meeting_date)}在{m.place}召开党员大会，"
                f"进行{election_subject(d)}选举。大会由{m.presiding}同志主持。现将选举结果报告如下：")
    blocks = [lead] + _attendance(d) + _election(d) + _plenary(d) + [Para("特此报告。")]
    attachments = (f"{m.branch_name}选举办法", "计票结果报告单")
    return Paper("05-关于选举结果的报告", report_title(d), tuple(blocks),
                 official=_official(d, attachments), docx=True,
                 date=d.report_date or d.meeting.meeting_date)


def approval_request(d: Dossier) -> Paper:
    """请示: approve the committee and the posts actually elected (书记, 副书记 …)."""
    if d.without_committee:
        return _posts_approval_request(d)
    p = d.plenary
    elected = [v for v in (p.votes if p else ()) if v.name in v.result.verdict.elected]
    posts = "；".join(f"{v.name}同志为{v.post}" for v in elected)
    phrase = posts_phrase(d)
    body = [Para(f"{cn_date(d.meeting.meeting_date)}，我支部召开党员大会，选举{with_comrade(d.elected)}"
                 f"（按姓氏笔画为序）为{d.meeting.branch_name}{office(d)}。")]
    if p is not None and elected:
        when = "同日" if p.meeting_date == d.meeting.meeting_date else cn_date(p.meeting_date)
        body.append(Para(f"{when}，新一届支部委员会召开第一次全体会议，应到委员{p.expected}名，"
                         f"实到{p.present}名，以无记名投票、等额选举的方式，选举{posts}。"))
    body += [Para("选举程序符合《中国共产党基层组织选举工作条例》的规定。现将选举结果报上，"
                  "请予审批。"), Para("妥否，请批复。")]
    title = (f"关于审批支部委员会委员和{phrase}\n选举结果的请示" if phrase
             else "关于审批支部委员会委员\n选举结果的请示")
    return Paper("06-关于审批选举结果的请示", title, tuple(body),
                 official=_official(d, ("关于支部委员会换届选举结果的报告",)), docx=True,
                 date=d.report_date or d.meeting.meeting_date)


def _posts_approval_request(d: Dossier) -> Paper:
    """A branch without a committee: approve the 书记 (and 副书记) the meeting elected."""
    held = [c for c in d.contests if c.elected]
    posts = "、".join(c.office for c in held)
    chosen = "，".join(f"{with_comrade(c.elected)}为支部{c.office}" for c in held)
    body = [Para(f"{cn_date(d.meeting.meeting_date)}，我支部召开党员大会（本支部正式党员不足7名，不设支部委员会），"
                 f"以无记名投票、等额选举的方式，选举{chosen}。"),
            Para("选举程序符合《中国共产党基层组织选举工作条例》的规定。现将选举结果报上，请予审批。"),
            Para("妥否，请批复。")]
    return Paper("06-关于审批选举结果的请示", f"关于审批支部{posts}\n选举结果的请示", tuple(body),
                 official=_official(d, (report_title(d),)), docx=True,
                 date=d.report_date or d.meeting.meeting_date)
