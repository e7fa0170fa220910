"""The demo meeting, described once: what happens, not how it is recorded.

A :class:`Scenario` is a frozen description of one 支部党员大会 — the branch, the
roster as it arrives in a 党员名册 file, who is excluded from 应到 and who sends
apologies, the slate and tellers, the votes cast in every round, the plenary's
书记/副书记 and 分工, a 接收预备党员 表决 and a 民主测评.  ``play.play`` records it
through the service layer into a meeting file; ``serve --demo``, ``documents --demo``,
``votekit rehearse``, the tests and the benches all start from here.

``scenario(variant)`` picks what happens after the first round:

* ``"runoff"`` (the demo) — 赵丽华 and 周敏 tie for the fifth seat → 再次投票;
* ``"shortfall"`` — only three pass half → 另行选举 for the two seats short; more papers
  come back than went out, so it is void → 重新投票; there two tie above half → 再次投票;
  no 副书记 is planned; no paper facts are recorded;
* ``"plain"`` — five elected in the first round, every paper fact recorded.

``sized(voters, candidates, seats)`` is the same branch grown for load tests;
``roster_only(branch, date, names, …)`` is a meeting with nothing on its agenda, on which
tests put their own election: a committee (``candidates``, ``rounds``) or, for a branch
without a committee (fewer than 7 正式党员, RULES.md §3, §7), its 书记 and 副书记 elected
by the 党员大会 itself (``at_meeting``: :class:`PostElection`).  Each round's papers come
from a :class:`~.pile.Pile`.
Names are invented.  叶䶮 has a character outside the BMP's common block (U+4DAE),
and the roster file spells 林小燕 with the compatibility ideograph 林 (U+F9F4) while
a write-in uses the ordinary 林 (U+6797): one person, by the one name identity.
"""
from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
from dataclasses import dataclass

from .pile import Pile

COMPAT_LIN = "\uf9f4"   # 林 as a CJK compatibility ideograph; NFC/NFKC make it U+6797


@dataclass(frozen=True)
class Person:
    name: str
    gender: str
    status: str          # 正式 / 预备 / 留党察看, as the 名册 says
    group: str
    note: str = ""
    spelled: str = ""    # how the roster file spells the name, when it differs


@dataclass(frozen=True)
class Excluded:
    name: str
    reason: int          # RULES §2 item 1–6
    note: str
    higher_days_before: int = 20     # 上级党组织同意, days before the meeting


@dataclass(frozen=True)
class Round:
    """One round of the committee election and what the meeting does after it."""
    pile: Pile
    then: str = ""                      # "" (settled), "runoff" or "further"
    further: tuple[str, ...] = ()       # the 另行选举 slate
    leaving: tuple[tuple[str, str], ...] = ()   # (name, HH:MM) leaving before this round's issue
    issue_at: str = "09:20"
    returned_extra: int = 0             # more papers come back than went out: void, 重新投票


@dataclass(frozen=True)
class PostVote:
    post: str            # secretary / deputy
    name: str
    agree: int           # of the committee's ballots; the rest are blank


@dataclass(frozen=True)
class PostElection:
    """书记 or 副书记 elected by the 党员大会 itself: a branch with fewer than 7 正式党员 has no
    committee (RULES.md §3, §7), so the post has its own slate, tellers and rounds at the meeting."""
    post: str                           # secretary / deputy
    candidates: tuple[str, ...]
    scrutineers: tuple[str, ...]
    counters: tuple[str, ...] = ()
    rounds: tuple[Round, ...] = ()
    seats: int = 1


@dataclass(frozen=True)
class Motion:
    person: str
    against: int
    abstain: int


@dataclass(frozen=True)
class Appraisal:
    not_returned: int    # sheets handed out but not returned


@dataclass(frozen=True)
class Scenario:
    branch: str
    date: dt.date
    place: str
    higher: str
    presiding: str
    recorder: str
    roster: tuple[Person, ...]
    excluded: Excluded | None
    on_leave: tuple[tuple[str, str], ...]     # (name, reason): 请假, stay in 应到
    late: tuple[tuple[str, str], ...]         # (name, HH:MM)
    seats: int
    candidates: tuple[str, ...]
    scrutineers: tuple[str, ...]
    counters: tuple[str, ...]
    rounds: tuple[Round, ...]
    convener: str
    posts_elected: tuple[PostVote, ...]
    posts: tuple[tuple[str, str], ...]        # (name, 组织委员 …)
    plenary_scrutineer: str
    motion: Motion | None
    appraisal: Appraisal | None
    facts: dict | None = None                 # the documents screen's form, when recorded
    missing: tuple[str, ...] = ()             # do not come, no reason given (stay in 应到)
    term_recorded: bool = True                # the term's dates (and the 请示's) are on file
    request_days_before: int | None = 70      # 请示 sent, days before the meeting
    at_meeting: tuple[PostElection, ...] = ()  # no committee: 书记 (副书记) elected by the meeting
    term_on_file: tuple[dt.date, dt.date] | None = None   # (elected, expires), when not the usual
    starts_at: str = "09:00"
    variant: str = ""
    seed: int = 2026

    @property
    def deputy(self) -> bool:
        return any(v.post == "deputy" for v in self.posts_elected)

    def term(self) -> tuple[dt.date, dt.date, dt.date | None]:
        """本届选举产生日期, 届满日期 (four days after the meeting), 请示 sent on."""
        expires = self.date + dt.timedelta(days=4)
        elected = _years_later(expires + dt.timedelta(days=1), -3)
        if self.term_on_file:
            elected, expires = self.term_on_file
        sent = None if self.request_days_before is None else self.date - dt.timedelta(days=self.request_days_before)
        return elected, expires, sent

    def roster_rows(self) -> list[list[str]]:
        return [[p.spelled or p.name, p.gender, p.status, p.group, p.note] for p in self.roster]

    def voting(self) -> tuple[str, ...]:
        """正式党员 who count in 应到 (the excluded member does not)."""
        out = self.excluded.name if self.excluded else None
        return tuple(p.name for p in self.roster if p.status == "正式" and p.name != out)


