"""The demo meeting: a branch of 32 党员 electing a 5-member committee from 6 candidates.

Deterministic: ballots come from a seeded ``random.Random`` and are counted by
``votekit.core.verdict.judge``; nothing here reads a clock.  ``variant`` picks
what happens after the first round:

* ``"runoff"`` (default) — two candidates tie for the fifth seat → 再次投票;
* ``"shortfall"`` — only four pass half → 另行选举 for the fifth seat;
* ``"plain"`` — five elected in the first round.

Surnames are chosen so that every ordering of the names (姓氏笔画) is certain.
"""
from __future__ import annotations

import datetime as dt
import json
import random

from ..core.verdict import judge
from ..core.vocabulary import (Ballot, Exclusion, ExclusionReason, Mark, Member, MemberStatus, RoundStage,
                               RoundKind, RoundOptions, RoundRecord, WriteIn)
from ..documents.model import (Attendance, Dossier, ElectionInfo, MeetingInfo, Plenary, PostVote,
                    Resolution, RoundResult, TermInfo)

ROSTER = ("丁海燕", "于立军", "仇晓梅", "卞志刚", "古丽娜", "叶䶮", "司文博", "吉庆华",
          "巩俊", "成秀英", "曲卫东", "朱红", "江涛", "池明远", "汤小雨", "祁建国",
          "纪云", "芦笛", "苏晓东", "谷雨", "辛国强", "迟丽娟", "邵峰", "郑凯",
          "郝建平", "钟敏", "钱学林", "陶然", "隋亮", "韩冰", "鲁振华", "黎明")
CANDIDATES = ("丁海燕", "叶䶮", "朱红", "苏晓东", "郑凯", "钱学林")
LEAVE = {"卞志刚": "病假", "鲁振华": "出差"}
EXCLUDED = "池明远"
PROBATIONARY = "黎明"
SEATS = 5
# first-round (agree, disagree) per candidate, by variant
FIRST = {
    "runoff": {"丁海燕": (25, 1), "叶䶮": (23, 2), "朱红": (17, 6), "苏晓东": (21, 3),
               "郑凯": (26, 0), "钱学林": (17, 7)},
    "shortfall": {"丁海燕": (25, 1), "叶䶮": (23, 2), "朱红": (14, 8), "苏晓东": (21, 3),
                  "郑凯": (26, 0), "钱学林": (12, 9)},
    "plain": {"丁海燕": (25, 1), "叶䶮": (23, 2), "朱红": (17, 6), "苏晓东": (21, 3),
              "郑凯": (26, 0), "钱学林": (13, 9)},
}
SECOND = {"朱红": (16, 10), "钱学林": (11, 15)}  # 再次投票 / 另行选举, one seat


def roster() -> tuple[Member, ...]:
    members = []
    for name in ROSTER:
        if name == PROBATIONARY:
            members.append(Member(name, MemberStatus.PROBATIONARY, present=True))
        elif name == EXCLUDED:
            members.append(Member(name, MemberStatus.FULL, False,
                                  Exclusion(ExclusionReason.AWAY_HALF_YEAR, True, True)))
        else:
            members.append(Member(name, MemberStatus.FULL, present=name not in LEAVE))
    return tuple(members)


def make_ballots(targets: dict[str, tuple[int, int]], valid: int, seats: int, rng: random.Random,
                 over_marked: int = 0, write_in: tuple[str, str] | None = None) -> tuple[Ballot, ...]:
    """Ballots giving each candidate exactly (agree, disagree); ``write_in`` = (crossed, written)."""
    marks: list[dict[str, Mark]] = [{} for _ in range(valid)]
    load = [0] * valid
    for name, (agree, _) in sorted(targets.items(), key=lambda kv: -kv[1][0]):
        order = sorted(range(valid), key=lambda i: (load[i], rng.random()))
        for i in order[:agree]:
            marks[i][name] = Mark.AGREE
            load[i] += 1
    extra: dict[int, WriteIn] = {}
    if write_in is not None:
        crossed, written = write_in
        spot = next(i for i in range(valid) if load[i] < seats and crossed not in marks[i])
        marks[spot][crossed] = Mark.DISAGREE
        extra[spot] = WriteIn(written)
    for name, (_, disagree) in targets.items():
        have = sum(1 for m in marks if m.get(name) is Mark.DISAGREE)
        free = [i for i in range(valid) if name not in marks[i]]
        for i in rng.sample(free, disagree - have):
            marks[i][name] = Mark.DISAGREE
    ballots = [Ballot.of(m, [extra[i]] if i in extra else []) for i, m in enumerate(marks)]
    ballots += [Ballot.of({n: Mark.AGREE for n in targets})] * over_marked
    rng.shuffle(ballots)
    return tuple(ballots)


def _round(label: str, kind: RoundKind, seats: int, members, candidates, ballots,
           printed: int, note: str = "", stage: RoundStage = RoundStage.FIRST) -> RoundResult:
    record = RoundRecord(kind, seats, tuple(members), tuple(candidates), len(ballots),
                         tuple(ballots), RoundOptions(), stage=stage)
    spoiled = printed - record.ballots_issued
    return RoundResult(label, record, judge(record), printed, spoiled, note)


