"""Can the offline bundle be filled for every target? Resolve the kit's dependencies as
binary wheels for Windows x64 and Linux x86-64, CPython 3.11-3.13, without downloading them.

    python bench/wheelhouse.py                 # builds the kit's wheel, resolves 6 targets
    python bench/wheelhouse.py --kit-wheel W   # with a wheel already built
    python bench/wheelhouse.py --platform windows

Per target: ``pip install --dry-run --report`` with ``--only-binary=:all: --platform ...
--python-version ...`` (a dependency without a wheel for that target fails here), then the
requirements whose environment markers hold on the target but not here (pip evaluates
markers for this computer: click's ``colorama`` on Windows) are resolved too. Prints the
packages per target and how long each resolution took; exit 1 if any target fails.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from votekit.cli import wheelhouse as wh  # noqa: E402
from votekit.cli.bundle import PYTHONS, build_kit_wheel  # noqa: E402



def resolve(requirements: list[str], platform: str, python: str, work: Path) -> dict:
    report = work / f"{platform}-{python}.json"
    command = [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "-q",
               "--disable-pip-version-check", "--only-binary=:all:", *wh.target_args(platform, python),
               "--target", str(work / "target"), "--report", str(report), *requirements]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        lines = [ln for ln in done.stderr.splitlines() if not ln.startswith("WARNING: Location")]
        raise wh.PipFailed("\n".join(lines[-6:]))
    return json.loads(report.read_text(encoding="utf-8"))


def conditional(report: dict, environment: dict[str, str]) -> list[str]:
    """Requirements true on the target that the resolution (done with this computer's markers) left out."""
    have = {wh.canonicalize_name(item["metadata"]["name"]) for item in report["install"]}
    wanted = set()
    for item in report["install"]:
        for text in item["metadata"].get("requires_dist", []):
            req = wh.Requirement(text)
            if (req.marker is None or req.marker.evaluate(environment)) \
                    and wh.canonicalize_name(req.name) not in have:
                wanted.add(f"{req.name}{req.specifier}")
    return sorted(wanted)


def check_target(kit_wheel: Path, platform: str, python: str, work: Path) -> dict:
    began = time.perf_counter()
    requirements = [str(kit_wheel)]
    environment = wh.marker_environment(platform, python)
    for _ in range(5):
        report = resolve(requirements, platform, python, work)
        extra = conditional(report, environment)
        if not extra:
            break
        requirements += extra
    files = [item["download_info"]["url"].rsplit("/", 1)[-1] for item in report["install"]]
    binary = [f for f in files if not f.endswith("-none-any.whl")]
    return {"target": f"{platform} cp{python}", "packages": len(files), "binary": len(binary),
            "added_for_markers": requirements[1:], "seconds": time.perf_counter() - began,
            "files": files}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kit-wheel", type=Path)
    parser.add_argument("--platform", action="append", choices=["windows", "linux"],
                        help="default: both")
    args = parser.parse_args(argv)
    targets = [(platform, python) for platform in args.platform or ("windows", "linux") for python in PYTHONS]
    failed = 0
    with tempfile.TemporaryDirectory(prefix="votekit-wheelhouse-") as tmp:
        work = Path(tmp)
        kit_wheel = args.kit_wheel or build_kit_wheel(work)
        for platform, python in targets:
            try:
                r = check_target(kit_wheel, platform, python, work)
            except wh.PipFailed as exc:
                failed += 1
                print(f"{platform} cp{python}: 无法取得全部二进制包 / cannot resolve\n{exc}")
                continue
            added = f"; added for markers: {', '.join(r['added_for_markers'])}" if r["added_for_markers"] else ""
            print(f"{r['target']}: {r['packages']} packages ({r['binary']} platform wheels), "
                  f"{r['seconds']:.1f} s{added}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
