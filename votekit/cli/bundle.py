"""``votekit bundle --out DIR``: one folder that installs and starts the kit with no network.

The folder holds ``wheelhouse/`` (the kit's wheel and every dependency as binary wheels
for Windows x64 and Linux x86-64, for each CPython version asked), the install and start
scripts for both systems and a Chinese 使用说明.txt. Wheels come from ``pip download``
(PyPI, or ``--find-links`` folders with ``--no-index`` for a wheel cache).
"""
from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

import click

from . import bundle_scripts as scripts
from . import wheelhouse as wheelhouse_tools
from .shell import KitCommand, Refusal

PLATFORMS = wheelhouse_tools.PLATFORM_TAGS
PLATFORM_NAMES = {"windows": "Windows x64", "linux": "Linux x86-64", "current": "本机"}
PYTHONS = ("3.11", "3.12", "3.13")
SOURCES = ("votekit", "templates", "static", "pyproject.toml", "setup.py", "README.md")


def checkout() -> Path | None:
    """The source checkout this kit runs from, if it does (an installed kit has none)."""
    root = Path(__file__).resolve().parents[2]
    return root if (root / "setup.py").is_file() and (root / "templates").is_dir() else None


def build_kit_wheel(into: Path) -> Path:
    """Build the kit's wheel from a clean copy of the checkout (no stale build/ folder)."""
    root = checkout()
    if root is None:
        raise Refusal("这是安装好的程序，不是源码目录：请用 --kit-wheel 指定本工具的 .whl 文件。", 2)
    with tempfile.TemporaryDirectory(prefix="votekit-build-") as tmp:
        for name in SOURCES:
            source = root / name
            if source.is_dir():
                shutil.copytree(source, Path(tmp) / name,
                                ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
            elif source.is_file():
                shutil.copy2(source, Path(tmp) / name)
        try:
            wheelhouse_tools.pip("wheel", "--no-deps", "--no-build-isolation", "-w", str(into), tmp)
        except wheelhouse_tools.PipFailed as exc:
            raise Refusal(f"构建本工具的 wheel 没有完成（需要 setuptools 和 wheel）：\n{exc}") from None
    (wheel,) = into.glob("votekit_meeting-*.whl")
    return wheel


def write_scripts(out: Path, platforms: tuple[str, ...], pythons: tuple[str, ...]) -> None:
    low, high = pythons[0], pythons[-1]
    newest_first = pythons[::-1]
    fill = {"bat_candidates": " ".join(f'"py -{v}"' for v in newest_first),
            "sh_candidates": " ".join(f"python{v}" for v in newest_first),
            "versions": "、".join(pythons), "source": scripts.PYTHON_SOURCE,
            "check": scripts.WINDOWS_CHECK.format(low=_tuple(low), high=_tuple(high))}
    (out / "安装.bat").write_bytes(scripts.crlf_gbk(scripts.INSTALL_BAT.format(**fill)))
    (out / "启动.bat").write_bytes(scripts.crlf_gbk(scripts.START_BAT))
    (out / "启动（局域网）.bat").write_bytes(scripts.crlf_gbk(scripts.START_LAN_BAT))
    for name, text in (("install.sh", scripts.INSTALL_SH.format(**fill)), ("start.sh", scripts.START_SH)):
        (out / name).write_text(text, encoding="utf-8", newline="\n")
        (out / name).chmod(0o755)
    wheels = sorted((out / "wheelhouse").glob("*.whl"))
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    guide = scripts.GUIDE.format(platforms="、".join(PLATFORM_NAMES[p] for p in platforms),
                                 versions="、".join(pythons), source=scripts.PYTHON_SOURCE,
                                 size_mb=round(size / 2**20), wheels=len(wheels))
    (out / "使用说明.txt").write_text("\ufeff" + guide.replace("\n", "\r\n"), encoding="utf-8", newline="")
    (out / "bundle.json").write_text(json.dumps(
        {"platforms": list(platforms), "pythons": list(pythons), "wheels": [p.name for p in wheels],
         "bytes": size}, ensure_ascii=False, indent=1), encoding="utf-8")


def _tuple(version: str) -> str:
    major, minor = version.split(".")
    return f"({major}, {minor})"


@click.command("bundle", cls=KitCommand)
@click.option("--out", "out", required=True, type=click.Path(file_okay=False),
              help="输出文件夹（须不存在或为空） / output folder (new or empty)")
@click.option("--platform", "platforms", multiple=True, type=click.Choice(list(PLATFORMS)),
              help="目标系统，可给多个（默认 windows 和 linux；current 为本机） / target systems")
@click.option("--python", "pythons", multiple=True, type=click.Choice(PYTHONS),
              help="目标 Python 版本，可给多个（默认 3.11、3.12、3.13） / target Python versions")
@click.option("--find-links", "links", multiple=True, type=click.Path(exists=True, file_okay=False),
              help="本地软件包文件夹（wheel 缓存） / local wheel folder")
@click.option("--no-index", is_flag=True, help="只用 --find-links，不连软件源 / do not use the index")
@click.option("--kit-wheel", type=click.Path(exists=True, dir_okay=False),
              help="本工具的 .whl（默认从源码目录构建） / the kit's wheel (default: build it)")
def bundle_command(out, platforms, pythons, links, no_index, kit_wheel) -> None:
    """制作离线安装包：一个文件夹，复制到不联网的电脑上即可安装、启动。

    Write an offline bundle: wheelhouse, install/start scripts, 使用说明.txt.
    """
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise Refusal(f"输出文件夹 {out} 不是空的：请换一个新文件夹，以免混入旧文件。", 2)
    platforms = platforms or ("windows", "linux")
    pythons = tuple(sorted(pythons or PYTHONS))
    if "current" in platforms:
        pythons = (f"{sys.version_info.major}.{sys.version_info.minor}",)
    house = out / "wheelhouse"
    house.mkdir(parents=True)
    wheel = Path(shutil.copy2(kit_wheel, house)) if kit_wheel else build_kit_wheel(house)
    for platform in platforms:
        for python in pythons:
            click.echo(f"取得软件包：{PLATFORM_NAMES[platform]}，Python {python} …")
            try:
                wheelhouse_tools.download(wheel, house, platform, python, links, no_index)
            except wheelhouse_tools.PipFailed as exc:
                raise Refusal(f"取得软件包没有完成（{PLATFORM_NAMES[platform]}，Python {python}）：\n{exc}") from None
    write_scripts(out, platforms, pythons)
    size = json.loads((out / "bundle.json").read_text(encoding="utf-8"))["bytes"]
    click.echo(f"离线安装包已写入 {out}（{size / 2**20:.0f} MB）。复制整个文件夹到会议电脑，"
               "双击“安装.bat”（Linux：./install.sh）。")


COMMANDS = (bundle_command,)
