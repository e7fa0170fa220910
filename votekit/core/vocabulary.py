"""The words of a branch election, as values.

Every rule module speaks in these types.  They are frozen: a round record,
once built, never changes; counting produces a new ``Verdict``.
Pure: standard library only (see tests/test_architecture.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum, IntEnum


class MemberStatus(Enum):
    """党员身份 (RULES.md §1).  Only ``FULL`` has 选举权/被选举权/表决权."""

    FULL = "full"                  # 正式党员，权利完整
    PROBATIONARY = "probationary"  # 预备党员
    DISCIPLINED = "disciplined"    # 留党察看
    SUSPENDED = "suspended"        # 留置/逮捕，权利中止

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]

    @property
    def has_vote(self) -> bool:
        return self is MemberStatus.FULL

    @property
    def short(self) -> str:
        """The word in the roster's 人员类别 column (正式, 预备, 留党察看, 中止)."""
        return _STATUS_SHORT[self]


_STATUS_SHORT = {
    MemberStatus.FULL: "正式",
    MemberStatus.PROBATIONARY: "预备",
    MemberStatus.DISCIPLINED: "留党察看",
    MemberStatus.SUSPENDED: "中止",
}
_STATUS_LABELS = {
    MemberStatus.FULL: "正式党员",
    MemberStatus.PROBATIONARY: "预备党员",
    MemberStatus.DISCIPLINED: "受留党察看处分党员",
    MemberStatus.SUSPENDED: "权利中止的党员",
}


class ExclusionReason(IntEnum):
    """不计入应到会人数的理由 (RULES.md §1, 中组部 list), numbered 1–6."""

    ILLNESS_CANNOT_EXPRESS = 1
    ABROAD_SELF_FUNDED = 2
    SERVING_SENTENCE = 3
    BEDRIDDEN = 4
    AWAY_HALF_YEAR = 5
    RETIRED_RETURNED_HOME = 6

    @property
    def label(self) -> str:
        return _REASON_LABELS[self]


_REASON_LABELS = {
    ExclusionReason.ILLNESS_CANNOT_EXPRESS: "患精神病或其他疾病不能表达本人意志",
    ExclusionReason.ABROAD_SELF_FUNDED: "自费出国半年以上",
    ExclusionReason.SERVING_SENTENCE: "正在服刑",
    ExclusionReason.BEDRIDDEN: "年老体弱卧床不起、长期生病生活不能自理",
    ExclusionReason.AWAY_HALF_YEAR: "工作调动、下派锻炼、外出学习或工作半年以上，应转未转组织关系",
    ExclusionReason.RETIRED_RETURNED_HOME: "回原籍长期居住的离退休党员，确实不能参加",
}


@dataclass(frozen=True)
class Exclusion:
    """A request to leave a member out of 应到; it counts only with both approvals."""

    reason: ExclusionReason
    higher_approved: bool = False   # 上级党组织同意
    meeting_approved: bool = False  # 党员大会通过

    @property
    def approved(self) -> bool:
        return self.higher_approved and self.meeting_approved


@dataclass(frozen=True)
class Member:
    name: str
    status: MemberStatus = MemberStatus.FULL
    present: bool = False
    excluded: Exclusion | None = None

    @property
    def has_vote(self) -> bool:
        return self.status.has_vote


class RoundKind(Enum):
    COMPETITIVE = "competitive"  # 差额选举 (委员)
    EQUAL = "equal"              # 等额选举 (书记、副书记)

    @property
    def label(self) -> str:
        return "差额选举" if self is RoundKind.COMPETITIVE else "等额选举"


class RoundStage(Enum):
    """Which vote of an election a round is (TALLY-JSON ``round``, RULES.md §7)."""

    FIRST = "first"      # 第一次投票
    RUNOFF = "runoff"    # 再次投票：得票相等者中，得票多的当选，不论是否过半
    FURTHER = "further"  # 另行选举：不足名额，规则同第一次投票

    @property
    def label(self) -> str:
        return {"first": "第一次投票", "runoff": "再次投票", "further": "另行选举"}[self.value]


