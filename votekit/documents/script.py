"""主持词: the presiding officer's script, step by step along the seed 004 flowchart.

统计到会人数、宣布会议有效 → 通过选举办法 → 宣布候选人名单（以姓氏笔画为序）
→ 推选监票人、计票人 → 检查票箱、发选票、说明注意事项 → 投票 → 清点选票、
宣布选举是否有效 → 计票 → 宣布选举结果; a runoff (再次投票) or a 另行选举
gets its own steps with its own numbers.  A void round (more ballots returned than issued)
stops at 宣布选举是否有效 — no count — and is followed by its 重新投票.  Stage directions are in 楷体.
"""
from __future__ import annotations

from .blocks import Para, Paper
from .model import Dossier, HeldElection, RoundResult, VoidRound
from ..core.order import sort_names
from .model import hands
from .wording import (absences, agenda, appraisals, resolution_item, ballots, cn_date, elected_sentence,
                      candidates_phrase, exclusions, membership, names, offices, planned_posts, quorum, separately,
                      runoff_sentence, shortfall_parts, slate, tellers_named, votes_of, with_comrade,
                      write_ins, is_runoff, sheets, void_sentence)

DIGITS = "零一二三四五六七八九"


class _Steps:
    """STEPS[i] → the Chinese ordinal of step i+1 (一 … 十九 …)."""

    def __getitem__(self, i: int) -> str:
        n = i + 1
        if n < 10:
            return DIGITS[n]
        tens, ones = divmod(n, 10)
        return (DIGITS[tens] if tens > 1 else "") + "十" + (DIGITS[ones] if ones else "")


STEPS = _Steps()


HANDS = "同意的请举手。（清点）请放下。不同意的请举手。（清点）请放下。弃权的请举手。（清点）请放下。"


class _Counter:
    """Step headings 一、二、… numbered in one sequence from the first to the last."""

    def __init__(self):
        self.n = 0

    def head(self, text: str) -> Para:
        self.n += 1
        return Para(f"{STEPS[self.n - 1]}、{text}", "h1")


def _opening(d: Dossier, step: _Counter) -> list[Para]:
    att = d.attendance
    items = agenda(d)
    numerals = "一二三四五六七八九十"
    visitors = "、".join(f"{n}同志（{label}）" for n, label in att.non_voting_present)
    blocks = [Para("同志们：", "plain"),
              Para(f"{d.meeting.branch}党员大会现在开始。今天大会的议程是："
                   + "；".join(f"{numerals[i]}是{item}" for i, item in enumerate(items)) + "。")]
    if att.excluded:
        blocks += [step.head("审议不计入应到会人数的党员名单"),
                   Para(f"{membership(att)}。根据《中国共产党基层组织选举工作条例》的规定，"
                        f"{exclusions(att)}现在提请大会表决。{HANDS}"),
                   Para(f"表决结果：{hands(d.exclusions_vote)}。名单获得通过。")]
    blocks += [step.head("报告到会情况")]
    if not att.excluded:
        blocks.append(Para(f"{membership(att)}。"))
    blocks.append(Para(f"今天大会{quorum(att, d.election.options.allow_exact_four_fifths)}"
                       f"{absences(att)}。"))
    if visitors:
        blocks.append(Para(f"{visitors}列席会议，没有表决权、选举权和被选举权。"))
    return blocks


def _method(d: Dossier, step: _Counter) -> list[Para]:
    e = d.election
    if d.without_committee:     # 书记（副书记）由党员大会等额选举 (RULES.md §3, §7)
        how = f"等额选举的办法，{separately(d)}选举，{slate(d)}"
        slate_text = (f"本支部正式党员不足7名，不设支部委员会，{offices(d)}由党员大会选举产生。"
                      f"经过党员酝酿讨论并报上级党组织同意，{candidates_phrase(d, comrade=True)}。")
    else:
        how = f"差额选举的办法，{slate(d)}"
        slate_text = (f"经过党员酝酿讨论并报上级党组织同意，{d.meeting.branch_name}委员候选人"
                      f"共{len(e.candidates)}名，名单如下（以姓氏笔画为序）：{names(e.candidates)}。")
    return [step.head("通过选举办法"),
            Para(f"《{d.meeting.branch_name}选举办法（草案）》已经印发给大家，并经各党小组讨论。"
                 f"现在请大家对选举办法（草案）进行表决。{HANDS}"),
            Para(f"表决结果：{hands(d.rules_vote)}。选举办法获得通过。本次选举采用无记名投票、{how}。"),
            step.head("宣布候选人名单"),
            Para(slate_text),
            step.head("通过监票人、计票人名单"),
            Para(f"根据选举办法，监票人从不是候选人的党员中推选。提请大会表决通过："
                 f"{tellers_named(d)}。{HANDS}"),
            Para(f"表决结果：{hands(d.tellers_vote)}。监票人、计票人名单获得通过。"
                 "请监票人、计票人就位，在监票人监督下开展工作。")]


Held = RoundResult | VoidRound


