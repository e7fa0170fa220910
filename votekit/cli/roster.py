"""``votekit roster FILE``: check a 党员花名册 before the meeting (what each column became,
who was read, which rows were skipped and why) — nothing is saved."""
from __future__ import annotations

import json
from pathlib import Path

import click

from .shell import KitCommand, Refusal

MAX_FILE = 20 * 1024 * 1024


@click.command("roster", cls=KitCommand)
@click.argument("roster_file", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出 / print JSON (members, skipped, columns).")
def roster_command(roster_file: str, as_json: bool) -> None:
    """检查党员名册文件（.xlsx 或 .csv）：列的识别、读到的党员、跳过的行。

    Preview a roster file as the import would read it; exit 2 when it cannot be read.
    """
    from ..service.roster_files import preview, roster_data
    path = Path(roster_file)
    try:
        if path.stat().st_size > MAX_FILE:
            raise Refusal(f"{roster_file}: 文件过大（超过20MB），不像是党员名册。", 2)
        data = path.read_bytes()
    except OSError as exc:
        raise Refusal(f"{roster_file}: 无法读取文件（{exc.strerror}）。", 2) from None
    parsed = preview(path.name, data)
    if not parsed.columns and parsed.errors:      # not readable as a roster at all
        raise Refusal(f"{roster_file}: {'；'.join(parsed.errors)}", 2)
    result = roster_data(parsed)
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        click.echo(_table(parsed, result))
    if parsed.errors:
        raise SystemExit(1)


def _table(parsed, result: dict) -> str:
    from ..service.roster_files import STATUS_SHORT
    lines = [f"表头在第{parsed.header_row}行" + (f"（工作表“{parsed.sheet}”）" if parsed.sheet else "") + "：",
             *(f"  {c['column']}列 “{c['header']}” → {c['field']}" for c in result["columns"]),
             f"读到党员{len(parsed.rows)}名：",
             *(f"  第{r.line}行  {r.name:<6}\t{STATUS_SHORT[r.status]}\t{r.gender}\t{r.party_group}"
               for r in parsed.rows)]
    if parsed.skipped:
        lines += ["跳过的行：", *(f"  第{row}行：{reason}" for row, reason in parsed.skipped)]
    if parsed.errors:
        lines += ["有问题的行（改正后才能导入）：", *(f"  {e}" for e in parsed.errors)]
    return "\n".join(lines)


COMMANDS = (roster_command,)
