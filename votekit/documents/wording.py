"""Formulaic sentences shared by the documents, worded from the recorded numbers."""
from __future__ import annotations

import datetime as dt

from ..core.slate import differential_percent
from ..core.vocabulary import Count, RoundKind, RoundStage, Status
from .model import Attendance, Dossier, HeldElection, RoundResult, VoidRound

REASON_SHORT = {1: "因病不能表达本人意志", 2: "自费出国半年以上", 3: "正在服刑",
                4: "年老体弱卧床不起", 5: "工作调动或外出学习工作半年以上",
                6: "回原籍长期居住"}


BLANK_DATE = "____年__月__日"


def cn_date(day: dt.date | None) -> str:
    """成文日期: Arabic numerals, full year, no padding — 2026年11月22日; a blank to fill
    ("____年__月__日") when the date was not recorded."""
    if day is None:
        return BLANK_DATE
    return f"{day.year}年{day.month}月{day.day}日"


def people(d: Dossier) -> tuple[str, ...]:
    """Every name the paperwork prints (kept whole when lines are broken)."""
    found = {m.name for m in d.attendance.members} | {d.meeting.presiding, d.meeting.recorder}
    for c in d.contests:
        found |= set(c.election.candidates) | set(c.election.scrutineers) | set(c.election.tellers)
        for r in c.rounds:
            found |= {n for n, _ in r.verdict.tally}
    if d.plenary is not None:
        found |= {d.plenary.convener, d.plenary.scrutineer, d.plenary.teller}
    for res in d.resolutions:
        found |= {res.secretary} | ({res.applicant.name} if res.applicant else set())
    return tuple(sorted(n for n in found if n))


def posts_phrase(d: Dossier) -> str:
    """书记 / 书记、副书记 — only the posts actually elected."""
    posts = d.plenary.elected_posts if d.plenary is not None else ()
    return "、".join(posts)


def planned_posts(d: Dossier) -> str:
    """The posts the first plenary is to fill: from the 请示 when there is one."""
    if d.term is not None:
        return "书记、副书记" if d.term.deputy_seats else "书记"
    return posts_phrase(d) or "书记"


def appraisals(d: Dossier) -> list[dict]:
    return list(dict(d.other_votes).get("appraisals") or [])


def resolution_item(subject: str) -> str:
    """关于接收××同志为中共预备党员的决议 → 讨论接收××同志为中共预备党员."""
    core = subject.removeprefix("关于").removesuffix("的决议")
    return ("讨论" if core.startswith("接收") else "表决") + core


def office(d: Dossier) -> str:
    """What the election fills: 委员, or — in a branch without a committee, which elects them
    at the 党员大会 (RULES.md §3, §7) — 书记 (its 副书记 is ``d.also``)."""
    return d.election.office


def offices(d: Dossier) -> str:
    """委员, or 书记、副书记: every post the meeting itself elects."""
    return "、".join(c.office for c in d.contests)


def separately(d: Dossier) -> str:
    """书记、副书记分别 — or just 书记 when the meeting elects one post."""
    return offices(d) + ("分别" if len(d.contests) > 1 else "")


def election_item(c: HeldElection) -> str:
    """无记名投票、差额选举产生新一届支部委员会委员 (or 等额选举产生支部书记)."""
    what = "新一届支部委员会委员" if c.office == "委员" else f"支部{c.office}"
    return f"无记名投票、{c.election.kind.label}产生{what}"


def contest_name(c: HeldElection) -> str:
    """支部委员会委员 / 支部书记 / 支部副书记."""
    return "支部委员会委员" if c.office == "委员" else f"支部{c.office}"


def agenda(d: Dossier, as_held: bool = False) -> tuple[str, ...]:
    """The one agenda of the meeting: the 请示 and the 主持词 print it as planned; the 会议记录
    ``as_held``, with a 减少名额 vote the meeting took after a shortfall (RULES.md §7)."""
    items = []
    if d.attendance.excluded:
        items.append("审议通过不计入应到会人数的党员名单")
    items += ["通过选举办法", "通过监票人、计票人名单"] + [election_item(c) for c in d.contests]
    if as_held and any(r.reduction_voted for r in d.rounds):
        items.append("表决减少委员名额")
    items += [resolution_item(r.subject) for r in d.resolutions]
    if appraisals(d):
        items.append("民主评议党员")
    return tuple(items)


def names(items) -> str:
    return "、".join(items)


def with_comrade(items) -> str:
    items = list(items)
    return names(items) + "同志" if items else ""


def membership(att: Attendance, head: str = "本支部现有党员") -> str:
    """The one membership breakdown (the parts add up to the total)."""
    parts = "、".join(f"{label}{n}名" for label, n in att.breakdown())
    return f"{head}{att.total_members}名，其中{parts}"