def _seats(r: Held) -> int:
    return r.seats if isinstance(r, VoidRound) else r.record.seats


def _candidates(r: Held) -> tuple[str, ...]:
    return r.candidates if isinstance(r, VoidRound) else r.record.candidates


def _runoff(r: Held) -> bool:
    return r.runoff if isinstance(r, VoidRound) else is_runoff(r)


def _present(r: Held) -> tuple[str, ...]:
    """Who was there with the vote when the round's ballots went out."""
    if isinstance(r, VoidRound):
        return r.roll.present_names if r.roll is not None else ()
    return tuple(m.name for m in r.record.members if m.has_vote and m.present)


def _how_to_fill(d: Dossier, r: Held) -> str:
    seats = _seats(r)
    marks = "在选票上每位候选人姓名上方的空格内，赞成的画“○”，不赞成的画“×”，弃权的不画任何符号。"
    if _runoff(r):
        rule = ("本次再次投票的选票只列得票相等的候选人，不另选他人，在选票上写其他人姓名的不计票。")
    else:
        rule = ("不赞成某候选人而要另选他人的，可在该候选人姓名上方画“×”，在另选他人栏内写上另选人的姓名，"
                "并在其姓名上方画“○”；弃权的不得另选他人。")
    return (marks + rule + f"每张选票所选人数等于或少于应选人数{seats}名的为有效票，多于{seats}名的"
            f"为无效票。请用{d.election.options.pen}填写，字迹要清楚。")


def _voting(d: Dossier, r: Held, first: bool, step: _Counter) -> list[Para]:
    blocks = [step.head("检查票箱、发放选票"),
              Para("请监票人当众检查票箱。（监票人检查票箱后，当众加封）") if first else
              Para("请监票人再次检查票箱。（检查后加封）"),
              Para(f"本轮选举共领取选票{r.ballots_printed}张。请监票人、计票人向有选举权的党员分发选票。"
                   f"（分发完毕）本轮共发出选票{r.issued}张，剩余{r.left_over}张，"
                   f"其中{sheets(r.ballots_spoiled)}张已由监票人当场剪角作废，留存{sheets(r.kept)}张。"),
              Para("下面说明填写选票的注意事项：" + _how_to_fill(d, r)),
              step.head("投票"),
              Para("党内选举不能委托他人代为投票。现在开始投票。请监票人、计票人先投票，"
                   "然后其他党员按顺序依次投票。"),
              Para("（投票结束）", "cue"),
              step.head("清点选票，宣布选举是否有效"),
              Para("请监票人报告选票清点情况。")]
    if isinstance(r, VoidRound):    # declared before counting starts (RULES.md §6): no count follows
        return blocks + [Para(f"本轮选举{void_sentence(r)}。"),
                         Para("根据选举办法，收回的选票多于发出的选票，选举无效。现在宣布：本轮选举无效，"
                              f"由原候选人就应选的{r.seats}个名额重新投票，使用新一轮的选票。")]
    return blocks + [Para(f"本轮选举{ballots(r)}。"),
                     step.head("计票"),
                     Para("请监票人、计票人当众开箱计票。其他同志请在座位上稍候。")]


def _result(d: Dossier, r: RoundResult, step: _Counter, office: str = "委员") -> list[Para]:
    v = r.verdict
    counts = "；".join(votes_of(n, v.count_for(n)) for n in r.record.candidates)
    extra = write_ins(r)
    if not is_runoff(r) or extra:
        counts += "；另选他人：" + ("；".join(f"{n}{c.agree}票" for n, c in extra) if extra else "无")
    blocks = [step.head("宣布选举结果"),
              Para("请监票人宣读计票结果。（监票人宣读后，将签字的计票结果报告单交主持人）"),
              Para(f"本轮有效票{v.valid_ballots}张，无效票{v.invalid_ballots}张。"
                   f"各候选人得票情况（按姓氏笔画为序）：{counts}。")]
    short, cut, after = shortfall_parts(r)
    if not r.reduction_voted:
        short += cut + after
    text = "".join(s for s in (elected_sentence(d, r, office) if v.elected else "",
                               runoff_sentence(r), short) if s)
    if text:
        blocks.append(Para(text))
    if r.reduction_voted:           # 减少名额 by a show of hands instead of 另行选举 (RULES.md §7)
        blocks += [step.head("表决减少名额"),
                   Para("根据选举办法，当选人数少于应选名额时，经过半数以上的选举人同意，可以减少名额，"
                        f"不再另行选举。现在就是否减少名额进行举手表决。{HANDS}"),
                   Para(cut + after)]
    return blocks


