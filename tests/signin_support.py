"""A 50-member branch for the sign-in desk tests and bench (names that share beginnings on purpose)."""
from __future__ import annotations

import dataclasses
from pathlib import Path

from votekit.rehearsal.play import Stage, play
from votekit.rehearsal.scenario import Person, scenario
from votekit.service import signin
from votekit.service.database import open_database

NAMES = ("丁国强", "于海燕", "马晓东", "王芳", "王芳芳", "王建国", "王磊", "方志明", "尹红梅", "孔令辉",
         "邓小兵", "石磊", "卢静", "叶青", "田野", "冯涛", "冯浩然", "朱丽", "任杰", "刘洋",
         "刘洋洋", "许文博", "孙伟", "孙丽萍", "杜鹃", "李明", "李明华", "杨帆", "吴敏", "何军",
         "张伟", "张伟民", "张静", "陈杰", "陈晓", "林涛", "尤晓东", "周勇", "郑淑芬", "赵磊",
         "胡斌", "钟华", "段鹏", "姜文", "徐亮", "高峰", "黄河", "曹阳", "谢文静", "韩雪")
PROBATIONARY = ("丁国强", "韩雪")


DESK = dataclasses.replace(
    scenario("plain", "2026-11-22"), branch="中共测试社区第二支部委员会", place="会议室",
    presiding="丁国强", recorder="于海燕", higher="", term_recorded=False,
    roster=tuple(Person(n, "", "预备" if n in PROBATIONARY else "正式", "") for n in NAMES),
    excluded=None, on_leave=(), late=(), candidates=(), scrutineers=(), counters=(), rounds=(),
    posts_elected=(), posts=(), motion=None, appraisal=None, facts=None, variant="desk")


def build_desk_meeting(db: Path) -> int:
    """The desk's branch (the demo scenario with this roster and nothing on the agenda), prepared."""
    with open_database(db) as store:
        return play(store, DESK, "书记", until=Stage.PREPARED).meeting_id


def present_names(db: Path, meeting_id: int) -> list[str]:
    with open_database(db) as store:
        return [r.name for r in signin.attendance(store, meeting_id) if r.present]
