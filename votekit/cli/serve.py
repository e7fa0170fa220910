"""``votekit serve``: the meeting app on this computer (and, in LAN mode, for the tablets)."""
from __future__ import annotations

import ipaddress
import secrets
import socket
from pathlib import Path

import click

from .shell import KitCommand, Refusal

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


def _is_loopback(host: str) -> bool:
    if host in LOOPBACK_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _lan_address() -> str:
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("10.255.255.255", 1))   # no packet is sent
        return probe.getsockname()[0]
    except OSError:
        return "本机局域网地址"
    finally:
        probe.close()


@click.command("serve", cls=KitCommand)
@click.option("--host", default=None, help="监听地址（默认 127.0.0.1，仅本机） / address to listen on")
@click.option("--port", default=5000, show_default=True, type=int, help="端口 / port")
@click.option("--demo", is_flag=True, help="打开演示会议（单独的演示数据库，每次重建） / the demo meeting")
@click.option("--lan", is_flag=True, help="局域网模式：供签到、计票平板连接，必须设置 --pin / LAN mode")
@click.option("--pin", default=None, help="局域网模式的会议口令（4至8位数字） / meeting PIN")
@click.option("--scrutineer-pin", default=None,
              help="监票人口令（4至8位数字，与会议口令不同）；局域网模式未设置时自动生成并显示"
                   " / scrutineers' PIN")
@click.option("--db", "database", default=None, type=click.Path(dir_okay=False),
              help="会议文件（默认为数据文件夹中的；与 --demo 同用时为演示数据库，会被重建）"
                   " / meeting file to open")
def serve_command(host, port, demo, lan, pin, scrutineer_pin, database):
    """启动选举会议程序（浏览器打开显示的地址）。

    Start the meeting app and print the address to open.
    """
    from ..rehearsal import demo as demo_meeting
    from ..service import meetings, places
    from ..service.database import open_database
    from ..web import create_app
    host = host or ("0.0.0.0" if lan else "127.0.0.1")
    if not _is_loopback(host) and not lan:
        raise Refusal("监听非本机地址须使用 --lan 局域网模式并设置 --pin 会议口令。", 2)
    if lan and not pin:
        raise Refusal("局域网模式必须用 --pin 设置会议口令。", 2)
    for value, kind in ((pin, "meeting"), (scrutineer_pin, "scrutineer")):
        if value is not None and (problem := meetings.pin_problem(value, kind)):
            raise Refusal(problem, 2)
    if pin is not None and pin == scrutineer_pin:
        raise Refusal("监票人口令不能与会议口令相同。", 2)
    if demo:
        path = Path(database) if database else places.demo_database()
        path.parent.mkdir(parents=True, exist_ok=True)
        for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            stale.unlink(missing_ok=True)
        with open_database(path) as store:
            demo_meeting.create_demo_meeting(store)
    else:
        path = Path(database) if database else places.default_database()
        path.parent.mkdir(parents=True, exist_ok=True)
    app = create_app({"LAN_MODE": lan, "DATABASE": str(path)})
    with open_database(path) as store:
        told = _set_pins(store, pin, scrutineer_pin, lan)
    shown = _lan_address() if lan else host
    click.echo(f"请在浏览器打开 http://{shown}:{port}/  （按 Ctrl+C 结束）")
    if lan:
        click.echo("局域网模式：计票人、投影屏输入会议口令，监票人输入监票人口令；本机浏览器为书记身份。")
        click.echo(told)
    from werkzeug.serving import run_simple
    run_simple(host, port, app, threaded=True, use_reloader=False, use_debugger=False)


def _set_pins(store, pin: str | None, scrutineer_pin: str | None, lan: bool) -> str:
    """Set the PINs on every meeting; in LAN mode a meeting without a 监票人口令 gets a
    random one, shown once on this console for the secretary to tell the scrutineers."""
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
                raise Refusal(outcome.message, 2)
    if generated:
        return f"监票人口令：{generated}（只告诉监票人；可在“会议设置”页修改）"
    return "监票人口令已设置（可在“会议设置”页修改）。"


COMMANDS = (serve_command,)
