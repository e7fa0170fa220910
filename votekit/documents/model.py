"""What the paperwork is made from: one recorded election, as frozen values.

Every document reads these values and nothing else, so a number or a name is
recorded once and printed everywhere the same.  The app's store is turned into
a :class:`Dossier` by an adapter; the demo meeting is built in ``scenario.py``.
Counts that the counting core can work out (应到, 实到, votes, who is elected)
are not stored here a second time: they come from ``RoundRecord`` + ``Verdict``
or from ``votekit.core.quorum`` over the roster.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..core.order import sort_names
from ..core.roll import Roll
from ..core.vocabulary import RoundKind, RoundRecord, Verdict
from .attendance import Absence as Absence, Attendance as Attendance, ExcludedMember as ExcludedMember
from .attendance import VoteRoll as VoteRoll
from .resolutions import Applicant as Applicant, Resolution as Resolution


@dataclass(frozen=True)
class MeetingInfo:
    branch_name: str            # 中共××支部委员会 (the committee's name; 落款)
    meeting_date: dt.date
    place: str
    presiding: str              # 主持人
    recorder: str               # 记录人
    higher_committee: str       # 中共××党委 (主送机关)
    start_time: str = "9:00"
    party_groups: tuple[tuple[str, str], ...] = ()  # (member name, 党小组)
    contact_person: str = ""    # 附注 of what goes upward (blank line when not recorded)
    contact_phone: str = ""

    @property
    def branch(self) -> str:
        """中共××支部 — the branch itself (for 党员大会)."""
        return self.branch_name.removesuffix("委员会")

    def group_of(self, name: str) -> str:
        return dict(self.party_groups).get(name, "")


@dataclass(frozen=True)
class HandVote:
    """A show of hands at the meeting (选举办法, 监票人计票人名单, 不计入应到的名单)."""

    agree: int
    disagree: int
    abstain: int

    def text(self) -> str:
        return f"赞成{self.agree}人，不赞成{self.disagree}人，弃权{self.abstain}人"


BLANK_HANDS = "赞成____人，不赞成____人，弃权____人"


def hands(vote: "HandVote | None") -> str:
    """The counts of a show of hands, or blanks to fill when they were not recorded."""
    return vote.text() if vote is not None else BLANK_HANDS


@dataclass(frozen=True)
class ElectionOptions:
    """What the 选举办法 says (RULES.md options and the meeting's choices)."""

    allow_exact_four_fifths: bool = False
    count_unmarked_write_in: bool = False
    pen: str = "黑色或蓝色笔"    # as printed on the ballots (pdf/ballot_plan.py)


@dataclass(frozen=True)
class ElectionInfo:
    title: str                  # 中共××支部委员会委员选举
    kind: RoundKind
    seats: int
    candidates: tuple[str, ...]  # 姓氏笔画 order
    scrutineers: tuple[str, ...]  # 监票人 (not candidates)
    tellers: tuple[str, ...]      # 计票人
    options: ElectionOptions = ElectionOptions()
    head_scrutineer: str = ""    # 总监票人, when one is named
    office: str = "委员"          # what it fills: 委员; 书记 / 副书记 in a branch without a committee


@dataclass(frozen=True)
class SeatReduction:
    """减少名额的举手表决 taken for the whole election after a round that elected nobody
    (the round's own record stays as counted; RULES.md §7: never to 0)."""

    present: int                # 实到会有选举权的党员
    yes: int                    # 同意
    seats_before: int           # 应选名额 before the vote
    seats_after: int | None     # after it (None: not carried)


def again(label: str) -> str:
    """The round held again after a void one: 第一轮重新投票 / 另行选举重新投票 / 重新进行再次投票."""
    return "重新进行再次投票" if label == "再次投票" else f"{label}重新投票"


@dataclass(frozen=True)
class RoundResult:
    label: str                  # 第一轮 / 再次投票 / 另行选举
    record: RoundRecord
    verdict: Verdict            # votekit.core.verdict.judge(record)
    ballots_printed: int = 0    # 印制 (incl. spares)
    ballots_spoiled: int = 0    # 剩余作废 (剪角)
    note: str = ""
    roll: Roll | None = None    # who was present when this round's ballots were issued
    reduction: SeatReduction | None = None  # the election's reduction vote after this round
    number: int = 0             # the election's round number (orders it among void rounds)
    rerun: bool = False         # 重新投票: held again because the round before it was void

    @property
    def named(self) -> str:
        """另行选举 / 另行选举重新投票 — how headings name the round."""
        return again(self.label) if self.rerun else self.label

    @property
    def reduction_voted(self) -> bool:
        """A 减少名额 vote followed this round (its own or the election's)."""
        return self.record.seat_reduction_yes is not None or self.reduction is not None

    @property
    def absent(self) -> tuple[Absence, ...]:
        """This round's absent (缺席：请假（出差）; 中途离会 HH:MM), from its frozen roll."""
        if self.roll is None:
            return ()
        return tuple(Absence(a.name, a.detail, a.kind) for a in self.roll.absent)

    @property
    def issued(self) -> int:
        return self.record.ballots_issued

    @property
    def left_over(self) -> int:
        """剩余选票 (领取 − 实发)."""
        return max(self.ballots_printed - self.issued, 0)

    @property
    def kept(self) -> int:
        """剩余选票中留存（未剪角）的张数."""
        return max(self.left_over - self.ballots_spoiled, 0)

    @property
    def returned(self) -> int:
        return len(self.record.ballots)


@dataclass(frozen=True)
class VoidRound:
    """A round declared void before any count (RULES.md §6: more ballots returned than issued):
    it holds only what the 监票人 counted out and back — no tally was made — and is held again
    (重新投票) with the same candidates and seats."""

    label: str                  # 第一轮 / 另行选举 / 再次投票: the round that was void
    number: int                 # the election's round number
    seats: int
    candidates: tuple[str, ...]
    issued: int                 # 发出
    returned: int               # 收回 (more than issued)
    ballots_printed: int = 0    # 领取 (incl. spares)
    ballots_spoiled: int | None = None  # 剩余作废 (剪角); None: not recorded (the papers print a blank)
    roll: Roll | None = None    # who was present when its ballots were issued

    @property
    def left_over(self) -> int:
        return max(self.ballots_printed - self.issued, 0)

    @property
    def kept(self) -> int | None:
        return None if self.ballots_spoiled is None else max(self.left_over - self.ballots_spoiled, 0)

    @property
    def named(self) -> str:
        return self.label

    @property
    def runoff(self) -> bool:
        return self.label == "再次投票"


@dataclass(frozen=True)
class HeldElection:
    """One election of the meeting as held: its slate and tellers, and its rounds."""

    election: ElectionInfo
    rounds: tuple[RoundResult, ...]
    voids: tuple[VoidRound, ...] = ()   # rounds declared void (no tally), re-run after

    @property
    def held(self) -> tuple["RoundResult | VoidRound", ...]:
        """Every round in the order held: counted ones and void ones (by round number)."""
        if not self.voids:
            return self.rounds
        return tuple(sorted((*self.rounds, *self.voids), key=lambda r: r.number))

    @property
    def office(self) -> str:
        return self.election.office

    @property
    def elected(self) -> tuple[str, ...]:
        return tuple(sort_names({n for r in self.rounds for n in r.verdict.elected}))


@dataclass(frozen=True)
class PostVote:
    post: str                   # 书记 / 副书记
    name: str
    result: RoundResult         # 等额, members = the committee


@dataclass(frozen=True)
class Plenary:
    """第一次全体会议 (支委会): 书记、副书记 等额选举 and 分工."""

    convener: str               # 召集人 (named by the higher organisation)
    expected: int               # 应到委员
    present: int                # 实到委员
    votes: tuple[PostVote, ...]  # 书记 first, then 副书记
    posts: tuple[tuple[str, str], ...]  # (name, 组织委员 …) in post order
    meeting_date: dt.date | None = None
    scrutineer: str = ""
    teller: str = ""            # 计票人 (blank line to sign when not recorded)
    recorder: str = ""          # 记录人 of the 第一次全体会议
    voids: tuple[tuple[str, VoidRound], ...] = ()   # (书记/副书记, a round declared void)

    @property
    def held(self) -> tuple[tuple[str, "PostVote | VoidRound"], ...]:
        """Every round of the plenary in the order held: (post, counted vote or void round)."""
        order = ("书记", "副书记")
        items = [(v.post, v) for v in self.votes] + list(self.voids)
        return tuple(sorted(items, key=lambda pv: (order.index(pv[0]) if pv[0] in order else 9,
                                                   pv[1].number if isinstance(pv[1], VoidRound)
                                                   else pv[1].result.number)))

    @property
    def elected_posts(self) -> tuple[str, ...]:
        """The posts actually filled (书记, 副书记 …) in post order."""
        return tuple(v.post for v in self.votes if v.name in v.result.verdict.elected)



@dataclass(frozen=True)
class TermInfo:
    elected_on: dt.date         # 本届选举产生日期
    expires_on: dt.date         # 届满日期
    member_count: int           # 本支部党员人数
    full_members: int = 0
    probationary: int = 0
    secretary_seats: int = 1
    deputy_seats: int = 1
    request_date: dt.date | None = None  # 请示 成文日期
    meeting_form: str = "支部党员大会"
    meeting_length: str = "半天"
    nomination: str = ""        # 候选人产生程序 (empty → the standard wording)


@dataclass(frozen=True)
class Dossier:
    """One election's whole record: what every document is made from."""

    meeting: MeetingInfo
    attendance: Attendance
    election: ElectionInfo
    rounds: tuple[RoundResult, ...]
    plenary: Plenary | None = None
    term: TermInfo | None = None
    report_date: dt.date | None = None      # 成文日期 of the report
    publicity_days: int = 5                  # 公示期 (working days)
    contact: str = ""                        # 公示 feedback channel
    audit_log: tuple[dict, ...] = ()
    resolutions: tuple[Resolution, ...] = ()
    other_script: tuple[str, ...] = ()          # 主持词 paragraphs for the other votes (§10)
    other_votes: tuple[tuple[str, object], ...] = ()  # ("motions"|"appraisals", JSON-safe records)
    scans: tuple[tuple[str, bytes], ...] = field(default=())  # (file name, image bytes)
    rules_vote: HandVote | None = None        # 通过选举办法
    tellers_vote: HandVote | None = None      # 通过监票人、计票人名单
    exclusions_vote: HandVote | None = None   # 通过不计入应到会人数的名单
    specimens: tuple[tuple[str, bytes], ...] = ()  # (file name, blank ballot/sheet PDF)
    also: tuple[HeldElection, ...] = ()      # a branch without a committee: the 副书记 after the 书记
    voids: tuple[VoidRound, ...] = ()        # the election's rounds declared void (RULES.md §6)

    @property
    def elected(self) -> tuple[str, ...]:
        """All elected 委员 (or, without a committee, the 书记) over every round, 姓氏笔画 order."""
        return tuple(sort_names({n for r in self.rounds for n in r.verdict.elected}))

    @property
    def contests(self) -> tuple[HeldElection, ...]:
        """Every election the meeting itself held, in order: the committee's, or the 书记's and
        the 副书记's of a branch without a committee (RULES.md §3, §7)."""
        return (HeldElection(self.election, self.rounds, self.voids),) + self.also

    @property
    def without_committee(self) -> bool:
        """A branch of fewer than 7 正式党员: no committee, the meeting elects its 书记 (副书记)."""
        return self.election.office != "委员"