def _years_later(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


HEADER = ["姓名", "性别", "身份", "党小组", "备注"]


def roster_csv(sc: Scenario) -> bytes:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf)
    writer.writerow(HEADER)
    writer.writerows(sc.roster_rows())
    return buf.getvalue().encode("utf-8-sig")


def roster_xlsx(sc: Scenario) -> bytes:
    import openpyxl
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "党员名册"
    sheet.append(HEADER)
    for row in sc.roster_rows():
        sheet.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


# -- the branch ---------------------------------------------------------------------------
ROSTER = (
    Person("王建国", "男", "正式", "第一党小组", "现任支部书记"),
    Person("李秀英", "女", "正式", "第一党小组"),
    Person("张伟", "男", "正式", "第一党小组"),
    Person("刘洋", "男", "正式", "第一党小组", "现任组织委员"),
    Person("陈静", "女", "正式", "第一党小组"),
    Person("杨帆", "男", "正式", "第一党小组"),
    Person("赵丽华", "女", "正式", "第一党小组", "现任宣传委员"),
    Person("叶䶮", "男", "正式", "第一党小组"),
    Person("周敏", "女", "正式", "第一党小组", "现任纪检委员"),
    Person("吴海燕", "女", "正式", "第二党小组"),
    Person("徐明", "男", "正式", "第二党小组"),
    Person("孙立新", "男", "正式", "第二党小组"),
    Person("马晓东", "男", "正式", "第二党小组"),
    Person("朱红梅", "女", "正式", "第二党小组"),
    Person("胡军", "男", "正式", "第二党小组"),
    Person("郭玉兰", "女", "正式", "第二党小组"),
    Person("何建平", "男", "正式", "第二党小组"),
    Person("高峰", "男", "正式", "第二党小组"),
    Person("林小燕", "女", "正式", "第三党小组", spelled=COMPAT_LIN + "小燕"),
    Person("罗志刚", "男", "正式", "第三党小组"),
    Person("郑淑芬", "女", "正式", "第三党小组", "离休干部"),
    Person("梁国栋", "男", "正式", "第三党小组"),
    Person("谢文静", "女", "正式", "第三党小组"),
    Person("宋佳", "女", "正式", "第三党小组"),
    Person("邓国华", "男", "正式", "第三党小组", "退休"),
    Person("唐思雨", "女", "预备", "第一党小组", "2026年3月接收为预备党员"),
    Person("韩雪", "女", "预备", "第二党小组"),
    Person("冯浩然", "男", "预备", "第三党小组"),
    Person("曹宇航", "男", "预备", "第三党小组"),
    Person("彭志远", "男", "留党察看", "第二党小组", "留党察看一年"),
)
CANDIDATES = ("王建国", "刘洋", "陈静", "赵丽华", "周敏", "叶䶮")
WRITE_IN = ("周敏", "林小燕")        # crossed out, written in with the ordinary 林

FIRST = {   # first round, 21 voters: (赞成, 不赞成) on the 20 valid papers
    "runoff": (("王建国", 19, 1), ("叶䶮", 18, 1), ("刘洋", 17, 2), ("陈静", 15, 3),
               ("赵丽华", 12, 5), ("周敏", 12, 6)),
    "shortfall": (("王建国", 19, 1), ("叶䶮", 18, 1), ("刘洋", 17, 2), ("陈静", 10, 6),
                  ("赵丽华", 10, 7), ("周敏", 9, 8)),
    "plain": (("王建国", 19, 1), ("叶䶮", 18, 1), ("刘洋", 17, 2), ("陈静", 15, 3),
              ("赵丽华", 13, 5), ("周敏", 9, 8)),
}
LEAVER = (("徐明", "10:25"),)         # leaves before the second round


