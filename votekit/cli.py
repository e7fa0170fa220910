"""The ``votekit`` command: a thin click CLI over the library.

It is a ``FlaskGroup`` so the app's own commands (serve, rehearse, audit …)
sit beside the offline tools (tally, order) that need no app at all.
"""
from __future__ import annotations

import json
import sys

import click
from flask.cli import FlaskGroup

from .core.export import verdict_to_data
from .core.order import needs_check, sort_names
from .core.record import RecordError, parse_round
from .core.verdict import judge


def _create_app():
    from .web import create_app
    return create_app()


class VotekitGroup(FlaskGroup):
    """Loads the app's commands only when one is asked for, so ``tally`` starts fast."""

    _app_commands_loaded = False

    def _load_app_commands(self) -> None:
        if not VotekitGroup._app_commands_loaded:
            VotekitGroup._app_commands_loaded = True
            _register_app_commands(self)

    def get_command(self, ctx, name):
        rv = click.Group.get_command(self, ctx, name)
        if rv is None:
            self._load_app_commands()
        return super().get_command(ctx, name)

    def list_commands(self, ctx):
        self._load_app_commands()
        return super().list_commands(ctx)


@click.group(cls=VotekitGroup, create_app=_create_app, add_default_commands=False,
             add_version_option=False, load_dotenv=False)
def main() -> None:
    """votekit — 党支部党员大会选举与表决工具（离线）.

    Offline election kit for a Party branch general meeting.
    """


def fail(message: str) -> None:
    """One line on stderr, exit 2: what a malformed input gets (no traceback)."""
    click.echo(message, err=True)
    sys.exit(2)


@main.command("tally", with_appcontext=False)
@click.argument("round_file", type=click.Path(dir_okay=False, allow_dash=True))
def tally_command(round_file: str) -> None:
    """按规则计票：读取一轮选举记录 ROUND.json，输出结果 JSON。

    Re-count one round record (TALLY-JSON.md) and print the verdict as JSON.
    """
    try:
        with click.open_file(round_file, encoding="utf-8") as fh:
            text = fh.read()
    except OSError as exc:
        fail(f"{round_file}: 无法读取文件 / cannot read file ({exc.strerror})")
    except UnicodeDecodeError:
        fail(f"{round_file}: 文件不是 UTF-8 文本 / not UTF-8 text")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        fail(f"{round_file}: 不是有效的 JSON（第{exc.lineno}行第{exc.colno}列）"
             f" / not valid JSON (line {exc.lineno} column {exc.colno})")
    except (ValueError, RecursionError):
        fail(f"{round_file}: 不是可读的 JSON（数字位数过多或嵌套过深）"
             " / unreadable JSON (number too long or nesting too deep)")
    try:
        record = parse_round(data)
    except RecordError as exc:
        fail(f"{round_file}: 字段 {exc}")
    verdict = judge(record)
    click.echo(json.dumps(verdict_to_data(verdict), ensure_ascii=False, indent=2))


@main.command("order", with_appcontext=False)
@click.argument("names", nargs=-1)
def order_command(names: tuple[str, ...]) -> None:
    """按姓氏笔画排序姓名（无参数时从标准输入逐行读取）。

    Print names in 姓氏笔画 order; a name whose order needs a person's check ends with TAB ?.
    """
    if not names:
        names = tuple(line.strip() for line in sys.stdin if line.strip())
    for name in sort_names(names):
        click.echo(f"{name}\t?" if needs_check(name) else name)


# Modules that add their own commands with ``register_commands(group)``.
COMMAND_MODULES = ("votekit.web.commands", "votekit.web.counting_commands",
                   "votekit.web.papers_commands", "votekit.documents.commands",
                   "votekit.scan.commands")


def _register_app_commands(group: click.Group) -> None:
    """Commands that live with the web app, ballots and documents."""
    import importlib

    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if not (exc.name and (name + ".").startswith(exc.name + ".")):
                # a real missing dependency, not a module that is not there
                raise
            continue
        module.register_commands(group)