def _left_since(previous: Held, r: Held) -> str:
    before, now = set(_present(previous)), set(_present(r))
    gone, back = sort_names(before - now), sort_names(now - before)
    text = f"现在到会有选举权的党员{len(_present(r))}人"
    if gone:
        why = {a.name: a for a in (r.roll.absent if r.roll is not None else ())}
        when = [f"{n}同志{why[n].detail}中途离会" if n in why and why[n].kind.value == "left"
                and why[n].detail else f"{n}同志因故离会" for n in gone]
        text += f"（{names(when)}）"
    if back:
        text += f"（{with_comrade(back)}到会）"
    if _runoff(r):
        return text + "。根据选举办法，再次投票以得票多的当选，不论所得赞成票是否超过半数。"
    return text + "，当选仍须获得超过实到会有选举权党员人数半数的赞成票。"


def _later_round(d: Dossier, previous: Held, r: Held, step: _Counter) -> list[Para]:
    candidates = _candidates(r)
    who = (f"候选人为{with_comrade(candidates)}" + ("（以姓氏笔画为序）" if len(candidates) > 1 else "")
           + f"，应选{_seats(r)}名。{_left_since(previous, r)}")
    if isinstance(previous, VoidRound):     # 重新投票: same candidates and seats, new ballots
        return [step.head(r.named),
                Para(f"刚才的{'投票' if previous.label == '第一轮' else previous.label}因收回的选票多于发出的选票，选举无效。下面重新投票，"
                     f"候选人和应选名额不变。{who}")]
    why = ("下面就余下的名额进行再次投票。" if _runoff(r) else
           {"另行选举": "下面就不足的名额进行另行选举。"}.get(r.label, f"下面进行{r.label}。"))
    return [step.head(r.label), Para(f"{why}{who}")]


def _other_votes(d: Dossier, step: _Counter) -> list[Para]:
    """The agenda's other items: the recorded 主持词 lines, or lines from the decisions."""
    blocks: list[Para] = []
    if d.other_script:      # the 表决 as recorded; the 民主测评 has its own step below
        blocks.append(step.head("其他表决事项"))
        blocks += [Para(line) for line in d.other_script]
    for r in () if d.other_script else d.resolutions:
        base = "应到会有表决权的正式党员" if r.threshold_base == "expected" else "到会正式党员"
        blocks += [step.head(resolution_item(r.subject)),
                   Para(f"下面进行表决。只有正式党员参加表决，预备党员不参加表决；赞成票超过{base}的半数为通过。"
                        f"{HANDS}"),
                   Para(f"表决结果：赞成{r.agree}票，反对{r.against}票，弃权{r.abstain}票，"
                        + ("通过。" if r.carried else "未通过。") + f"{r.text}")]
    for item in appraisals(d):
        blocks += [step.head("民主评议党员"),
                   Para("下面进行民主评议党员。请监票人、计票人分发民主测评表。测评表不记名，"
                        "请对表中每一位同志在“优秀”“合格”“基本合格”“不合格”中选择一项画“○”，"
                        "每人只能选一项。（填写、收回、清点）"),
                   Para(f"{(item.get('summary') or {}).get('sentence', '')}测评结果汇总后报支部委员会。")]
    return blocks


def _next_election(c: HeldElection, previous: Held, step: _Counter) -> list[Para]:
    """A branch without a committee: after the 书记, the 副书记 (its own ballots)."""
    e = c.election
    return [step.head(f"选举支部{c.office}"),
            Para(f"下面选举支部{c.office}。候选人为{with_comrade(e.candidates)}（等额），应选{e.seats}名。"
                 f"{_left_since(previous, c.held[0])}")] if c.held else []


def _closing(d: Dossier) -> str:
    if d.without_committee:
        done = "；".join(f"{with_comrade(c.elected)}当选为{d.meeting.branch_name}{c.office}"
                        for c in d.contests if c.elected)
        return ("同志们，大会各项议程已经全部完成。" + (f"{done}。" if done else "")
                + "选举结果将报上级党组织审批。")
    return ("同志们，大会各项议程已经全部完成。" + (
        f"当选的{names(d.elected)}同志（按姓氏笔画为序）组成新一届{d.meeting.branch_name}。"
        if d.elected else "") + "选举结果将报上级党组织审批。新一届支部委员会将按照上级党组织的安排"
                                f"召开第一次全体会议，选举{planned_posts(d)}。")


def host_script(d: Dossier) -> Paper:
    step = _Counter()
    blocks: list = _opening(d, step) + _method(d, step)
    previous: Held | None = None
    for c in d.contests:
        held = c.held           # counted and void rounds, in the order held
        for i, r in enumerate(held):
            if i:
                blocks += _later_round(d, held[i - 1], r, step)
            elif previous is not None:
                blocks += _next_election(c, previous, step)
            blocks += _voting(d, r, previous is None, step)
            if not isinstance(r, VoidRound):
                blocks += _result(d, r, step, c.office)
            previous = r
    blocks += _other_votes(d, step)
    blocks += [Para(_closing(d)), Para("大会到此结束。散会。")]
    return Paper("01-主持词", f"{d.meeting.branch}党员大会主持词", tuple(blocks),
                 subtitle=f"（{cn_date(d.meeting.meeting_date)}　主持人：{d.meeting.presiding}）",
                 docx=True, date=d.meeting.meeting_date)