def _rounds(variant: str) -> tuple[Round, ...]:
    first = Pile(FIRST[variant], over_marked=1, write_in=WRITE_IN)
    if variant == "plain":
        return (Round(first),)
    tie = Pile((("赵丽华", 12, 7), ("周敏", 7, 12)), blank=1)
    if variant == "runoff":
        return (Round(first, then="runoff"), Round(tie, leaving=LEAVER, issue_at="10:30"))
    # 另行选举 for the two seats short: 21 papers come back for 20 issued, so it is void and held
    # again (重新投票); then 陈静 passes and the other two tie above half → 再次投票
    further = Pile((("陈静", 15, 3), ("赵丽华", 12, 6), ("周敏", 12, 7)))
    return (Round(first, then="further", further=("陈静", "赵丽华", "周敏")),
            Round(Pile(()), then="revote", leaving=LEAVER, issue_at="10:30", returned_extra=1),
            Round(further, then="runoff", issue_at="10:50"),
            Round(tie, issue_at="11:10"))


def scenario(variant: str = "runoff", date: dt.date | str | None = None) -> Scenario:
    """The demo branch's meeting (``date``: the meeting day, default 2026-11-19)."""
    if variant not in FIRST:
        raise ValueError(f"unknown demo variant {variant!r}")
    day = dt.date.fromisoformat(date) if isinstance(date, str) else (date or dt.date(2026, 11, 19))
    plain = variant == "plain"
    elected = {"runoff": "赵丽华", "shortfall": "赵丽华", "plain": "赵丽华"}[variant]
    votes = (PostVote("secretary", "王建国", 5),) + (
        () if variant == "shortfall" else (PostVote("deputy", "叶䶮", 4),))
    posts = (("刘洋", "组织委员"), ("陈静", "宣传委员"), (elected, "纪检委员"))
    facts = {"rules_vote_agree": "21", "rules_vote_disagree": "0", "rules_vote_abstain": "0",
             "tellers_vote_agree": "20", "tellers_vote_disagree": "0", "tellers_vote_abstain": "1",
             "exclusions_vote_agree": "21", "exclusions_vote_disagree": "0",
             "exclusions_vote_abstain": "0", "contact_person": "周敏",
             "contact_phone": "010-62345678", "plenary_recorder": "陈静"} if plain else None
    return Scenario(
        branch="中共清河街道机关第二支部委员会", date=day, place="街道机关三楼会议室",
        higher="中共清河街道工作委员会", presiding="王建国", recorder="周敏", roster=ROSTER,
        excluded=Excluded("邓国华", 6, "退休后回四川原籍长期居住，本人书面说明不能参加"),
        on_leave=(("郑淑芬", "病假"), ("梁国栋", "出差"), ("何建平", "出差")),
        late=(("林小燕", "09:12"),), seats=5, candidates=CANDIDATES,
        scrutineers=("孙立新", "郭玉兰"), counters=("宋佳",), rounds=_rounds(variant),
        convener="王建国", posts_elected=votes, posts=posts, plenary_scrutineer="陈静",
        motion=Motion("林晓", 1, 1), appraisal=Appraisal(1), facts=facts,
        request_days_before=None if variant == "shortfall" else 70, variant=variant)


def sized(voters: int, candidates: int = 6, seats: int = 5, date: dt.date | str | None = None) -> Scenario:
    """The demo branch grown to ``voters`` 正式党员 present and ``candidates`` for ``seats``:
    one first round where the first ``seats`` candidates pass clearly (for load tests and benches)."""
    base = scenario("plain", date)
    names = [p.name for p in base.roster if p.status == "正式" and p.name != base.excluded.name]
    extra = tuple(Person(f"党员{i:04d}", "男" if i % 2 else "女", "正式", f"第{i % 9 + 1}党小组")
                  for i in range(max(0, voters - len(names))))
    everyone = names + [p.name for p in extra]
    chosen = tuple(everyone[:candidates])
    valid = voters - 1
    targets = tuple((n, valid * 9 // 10 if i < seats else valid // 4, valid // 20)
                    for i, n in enumerate(chosen))
    return dataclasses.replace(
        base, roster=base.roster + extra, on_leave=(), late=(), candidates=chosen,
        seats=seats, scrutineers=tuple(n for n in everyone if n not in chosen)[:2],
        counters=tuple(n for n in everyone if n not in chosen)[2:3],
        rounds=(Round(Pile(targets, over_marked=1)),), facts=None, variant=f"sized-{voters}")


def roster_only(branch: str, date: dt.date | str, names, variant: str, **changes) -> Scenario:
    """A meeting of ``branch`` whose roster is ``names`` (正式党员, or ``Person``s) and whose agenda
    holds nothing but what ``changes`` puts there: no exclusion, apologies or late arrivals, no
    slate, plenary, 表决, 测评, paper facts, higher committee or term on file.  Tests and benches
    build their elections on it (``candidates``/``rounds`` or ``at_meeting``)."""
    people = tuple(n if isinstance(n, Person) else Person(n, "", "正式", "") for n in names)
    bare = dataclasses.replace(
        scenario("plain", date), branch=branch, place="", presiding="", recorder="", roster=people,
        excluded=None, on_leave=(), late=(), candidates=(), scrutineers=(), counters=(), rounds=(),
        posts_elected=(), posts=(), motion=None, appraisal=None, facts=None, higher="",
        term_recorded=False, request_days_before=None, starts_at="", variant=variant)
    return dataclasses.replace(bare, **changes)
