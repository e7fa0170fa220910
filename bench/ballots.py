"""Benchmark: print 1,000 ballots of a 7-seat, 9-candidate 委员 election (A4).

Prints pages/s for ``render_ballots`` and for a bare reportlab + segno loop
that draws the same page from scratch on every sheet (same plan, same fonts,
QR made and drawn each time), both in this run, and their ratio.  Targets:
≥ 150 pages/s and ≥ 0.7 of the bare loop.  Figures only; nothing here is a
pass/fail test.

    python bench/ballots.py [--ballots 1000] [--repeat 3] [--paper A4]
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from votekit.core.payload import BallotCode, BallotKind, make_payload
from votekit.core.vocabulary import RoundKind
from votekit.pdf.ballot import A4_SHEET, BallotSpec, Contest, draw_ballot, ordered, render_ballots
from votekit.pdf.ballot_layout import PAPERS
from votekit.pdf.ballot_plan import make_plan
from votekit.pdf.fonts import register_fonts

NAMES = ("王建国", "李红梅", "张伟", "刘喆", "陈堃", "杨珺", "赵䶮", "周晓明", "吴敏")


def spec_for(paper: str) -> BallotSpec:
    code = BallotCode("BENCH2024", 1, BallotKind.COMMITTEE)
    return BallotSpec("某某社区第一党支部", (Contest("委员", RoundKind.COMPETITIVE, 7, NAMES),),
                      make_payload(code, b"bench-key"), paper=paper)


def kit(spec: BallotSpec, ballots: int, path: Path) -> int:
    return render_ballots(spec, ballots, path).sheets


def bare(spec: BallotSpec, ballots: int, path: Path) -> int:
    """The same page, drawn in full on every sheet (one ballot per sheet, A4)."""
    spec = ordered(spec)
    roles = register_fonts()
    plan = make_plan(spec, PAPERS["A4"], roles)
    c = Canvas(str(path), pagesize=(A4_SHEET[0] * mm, A4_SHEET[1] * mm), invariant=1,
               initialFontName=roles["song"], pageCompression=1)
    for _ in range(ballots):
        draw_ballot(c, plan, spec, roles)
        c.showPage()
    c.save()
    return ballots


def best_rate(fn, spec, ballots: int, repeat: int, path: Path) -> tuple[float, int]:
    best = 0.0
    size = 0
    for _ in range(repeat):
        start = time.perf_counter()
        pages = fn(spec, ballots, path)
        elapsed = time.perf_counter() - start
        best = max(best, pages / elapsed)
        size = path.stat().st_size
    return best, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ballots", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--paper", choices=("A4", "A5"), default="A4")
    args = parser.parse_args()
    register_fonts()   # once, outside the timing, for both
    with tempfile.TemporaryDirectory() as tmp:
        spec = spec_for(args.paper)
        kit_rate, kit_size = best_rate(kit, spec, args.ballots, args.repeat, Path(tmp) / "kit.pdf")
        bare_rate, bare_size = best_rate(bare, spec_for("A4"), args.ballots, args.repeat,
                                         Path(tmp) / "bare.pdf")
    print(f"ballots: {args.ballots} ({args.paper}), 7 seats, 9 candidates, best of {args.repeat}")
    print(f"votekit render_ballots : {kit_rate:8.1f} pages/s  ({kit_size / 1024:.0f} KiB)")
    print(f"bare reportlab + segno : {bare_rate:8.1f} pages/s  ({bare_size / 1024:.0f} KiB)")
    print(f"ratio kit / bare       : {kit_rate / bare_rate:8.2f}")


if __name__ == "__main__":
    main()
