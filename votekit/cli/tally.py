"""``votekit tally`` and ``votekit order``: the offline tools that need no meeting file."""
from __future__ import annotations

import json
import sys

import click

from .shell import KitCommand, Refusal


@click.command("tally", cls=KitCommand)
@click.argument("round_file", type=click.Path(dir_okay=False, allow_dash=True))
def tally_command(round_file: str) -> None:
    """按规则计票：读取一轮选举记录 ROUND.json，输出结果 JSON。

    Re-count one round record (TALLY-JSON.md) and print the verdict as JSON.
    """
    from ..core.export import verdict_to_data
    from ..core.record import RecordError, parse_round
    from ..core.verdict import judge
    data = _read_json(round_file)
    try:
        record = parse_round(data)
    except RecordError as exc:
        raise Refusal(f"{round_file}: 字段 {exc}", exit_code=2) from None
    click.echo(json.dumps(verdict_to_data(judge(record)), ensure_ascii=False, indent=2))


def _read_json(round_file: str):
    try:
        with click.open_file(round_file, encoding="utf-8") as fh:
            text = fh.read()
    except OSError as exc:
        raise Refusal(f"{round_file}: 无法读取文件 / cannot read file ({exc.strerror})", 2) from None
    except UnicodeDecodeError:
        raise Refusal(f"{round_file}: 文件不是 UTF-8 文本 / not UTF-8 text", 2) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise Refusal(f"{round_file}: 不是有效的 JSON（第{exc.lineno}行第{exc.colno}列）"
                      f" / not valid JSON (line {exc.lineno} column {exc.colno})", 2) from None
    except (ValueError, RecursionError):
        raise Refusal(f"{round_file}: 不是可读的 JSON（数字位数过多或嵌套过深）"
                      " / unreadable JSON (number too long or nesting too deep)", 2) from None


@click.command("order", cls=KitCommand)
@click.argument("names", nargs=-1)
def order_command(names: tuple[str, ...]) -> None:
    """按姓氏笔画排序姓名（无参数时从标准输入逐行读取）。

    Print names in 姓氏笔画 order; a name whose order needs a person's check ends with TAB ?.
    """
    from ..core.order import needs_check, sort_names
    if not names:
        names = tuple(line.strip() for line in sys.stdin if line.strip())
    for name in sort_names(names):
        click.echo(f"{name}\t?" if needs_check(name) else name)


COMMANDS = (tally_command, order_command)
