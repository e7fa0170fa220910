"""A realistic demo meeting: a branch of 30 members electing a 5-member committee.

24 正式党员 count in 应到 (25 minus one approved exclusion), 4 预备党员 and one
member under 留党察看 attend without the vote; 6 candidates for 5 seats; two
监票人 and one 计票人.  The names are invented.
"""
from __future__ import annotations

import csv
import datetime as dt
import io

from ..service import meetings, roster, slate
from ..store import Store

BRANCH = "中共清河街道机关第二支部委员会"
PLACE = "街道机关三楼会议室"
HIGHER_COMMITTEE = "中共清河街道工作委员会"
PRESIDING = "王建国"
RECORDER = "周敏"
SEATS = 5
CANDIDATES = ("王建国", "刘洋", "陈静", "赵丽华", "周敏", "黄志强")
SCRUTINEERS = ("孙立新", "郭玉兰")
COUNTERS = ("宋佳",)
EXCLUDED = ("邓国华", 6, "退休后回四川原籍长期居住，本人书面说明不能参加")

# 姓名, 性别, 身份, 党小组, 备注
ROSTER = [
    ("王建国", "男", "正式", "第一党小组", "现任支部书记"),
    ("李秀英", "女", "正式", "第一党小组", ""),
    ("张伟", "男", "正式", "第一党小组", ""),
    ("刘洋", "男", "正式", "第一党小组", "现任组织委员"),
    ("陈静", "女", "正式", "第一党小组", ""),
    ("杨帆", "男", "正式", "第一党小组", ""),
    ("赵丽华", "女", "正式", "第一党小组", "现任宣传委员"),
    ("黄志强", "男", "正式", "第一党小组", ""),
    ("周敏", "女", "正式", "第一党小组", "现任纪检委员"),
    ("吴海燕", "女", "正式", "第二党小组", ""),
    ("徐明", "男", "正式", "第二党小组", ""),
    ("孙立新", "男", "正式", "第二党小组", ""),
    ("马晓东", "男", "正式", "第二党小组", ""),
    ("朱红梅", "女", "正式", "第二党小组", ""),
    ("胡军", "男", "正式", "第二党小组", ""),
    ("郭玉兰", "女", "正式", "第二党小组", ""),
    ("何建平", "男", "正式", "第二党小组", ""),
    ("高峰", "男", "正式", "第二党小组", ""),
    ("林小燕", "女", "正式", "第三党小组", ""),
    ("罗志刚", "男", "正式", "第三党小组", ""),
    ("郑淑芬", "女", "正式", "第三党小组", "离休干部"),
    ("梁国栋", "男", "正式", "第三党小组", ""),
    ("谢文静", "女", "正式", "第三党小组", ""),
    ("宋佳", "女", "正式", "第三党小组", ""),
    ("邓国华", "男", "正式", "第三党小组", "退休"),
    ("唐思雨", "女", "预备", "第一党小组", "2026年3月接收为预备党员"),
    ("韩雪", "女", "预备", "第二党小组", ""),
    ("冯浩然", "男", "预备", "第三党小组", ""),
    ("曹宇航", "男", "预备", "第三党小组", ""),
    ("彭志远", "男", "留党察看", "第二党小组", "留党察看一年"),
]
HEADER = ["姓名", "性别", "身份", "党小组", "备注"]


def roster_csv() -> bytes:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf)
    writer.writerow(HEADER)
    writer.writerows(ROSTER)
    return buf.getvalue().encode("utf-8-sig")


def roster_xlsx() -> bytes:
    import openpyxl
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "党员名册"
    sheet.append(HEADER)
    for row in ROSTER:
        sheet.append(list(row))
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _years_later(day: dt.date, years: int) -> dt.date:
    """The same date ``years`` on (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def create_demo_meeting(store: Store, actor: str = "演示", date: str | None = None,
                        import_roster: bool = True) -> int:
    """The meeting, elections, roster, exclusion, slate and tellers; nobody signed in yet."""
    date = date or dt.date.today().isoformat()
    meeting_id = meetings.create_meeting(store, actor, BRANCH, date, "09:00", PLACE,
                                         PRESIDING, RECORDER).value
    elected = _years_later(dt.date.fromisoformat(date) - dt.timedelta(days=20), -3)
    meetings.update_meeting(store, actor, meeting_id, higher_committee=HIGHER_COMMITTEE,
                            term_elected_on=elected.isoformat(),
                            term_expires_on=_years_later(elected, 3).isoformat())
    committee = meetings.add_election(store, actor, meeting_id, "committee", SEATS).value
    meetings.add_election(store, actor, meeting_id, "secretary", 1)
    if not import_roster:
        return meeting_id
    roster.import_roster(store, actor, meeting_id, "党员名册.xlsx", roster_xlsx())
    prepare_slate(store, actor, meeting_id, committee, date)
    from .votes import add_demo_votes
    add_demo_votes(store, actor, meeting_id)   # 接收预备党员的表决 and a 民主测评 round
    return meeting_id


def prepare_slate(store: Store, actor: str, meeting_id: int, committee: int, date: str) -> None:
    ids = {m.name: m.id for m in roster.members(store, meeting_id)}
    name, reason, note = EXCLUDED
    day = dt.date.fromisoformat(date)
    roster.set_exclusion(store, actor, ids[name], reason,
                         (day - dt.timedelta(days=20)).isoformat(), date, note)
    slate.set_candidates(store, actor, committee, CANDIDATES)
    slate.set_tellers(store, actor, committee, SCRUTINEERS, COUNTERS)
