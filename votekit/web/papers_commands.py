"""``votekit ballots ROUND``: print one round's ballots to a PDF under ``ballots/<meeting>/``."""
from __future__ import annotations

import click


@click.command("ballots")
@click.argument("round_id", type=int)
@click.option("--copies", type=int, default=None, help="选票张数（默认：有选举权的党员人数）")
@click.option("--spares", type=int, default=None, help="备用票张数（默认：约一成，至少2张）")
@click.option("--paper", type=click.Choice(["A4", "A5"]), default="A4", show_default=True,
              help="A5 为每张A4纸印两张选票，中间有裁切线")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default=None,
              help="输出目录（默认：本工具的 ballots/ 目录）")
@click.option("--db", "database", type=click.Path(dir_okay=False), default=None,
              help="数据库文件（默认 instance/votekit.sqlite3）")
def ballots_command(round_id, copies, spares, paper, out_dir, database):
    """印制选票：为第 ROUND 号投票轮次生成选票 PDF（每张选票完全相同，不编号）。"""
    from ..service import papers
    from ..service.database import open_database
    from . import REPO
    from .commands import _default_db

    with open_database(database or _default_db()) as store:
        outcome = papers.print_ballots(store, "命令行", round_id, out_dir or REPO / "ballots",
                                       copies=copies, spares=spares, paper=paper)
    if not outcome.ok:
        click.echo(f"不能印制：{outcome.message}", err=True)
        raise SystemExit(1)
    click.echo(outcome.message)
    click.echo(str(outcome.value))


def register_commands(group: click.Group) -> None:
    group.add_command(ballots_command)
