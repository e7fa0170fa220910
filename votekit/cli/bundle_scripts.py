"""The files an offline bundle carries besides its wheels: install and start scripts for
Windows (.bat, GBK as cmd.exe reads them on a Chinese Windows, CRLF) and Linux (.sh),
and the Chinese 使用说明.txt (UTF-8 with BOM, so Notepad opens it right)."""
from __future__ import annotations

PYTHON_SOURCE = ("python.org 的下载页（Downloads → Windows → “Windows installer (64-bit)”，"
                 "文件名形如 python-3.12.8-amd64.exe）")

WINDOWS_CHECK = ("import sys, struct; sys.exit(0 if {low} <= sys.version_info[:2] <= {high} "
                 "and struct.calcsize('P') == 8 else 1)")

INSTALL_BAT = r"""@echo off
setlocal
cd /d "%~dp0"
rem 安装 votekit（离线）：在本文件夹建立运行环境 venv，从 wheelhouse 安装，不连网。
set "PY="
for %%C in ({bat_candidates} "python") do (
  if not defined PY (
    %%~C -c "{check}" >nul 2>nul && set "PY=%%~C"
  )
)
if not defined PY goto nopython
echo 使用 Python：%PY%
%PY% -m venv venv
if errorlevel 1 goto failed
venv\Scripts\python.exe -m pip install --isolated --disable-pip-version-check --no-index --find-links wheelhouse votekit-meeting
if errorlevel 1 goto failed
echo.
echo 安装完成。以后每次开会前双击“启动.bat”即可（不需要网络）。
pause
exit /b 0

:nopython
echo.
echo 没有找到可用的 Python（需要 {versions} 之一，64 位）。
echo 本工具包不带 Python 安装程序，请先另行取得并安装：
echo   {source}
echo 安装时请勾选“Add python.exe to PATH”，装好后再双击“安装.bat”。
echo 详见“使用说明.txt”。
pause
exit /b 1

:failed
echo.
echo 安装没有完成。请把上面的提示拍照或抄下来，对照“使用说明.txt”的“常见问题”。
pause
exit /b 1
"""

# Both start scripts first check that 安装.bat has run.
_INSTALLED = r"""@echo off
setlocal
cd /d "%~dp0"
if not exist venv\Scripts\votekit.exe (
  echo 还没有安装：请先双击“安装.bat”。
  pause
  exit /b 1
)
"""

START_BAT = _INSTALLED + r"""rem 启动后浏览器会自动打开首页；结束时在本窗口按 Ctrl+C。
rem 把备份的会议文件（.sqlite3）拖到本文件上，就打开那个会议文件。
if /i "%~x1"==".sqlite3" (
  venv\Scripts\votekit.exe serve --db "%~1"
) else (
  venv\Scripts\votekit.exe serve %*
)
pause
"""

START_LAN_BAT = _INSTALLED + r"""set /p PIN=请设置会议口令（4至8位数字，告诉签到员、计票人）：
venv\Scripts\votekit.exe serve --lan --pin %PIN% %*
pause
"""

INSTALL_SH = """#!/bin/sh
# 安装 votekit（离线）：在本文件夹建立运行环境 venv/，从 wheelhouse/ 安装，不连网。
cd "$(dirname "$0")" || exit 1
PY=""
for c in {sh_candidates} python3; do
  if command -v "$c" >/dev/null 2>&1 && "$c" -c "{check}" 2>/dev/null; then PY="$c"; break; fi
done
if [ -z "$PY" ]; then
  echo "没有找到可用的 Python（需要 {versions} 之一，64 位）。请先用系统的软件包安装，例如 apt install python3 python3-venv。"
  exit 1
fi
echo "使用 Python：$PY"
"$PY" -m venv venv || {{ echo "无法建立运行环境：Debian/Ubuntu 上请先安装 python3-venv。"; exit 1; }}
venv/bin/python -m pip install --isolated --disable-pip-version-check --no-index --find-links wheelhouse votekit-meeting \\
  || {{ echo "安装没有完成，请对照 使用说明.txt 的“常见问题”。"; exit 1; }}
echo "安装完成。以后开会前运行 ./start.sh 即可（不需要网络）。"
"""

