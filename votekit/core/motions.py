"""表决 (RULES.md §10): a motion put to the branch meeting, its base and its result.

- 接收预备党员 (``ADMIT``): carried only with agree votes **more than half of
  应到会有表决权的正式党员** [发展党员工作细则]: ``2 * agree > expected``; one
  person per vote (逐个讨论和表决 [seed 001]).
- every other motion (预备党员转正, 处置不合格党员, a general 决议): more than
  half of the 正式党员 present ("大会决议必须经到会正式党员半数以上通过"
  [seed 001]): ``2 * agree > present``.
- Only 正式党员 vote: 预备党员 and members without 表决权 who attend are
  neither 应到 nor 实到 (``core.quorum``), and the counts may not exceed 实到.
- Show of hands (举手表决) or secret ballot (无记名投票); a ballot vote has
  ballots issued and returned, and more returned than issued voids the vote.

Pure: exact integers, standard library only.  Expected outcomes are values: a
``MotionVerdict`` with a status and Chinese sentences.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from typing import Any, Sequence

from .quorum import expected_count, present_count
from .vocabulary import Member, MemberStatus


class MotionKind(Enum):
    ADMIT = "admit"        # 接收预备党员
    CONFIRM = "confirm"    # 预备党员转正
    DISPOSE = "dispose"    # 处置不合格党员
    GENERAL = "general"    # 一般决议

    @property
    def label(self) -> str:
        return {"admit": "接收预备党员", "confirm": "预备党员转正",
                "dispose": "处置不合格党员", "general": "其他决议"}[self.value]

    @property
    def base(self) -> "ThresholdBase":
        return ThresholdBase.EXPECTED if self is MotionKind.ADMIT else ThresholdBase.PRESENT

    @property
    def names_a_person(self) -> bool:
        return self is not MotionKind.GENERAL


class ThresholdBase(Enum):
    """What ``agree`` must exceed half of (strings match documents.model.Resolution)."""

    PRESENT = "present"    # 到会（实到）的正式党员
    EXPECTED = "expected"  # 应到会有表决权的正式党员

    @property
    def label(self) -> str:
        return "应到会有表决权的正式党员" if self is ThresholdBase.EXPECTED else "到会的正式党员"


class VoteMethod(Enum):
    HANDS = "hands"    # 举手表决
    BALLOT = "ballot"  # 无记名投票

    @property
    def label(self) -> str:
        return "举手表决" if self is VoteMethod.HANDS else "无记名投票表决"


class MotionStatus(Enum):
    CARRIED = "carried"              # 通过
    REJECTED = "rejected"            # 未通过
    COUNTS_INVALID = "counts_invalid"  # 票数不合理，须重新清点
    VOID_MORE_RETURNED = "void_more_returned"  # 收回多于发出，须重新表决
    NO_VOTERS = "no_voters"          # 没有有表决权的党员到会

    @property
    def label(self) -> str:
        return {"carried": "通过", "rejected": "未通过", "counts_invalid": "票数有误",
                "void_more_returned": "表决无效", "no_voters": "无法表决"}[self.value]


@dataclass(frozen=True)
class Motion:
    """What is put to the vote.  ``person`` for 接收/转正/处置; ``proposal`` is
    the decision as adopted for 处置 and general motions (e.g. "给予彭志远同志除名处置")."""

    kind: MotionKind
    person: str = ""
    title: str = ""        # general motion: "支部2027年工作计划" → 关于支部2027年工作计划的决议
    proposal: str = ""


@dataclass(frozen=True)
class VoteCounts:
    method: VoteMethod
    agree: int
    against: int
    abstain: int
    invalid: int = 0             # ballot only: 无效票
    issued: int | None = None    # ballot only: 发出表决票
    returned: int | None = None  # ballot only: 收回表决票


@dataclass(frozen=True)
class MotionVerdict:
    base: ThresholdBase
    expected: int             # 应到会有表决权的正式党员
    present: int              # 实到（到会正式党员，有表决权）
    observers: int            # 列席的预备党员等无表决权的党员（不参加表决）
    probationary: int         # of whom 预备党员
    base_count: int           # expected or present, by base
    needed: int               # smallest agree that carries: base_count // 2 + 1
    status: MotionStatus
    counts: VoteCounts
    problems: tuple[str, ...] = ()

    @property
    def carried(self) -> bool:
        return self.status is MotionStatus.CARRIED


_SEPARATORS = re.compile(r"[、，,;；/和及与\s]")


def motion_problems(motion: Motion) -> list[str]:
    """Why this motion cannot be put to the vote as written (Chinese), empty when it can."""
    person = motion.person.strip()
    found = []
    if motion.kind.names_a_person and not person:
        found.append(f"{motion.kind.label}须写明是哪一位同志。")
    if motion.kind is MotionKind.ADMIT and person and (_SEPARATORS.search(person) or len(person) > 12):
        found.append("接收预备党员须逐个讨论和表决，一次只能表决一名同志，请分别提出。")
    if motion.kind in (MotionKind.DISPOSE, MotionKind.GENERAL) and not motion.proposal.strip():
        found.append("请写明提请表决的具体意见（决议内容）。")
    if motion.kind is MotionKind.GENERAL and not motion.title.strip():
        found.append("请写明决议事项（如“支部2027年工作计划”）。")
    return found


def subject(motion: Motion) -> str:
    """The 决议 title: 关于接收××同志为中共预备党员的决议."""
    p = motion.person.strip()
    return {MotionKind.ADMIT: f"关于接收{p}同志为中共预备党员的决议",
            MotionKind.CONFIRM: f"关于{p}同志预备党员转为正式党员的决议",
            MotionKind.DISPOSE: f"关于对{p}同志作出组织处置的决议",
            MotionKind.GENERAL: f"关于{motion.title.strip().removeprefix('关于').removesuffix('的决议')}的决议",
            }[motion.kind]


def question(motion: Motion) -> str:
    """What the presiding officer puts to the meeting."""
    p = motion.person.strip()
    return {MotionKind.ADMIT: f"接收{p}同志为中共预备党员",
            MotionKind.CONFIRM: f"{p}同志按期转为中共正式党员",
            MotionKind.DISPOSE: motion.proposal.strip().rstrip("。"),
            MotionKind.GENERAL: motion.proposal.strip().rstrip("。"),
            }[motion.kind]


def outcome(motion: Motion, carried: bool) -> str:
    """The short result phrase: 同意接收××同志为中共预备党员 / 不同意……."""
    p = motion.person.strip()
    if motion.kind is MotionKind.ADMIT:
        return f"{'同意' if carried else '不同意'}接收{p}同志为中共预备党员"
    if motion.kind is MotionKind.CONFIRM:
        return f"{'同意' if carried else '不同意'}{p}同志按期转为中共正式党员"
    return f"同意{question(motion)}" if carried else f"“{question(motion)}”的意见未获通过"


def decision(motion: Motion, carried: bool) -> str:
    """The 决议 text as adopted (or the record that it was not)."""
    if carried and motion.kind is MotionKind.ADMIT:
        return outcome(motion, True) + "，预备期一年，报上级党委审批。"
    if carried and motion.kind is MotionKind.CONFIRM:
        return outcome(motion, True) + "，报上级党委审批。"
    return outcome(motion, carried) + "。"


def observers_present(members: Sequence[Member]) -> int:
    """预备党员 (and others without 表决权) who attend: they do not vote."""
    return sum(1 for m in members if m.present and not m.has_vote)


def count_problems(counts: VoteCounts, voters: int) -> list[str]:
    """Counts that cannot be right: negative, more than the 正式党员 present, or (ballot)
    not adding up to the ballots returned."""
    found = []
    values = (counts.agree, counts.against, counts.abstain, counts.invalid)
    if min(values) < 0:
        found.append("票数不能为负数。")
    total = counts.agree + counts.against + counts.abstain
    if counts.method is VoteMethod.HANDS:
        if counts.invalid:
            found.append("举手表决没有无效票。")
        if total > voters:
            found.append(f"赞成、反对、弃权合计{total}人，多于到会有表决权的正式党员{voters}人"
                         "（预备党员不参加表决），请重新清点。")
        return found
    if counts.issued is None or counts.returned is None:
        return found + ["无记名投票表决须登记发出和收回的表决票数。"]
    if min(counts.issued, counts.returned) < 0:
        found.append("表决票数不能为负数。")
    if counts.issued > voters:
        found.append(f"发出表决票{counts.issued}张，多于到会有表决权的正式党员{voters}人。")
    if counts.returned <= counts.issued and total + counts.invalid != counts.returned:
        found.append(f"赞成、反对、弃权和无效票合计{total + counts.invalid}张，"
                     f"与收回的表决票{counts.returned}张不符，请重新清点。")
    return found


def judge_motion(motion: Motion, members: Sequence[Member], counts: VoteCounts) -> MotionVerdict:
    """The result of one motion, on the roster as it stood at the vote."""
    probationary = sum(1 for m in members if m.present and m.status is MemberStatus.PROBATIONARY)
    return judge_numbers(motion, expected_count(members), present_count(members),
                         observers_present(members), probationary, counts)


def judge_numbers(motion: Motion, expected: int, present: int, observers: int, probationary: int,
                  counts: VoteCounts) -> MotionVerdict:
    """The same judgement from the numbers alone (as archived), so ``verify`` can redo it."""
    base = motion.kind.base
    base_count = expected if base is ThresholdBase.EXPECTED else present
    problems = count_problems(counts, present)
    if present == 0 or base_count == 0:
        status = MotionStatus.NO_VOTERS
        problems = ["没有有表决权的正式党员到会，不能表决。"]
    elif counts.method is VoteMethod.BALLOT and counts.issued is not None \
            and counts.returned is not None and counts.returned > counts.issued:
        status = MotionStatus.VOID_MORE_RETURNED
        problems = [f"收回表决票{counts.returned}张，多于发出的{counts.issued}张，表决无效，须重新表决。"]
    elif problems:
        status = MotionStatus.COUNTS_INVALID
    else:
        status = MotionStatus.CARRIED if 2 * counts.agree > base_count else MotionStatus.REJECTED
    return MotionVerdict(base, expected, present, observers, probationary, base_count,
                         base_count // 2 + 1, status, counts, tuple(problems))


def tally_sentence(motion: Motion, verdict: MotionVerdict) -> str:
    """The result as read out and written into the 决议:
    应到会有表决权的正式党员30名，实到28名，……27票赞成，0票反对，1票弃权，……同意接收××同志为中共预备党员。"""
    v, c = verdict, verdict.counts
    head = f"应到会有表决权的正式党员{v.expected}名，实到{v.present}名"
    if v.observers:
        who = "预备党员" if v.observers == v.probationary else "预备党员等无表决权的党员"
        head += f"（另有{who}{v.observers}名列席，不参加表决）"
    if v.status in (MotionStatus.NO_VOTERS, MotionStatus.VOID_MORE_RETURNED, MotionStatus.COUNTS_INVALID):
        return head + "。" + "".join(v.problems)
    ballots = ""
    if c.method is VoteMethod.BALLOT:
        ballots = f"发出表决票{c.issued}张，收回{c.returned}张" + (f"，其中无效票{c.invalid}张" if c.invalid else "") + "；"
    votes = f"经{c.method.label}，{ballots}{c.agree}票赞成，{c.against}票反对，{c.abstain}票弃权"
    word = "超过" if v.carried else "未超过"
    return (f"{head}；{votes}，赞成票{word}{v.base.label}（{v.base_count}名）的半数，"
            f"{outcome(motion, v.carried)}。")


__all__ = ["MotionKind", "ThresholdBase", "VoteMethod", "MotionStatus", "Motion", "VoteCounts",
           "MotionVerdict", "motion_problems", "subject", "question", "outcome", "decision",
           "observers_present", "count_problems", "judge_motion", "judge_numbers", "tally_sentence"]

def recheck_archived(items: list[dict[str, Any]]) -> list[str]:
    """Re-judge every archived vote from its numbers; Chinese problems, empty when all agree."""
    problems = []
    for item in items:
        v = item.get("verdict")
        if not v:
            continue
        motion = Motion(MotionKind(item["kind"]), item["person"], item["title"], item["proposal"])
        counts = VoteCounts(VoteMethod(v["method"]), v["agree"], v["against"], v["abstain"],
                            v["invalid"], v["issued"], v["returned"])
        again = judge_numbers(motion, v["expected"], v["present"], v["observers"], v["probationary"], counts)
        if again.status.value != v["status"] or tally_sentence(motion, again) != v["sentence"] \
                or subject(motion) != item["subject"]:
            problems.append(f"表决事项“{item['subject']}”的记录与按票数重新计算的结果不符。")
    return problems
