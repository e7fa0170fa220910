"""Counting commands: ``count-export``, ``count-check``, ``count-code``."""
from __future__ import annotations

import json
import sys

import click

from .shell import KitCommand, database_option, meeting_file, round_or_refuse


def _store(database: str | None):
    from ..service.database import open_database
    return open_database(meeting_file(database))


@click.command("count-export", cls=KitCommand)
@click.argument("round_id", type=int)
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-",
              help="写入文件（默认标准输出）；可用 votekit tally 重新计票 / output file")
@database_option()
def count_export_command(round_id: int, output: str, database: str | None) -> None:
    """导出一轮投票的计票记录（TALLY-JSON），供 votekit tally 复核。

    Export one round's record (TALLY-JSON) for votekit tally.
    """
    from ..service.counting import export_round
    with _store(database) as store:
        ctx = round_or_refuse(store, round_id)
        text = json.dumps(export_round(store, round_id, ctx), ensure_ascii=False, indent=2)
    with click.open_file(output, "w", encoding="utf-8") as fh:
        fh.write(text + "\n")


@click.command("count-check", cls=KitCommand)
@click.argument("round_id", type=int)
@database_option()
def count_check_command(round_id: int, database: str | None) -> None:
    """复核：导出本轮记录、按 votekit tally 的方式重新计票，与系统的结果比较（不一致时退出码 1）。

    Re-count a round as votekit tally does and compare; exit 1 when they differ.
    """
    from ..service.counting import recount
    with _store(database) as store:
        outcome = recount(store, round_id, round_or_refuse(store, round_id))
    click.echo(outcome.message)
    sys.exit(0 if outcome.ok else 1)


@click.command("count-code", cls=KitCommand)
@click.argument("round_id", type=int)
@database_option()
def count_code_command(round_id: int, database: str | None) -> None:
    """显示一轮投票选票上的二维码内容（每张选票相同）。

    Print the QR payload printed on a round's ballots.
    """
    from ..service.entry import payload_for_round
    with _store(database) as store:
        ctx = round_or_refuse(store, round_id)
        click.echo(payload_for_round(store, ctx.round.id))


COMMANDS = (count_export_command, count_check_command, count_code_command)
