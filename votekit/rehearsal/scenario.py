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

``sized(voters, candidates, seats)`` is the same branch grown for load tests.
Names are invented.  叶䶮 has a character outside the BMP's common block (U+4DAE),
and the roster file spells 林小燕 with the compatibility ideograph 林 (U+F9F4) while
a write-in uses the ordinary 林 (U+6797): one person, by the one name identity.
"""
from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import random
from dataclasses import dataclass

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
class Pile:
    """The ballots of one round: exact (赞成, 不赞成) per candidate on the valid papers,
    plus over-marked papers (invalid), blank papers and one crossed-out name written over."""
    targets: tuple[tuple[str, int, int], ...]
    over_marked: int = 0
    blank: int = 0
    write_in: tuple[str, str] | None = None     # (crossed out, written in)

    def check(self, marked: int, seats: int) -> None:
        """Refuse a pile no set of ``marked`` valid papers can give (the scenario is wrong)."""
        agrees = sum(agree for _, agree, _ in self.targets) + (1 if self.write_in else 0)
        if marked < 0 or agrees > seats * marked or any(a + d > marked for _, a, d in self.targets):
            raise ValueError(f"no {marked} valid papers for {seats} seats give {self.targets}")
        if self.over_marked and len(self.targets) <= seats:
            raise ValueError("an over-marked paper needs more candidates than seats")

    def papers(self, voters: int, seats: int, seed: int) -> list[dict]:
        """``voters`` papers as tellers type them (``service.entry.submit``'s shape)."""
        rng = random.Random(seed)
        valid = voters - self.over_marked
        marks: list[dict[str, str]] = [{} for _ in range(valid - self.blank)]
        self.check(len(marks), seats)
        load = [0] * len(marks)
        for name, agree, _ in sorted(self.targets, key=lambda t: -t[1]):
            for i in sorted(range(len(marks)), key=lambda i: (load[i], rng.random()))[:agree]:
                marks[i][name] = "agree"
                load[i] += 1
        extra = {}
        if self.write_in is not None:
            crossed, written = self.write_in
            spot = next(i for i in range(len(marks)) if load[i] < seats and crossed not in marks[i])
            marks[spot][crossed] = "disagree"
            extra[spot] = [{"name": written, "mark": "agree"}]
        for name, _, disagree in self.targets:
            have = sum(1 for m in marks if m.get(name) == "disagree")
            free = [i for i in range(len(marks)) if name not in marks[i]]
            for i in rng.sample(free, disagree - have):
                marks[i][name] = "disagree"
        out = [{"marks": m, "write_ins": extra.get(i, [])} for i, m in enumerate(marks)]
        out += [{"marks": {}, "write_ins": []} for _ in range(self.blank)]
        out += [{"marks": {n: "agree" for n, _, _ in self.targets}, "write_ins": []}
                for _ in range(self.over_marked)]
        rng.shuffle(out)
        return out


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
    variant: str = ""
    seed: int = 2026

    @property
    def deputy(self) -> bool:
        return any(v.post == "deputy" for v in self.posts_elected)

    def term(self) -> tuple[dt.date, dt.date, dt.date | None]:
        """本届选举产生日期, 届满日期 (four days after the meeting), 请示 sent on."""
        expires = self.date + dt.timedelta(days=4)
        elected = _years_later(expires + dt.timedelta(days=1), -3)
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
