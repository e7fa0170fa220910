"""``votekit serve`` on waitress: the addresses printed are the ones listened on, Ctrl+C stops it."""
import os
import signal
import socket
import subprocess
import sys
import urllib.request

import pytest

from votekit.cli import serve


def start(tmp_path, *args):
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "VOTEKIT_HOME": str(tmp_path / "home")}
    proc = subprocess.Popen([sys.executable, "-m", "votekit", "serve", "--no-browser", "--port", "0",
                             "--db", str(tmp_path / "m.sqlite3"), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            encoding="utf-8", env=env)
    seen = []
    for line in proc.stdout:            # the server prints its address once it listens
        seen.append(line)
        if "按 Ctrl+C 结束" in line:
            return proc, seen, line.split()[1]
    proc.wait(timeout=30)
    pytest.fail("serve ended without listening:\n" + "".join(seen))


def stop(proc, seen):
    proc.send_signal(signal.SIGINT)
    rest, _ = proc.communicate(timeout=60)
    return proc.returncode, "".join(seen) + rest


def test_serve_answers_on_the_printed_address_and_ctrl_c_stops_it_cleanly(tmp_path):
    proc, seen, url = start(tmp_path)
    try:
        with urllib.request.urlopen(url, timeout=30) as reply:
            assert reply.status == 200 and reply.headers["Server"] == "votekit"   # waitress
            assert "党员大会" in reply.read().decode("utf-8")
    finally:
        code, output = stop(proc, seen)
    assert code == 0 and "已停止" in output
    assert "development server" not in output and "WARNING" not in output and "Traceback" not in output
    assert url.startswith("http://127.0.0.1:") and not url.endswith(":0/")


def test_lan_mode_bound_to_loopback_prints_no_address_for_tablets(tmp_path):
    proc, seen, url = start(tmp_path, "--lan", "--pin", "2468", "--host", "127.0.0.1")
    code, output = stop(proc, seen)
    assert code == 0 and url.startswith("http://127.0.0.1:")
    assert "平板、投影屏打开" not in output and "平板无法连接" in output


def test_a_port_in_use_is_refused_in_chinese(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "votekit", "serve", "--no-browser", "--port", str(port),
                               "--db", str(tmp_path / "m.sqlite3")], capture_output=True, text=True,
                              encoding="utf-8", timeout=120, check=False,
                              env={**os.environ, "VOTEKIT_HOME": str(tmp_path / "home")})
    assert done.returncode == 2 and "端口可能已被占用" in done.stderr and "Traceback" not in done.stderr


def test_addresses_follow_the_socket_actually_bound(monkeypatch):
    monkeypatch.setattr(serve, "_lan_address", lambda: "192.168.1.10")
    assert serve.addresses("127.0.0.1", 5000) == ("http://127.0.0.1:5000/", None)
    assert serve.addresses("::1", 5000) == ("http://[::1]:5000/", None)
    assert serve.addresses("0.0.0.0", 5001) == ("http://127.0.0.1:5001/", "http://192.168.1.10:5001/")
    assert serve.addresses("192.168.1.10", 80) == ("http://192.168.1.10:80/", "http://192.168.1.10:80/")
    monkeypatch.setattr(serve, "_lan_address", lambda: None)   # no network card up
    assert serve.addresses("0.0.0.0", 5001) == ("http://127.0.0.1:5001/", None)


def test_the_browser_is_not_opened_in_ci(monkeypatch):
    opened = []
    monkeypatch.setattr("webbrowser.open", opened.append)
    monkeypatch.setenv("CI", "true")
    serve._open_browser("http://127.0.0.1:5000/")
    assert opened == []


def test_the_browser_opens_on_the_start_page_where_a_screen_can_show_it(monkeypatch):
    import threading
    opened = threading.Event()
    urls = []

    def fake_open(url):
        urls.append(url)
        opened.set()
    monkeypatch.setattr("webbrowser.open", fake_open)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("DISPLAY", ":0")
    serve._open_browser("http://127.0.0.1:5000/")
    assert opened.wait(30) and urls == ["http://127.0.0.1:5000/"]
