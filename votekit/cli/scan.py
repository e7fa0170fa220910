"""``votekit read-scan FILE... [--json]``: read scanned ballots without the web app.

Which layout a QR code belongs to comes from ``--layout`` JSON files (a
``BallotLayout.to_dict()``) and/or a meeting database (``--db``: the layouts
printed there and the kit's key, which also checks each QR's check value).
Prints, per page: the QR payload and round, each candidate's mark with its
confidence, the 另选人 areas with ink, and why the page needs a person.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .shell import KitCommand, Refusal

SYMBOLS = {"agree": "○ 赞成", "disagree": "× 不赞成", "abstain": "空白", "doubtful": "？须人工"}
CHECKS = {"ok": "校验通过", "wrong_check": "校验码不符", "malformed": "格式不对", "unchecked": "未校验"}


def _from_db(path: str) -> tuple[dict, str | None]:
    from ..service.database import connect
    from ..service.papers import printed_layouts_and_key
    store = connect(path)
    try:
        return printed_layouts_and_key(store)
    finally:
        store.close()


def _layouts(files: tuple[str, ...]) -> dict:
    from ..pdf.ballot_layout import BallotLayout
    found = {}
    for name in files:
        try:
            layout = BallotLayout.from_dict(json.loads(Path(name).read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise Refusal(f"{name}: 不是有效的版式文件（{exc}）", exit_code=2) from None
        found[layout.payload] = layout
    return found


def describe(page) -> list[str]:
    lines = [f"== {page.source} 第{page.number}页 ==" + ("（空白页）" if page.blank else "")]
    for n, ballot in enumerate(page.ballots, 1):
        code = ballot.code
        where = f"{code.kind.label}第{code.round_no}轮，选举{code.election}，版式{code.layout}" if code else "无法识别"
        lines.append(f"选票{n}：二维码 {ballot.payload}（{where}，{CHECKS.get(ballot.check, ballot.check)}）")
        for s in ballot.slots:
            if s.slot.kind == "candidate":
                lines.append(f"  {s.slot.office}·{s.slot.name}\t{SYMBOLS[s.mark.mark]}"
                             f"\t置信度 {s.mark.confidence:.2f}")
            elif s.name_ink >= 0.5 or s.mark.mark != "abstain":
                lines.append(f"  另选人栏（{s.slot.office}）\t符号 {SYMBOLS[s.mark.mark]}"
                             f"\t姓名栏笔迹 {s.name_ink:.1f} 平方毫米")
        reasons = ballot.all_reasons()
        lines.append("  须人工处理：" + ("；".join(reasons) if reasons else "无"))
    if page.reasons:
        lines.append("本页须人工处理：" + "；".join(page.reasons))
    return lines


@click.command("read-scan", cls=KitCommand)
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出 / print JSON")
@click.option("--layout", "layout_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="选票版式文件（JSON），可给多个 / layout files")
@click.option("--db", "db_path", type=click.Path(exists=True, dir_okay=False),
              help="会议文件：取其中印制记录的版式和校验密钥 / meeting file")
@click.option("--key", default=None, help="二维码校验密钥（不给则用 --db 中的，或不校验） / QR key")
@click.option("--dpi", default=None, type=int, help="PDF 转图分辨率（默认200） / PDF resolution")
def read_scan_command(files, as_json, layout_files, db_path, key, dpi) -> None:
    """读扫描的选票：每页的二维码、各候选人的符号及置信度、另选人栏笔迹、须人工处理的原因。

    Read scanned ballots (PDF or PNG/JPEG/TIFF) and print what each page says.
    """
    from ..scan import pages as scan_pages
    from ..scan.reader import read_page
    layouts, db_key = _from_db(db_path) if db_path else ({}, None)
    layouts.update(_layouts(layout_files))
    key = key if key is not None else db_key
    out = []
    budget = scan_pages.Budget()          # the web upload's limits: pages read one at a time
    for name in files:
        for item in _pages(scan_pages, name, budget, dpi or scan_pages.PDF_DPI):
            if isinstance(item, scan_pages.Unreadable):
                out.append({"file": item.source, "error": item.reason})
                if not as_json:
                    click.echo(f"== {item.source} ==\n无法读取：{item.reason}")
                continue
            reading = read_page(item.image, layouts.get, key, item.source, item.number)
            out.append(reading.to_dict())
            if not as_json:
                click.echo("\n".join(describe(reading)))
    notice = budget.notice()
    if as_json:
        json.dump({"pages": out, **({"notice": notice} if notice else {})}, sys.stdout,
                  ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif notice:
        click.echo(notice)


def _pages(scan_pages, name: str, budget, dpi: int):
    """One file's pages, one at a time (never the whole file rasterised at once)."""
    path = Path(name)
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield scan_pages.Unreadable(path.name, f"无法读取文件（{exc.strerror}）")
        return
    said = False
    for item in scan_pages.each_page(data, path.name, budget, dpi):
        said = True
        yield item
    if not said and path.name not in budget.ignored:
        yield scan_pages.Unreadable(path.name, "没有可读的页面")


COMMANDS = (read_scan_command,)
