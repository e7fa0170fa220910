"""The kit as it reaches the meeting laptop: a built wheel in a fresh venv outside the
checkout, and the offline bundle installed with no network (issue 19)."""
from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.package_support import Server, clean_env, crawl, fill_cache, no_network_prefix
from votekit.cli.bundle import build_kit_wheel

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def kit_wheel(tmp_path_factory):
    wheel = build_kit_wheel(tmp_path_factory.mktemp("wheel"))
    fill_cache(wheel)
    return wheel


@pytest.fixture(scope="module")
def installed(kit_wheel, tmp_path_factory):
    """A fresh venv (no system packages, not editable) with the wheel and its dependencies."""
    place = tmp_path_factory.mktemp("laptop")
    venv = place / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--isolated", "--disable-pip-version-check", "-q",
                    "--no-index", "--find-links", str(fill_cache(kit_wheel)), str(kit_wheel)],
                   check=True, timeout=1800, env=clean_env(place / "home"))
    return place, venv


def test_the_wheel_carries_templates_static_fonts_and_migrations(kit_wheel):
    import zipfile
    names = set(zipfile.ZipFile(kit_wheel).namelist())
    for folder in ("templates", "static"):
        shipped = sorted(p.relative_to(ROOT / folder).as_posix()
                         for p in (ROOT / folder).rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        assert shipped and all(f"votekit/{folder}/{p}" in names for p in shipped), folder
    assert any(n.startswith("votekit/fonts/") and n.endswith(".ttf") for n in names)
    assert any(n.startswith("votekit/store/migrations/") and n.endswith(".sql") for n in names)


def test_an_installed_kit_serves_every_page_the_crawler_reaches(installed):
    place, venv = installed
    env = clean_env(place / "home")
    where = subprocess.run([str(venv / "bin" / "python"), "-c", "import votekit; print(votekit.__file__)"],
                           capture_output=True, text=True, check=True, env=env, cwd=place).stdout
    assert where.startswith(str(venv)), where          # the installed copy, not the checkout
    server = Server([str(venv / "bin" / "votekit"), "serve", "--demo", "--no-browser", "--port", "0"],
                    env, place)
    try:
        status = crawl(server.url)
    finally:
        code, output = server.stop()
    bad = {url: s for url, s in status.items() if s != 200}
    assert bad == {}
    reached = list(status)
    print(f"installed kit: {len(reached)} URLs crawled from the start page, all 200")
    assert len(reached) >= 30, reached
    assert any("/static/" in u for u in reached) and any("/m/1" in u for u in reached)
    assert code == 0 and "Traceback" not in output and "development server" not in output
    assert str(place / "home") in output                 # the data folder, not the program's


def test_rehearse_runs_from_the_installed_kit(installed):
    place, venv = installed
    out = place / "rehearsal"
    done = subprocess.run([str(venv / "bin" / "votekit"), "rehearse", "--out", str(out), "--date", "2026-11-22"],
                          capture_output=True, text=True, env=clean_env(place / "home"), cwd=place,
                          timeout=1800, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    assert summary["ok"] and summary["audit"]["ok"]


def test_the_offline_bundle_installs_with_no_network_and_starts(kit_wheel, tmp_path):
    cache = fill_cache(kit_wheel)
    bundle = tmp_path / "U盘" / "votekit"
    made = subprocess.run([sys.executable, "-m", "votekit", "bundle", "--out", str(bundle), "--platform",
                           "current", "--find-links", str(cache), "--no-index"],
                          capture_output=True, text=True, timeout=1800, check=False)
    assert made.returncode == 0, made.stdout + made.stderr
    for name in ("安装.bat", "启动.bat", "install.sh", "start.sh", "使用说明.txt"):
        assert (bundle / name).is_file(), name
    guide = (bundle / "使用说明.txt").read_text("utf-8-sig")
    assert "python.org" in guide and "不带" in guide
    laptop = tmp_path / "laptop"
    laptop.mkdir()
    env = clean_env(laptop / "home")
    began = time.perf_counter()
    install = subprocess.run([*no_network_prefix(), "sh", str(bundle / "install.sh")], capture_output=True,
                             text=True, env=env, timeout=1800, check=False)
    seconds = time.perf_counter() - began
    assert install.returncode == 0, install.stdout + install.stderr
    assert "安装完成" in install.stdout
    size = sum(p.stat().st_size for p in (bundle / "wheelhouse").iterdir())
    print(f"bundle (this platform) {size / 2**20:.0f} MB, offline install {seconds:.0f} s"
          f" ({'unshare -n' if no_network_prefix() else 'pip --no-index'})")
    votekit = str(bundle / "venv" / "bin" / "votekit")
    stick = laptop / "U盘"
    stick.mkdir()
    for step in (["init-db", "--db", str(laptop / "会议.sqlite3")],
                 ["backup", "--to", str(stick), "--db", str(laptop / "会议.sqlite3")]):
        subprocess.run([votekit, *step], check=True, env=env, cwd=laptop, timeout=300, capture_output=True)
    (copy,) = stick.iterdir()
    # the backup opened on "another laptop" the way the guide says: start.sh FILE
    server = Server(["sh", str(bundle / "start.sh"), str(copy), "--no-browser", "--port", "0"], env, laptop)
    try:
        import urllib.request
        with urllib.request.urlopen(server.url, timeout=60) as reply:
            assert reply.status == 200 and "党员大会" in reply.read().decode("utf-8")
    finally:
        code, output = server.stop()
    assert code == 0 and "已停止" in output and f"会议文件：{copy}" in output


def test_the_windows_wheelhouse_resolves_for_python_3_11_to_3_13(kit_wheel, capsys):
    """Every dependency has a win_amd64 (or pure) wheel for each CPython the bundle names."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("bench_wheelhouse", ROOT / "bench" / "wheelhouse.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    assert bench.main(["--kit-wheel", str(kit_wheel), "--platform", "windows"]) == 0, capsys.readouterr().out
    out = capsys.readouterr().out
    for python in ("3.11", "3.12", "3.13"):
        assert f"windows cp{python}: " in out
