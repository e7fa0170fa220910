"""Helpers for the tests of the built kit: a wheel cache, a fresh venv, a server and a crawler."""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

CACHE = Path(os.environ.get("VOTEKIT_WHEEL_CACHE") or Path.home() / ".cache" / "votekit-test-wheels")


def clean_env(home: Path) -> dict[str, str]:
    """The environment of a person's shell: no PYTHONPATH into the checkout, no pip settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "PIP_", "VIRTUAL_ENV"))}
    return {**env, "VOTEKIT_HOME": str(home), "PYTHONUNBUFFERED": "1", "PYTHONIOENCODING": "utf-8"}


def pip(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pip", "--disable-pip-version-check", *args],
                          capture_output=True, text=True, check=check, timeout=1800)


def fill_cache(kit_wheel: Path) -> Path:
    """Every dependency of the kit as wheels for this interpreter, in the wheel cache.

    Taken from the cache alone when it already holds them; otherwise fetched once from
    the registry (CI has it) and kept for the next run."""
    CACHE.mkdir(parents=True, exist_ok=True)
    offline = pip("download", "--only-binary=:all:", "--no-index", "--find-links", str(CACHE), "-d",
                  str(CACHE), str(kit_wheel), check=False)
    if offline.returncode != 0:
        pip("download", "--only-binary=:all:", "-d", str(CACHE), str(kit_wheel))
    for stale in CACHE.glob("votekit_meeting-*.whl"):
        stale.unlink()
    return CACHE


def no_network_prefix() -> list[str]:
    """``unshare -n`` (a process with no network at all) where this machine allows it."""
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-n", "true"], capture_output=True, check=False).returncode == 0:
        return [unshare, "-n"]
    return []


class Server:
    """``votekit serve`` started as a person would; the address read from what it prints."""

    def __init__(self, command: list[str], env: dict[str, str], cwd: Path) -> None:
        self.proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                     encoding="utf-8", env=env, cwd=cwd)
        self.seen: list[str] = []
        for line in self.proc.stdout:
            self.seen.append(line)
            if "按 Ctrl+C 结束" in line:
                self.url = re.search(r"http://\S+/", line).group(0)
                return
        self.proc.wait(timeout=60)
        raise AssertionError("serve ended without listening:\n" + "".join(self.seen))

    def stop(self) -> tuple[int, str]:
        self.proc.send_signal(signal.SIGINT)
        rest, _ = self.proc.communicate(timeout=120)
        return self.proc.returncode, "".join(self.seen) + rest


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.found.append(value)


def crawl(start: str, limit: int = 600) -> dict[str, int]:
    """GET every same-site page, script, style and font reachable from ``start`` by links."""
    site = urlsplit(start).netloc
    status: dict[str, int] = {}
    queue = [start]
    while queue and len(status) < limit:
        url = queue.pop(0)
        if url in status:
            continue
        try:
            with urllib.request.urlopen(url, timeout=60) as reply:
                status[url], body, kind = reply.status, reply.read(), reply.headers.get_content_type()
        except urllib.error.HTTPError as exc:
            status[url] = exc.code
            continue
        if kind == "text/html":
            parser = Links()
            parser.feed(body.decode("utf-8"))
            for link in parser.found:
                target = urljoin(url, link).split("#")[0]
                if urlsplit(target).scheme == "http" and urlsplit(target).netloc == site \
                        and target not in status:
                    queue.append(target)
    return status
