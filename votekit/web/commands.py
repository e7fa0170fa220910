"""The app's commands for the ``votekit`` CLI: serve, rehearse, audit verify, init-db.

The lead registers them on the FlaskGroup with ``register_commands(main)``.
"""
from __future__ import annotations

import ipaddress
import socket
import sys
from pathlib import Path

import click
from flask.cli import ScriptInfo

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


def _is_loopback(host: str) -> bool:
    if host in LOOPBACK_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _default_db() -> str:
    """The database of the app the CLI group loads (instance/votekit.sqlite3 by default)."""
    from . import create_app
    info = click.get_current_context().find_object(ScriptInfo)
    app = info.load_app() if info is not None else create_app()
    return app.config["DATABASE"]


def _lan_address() -> str:
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("10.255.255.255", 1))   # no packet is sent
        return probe.getsockname()[0]
    except OSError:
        return "本机局域网地址"
    finally:
        probe.close()


@click.command("serve")
@click.option("--host", default=None, help="监听地址（默认 127.0.0.1，仅本机）")
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--demo", is_flag=True, help="打开演示会议（单独的演示数据库，每次重建）")
@click.option("--lan", is_flag=True, help="局域网模式：供签到、计票平板连接，必须设置 --pin")
@click.option("--pin", default=None, help="局域网模式的会议口令（4至8位数字）")
@click.option("--scrutineer-pin", default=None,
              help="监票人口令（4至8位数字，与会议口令不同）；局域网模式未设置时自动生成并显示")
@click.option("--db", "database", default=None, type=click.Path(dir_okay=False),
              help="数据库文件（默认 instance/votekit.sqlite3；与 --demo 同用时为演示数据库，会被重建）")
def serve_command(host, port, demo, lan, pin, scrutineer_pin, database):
    """启动选举会议程序（浏览器打开显示的地址）。"""
    from ..rehearsal import demo as demo_meeting
    from ..service import meetings
    from ..service.database import open_database as open_store
    from . import create_app
    host = host or ("0.0.0.0" if lan else "127.0.0.1")
    if not _is_loopback(host) and not lan:
        raise click.UsageError("监听非本机地址须使用 --lan 局域网模式并设置 --pin 会议口令。")
    if lan and not pin:
        raise click.UsageError("局域网模式必须用 --pin 设置会议口令。")
    for value, kind in ((pin, "meeting"), (scrutineer_pin, "scrutineer")):
        if value is not None and (problem := meetings.pin_problem(value, kind)):
            raise click.UsageError(problem)
    if pin is not None and pin == scrutineer_pin:
        raise click.UsageError("监票人口令不能与会议口令相同。")
    config = {"LAN_MODE": lan}
    if database and not demo:
        config["DATABASE"] = database
    app = create_app(config)
    if demo:
        path = Path(database) if database else Path(app.instance_path) / "demo.sqlite3"
        for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            stale.unlink(missing_ok=True)
        app.config["DATABASE"] = str(path)
        with open_store(path) as store:
            demo_meeting.create_demo_meeting(store)
    with open_store(app.config["DATABASE"]) as store:
        told = _set_pins(store, pin, scrutineer_pin, lan)
    shown = _lan_address() if lan else host
    click.echo(f"请在浏览器打开 http://{shown}:{port}/  （按 Ctrl+C 结束）")
    if lan:
        click.echo("局域网模式：计票人、投影屏输入会议口令，监票人输入监票人口令；本机浏览器为书记身份。")
        click.echo(told)
    from werkzeug.serving import run_simple   # app.run() refuses to run under a FlaskGroup
    run_simple(host, port, app, threaded=True, use_reloader=False, use_debugger=False)


def _set_pins(store, pin: str | None, scrutineer_pin: str | None, lan: bool) -> str:
    """Set the PINs on every meeting; in LAN mode a meeting without a 监票人口令 gets a
    random one, shown once on this console for the secretary to tell the scrutineers."""
    import secrets

    from ..service import meetings
    generated, found = None, meetings.list_meetings(store)
    if not found:
        return "还没有会议：新建会议后，请在“会议设置”页设置会议口令和监票人口令。"
    for meeting in found:
        scrutineers = scrutineer_pin
        if lan and not scrutineer_pin and not meeting["scrutineer_pin_hash"]:
            while generated is None or generated == pin:
                generated = f"{secrets.randbelow(10 ** 6):06d}"
            scrutineers = generated
        for kind, value in (("meeting", pin), ("scrutineer", scrutineers)):
            outcome = meetings.set_pin(store, "书记（命令行）", meeting["id"], value, kind) if value else None
            if outcome is not None and not outcome.ok:
                raise click.UsageError(outcome.message)
    if generated:
        return f"监票人口令：{generated}（只告诉监票人；可在“会议设置”页修改）"
    return "监票人口令已设置（可在“会议设置”页修改）。"


@click.command("rehearse")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="演练结果目录")
@click.option("--date", default=None, help="会议日期（默认今天），如 2026-11-22")
def rehearse_command(out_dir, date):
    """会前演练：不用浏览器，把演示会议从头到尾走一遍，结果写入 DIR/summary.json。"""
    from ..rehearsal.run import rehearse
    summary = rehearse(out_dir, date)
    click.echo(f"演练{'完成' if summary['ok'] else '发现问题'}：{summary['quorum']['message']}")
    click.echo(f"结果：{Path(out_dir) / 'summary.json'}")
    sys.exit(0 if summary["ok"] else 1)


@click.group("audit")
def audit_group():
    """审计记录。"""


@audit_group.command("verify")
@click.option("--db", "database", default=None, type=click.Path(exists=True, dir_okay=False))
def audit_verify_command(database):
    """核验审计记录的哈希链；有改动或删除时退出码为1。"""
    from ..service import audit
    from ..service.database import open_database as open_store
    path = database or _default_db()
    with open_store(path) as store:
        check = audit.verify(store)
    click.echo(check.message)
    sys.exit(0 if check.ok else 1)


@click.command("init-db")
@click.option("--db", "database", default=None, type=click.Path(dir_okay=False))
def init_db_command(database):
    """创建或升级数据库（按版本执行迁移）。"""
    from ..service.database import open_database as open_store, schema_version
    path = database or _default_db()
    with open_store(path) as store:
        click.echo(f"数据库 {path} 已是第{schema_version(store)}版。")


def register_commands(group: click.Group) -> None:
    """Add serve, rehearse, audit (verify) and init-db to the ``votekit`` FlaskGroup."""
    for command in (serve_command, rehearse_command, audit_group, init_db_command):
        group.add_command(command)
