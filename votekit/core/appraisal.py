"""民主测评 (RULES.md §10): the 测评表 tally, member by member.

Each returned 测评表 rates every listed member 优秀 / 合格 / 基本合格 / 不合格
[seed 000 篇二/三] by one mark in one of four boxes.  Per member and sheet:

- exactly one box marked → that grade;
- no box marked → not rated (空白, 未评价);
- more than one box marked → **invalid for that member only**: the same
  sheet still counts for every other member;
- a sheet that cannot be read at all is invalid for everyone on it.

Shares are exact fractions of the member's **valid ratings** (sheets that gave
that member exactly one grade), formatted to one decimal place, half up.
Pure: exact integers and ``fractions``; standard library only.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from fractions import Fraction
from typing import Any, Iterable, Sequence


class Grade(Enum):
    EXCELLENT = "excellent"  # 优秀
    GOOD = "good"            # 合格
    BASIC = "basic"          # 基本合格
    FAIL = "fail"            # 不合格

    @property
    def label(self) -> str:
        return _GRADE_LABELS[self]

    @property
    def key(self) -> str:
        """The key that enters this grade at the keyboard (1–4)."""
        return str(GRADES.index(self) + 1)


_GRADE_LABELS = {Grade.EXCELLENT: "优秀", Grade.GOOD: "合格", Grade.BASIC: "基本合格",
                 Grade.FAIL: "不合格"}
GRADES = (Grade.EXCELLENT, Grade.GOOD, Grade.BASIC, Grade.FAIL)


class Rating(Enum):
    """What one sheet says about one member."""

    EXCELLENT = "excellent"
    GOOD = "good"
    BASIC = "basic"
    FAIL = "fail"
    BLANK = "blank"        # 不画：未评价
    MULTIPLE = "multiple"  # 画了不止一个等次：对该党员无效

    @property
    def grade(self) -> Grade | None:
        return Grade(self.value) if self.value in _GRADE_VALUES else None

    @property
    def label(self) -> str:
        return self.grade.label if self.grade else {"blank": "未评价", "multiple": "多选无效"}[self.value]


_GRADE_VALUES = {g.value for g in Grade}
KEYS = {"1": Rating.EXCELLENT, "2": Rating.GOOD, "3": Rating.BASIC, "4": Rating.FAIL,
        "0": Rating.BLANK, "5": Rating.MULTIPLE}


def rating_of_marks(grades: Iterable[Grade]) -> Rating:
    """The boxes marked for one member on one sheet (as a scan reader sees them)."""
    found = set(grades)
    if not found:
        return Rating.BLANK
    if len(found) > 1:
        return Rating.MULTIPLE
    return Rating(found.pop().value)


@dataclass(frozen=True)
class AppraisalSheet:
    """One returned 测评表: no serial, no rater, only the ratings."""

    ratings: tuple[tuple[str, Rating], ...] = ()
    illegible: bool = False

    @classmethod
    def of(cls, ratings: dict[str, Rating] | None = None, illegible: bool = False) -> "AppraisalSheet":
        kept = {n: r for n, r in (ratings or {}).items() if r is not Rating.BLANK}
        return cls(tuple(sorted(kept.items())), illegible)

    def rating_for(self, name: str) -> Rating:
        if self.illegible:
            return Rating.MULTIPLE
        return dict(self.ratings).get(name, Rating.BLANK)


@dataclass(frozen=True)
class MemberTally:
    name: str
    counts: tuple[int, int, int, int]  # 优秀, 合格, 基本合格, 不合格 (order of GRADES)
    blank: int                          # 未评价
    invalid: int                        # 多选（或整张无法辨认）无效

    @property
    def rated(self) -> int:
        """Valid ratings: the base of every share."""
        return sum(self.counts)

    def count(self, grade: Grade) -> int:
        return self.counts[GRADES.index(grade)]

    def share(self, grade: Grade) -> Fraction | None:
        return Fraction(self.count(grade), self.rated) if self.rated else None

    def percent(self, grade: Grade) -> str:
        return percent_text(self.count(grade), self.rated)


@dataclass(frozen=True)
class AppraisalResult:
    appraised: tuple[str, ...]
    issued: int | None
    returned: int | None
    sheets: int                        # entered
    members: tuple[MemberTally, ...]
    void: bool = False                 # more returned than issued
    problems: tuple[str, ...] = field(default=())

    def tally_for(self, name: str) -> MemberTally:
        return next(t for t in self.members if t.name == name)


def percent_text(part: int, whole: int) -> str:
    """``part / whole`` as a percentage with one decimal, rounded half up, exactly.
    25/3 of 100 → "8.3%"; 1/8 → "12.5%"; 2/3 → "66.7%"; whole 0 → "—"."""
    if whole <= 0:
        return "—"
    tenths = (2000 * part + whole) // (2 * whole)
    return f"{tenths // 10}.{tenths % 10}%"


def tally_member(name: str, sheets: Sequence[AppraisalSheet]) -> MemberTally:
    counts = [0, 0, 0, 0]
    blank = invalid = 0
    for sheet in sheets:
        rating = sheet.rating_for(name)
        if rating is Rating.BLANK:
            blank += 1
        elif rating is Rating.MULTIPLE:
            invalid += 1
        else:
            counts[GRADES.index(rating.grade)] += 1
    return MemberTally(name, (counts[0], counts[1], counts[2], counts[3]), blank, invalid)


def tally_appraisal(appraised: Sequence[str], sheets: Sequence[AppraisalSheet],
                    issued: int | None = None, returned: int | None = None) -> AppraisalResult:
    """Per member grade counts; the round is void when more sheets came back than went out."""
    problems = []
    void = issued is not None and returned is not None and returned > issued
    if void:
        problems.append(f"收回测评表{returned}张，多于发出的{issued}张，本次测评无效，须重新测评。")
    if returned is not None and len(sheets) > returned:
        problems.append(f"已录入{len(sheets)}张，多于收回的{returned}张，请核对。")
    if returned is not None and not void and len(sheets) < returned:
        problems.append(f"收回{returned}张，尚有{returned - len(sheets)}张未录入。")
    members = tuple(tally_member(name, sheets) for name in appraised)
    return AppraisalResult(tuple(appraised), issued, returned, len(sheets), members, void,
                           tuple(problems))


def summary_sentence(result: AppraisalResult) -> str:
    head = (f"本次民主测评发出测评表{result.issued}张，收回{result.returned}张" if result.issued is not None
            and result.returned is not None else f"本次民主测评已录入测评表{result.sheets}张")
    if result.void:
        return head + "，收回多于发出，测评无效，须重新测评。"
    return head + f"，被测评党员{len(result.appraised)}名，各人所得等次票数见汇总表。"


__all__ = ["Grade", "GRADES", "Rating", "KEYS", "rating_of_marks", "AppraisalSheet", "MemberTally",
           "AppraisalResult", "percent_text", "tally_member", "tally_appraisal", "summary_sentence"]

def recheck_archived(items: list[dict[str, Any]]) -> list[str]:
    """Re-tally every archived round from its sheets; Chinese problems, empty when all agree."""
    problems = []
    for item in items:
        again = tally_appraisal(item["names"], [
            AppraisalSheet.of({n: Rating(v) for n, v in s["ratings"].items()}, bool(s["illegible"]))
            for s in item["sheets"]], item["issued"], item["returned"])
        kept = {m["name"]: ([g["count"] for g in m["grades"]], m["blank"], m["invalid"])
                for m in item["summary"]["members"]}
        fresh = {t.name: (list(t.counts), t.blank, t.invalid) for t in again.members}
        if kept != fresh or item["summary"]["entered"] != again.sheets:
            problems.append(f"民主测评“{item['title']}”的汇总与测评表重新统计的结果不符。")
    return problems
