"""``votekit rehearse``: the whole demo meeting without a browser, before the day."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .shell import KitCommand


@click.command("rehearse", cls=KitCommand)
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="演练结果目录 / output folder")
@click.option("--date", default=None, help="会议日期（默认今天），如 2026-11-22 / meeting date")
@click.option("--variant", type=click.Choice(["runoff", "shortfall", "plain"]), default="runoff",
              help="演示会议的情形：再次投票、另行选举或一轮选出 / which demo meeting")
def rehearse_command(out_dir: str, date: str | None, variant: str) -> None:
    """会前演练：不用浏览器，把演示会议从头到尾走一遍，结果写入 DIR/summary.json。

    Rehearse the demo meeting end to end; exit 1 when something is wrong.
    """
    from ..rehearsal.run import rehearse
    summary = rehearse(out_dir, date, variant)
    click.echo(f"演练{'完成' if summary['ok'] else '发现问题'}：{summary['quorum']['message']}")
    click.echo(f"结果：{Path(out_dir) / 'summary.json'}")
    sys.exit(0 if summary["ok"] else 1)


COMMANDS = (rehearse_command,)
