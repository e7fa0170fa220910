"""``votekit verify ARCHIVE.zip`` and ``votekit documents --out DIR [--demo | --meeting N]``."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .shell import KitCommand, Refusal, database_option, meeting_file


@click.command("verify", cls=KitCommand)
@click.argument("archive", type=click.Path(dir_okay=False))
@click.option("--root", "expected_root", default=None,
              help="归档目录、计票结果报告单上所印的归档根指纹，一并核对 / the archive root printed on paper")
def verify_command(archive: str, expected_root: str | None) -> None:
    """核验归档包：重新核对每个文件的哈希、审计哈希链，并重新计票。

    Exit 0 when the archive is intact, 1 when it is not.
    """
    from ..documents.verify import verify_archive
    check = verify_archive(archive, expected_root)
    click.echo(check.summary)
    sys.exit(0 if check.ok else 1)


@click.command("documents", cls=KitCommand)
@click.option("--out", "out", required=True, type=click.Path(file_okay=False),
              help="输出目录 / output folder")
@click.option("--meeting", "meeting_id", type=int, default=None,
              help="会议编号：用这次会议记录的数据生成 / the recorded meeting")
@database_option()
@click.option("--demo", is_flag=True, help="使用演示会议的数据 / use the demo meeting")
@click.option("--variant", type=click.Choice(["runoff", "shortfall", "plain"]), default="runoff",
              help="演示会议的情形：再次投票、另行选举或一轮选出 / which demo meeting")
def documents_command(out: str, meeting_id: int | None, database: str | None, demo: bool,
                      variant: str) -> None:
    """生成全套选举文书（PDF、可编辑的 Word 文件）和封存归档包。

    Write the meeting's documents (PDF and editable Word) and the sealed archive.
    """
    from ..documents.bundle import write_documents
    if demo:
        from ..rehearsal.demo import demo_dossier
        dossier = demo_dossier(variant)
    elif meeting_id is not None:
        dossier = _recorded(meeting_id, database)
    else:
        raise Refusal("请用 --meeting 指定会议编号，或用 --demo 生成演示文书。", exit_code=2)
    try:
        written = write_documents(dossier, Path(out))
    except OSError as exc:
        raise Refusal(f"无法写入文书（{exc.strerror or exc}）：磁盘已满或目录不可写。"
                      "已有的文件保持原样，请腾出空间后重新生成。") from None
    for path in written.files:
        click.echo(f"已生成：{path}")
    click.echo(f"归档包：{written.archive}")
    click.echo(f"计票记录指纹（印在计票结果报告单底部）：{written.records_root}")
    click.echo(f"归档根指纹（印在归档目录和计票结果报告单上）：{written.root}")


def _recorded(meeting_id: int, database: str | None):
    from ..service import meetings
    from ..service.database import open_database
    from ..service.dossier import dossier_for
    with open_database(meeting_file(database)) as store:
        if meetings.get_meeting(store, meeting_id) is None:
            raise Refusal(f"没有编号为{meeting_id}的会议。", exit_code=2)
        return dossier_for(store, meeting_id)


COMMANDS = (verify_command, documents_command)
