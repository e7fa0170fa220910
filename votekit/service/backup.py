"""备份会议文件: write the meeting file to a folder the secretary chooses (a USB stick).

``votekit serve --db FILE`` opens such a copy on another laptop.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..store.backup import BackupFailed, backup_file
from . import Outcome


def backup_name(now: dt.datetime) -> str:
    return f"votekit-备份-{now:%Y%m%d-%H%M%S}.sqlite3"


def backup_meeting_file(database: str | Path, folder: str | Path, now: dt.datetime) -> Outcome:
    """Copy ``database`` into ``folder`` (which must exist); the value is the new file's path."""
    text = str(folder).strip()
    if not text:
        return Outcome.refused("请填写要备份到的文件夹，例如U盘的盘符 E:\\。")
    where = Path(text).expanduser()
    if not where.is_dir():
        return Outcome.refused(f"文件夹不存在：{where}。请先插入U盘，或检查路径后再备份。")
    if not Path(database).is_file():
        return Outcome.refused(f"会议文件不存在：{database}。")
    target, n = where / backup_name(now), 1
    while target.exists():
        n += 1
        target = where / backup_name(now).replace(".sqlite3", f"-{n}.sqlite3")
    try:
        backup_file(database, target)
    except BackupFailed as exc:
        return Outcome.refused(f"备份没有写成（{exc}）：U盘已满、被拔出或只读。原会议文件未受影响，请换个文件夹再试。")
    return Outcome.done(target, f"会议文件已备份到：{target}。在另一台电脑上用“votekit serve --db 该文件”打开。")
