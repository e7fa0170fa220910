"""The meeting file's commands: ``init-db``, ``backup`` and ``audit verify``."""
from __future__ import annotations

import sys

import click

from .shell import KitCommand, KitGroup, Refusal, database_option, meeting_file


@click.group("audit", cls=KitGroup)
def audit_group() -> None:
    """审计记录 / audit log."""


@audit_group.command("verify")
@click.option("--db", "database", default=None, type=click.Path(exists=True, dir_okay=False),
              help="会议文件（默认为数据文件夹中的） / meeting file")
def audit_verify_command(database: str | None) -> None:
    """核验审计记录的哈希链；有改动或删除时退出码为1。

    Check the audit log's hash chain; exit 1 when a record was changed or removed.
    """
    from ..service import audit
    from ..service.database import open_database
    with open_database(meeting_file(database)) as store:
        check = audit.verify(store)
    click.echo(check.message)
    sys.exit(0 if check.ok else 1)


@click.command("init-db", cls=KitCommand)
@database_option()
def init_db_command(database: str | None) -> None:
    """创建或升级会议文件（按版本执行迁移）。

    Create or upgrade the meeting file (migrations by version).
    """
    from ..service.database import open_database, schema_version
    path = meeting_file(database)
    with open_database(path) as store:
        click.echo(f"数据库 {path} 已是第{schema_version(store)}版。")


@click.command("backup", cls=KitCommand)
@click.option("--to", "folder", required=True, type=click.Path(file_okay=False),
              help="备份到的文件夹（须已存在，例如U盘） / folder to write the copy to")
@click.option("--db", "database", default=None, type=click.Path(exists=True, dir_okay=False),
              help="会议文件（默认为数据文件夹中的） / meeting file")
def backup_command(folder: str, database: str | None) -> None:
    """备份会议文件：把会议文件的完整副本写到指定文件夹（会议进行中也可以）。

    Write a consistent copy of the meeting file to a folder such as a USB stick.
    """
    import datetime as dt

    from ..service.backup import backup_meeting_file
    outcome = backup_meeting_file(meeting_file(database), folder, dt.datetime.now())
    if not outcome.ok:
        raise Refusal(outcome.message)
    click.echo(outcome.message)


COMMANDS = (audit_group, init_db_command, backup_command)
