"""读票速度与送人工比例: 200 scanned ballots at 200 dpi, read on one core.

The ballots are printed by the app (the demo meeting's 6 candidates for 5
seats), rasterised at 200 dpi, marked by script with clear ○/×/blank in
varied pens and sizes, and passed through a copier (a few degrees off, soft,
grainy, JPEG).  Prints ms per page (median, p95) for ``read_page`` and the
share of these clean pages sent to a person.  Targets: < 150 ms, < 2 %.

    python bench/omr.py [--pages 200]
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import cv2  # noqa: E402

from tests import scan_support as S  # noqa: E402
from votekit.scan.reader import read_page  # noqa: E402

cv2.setNumThreads(1)


def corpus(pages: int, folder: Path):
    printed = S.print_and_rasterise(S.committee(), folder, dpis=(200,))
    rng = random.Random(2026)
    out = []
    for _ in range(pages):
        image, drawn = S.make_page(printed, 200, "scan", rng, doubtful=0.0)
        out.append((image, drawn[0]))
    return printed, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        printed, pages = corpus(args.pages, Path(tmp))
    look = S.layouts_of(printed)
    times, to_person, wrong = [], 0, 0
    for image, drawn in pages:
        start = time.perf_counter()
        reading = read_page(image, look, S.KEY)
        times.append((time.perf_counter() - start) * 1000)
        ballot = reading.ballots[0] if reading.ballots else None
        if ballot is None or reading.needs_person:
            to_person += 1
            continue
        wrong += any(s.mark.mark != S.CLEAR_READ[drawn.marks[s.index]] for s in ballot.slots)
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
    print(f"pages                : {len(times)} (A4, 200 dpi, copier-scanned, clean marks)")
    print(f"ms per page (median) : {statistics.median(times):7.1f}   target < 150")
    print(f"ms per page (p95)    : {p95:7.1f}")
    print(f"sent to a person     : {to_person} ({100 * to_person / len(times):.1f} %)   target < 2 %")
    print(f"clear but wrong      : {wrong}   (must be 0)")


if __name__ == "__main__":
    main()