def exclusion_approvals(e) -> str:
    """经上级党组织于…同意、党员大会于…通过 — blanks where a date was not recorded."""
    return (f"经上级党组织于{cn_date(e.higher_approved_on)}同意、"
            f"党员大会于{cn_date(e.meeting_approved_on)}表决通过")


def exclusions(att: Attendance) -> str:
    if not att.excluded:
        return ""
    parts = [f"{e.name}同志（{REASON_SHORT[int(e.reason)]}，{exclusion_approvals(e)}）"
             for e in att.excluded]
    return f"{names(parts)}不计入应到会人数（共{len(att.excluded)}名）。"


def absences(att: Attendance) -> str:
    if not att.absent:
        return "应到会党员全部到会"
    return f"缺席{len(att.absent)}人：" + "、".join(f"{a.name}（{a.note}）" for a in att.absent)


def quorum(att: Attendance, allow_exact: bool = False) -> str:
    head = f"应到会有选举权的正式党员{att.expected}人，实到{att.present}人，"
    if 5 * att.present > 4 * att.expected:
        return head + "超过应到会人数的五分之四，符合规定，会议有效。"
    if allow_exact and 5 * att.present == 4 * att.expected:
        return head + "达到应到会人数的五分之四（按选举办法规定视为有效），会议有效。"
    return head + "未超过应到会人数的五分之四，会议无效。"


def slate(d: Dossier) -> str:
    return "；".join(slate_of(c.election) for c in d.contests)


def slate_of(e) -> str:
    n = len(e.candidates)
    if e.office != "委员":                       # 书记/副书记 at the 党员大会: 等额
        return f"应选{e.office}{e.seats}名，候选人{n}名（等额）"
    return (f"应选委员{e.seats}名，候选人{n}名，差额{n - e.seats}名，"
            f"差额比例{differential_percent(e.seats, n)}%")


def candidates_phrase(d: Dossier, comrade: bool = False) -> str:
    """候选人: the committee's list, or 书记候选人×同志，副书记候选人×同志."""
    show = with_comrade if comrade else names
    if not d.without_committee:
        return show(d.election.candidates)
    return "，".join(f"{c.office}候选人{show(c.election.candidates)}" for c in d.contests)


def tellers_named(d: Dossier, comrade: bool = True, sep: str = "，") -> str:
    """×××同志为监票人，×××同志为计票人 — the 计票人 part left out when none was named."""
    show = with_comrade if comrade else names
    scrutineers, tellers = tellers_phrase(d)
    return f"{show(scrutineers)}为监票人" + (f"{sep}{show(tellers)}为计票人" if tellers else "")


