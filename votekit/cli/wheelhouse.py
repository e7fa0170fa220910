"""Filling an offline wheelhouse for another computer: ``pip download`` per platform and
Python version, plus the dependencies pip leaves out.

``pip download --platform win_amd64`` picks Windows wheels but still evaluates the
dependencies' environment markers for *this* computer, so a requirement such as
``colorama; platform_system == "Windows"`` (click's) would be missing and the offline
install on the Windows laptop would fail. ``complete`` reads every wheel's
``Requires-Dist`` with the target's markers and fetches what is missing.
"""
from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

try:
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name
except ImportError:   # pip always carries it
    from pip._vendor.packaging.requirements import Requirement  # type: ignore[assignment]
    from pip._vendor.packaging.utils import canonicalize_name  # type: ignore[assignment]

# glibc 2.28 or newer (Debian 10+, Ubuntu 20.04+, Kylin V10): every manylinux tag up to it.
LINUX_TAGS = tuple(f"manylinux_2_{m}_x86_64" for m in range(28, 4, -1)) + (
    "manylinux2014_x86_64", "manylinux2010_x86_64", "manylinux1_x86_64")
PLATFORM_TAGS = {"windows": ("win_amd64",), "linux": LINUX_TAGS, "current": ()}
MARKERS = {
    "windows": {"sys_platform": "win32", "platform_system": "Windows", "os_name": "nt",
                "platform_machine": "AMD64"},
    "linux": {"sys_platform": "linux", "platform_system": "Linux", "os_name": "posix",
              "platform_machine": "x86_64"},
}


class PipFailed(Exception):
    """pip did not finish; the message is its last lines."""


def pip(*args: str) -> None:
    command = [sys.executable, "-m", "pip", *args, "--disable-pip-version-check", "-q"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        lines = [ln for ln in (done.stderr or done.stdout).splitlines() if not ln.startswith("WARNING: Location")]
        raise PipFailed("\n".join(lines[-8:]))


def target_args(platform: str, python: str) -> list[str]:
    args = []
    for tag in PLATFORM_TAGS[platform]:
        args += ["--platform", tag]
    if PLATFORM_TAGS[platform]:
        args += ["--python-version", python, "--implementation", "cp"]
    return args


def marker_environment(platform: str, python: str) -> dict[str, str] | None:
    if platform not in MARKERS:
        return None   # this computer: pip's own evaluation is right
    return {**MARKERS[platform], "python_version": python, "python_full_version": f"{python}.0",
            "implementation_name": "cpython", "platform_python_implementation": "CPython",
            "platform_release": "", "platform_version": "", "implementation_version": f"{python}.0",
            "extra": ""}


def requirements_of(wheel: Path) -> list[Requirement]:
    with zipfile.ZipFile(wheel) as zf:
        meta = next(n for n in zf.namelist() if re.fullmatch(r"[^/]+\.dist-info/METADATA", n))
        text = zf.read(meta).decode("utf-8")
    return [Requirement(line.split(":", 1)[1].strip()) for line in text.splitlines()
            if line.startswith("Requires-Dist:")]


def project_of(wheel: Path) -> str:
    return canonicalize_name(wheel.name.split("-")[0])


def missing(wheelhouse: Path, environment: dict[str, str]) -> list[str]:
    """Requirements that hold on the target but name no project in the wheelhouse."""
    wheels = sorted(wheelhouse.glob("*.whl"))
    have = {project_of(w) for w in wheels}
    wanted = set()
    for wheel in wheels:
        for req in requirements_of(wheel):
            if (req.marker is None or req.marker.evaluate(environment)) \
                    and canonicalize_name(req.name) not in have:
                wanted.add(f"{req.name}{req.specifier}")
    return sorted(wanted)


def download(wheel: Path, into: Path, platform: str, python: str, links: tuple[str, ...],
             no_index: bool) -> None:
    """The kit's wheel and everything it needs on ``platform`` with CPython ``python``."""
    base = ["download", "--only-binary=:all:", "-d", str(into), *target_args(platform, python)]
    for link in links:
        base += ["--find-links", link]
    if no_index:
        base.append("--no-index")
    pip(*base, str(wheel))
    environment = marker_environment(platform, python)
    for _ in range(5):   # each round may bring wheels with further conditional requirements
        wanted = missing(into, environment) if environment else []
        if not wanted:
            return
        pip(*base, *wanted)
    raise PipFailed(f"依赖没有补齐：{', '.join(wanted)}")
