"""What every ``votekit`` command shares: help in Chinese with English, one refusal style,
the ``--db`` option and the meeting file it defaults to."""
from __future__ import annotations

from pathlib import Path

import click

HELP_TEXT = "显示本帮助并退出 / Show this message and exit."


class Refusal(click.ClickException):
    """A clear Chinese refusal: the message alone on stderr, no traceback.

    Exit code 2 for input that cannot be used (a malformed file, a wrong option),
    1 for a refusal of what was asked (nothing to print, no such meeting)."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code

    def show(self, file=None) -> None:
        click.echo(self.format_message(), err=True)


class _ChineseHelp:
    """Headings and the help option in Chinese with English (click's are English only)."""

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP_TEXT
        return option

    def format_usage(self, ctx, formatter) -> None:
        pieces = self.collect_usage_pieces(ctx)
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix="用法 / Usage: ")

    def format_options(self, ctx, formatter) -> None:
        rows = [r for p in self.get_params(ctx) if (r := p.get_help_record(ctx)) is not None]
        if rows:
            with formatter.section("选项 / Options"):
                formatter.write_dl(rows)
        if isinstance(self, click.Group):
            self.format_commands(ctx, formatter)


class KitCommand(_ChineseHelp, click.Command):
    """A ``votekit`` command."""


DISK_FULL = "磁盘已满，本次操作未保存。已保存的数据不受影响；请清理磁盘空间后重试。"


class KitGroup(_ChineseHelp, click.Group):
    """A group of ``votekit`` commands; its commands get the same help style.  A full disk
    (SQLite's "database or disk is full", ENOSPC) is a Chinese refusal, not a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except Exception as exc:
            from ..service.database import disk_full
            if disk_full(exc):
                raise Refusal(DISK_FULL) from None
            raise

    command_class = KitCommand
    group_class = type

    def format_commands(self, ctx, formatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, _summary(command)))
        if rows:
            with formatter.section("命令 / Commands"):
                formatter.write_dl(rows)


def _summary(command: click.Command) -> str:
    """The first (Chinese) and second (English) paragraphs' first lines of a command's help."""
    if command.short_help:
        return command.short_help
    paragraphs = [p.strip() for p in (command.help or "").split("\n\n") if p.strip()]
    return " ".join(p.splitlines()[0].strip() for p in paragraphs[:2])


def database_option(help_text: str = "会议文件（数据库）；默认为数据文件夹中的 votekit.sqlite3"
                                     " / meeting file (default: the data folder's)"):
    return click.option("--db", "database", default=None, type=click.Path(dir_okay=False),
                        help=help_text)


def meeting_file(database: str | None) -> Path:
    """The meeting file a command works on: ``--db`` or the one in the data folder."""
    if database:
        return Path(database)
    from ..service.places import default_database
    path = default_database()
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def round_or_refuse(store, round_id: int):
    """The command's round with its election, meeting and state (one read), or a refusal:
    a command that works on a round loads it once and hands the context on."""
    from ..service.entry import context
    ctx = context(store, round_id)
    if ctx is None:
        raise Refusal(f"投票轮次 {round_id} 不存在 / no such round", exit_code=2)
    return ctx