def tellers_phrase(d: Dossier) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The 监票人 and 计票人 the meeting approved (over every election it held, each once)."""
    scrutineers = tuple(dict.fromkeys(n for c in d.contests for n in c.election.scrutineers))
    tellers = tuple(dict.fromkeys(n for c in d.contests for n in c.election.tellers))
    return scrutineers, tellers


def ballots(r: RoundResult) -> str:
    issued, returned = r.issued, r.returned
    rel = "等于" if returned == issued else ("少于" if returned < issued else "多于")
    tail = "选举有效" if returned <= issued else "选举无效，须重新进行选举"
    return f"发出选票{issued}张，收回{returned}张，收回的选票{rel}发出的选票，{tail}"


def sheets(n: int | None) -> str:
    """A number of papers, or a blank to fill where it was not recorded."""
    return "____" if n is None else str(n)


def void_sentence(v: VoidRound) -> str:
    """A void round as the 监票人 declared it, before any count (RULES.md §6): the ballots out
    and back, and that it is held again — there are no votes to report."""
    # 发出选票20张，收回21张，收回的选票多于发出的选票，选举无效，须重新进行选举，本轮选票不予计票
    return f"{ballots(v)}，本轮选票不予计票"


def votes_of(name: str, c: Count, write_in: bool = False) -> str:
    if write_in:
        return f"{name}{c.agree}票"
    return f"{name}赞成{c.agree}票、不赞成{c.disagree}票、弃权{c.abstain}票"


def write_ins(r: RoundResult) -> list[tuple[str, Count]]:
    listed = set(r.record.candidates)
    return [(n, c) for n, c in r.verdict.tally if n not in listed]


def is_runoff(r: RoundResult) -> bool:
    """再次投票 among the tied: the most agree votes win, over half or not (RULES.md §7)."""
    stage = getattr(r.record, "stage", None)
    return getattr(stage, "value", "") == "runoff" or r.label == "再次投票"


def elected_sentence(d: Dossier, r: RoundResult, office: str = "委员") -> str:
    v = r.verdict
    post = d.meeting.branch_name + office
    if is_runoff(r):
        if not v.elected:
            return "再次投票得票仍然相等，须再次投票。"
        return (f"根据再次投票的计票结果，{with_comrade(v.elected)}得票多，"
                f"当选为{post}（再次投票以得票多的当选，不论所得赞成票是否超过半数）。")
    if not v.elected:
        return "没有候选人获得超过实到会有选举权党员人数半数的赞成票，本轮无人当选。"
    if office != "委员":
        return (f"根据计票结果，{with_comrade(v.elected)}获得的赞成票超过实到会有选举权党员人数的半数，"
                f"当选为{post}。")
    return ("根据计票结果，下列同志获得的赞成票超过实到会有选举权党员人数的半数，"
            f"当选为{post}（按姓氏笔画为序）：{names(v.elected)}。")


def runoff_sentence(r: RoundResult) -> str:
    run = r.verdict.runoff
    if run is None:
        return ""
    return (f"{with_comrade(run.names)}得票相等（各{run.votes}票），均超过实到会有选举权党员人数的半数，"
            f"但只余{run.seats}个名额。根据选举办法，在上述同志中再次投票，以得票多的当选。")


def reduction_sentence(r: RoundResult) -> str:
    """减少名额 by a show of hands instead of 另行选举 (RULES.md §7), when it was voted."""
    v, yes = r.verdict, r.record.seat_reduction_yes
    if yes is None:
        return ""
    if v.seats_reduced_to is not None and r.record.stage is not RoundStage.FIRST:
        # a later round's record holds only the seats still short: say what was reduced
        return (f"经大会举手表决（实到会有选举权的党员{v.present}人，{yes}人同意，超过半数），"
                f"余下的{r.record.seats}个名额减少为{v.seats_reduced_to}名"
                f"（减少{r.record.seats - v.seats_reduced_to}名），不再另行选举。")
    if v.seats_reduced_to is not None:
        return (f"经大会举手表决（实到会有选举权的党员{v.present}人，{yes}人同意，超过半数），"
                f"减少委员名额，新一届支部委员会由{v.seats_reduced_to}名委员组成，不再另行选举。")
    return (f"关于减少委员名额的举手表决：实到会有选举权的党员{v.present}人，{yes}人同意，"
            "未超过半数，不减少名额。")


def election_reduction_sentence(r: RoundResult) -> str:
    """The election's 减少名额 vote after a round that elected nobody: the seats still short
    are dropped (those elected in earlier rounds stay), or nothing changes."""
    cut = r.reduction
    if cut is None:
        return ""
    head = f"实到会有选举权的党员{cut.present}人，{cut.yes}人同意"
    if cut.seats_after is None:
        return f"关于减少委员名额的举手表决：{head}，未超过半数，不减少名额。"
    return (f"经大会举手表决（{head}，超过半数），应选名额由{cut.seats_before}名减少为"
            f"{cut.seats_after}名（减少{cut.seats_before - cut.seats_after}名），不再另行选举。")


def shortfall_parts(r: RoundResult) -> tuple[str, str, str]:
    """(what is short, the 减少名额 vote with its count, the 另行选举 that follows) — each ""
    where it does not apply; ``shortfall_sentence`` is the three read together."""
    v = r.verdict
    if v.status is not Status.SHORTFALL:
        return "", reduction_sentence(r), ""          # a reduction that carried on this round, or nothing
    if r.record.kind is RoundKind.EQUAL and r.record.seats == 1 and not r.reduction_voted:
        return "候选人未获得超过实到会有选举权党员人数半数的赞成票，未能当选。根据选举办法，另行选举。", "", ""
    head = (f"获得超过半数赞成票的候选人只有{len(v.elected)}名，少于应选名额，尚缺{v.shortfall}名。"
            if v.elected else f"没有候选人获得超过半数的赞成票，尚缺{v.shortfall}名。")
    further = f"根据选举办法，就不足的{v.shortfall}个名额另行选举。"
    if r.reduction is not None:
        return head, election_reduction_sentence(r), "" if r.reduction.seats_after is not None else further
    return head, reduction_sentence(r), further


def shortfall_sentence(r: RoundResult) -> str:
    return "".join(shortfall_parts(r))


def outcome_word(r: RoundResult, name: str) -> str:
    v = r.verdict
    if name in v.elected:
        return "当选"
    if v.runoff is not None and name in v.runoff.names:
        return "得票相等，再次投票"
    if is_runoff(r):
        return "得票少，未当选"
    if 2 * v.count_for(name).agree > v.present:
        return "过半数，未当选"
    return "未过半数"


def elected_result(d: Dossier) -> str:
    """×××、×××同志（按姓氏笔画为序）当选为…委员; or, without a committee, each post."""
    if d.without_committee:
        done = [f"{with_comrade(c.elected)}当选为{d.meeting.branch_name}{c.office}" for c in d.contests if c.elected]
        short = [c.office for c in d.contests if not c.elected]
        return ("；".join(done) + "。" if done else "") + (f"{'、'.join(short)}尚未选出。" if short else "")
    return f"{with_comrade(d.elected)}（按姓氏笔画为序）当选为{d.meeting.branch_name}{office(d)}。"
