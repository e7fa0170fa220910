"""The other votes of the meeting (RULES.md §10) as the 支部大会决议 states them."""
from __future__ import annotations

from dataclasses import dataclass

from ..core.roll import Roll


@dataclass(frozen=True)
class Applicant:
    """发展对象的基本情况, as the 接收预备党员 决议 states them; "" prints a blank to fill."""

    name: str
    gender: str = ""
    born: str = ""              # 1998年3月
    ethnicity: str = ""
    native_place: str = ""
    education: str = ""
    unit_post: str = ""         # 工作单位及职务
    applied_on: str = ""        # 递交入党申请书时间
    activist_on: str = ""       # 确定为入党积极分子时间
    candidate_on: str = ""      # 确定为发展对象时间
    sponsors: str = ""          # 入党介绍人
    record: str = ""            # 主要表现 (思想、工作、学习、作风)


@dataclass(frozen=True)
class Resolution:
    """支部大会决议 for a vote other than an election (RULES.md §10)."""

    subject: str                # 关于接收××同志为中共预备党员的决议
    expected: int
    present: int
    agree: int
    against: int
    abstain: int
    text: str                   # the decision as adopted
    secretary: str
    threshold_base: str = "present"  # "present" (到会正式党员) or "expected" (接收预备党员)
    applicant: "Applicant | None" = None  # 接收预备党员: the applicant's particulars
    roll: Roll | None = None          # who was present for this vote (frozen when it was taken)

    @property
    def carried(self) -> bool:
        base = self.expected if self.threshold_base == "expected" else self.present
        return 2 * self.agree > base
