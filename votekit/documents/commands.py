"""CLI: ``votekit verify ARCHIVE.zip`` and ``votekit documents --out DIR [--demo]``.

Register with ``register_commands(group)`` (the lead's ``votekit.cli``)."""
from __future__ import annotations

import sys
from pathlib import Path

import click


@click.command("verify")
@click.argument("archive", type=click.Path(dir_okay=False))
@click.option("--root", "expected_root", default=None,
              help="打印在计票结果报告单上的指纹，一并核对 / fingerprint to compare")
def verify_command(archive: str, expected_root: str | None) -> None:
    """核验归档包：重新核对每个文件的哈希、审计哈希链，并重新计票。

    Exit 0 when the archive is intact, 1 when it is not.
    """
    from .verify import verify_archive
    check = verify_archive(archive, expected_root)
    click.echo(check.summary)
    sys.exit(0 if check.ok else 1)


@click.command("documents")
@click.option("--out", "out", required=True, type=click.Path(file_okay=False),
              help="输出目录 / output folder")
@click.option("--demo", is_flag=True, help="使用演示会议的数据 / use the demo meeting")
@click.option("--variant", type=click.Choice(["runoff", "shortfall", "plain"]), default="runoff",
              help="演示会议的情形 / which demo meeting")
def documents_command(out: str, demo: bool, variant: str) -> None:
    """生成全套选举文书（PDF、可编辑的 Word 文件）和封存归档包。"""
    if not demo:
        click.echo("请使用 --demo（从会议数据生成文书的功能由应用提供）。", err=True)
        sys.exit(2)
    from .bundle import write_documents
    from .scenario import demo_dossier
    written = write_documents(demo_dossier(variant), Path(out))
    for path in written.files:
        click.echo(f"已生成：{path}")
    click.echo(f"归档包：{written.archive}")
    click.echo(f"计票记录指纹（印在计票结果报告单底部）：{written.records_root}")
    click.echo(f"归档清单指纹：{written.root}")


def register_commands(group: click.Group) -> None:
    group.add_command(verify_command)
    group.add_command(documents_command)
