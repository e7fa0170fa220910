"""``votekit ballots ROUND``: print one round's ballots to a PDF in the data folder."""
from __future__ import annotations

import click

from .shell import KitCommand, Refusal, database_option, meeting_file


@click.command("ballots", cls=KitCommand)
@click.argument("round_id", type=int)
@click.option("--copies", type=int, default=None, help="选票张数（默认：有选举权的党员人数） / copies")
@click.option("--spares", type=int, default=None, help="备用票张数（默认：约一成，至少2张） / spares")
@click.option("--paper", type=click.Choice(["A4", "A5"]), default="A4", show_default=True,
              help="A5 为每张A4纸印两张选票，中间有裁切线 / paper size")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default=None,
              help="输出目录（默认：数据文件夹的 ballots/） / output folder")
@database_option()
def ballots_command(round_id, copies, spares, paper, out_dir, database):
    """印制选票：为第 ROUND 号投票轮次生成选票 PDF（每张选票完全相同，不编号）。

    Print a round's ballots to PDF (all identical, unnumbered).
    """
    from ..service import papers
    from ..service.database import open_database
    from ..service.entry import context
    from ..service.places import ballots_folder

    with open_database(meeting_file(database)) as store:
        ctx = context(store, round_id)          # loaded once; a missing round is refused below
        outcome = papers.print_ballots(store, "命令行", ctx or round_id, out_dir or ballots_folder(),
                                       copies=copies, spares=spares, paper=paper)
    if not outcome.ok:
        raise Refusal(f"不能印制：{outcome.message}")
    click.echo(outcome.message)
    click.echo(str(outcome.value))


COMMANDS = (ballots_command,)
