"""Counting commands for the ``votekit`` CLI: ``count-export``, ``count-check``, ``count-code``.

Registered by ``votekit.cli`` through ``register_commands(group)``.
"""
from __future__ import annotations

import json
import sys

import click

DB_OPTION = click.option("--db", "database", default=None, type=click.Path(dir_okay=False),
                         help="数据库文件（默认 instance/votekit.sqlite3）")


def _store(database: str | None):
    from ..service.database import open_database
    from .commands import _default_db
    return open_database(database or _default_db())


def _round_or_fail(store, round_id: int) -> None:
    from ..service.meetings import get_round
    if get_round(store, round_id) is None:
        click.echo(f"投票轮次 {round_id} 不存在 / no such round", err=True)
        sys.exit(2)


@click.command("count-export")
@click.argument("round_id", type=int)
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-",
              help="写入文件（默认标准输出）；可用 votekit tally 重新计票")
@DB_OPTION
def count_export_command(round_id: int, output: str, database: str | None) -> None:
    """导出一轮投票的计票记录（TALLY-JSON），供 votekit tally 复核。"""
    from ..service.counting import export_round
    with _store(database) as store:
        _round_or_fail(store, round_id)
        text = json.dumps(export_round(store, round_id), ensure_ascii=False, indent=2)
    with click.open_file(output, "w", encoding="utf-8") as fh:
        fh.write(text + "\n")


@click.command("count-check")
@click.argument("round_id", type=int)
@DB_OPTION
def count_check_command(round_id: int, database: str | None) -> None:
    """复核：导出本轮记录、按 votekit tally 的方式重新计票，与系统的结果比较（不一致时退出码 1）。"""
    from ..service.counting import recount
    with _store(database) as store:
        _round_or_fail(store, round_id)
        outcome = recount(store, round_id)
    click.echo(outcome.message)
    sys.exit(0 if outcome.ok else 1)


@click.command("count-code")
@click.argument("round_id", type=int)
@DB_OPTION
def count_code_command(round_id: int, database: str | None) -> None:
    """显示一轮投票选票上的二维码内容（每张选票相同）。"""
    from ..service.entry import payload_for_round
    with _store(database) as store:
        _round_or_fail(store, round_id)
        click.echo(payload_for_round(store, round_id))


def register_commands(group: click.Group) -> None:
    for command in (count_export_command, count_check_command, count_code_command):
        group.add_command(command)