class Mark(Enum):
    """The symbol above one printed name (RULES.md §5)."""

    AGREE = "agree"          # ○ 赞成
    DISAGREE = "disagree"    # × 不赞成
    ABSTAIN = "abstain"      # 不画 弃权
    ILLEGIBLE = "illegible"  # 无法辨认：该名按弃权

    @property
    def symbol(self) -> str:
        return {"agree": "○", "disagree": "×", "abstain": "", "illegible": "?"}[self.value]


class WriteInMark(Enum):
    AGREE = "agree"  # ○ drawn above the written name
    NONE = "none"    # name written without ○


@dataclass(frozen=True)
class WriteIn:
    name: str
    mark: WriteInMark = WriteInMark.AGREE


@dataclass(frozen=True)
class Ballot:
    """One returned ballot paper.  It carries no serial and no voter: only marks.

    ``marks`` maps a listed candidate to a mark; unlisted candidates abstain.
    """

    marks: tuple[tuple[str, Mark], ...] = ()
    write_ins: tuple[WriteIn, ...] = ()
    illegible: bool = False

    @classmethod
    def of(cls, marks: dict[str, Mark] | None = None,
           write_ins: list[WriteIn] | tuple[WriteIn, ...] = (),
           illegible: bool = False) -> "Ballot":
        return cls(tuple(sorted((marks or {}).items())), tuple(write_ins), illegible)


@dataclass(frozen=True)
class RoundOptions:
    allow_exact_four_fifths: bool = False  # RULES.md §2 option
    count_unmarked_write_in: bool = False  # RULES.md §5 option


@dataclass(frozen=True)
class RoundRecord:
    """One contest's one round of voting: the TALLY-JSON input, as values."""

    kind: RoundKind
    seats: int
    members: tuple[Member, ...]
    candidates: tuple[str, ...]
    ballots_issued: int
    ballots: tuple[Ballot, ...] = ()
    options: RoundOptions = RoundOptions()
    seat_reduction_yes: int | None = None  # 减少名额举手表决的赞成人数
    stage: RoundStage = RoundStage.FIRST


class Status(Enum):
    """How a round ended (TALLY-JSON ``status``), in order of precedence."""

    NO_QUORUM = "no_quorum"
    SLATE_INVALID = "slate_invalid"
    VOID_MORE_RETURNED = "void_more_returned"
    RUNOFF_NEEDED = "runoff_needed"
    SHORTFALL = "shortfall"
    COMPLETE = "complete"


@dataclass(frozen=True)
class Count:
    agree: int = 0
    disagree: int = 0
    abstain: int = 0


@dataclass(frozen=True)
class Runoff:
    """A tie straddling the last seat: re-vote among ``names`` for ``seats``."""

    names: tuple[str, ...]
    seats: int
    votes: int  # the tied agree count


@dataclass(frozen=True)
class Verdict:
    expected: int
    present: int
    min_present: int
    quorum_met: bool
    min_candidates: int
    slate_ok: bool
    ballots_returned: int
    election_valid: bool
    valid_ballots: int = 0
    invalid_ballots: int = 0
    tally: tuple[tuple[str, Count], ...] = ()
    elected: tuple[str, ...] = ()
    runoff: Runoff | None = None
    shortfall: int = 0
    seats_reduced_to: int | None = None
    status: Status = Status.COMPLETE
    messages: tuple[str, ...] = ()
    flags: tuple[str, ...] = field(default=())  # points for the 监票人 to confirm
    stage: RoundStage = RoundStage.FIRST
    write_ins_ignored: tuple[tuple[str, int], ...] = ()  # runoff: names written in, not counted

    def count_for(self, name: str) -> Count:
        return dict(self.tally).get(name, Count())
