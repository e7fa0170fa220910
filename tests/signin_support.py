"""A 50-member branch for the sign-in desk tests and bench (names that share beginnings on purpose)."""
from __future__ import annotations

from pathlib import Path

from votekit.service import meetings, roster, signin
from votekit.service.database import open_database

NAMES = ("丁国强", "于海燕", "马晓东", "王芳", "王芳芳", "王建国", "王磊", "方志明", "尹红梅", "孔令辉",
         "邓小兵", "石磊", "卢静", "叶青", "田野", "冯涛", "冯浩然", "朱丽", "任杰", "刘洋",
         "刘洋洋", "许文博", "孙伟", "孙丽萍", "杜鹃", "李明", "李明华", "杨帆", "吴敏", "何军",
         "张伟", "张伟民", "张静", "陈杰", "陈晓", "林涛", "尤晓东", "周勇", "郑淑芬", "赵磊",
         "胡斌", "钟华", "段鹏", "姜文", "徐亮", "高峰", "黄河", "曹阳", "谢文静", "韩雪")
PROBATIONARY = ("丁国强", "韩雪")


def build_desk_meeting(db: Path) -> int:
    with open_database(db) as store:
        meeting_id = meetings.create_meeting(store, "书记", "中共测试社区第二支部委员会", "2026-11-22",
                                             "09:00", "会议室", "丁国强", "于海燕").value
        for name in NAMES:
            status = "预备" if name in PROBATIONARY else "正式"
            assert roster.add_member(store, "书记", meeting_id, name, status).ok
    return meeting_id


def present_names(db: Path, meeting_id: int) -> list[str]:
    with open_database(db) as store:
        return [r.name for r in signin.attendance(store, meeting_id) if r.present]