START_SH = """#!/bin/sh
# 启动 votekit：浏览器打开首页；结束时按 Ctrl+C。参数照传给 votekit serve（如 --lan --pin 2468）。
cd "$(dirname "$0")" || exit 1
if [ ! -x venv/bin/votekit ]; then echo "还没有安装：请先运行 ./install.sh"; exit 1; fi
case "$1" in
  *.sqlite3) if [ -f "$1" ]; then f="$1"; shift; exec venv/bin/votekit serve --db "$f" "$@"; fi ;;   # 打开备份的会议文件
esac
exec venv/bin/votekit serve "$@"
"""

GUIDE = """votekit 党支部党员大会选举与表决工具 —— 离线安装包使用说明

一、这个文件夹里有什么
  wheelhouse\\       本工具和它用到的全部软件包（{platforms}；Python {versions}），安装时不需要网络
  安装.bat / 启动.bat / 启动（局域网）.bat     Windows 用
  install.sh / start.sh                      Linux 用
  本包大小约 {size_mb} MB，包含 {wheels} 个软件包文件。

二、电脑需要事先准备什么
  1. Windows 10 或 11（64 位），或 Linux（x86-64，glibc 2.28 以上）。
  2. Python {versions} 之一（64 位）。本包【不带】Python 安装程序，请事先另行取得：
       {source}
     安装时勾选“Add python.exe to PATH”。已经装有合适的 Python 的电脑不用再装。
     “安装.bat”会检查；找不到时会说明去哪里取得。
  3. 一个浏览器（Edge、Chrome、Firefox 均可）。

三、安装（每台电脑一次，不需要网络）
  1. 把整个文件夹复制到电脑上（例如 D:\\votekit），不要只复制其中几个文件。
  2. 双击“安装.bat”（Linux：运行 ./install.sh）。约一两分钟，装好会提示“安装完成”。
  3. 安装后不要再移动这个文件夹；若移动了，重新双击“安装.bat”即可。

四、开会
  1. 双击“启动.bat”（Linux：./start.sh）。浏览器会自动打开首页；窗口里也会显示地址。
  2. 签到员、计票人用平板连接时：双击“启动（局域网）.bat”，输入会议口令；
     窗口里会显示平板要打开的地址和监票人口令。平板和本电脑要连在同一个无线网（路由器）上。
  3. 结束时在黑色窗口里按 Ctrl+C，再关闭窗口。

五、会议数据在哪里
  会议数据（会议文件 votekit.sqlite3）保存在“文档\\votekit”文件夹（Linux：~/Documents/votekit），
  不在本程序文件夹里，所以复制本文件夹不会带走上次会议的数据。首页显示会议文件的位置。
  备份：首页“会议文件与备份”处填写U盘的文件夹（例如 E:\\），点“备份会议文件”；
  也可在本文件夹的命令行运行 venv\\Scripts\\votekit.exe backup --to E:\\ 。
  在另一台电脑上打开备份：把备份文件（votekit-备份-……sqlite3）拖到“启动.bat”上
  （Linux：./start.sh 备份文件）。

六、常见问题
  · 提示“没有找到可用的 Python”：按第二条安装 Python 后再双击“安装.bat”。
    已装的 Python 太旧（3.10 及以下）、太新（本包没有它的软件包）或是 32 位，也会这样提示。
  · 提示端口已被占用：已经有一个启动的窗口在运行，先关掉它；或在本文件夹的命令行运行 启动.bat --port 5050。
  · Windows 防火墙询问是否允许访问网络：局域网模式请选“允许”（专用网络）；只在本机使用可以不允许。
"""


def crlf_gbk(text: str) -> bytes:
    """A .bat as cmd.exe reads it on a Chinese Windows: GBK, CRLF line ends."""
    return text.replace("\r\n", "\n").replace("\n", "\r\n").encode("gbk")
