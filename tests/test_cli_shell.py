"""The ``votekit`` command as a person meets it: its help and its refusals."""
import subprocess
import sys

import click
from click.testing import CliRunner

from votekit.cli import main

KIT_COMMANDS = {"serve", "rehearse", "audit", "init-db", "backup", "ballots", "count-export", "count-check",
                "count-code", "read-scan", "verify", "documents", "tally", "order"}


def test_help_lists_only_the_kits_commands_in_chinese_with_english():
    proc = subprocess.run([sys.executable, "-m", "votekit", "--help"], check=False, capture_output=True,
                          text=True, encoding="utf-8", timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "命令 / Commands" in proc.stdout and "选项 / Options" in proc.stdout
    for flask_option in ("--env-file", "--app", "--debug", "-e,", "-A,", "routes", "shell", "run "):
        assert flask_option not in proc.stdout
    assert set(main.commands) >= KIT_COMMANDS


def walk(group: click.Group, prefix=()):
    for name, command in group.commands.items():
        yield prefix + (name,), command
        if isinstance(command, click.Group):
            yield from walk(command, prefix + (name,))


def test_every_command_and_option_says_what_it_does_in_both_languages():
    for path, command in walk(main):
        paragraphs = [p for p in (command.help or "").split("\n\n") if p.strip()]
        assert any("\u4e00" <= ch <= "\u9fff" for ch in paragraphs[0]), path
        assert len(paragraphs) >= 2 or "/" in paragraphs[0], path
        for param in command.params:
            if isinstance(param, click.Option) and param.help is not None:
                assert any("\u4e00" <= ch <= "\u9fff" for ch in param.help), (path, param.name)
                assert "/" in param.help, (path, param.name)


def test_a_refusal_is_one_chinese_line_without_a_traceback(tmp_path):
    result = CliRunner().invoke(main, ["count-code", "99", "--db", str(tmp_path / "m.sqlite3")])
    assert result.exit_code == 2
    assert result.output.strip() == "投票轮次 99 不存在 / no such round"
    result = CliRunner().invoke(main, ["documents", "--out", str(tmp_path / "d")])
    assert result.exit_code == 2 and "请用 --meeting" in result.output and "Traceback" not in result.output
