"""A printed candidate's name cell: is there ink besides the printed name?

A voter who ticks or circles the *name* instead of using the 符号 box has
made a mark the machine must not ignore.  The printed name sits centred in
its cell; the ink that belongs to it is the band of rows around the centre
(gaps between two lines of a long name closed) and, within it, the columns
around the centre.  Ink outside that is stray and goes to a person.
"""
from __future__ import annotations

import numpy as np

from votekit.pdf.ballot_layout import Box
from votekit.scan.crops import MEASURE_PPM
from votekit.scan.frame import Inside, inside, refitted
from votekit.scan.marks import clean_ink

ROW_GAP = 1.2     # mm: gaps between the strokes of one printed line
COL_GAP = 2.5     # mm: the gap between two printed characters (with a middle dot)
SLACK = 1.5       # mm: how far from symmetric about the centre printed text may be


def _closed(flags: np.ndarray, gap_px: int) -> np.ndarray:
    """Fill runs of False no longer than ``gap_px`` between two True."""
    out = flags.copy()
    idx = np.flatnonzero(flags)
    for a, b in zip(idx[:-1], idx[1:]):
        if 1 < b - a <= gap_px + 1:
            out[a:b] = True
    return out


def _runs(flags: np.ndarray) -> list[tuple[int, int]]:
    edges = np.flatnonzero(np.diff(np.concatenate([[0], flags.astype(np.int8), [0]])))
    return list(zip(edges[::2], edges[1::2]))


def _band(flags: np.ndarray, gap_px: int, lines: int) -> tuple[int, int]:
    """Rows (or columns) of the centred printed text: the run(s) nearest the centre,
    then made symmetric about the centre (a mark on one side only stays outside)."""
    centre = len(flags) / 2
    runs = _runs(_closed(flags, gap_px))
    if not runs:
        return 0, 0
    near = lambda r: min(abs(r[0] - centre), abs(r[1] - centre), 0 if r[0] <= centre <= r[1] else 1e9)  # noqa: E731
    if lines == 2:
        above = [r for r in runs if r[1] <= centre + 1]
        below = [r for r in runs if r[0] >= centre - 1]
        if above and below:
            lo, hi = max(above, key=lambda r: r[1])[0], min(below, key=lambda r: r[0])[1]
        else:
            lo, hi = min(runs, key=near)
    else:
        lo, hi = min(runs, key=near)
    half = min(centre - lo, hi - centre)
    return int(centre - half - SLACK * MEASURE_PPM), int(np.ceil(centre + half + SLACK * MEASURE_PPM))


def stray_ink(image: np.ndarray, H: np.ndarray, box: Box, lines: int = 1, first: Inside | None = None) -> float:
    """mm² of ink in a printed-name cell that is not the printed name
    (``lines``: the name was printed on one line or two)."""
    first = first or inside(image, H, box)
    stray = _stray(first, lines)
    if stray > 0:                       # the frame's own print, slanted into the cell?
        again = refitted(image, H, box, first)
        stray = _stray(again, lines) if again is not None else stray
    return stray


def _stray(measured: Inside, lines: int) -> float:
    (r0, r1), (c0, c1) = measured.rows, measured.cols
    ink, _ = clean_ink(measured.dark[r0:r1, c0:c1], measured.print)
    if not ink.any():
        return 0.0
    top, bottom = _band(ink.any(axis=1), int(ROW_GAP * MEASURE_PPM), lines)
    top, bottom = max(0, top), max(0, bottom)
    left, right = _band(ink[top:bottom].any(axis=0), int(COL_GAP * MEASURE_PPM), 1)
    stray = ink.copy()
    stray[top:bottom, max(0, left):max(0, right)] = False
    return float(stray.sum()) / MEASURE_PPM ** 2
