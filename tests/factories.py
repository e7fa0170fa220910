"""Small builders for round records used across the core tests."""
from votekit.core.vocabulary import (Ballot, Exclusion, ExclusionReason, Mark, Member,
                                     MemberStatus, RoundKind, RoundOptions, RoundRecord,
                                     WriteIn, WriteInMark)

A, D, X = Mark.AGREE, Mark.DISAGREE, Mark.ABSTAIN
NAMES = ["丁宁", "于波", "万伟", "马龙", "王芳", "卢静", "田富", "刘洋", "许强", "孙丽",
         "李明", "杨帆", "吴敏", "何军", "张伟", "陈杰", "林涛", "周勇", "赵磊", "胡斌",
         "钟华", "段鹏", "徐亮", "高富", "黄河", "曹阳", "龚平", "彭程", "董立", "蒋红"]


def name_of(i: int) -> str:
    return NAMES[i] if i < len(NAMES) else f"党员{i}"


def roster(n_full: int, present: int, probationary: int = 0, excluded: int = 0):
    """n_full full members (the first ``present`` present), plus extras."""
    members = [Member(name_of(i), MemberStatus.FULL, i < present) for i in range(n_full)]
    for j in range(probationary):
        members.append(Member(f"预备{j}", MemberStatus.PROBATIONARY, True))
    for j in range(excluded):
        members.append(Member(f"外出{j}", MemberStatus.FULL, False,
                              Exclusion(ExclusionReason.ABROAD_SELF_FUNDED, True, True)))
    return tuple(members)


def ballot(agree=(), disagree=(), write_ins=(), illegible=False):
    marks = {n: A for n in agree}
    marks.update({n: D for n in disagree})
    return Ballot.of(marks, [w if isinstance(w, WriteIn) else WriteIn(w) for w in write_ins],
                     illegible)


def round_record(members, candidates, ballots, seats, issued=None,
                 kind=RoundKind.COMPETITIVE, options=RoundOptions(), reduction=None):
    return RoundRecord(kind, seats, tuple(members), tuple(candidates),
                       len(ballots) if issued is None else issued, tuple(ballots),
                       options, reduction)


unmarked = lambda name: WriteIn(name, WriteInMark.NONE)  # noqa: E731


class Clock:
    """The store's clock, set by the test (``clock.now = "…"``) to move the meeting on."""

    def __init__(self, now: str = "2026-11-22T08:50:00"):
        self.now = now

    def __call__(self) -> str:
        return self.now
