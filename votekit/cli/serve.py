"""``votekit serve``: the meeting app on this computer (and, in LAN mode, for the tablets).

Served by waitress (a production WSGI server in pure Python, also on Windows) with
enough threads for eight tellers and the hall screen; the start page opens in the
browser; Ctrl+C stops it cleanly.
"""
from __future__ import annotations

import ipaddress
import secrets
import socket
from pathlib import Path

import click

from .shell import KitCommand, Refusal

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
TELLERS = 8
THREADS = 16   # 8 tellers' tablets, the hall screen, the secretary and the scrutineers, with room


def _is_loopback(host: str) -> bool:
    if host in LOOPBACK_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _lan_address() -> str | None:
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("10.255.255.255", 1))   # no packet is sent
        return probe.getsockname()[0]
    except OSError:
        return None
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
@click.option("--no-browser", "open_browser", is_flag=True, flag_value=False, default=True,
              help="不自动打开浏览器 / do not open the browser")
def serve_command(host, port, demo, lan, pin, scrutineer_pin, database, open_browser):
    """启动选举会议程序（浏览器打开显示的地址）。

    Start the meeting app and print the address to open.
    """
    from ..service import meetings
    from ..service.database import open_database
    from ..web import create_app, open_ahead
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
    path = _meeting_file(database, demo)
    app = create_app({"LAN_MODE": lan, "DATABASE": str(path)})
    with open_database(path) as store:
        told = _set_pins(store, pin, scrutineer_pin, lan)
    open_ahead(app, TELLERS)        # no teller's first submission opens a connection mid-count
    _run(app, host, port, lan, told, path, browser=open_browser)


def _meeting_file(database: str | None, demo: bool) -> Path:
    """The file to serve: ``--db``, the data folder's, or the demo's (rebuilt each time)."""
    from ..rehearsal import demo as demo_meeting
    from ..service import places
    from ..service.database import open_database
    path = Path(database) if database else (places.demo_database() if demo else places.default_database())
    old = Path(__file__).resolve().parents[2] / "instance" / places.DATABASE_NAME
    if not database and not demo and not path.exists() and old.is_file():
        click.echo(f"提示：旧版本把会议文件放在程序文件夹 {old}。要继续那次会议，请用 "
                   f"votekit serve --db \"{old}\"，或把它复制为 {path}。")
    path.parent.mkdir(parents=True, exist_ok=True)
    if demo:
        for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            stale.unlink(missing_ok=True)
        with open_database(path) as store:
            demo_meeting.create_demo_meeting(store)
    return path


def _run(app, host: str, port: int, lan: bool, told: str, path: Path, browser: bool) -> None:
    """Serve with waitress until Ctrl+C; print the addresses actually listened on."""
    import signal

    from waitress.server import create_server
    try:
        server = create_server(app, host=host, port=port, threads=THREADS, ident="votekit", send_bytes=1,
                               clear_untrusted_proxy_headers=True)
    except OSError as exc:
        raise Refusal(f"无法在 {host}:{port} 上监听（{exc.strerror or exc}）：端口可能已被占用，"
                      "请用 --port 换一个端口。", 2) from None
    here, tablets = addresses(str(server.effective_host), int(server.effective_port))
    signal.signal(signal.SIGINT, signal.default_int_handler)   # Ctrl+C, even if started in the background
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        _tell(path, here, tablets, lan, told)
        if browser:
            _open_browser(here)
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
    click.echo("已停止。会议数据已保存在会议文件中。")


def _tell(path: Path, here: str, tablets: str | None, lan: bool, told: str) -> None:
    click.echo(f"会议文件：{path}")
    if lan:
        click.echo("局域网模式：计票人、投影屏输入会议口令，监票人输入监票人口令；本机浏览器为书记身份。")
        click.echo(told)
        if tablets:
            click.echo(f"平板、投影屏打开 {tablets}")
        else:
            click.echo("注意：只监听本机地址，平板无法连接；要让平板连接，请去掉 --host 或填本机局域网地址。")
    click.echo(f"本机浏览器打开 {here}  （按 Ctrl+C 结束）")


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def addresses(host: str, port: int) -> tuple[str, str | None]:
    """(the address for this computer's browser, the one for tablets or None) for a bound socket."""
    shown = f"[{host}]" if ":" in host else host
    if _is_loopback(host):
        return f"http://{shown}:{port}/", None
    if host in ("0.0.0.0", "::"):
        lan = _lan_address()
        return f"http://127.0.0.1:{port}/", (f"http://{lan}:{port}/" if lan else None)
    return f"http://{shown}:{port}/", f"http://{shown}:{port}/"


def _open_browser(url: str) -> None:
    """Open the start page in the default browser, unless nothing could show it (CI, no display)."""
    import os
    import sys
    import threading
    import webbrowser
    if os.environ.get("CI"):
        return
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return   # a text-mode browser would take over this console
    threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()


def _set_pins(store, pin: str | None, scrutineer_pin: str | None, lan: bool) -> str:
    """Set the PINs on every meeting; in LAN mode a meeting without a 监票人口令 gets a
    random one, shown once on this console for the secretary to tell the scrutineers."""
    from ..service import meetings
    generated, found = None, meetings.list_meetings(store)
    if not found:
        return "还没有会议：新建会议后，请在“会议设置”页设置会议口令和监票人口令。"
    for meeting in found:
        scrutineers = scrutineer_pin
        if lan and not scrutineer_pin and not meeting.scrutineer_pin_hash:
            while generated is None or generated == pin:
                generated = f"{secrets.randbelow(10 ** 6):06d}"
            scrutineers = generated
        for kind, value in (("meeting", pin), ("scrutineer", scrutineers)):
            outcome = meetings.set_pin(store, "书记（命令行）", meeting.id, value, kind) if value else None
            if outcome is not None and not outcome.ok:
                raise Refusal(outcome.message, 2)
    if generated:
        return f"监票人口令：{generated}（只告诉监票人；可在“会议设置”页修改）"
    return "监票人口令已设置（可在“会议设置”页修改）。"


COMMANDS = (serve_command,)