def committee_rounds(variant: str, members, rng: random.Random) -> tuple[RoundResult, ...]:
    first = _round("第一轮", RoundKind.COMPETITIVE, SEATS, members, CANDIDATES,
                   make_ballots(FIRST[variant], 27, SEATS, rng, over_marked=1,
                                write_in=("钱学林", "谷雨")), printed=30)
    if variant == "plain":
        return (first,)
    label = "再次投票" if variant == "runoff" else "另行选举"
    note = ("朱红、钱学林得票相等，就第五个名额再次投票" if variant == "runoff"
            else "第一轮当选四名，就不足的一个名额另行选举")
    stage = RoundStage.RUNOFF if variant == "runoff" else RoundStage.FURTHER
    second = _round(label, RoundKind.COMPETITIVE, 1, members, ("朱红", "钱学林"),
                    make_ballots(SECOND, 27, 1, rng) + (Ballot.of({}),), printed=30, note=note,
                    stage=stage)
    return (first, second)


def plenary(committee: tuple[str, ...], date: dt.date, rng: random.Random) -> Plenary:
    members = tuple(Member(n, MemberStatus.FULL, True) for n in committee)
    votes = []
    for post, name, agree in (("书记", "郑凯", 5), ("副书记", "丁海燕", 4)):
        ballots = make_ballots({name: (agree, 0)}, 5, 1, rng)
        votes.append(PostVote(post, name, _round(post, RoundKind.EQUAL, 1, members, (name,),
                                                 ballots, printed=6)))
    posts = (("叶䶮", "组织委员"), ("苏晓东", "宣传委员"), ("朱红", "纪检委员"))
    if "朱红" not in committee:
        posts = (("叶䶮", "组织委员"), ("苏晓东", "宣传委员"), ("钱学林", "纪检委员"))
    return Plenary("郑凯", len(committee), len(committee), tuple(votes), posts, date, "苏晓东")


def audit_log(meeting_date: dt.date, rounds: tuple[RoundResult, ...]) -> tuple[dict, ...]:
    """A hash-chained event list like the app's ``audit`` table."""
    from ..core.audit_chain import GENESIS, event_hash
    day = meeting_date.isoformat()
    steps = [("09:00:00", "签到", {"实到": rounds[0].verdict.present}),
             ("09:05:00", "通过选举办法", {}), ("09:08:00", "确定监票人计票人", {})]
    for i, r in enumerate(rounds):
        minute = 15 + 20 * i
        steps += [(f"09:{minute:02d}:00", "发放选票", {"轮次": r.label, "发出": r.issued}),
                  (f"09:{minute + 8:02d}:00", "收回选票", {"轮次": r.label, "收回": r.returned}),
                  (f"09:{minute + 15:02d}:00", "计票完成",
                   {"轮次": r.label, "当选": list(r.verdict.elected)})]
    events, prev = [], GENESIS
    for seq, (clock, action, detail) in enumerate(steps, start=1):
        at = f"{day}T{clock}"
        text = json.dumps(detail, ensure_ascii=False, sort_keys=True)
        digest = event_hash(seq, at, "成秀英", action, 1, text, prev)
        events.append({"seq": seq, "at": at, "actor": "成秀英", "action": action,
                       "meeting_id": 1, "detail": text, "prev_hash": prev, "hash": digest})
        prev = digest
    return tuple(events)


def demo_dossier(variant: str = "runoff", seed: int = 2026) -> Dossier:
    """The demo election, start to finish."""
    rng = random.Random(seed)
    members = roster()
    date = dt.date(2026, 11, 19)
    groups = tuple((n, ("第一党小组", "第二党小组", "第三党小组")[i % 3])
                   for i, n in enumerate(ROSTER))
    meeting = MeetingInfo("中共市统计局机关第一支部委员会", date, "局机关三楼第一会议室",
                          "郑凯", "成秀英", "中共市统计局机关委员会", "9:00", groups)
    attendance = Attendance.from_roster(members, LEAVE, {EXCLUDED: "2026年4月起在外地挂职锻炼"})
    election = ElectionInfo("中共市统计局机关第一支部委员会委员选举", RoundKind.COMPETITIVE,
                            SEATS, CANDIDATES, ("汤小雨", "韩冰"), ("江涛", "纪云"))
    rounds = committee_rounds(variant, members, rng)
    elected = tuple(sorted({n for r in rounds for n in r.verdict.elected},
                           key=ROSTER.index))
    term = TermInfo(dt.date(2023, 11, 24), dt.date(2026, 11, 23), len(ROSTER),
                    attendance.full_members, 1, request_date=dt.date(2026, 9, 10))
    admit = Resolution("关于接收程晓雪同志为中共预备党员的决议", 30, 28, 27, 0, 1,
                       "同意接收程晓雪同志为中共预备党员，预备期一年，报上级党委审批。", "郑凯",
                       threshold_base="expected")
    return Dossier(meeting, attendance, election, rounds, plenary(elected, date, rng), term,
                   report_date=dt.date(2026, 11, 20), contact="局机关党委办公室，电话 0000-12345678",
                   audit_log=audit_log(date, rounds), resolutions=(admit,))
