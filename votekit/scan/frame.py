"""A box's own printed frame, found again in the scan: where its four lines are, how dark
this scan prints them, and whether ink inside really runs on out of the box.

The layout says where the frame should be; a curled photo or a stretched scan moves it a
millimetre or two.  Another table's line may lie as close as 2 mm (the 另选人 table under
the names, the row of names under the 符号 boxes), so the lines are taken as a *pair*
whose distance apart is the box's printed size — never the nearest dark line on its own.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from votekit.pdf.ballot_layout import Box
from votekit.scan.crops import MEASURE_PPM, cut_box, darkness

PAD = 3.0             # mm cut around a box
SEARCH = 2.0          # mm either side of where a frame line should be
INSET = 0.9           # mm kept clear of the frame line inside the box
SIZE_SLACK = 0.06     # a pair of lines may be this share of the box's size nearer or further apart
LINE_HALF = 2         # px either side of a found line's centre that are the line itself
BEYOND = 0.7          # mm past the line's centre: ink this far out has left the box …
RUN_ON = 6            # … in this many px (a stroke, not its grain)
ALONG = 1.5           # mm along the line either side of where a stroke crosses it
STRETCH = 10          # px either side of a frame line where its slant is looked for
REFIT = 1.5           # px: a corner this far off the straight cut has the box cut again


@dataclass(frozen=True)
class Inside:
    """The measured inside of one box."""

    dark: np.ndarray           # darkness of the whole cut-out
    rows: tuple[int, int]      # inside (after the inset), px in the cut-out
    cols: tuple[int, int]
    frame: tuple[int, int, int, int]   # top, bottom, left, right frame lines, px
    frame_found: int                    # how many of the four lines were found
    print: float = 1.0                  # darkness of the printed frame: this scan's black


def _lines(profile: np.ndarray, expected: int, reach: int) -> list[int]:
    """Centres of the dark lines within ``reach`` of where one should be."""
    lo, hi = max(0, expected - reach), min(len(profile), expected + reach + 1)
    flags = np.concatenate([[False], profile[lo:hi] >= 0.5, [False]])
    edges = np.flatnonzero(np.diff(flags.astype(np.int8)))
    out = []
    for a, b in zip(edges[::2], edges[1::2]):
        part = profile[lo + a:lo + b]
        out.append(lo + a + int(np.argmax(part)))
    return out


def _pair(profile: np.ndarray, first: int, second: int, reach: int) -> tuple[int | None, int | None]:
    """The two frame lines of one direction: the pair nearest where they should be whose
    distance apart is the printed size; without such a pair, only the line nearer its place."""
    size = second - first
    a_all, b_all = _lines(profile, first, reach), _lines(profile, second, reach)
    pairs = [(abs((b - a) - size) + 0.3 * abs(a - first + b - second) / 2, a, b)
             for a in a_all for b in b_all if abs((b - a) - size) <= max(3, SIZE_SLACK * size)]
    if pairs:
        _, a, b = min(pairs)
        return a, b
    a = min(a_all, key=lambda v: abs(v - first), default=None)
    b = min(b_all, key=lambda v: abs(v - second), default=None)
    if a is not None and b is not None:          # not the box's size apart: keep the nearer one
        return (a, None) if abs(a - first) <= abs(b - second) else (None, b)
    return a, b


def _expected(box: Box) -> list[int]:
    """Where the top, bottom, left and right lines should be in the cut-out (px)."""
    ppm = MEASURE_PPM
    return [int(round(PAD * ppm)), int(round((PAD + box.h) * ppm)),
            int(round(PAD * ppm)), int(round((PAD + box.w) * ppm))]


def _measured(dark: np.ndarray, frame, found) -> Inside:
    inset = int(round(INSET * MEASURE_PPM))
    return Inside(dark, (frame[0] + inset, frame[1] - inset), (frame[2] + inset, frame[3] - inset),
                  frame, sum(f is not None for f in found), _print_darkness(dark, frame, found))


def inside(image: np.ndarray, H: np.ndarray, box: Box) -> Inside:
    """Cut the box out and find its frame lines near where the layout says."""
    dark = darkness(cut_box(image, H, box, PAD))
    return _measured(dark, *_frame(dark, _expected(box)))


def inside_both(image: np.ndarray, H: np.ndarray, mark: Box, name: Box) -> tuple[Inside, Inside]:
    """A 符号 box and the name cell right under it, cut out together (one warp and one
    darkness for both); each found by its own frame lines as ``inside`` does."""
    ppm = MEASURE_PPM
    step = mark.h * ppm
    if (name.x, name.w) != (mark.x, mark.w) or abs(name.y - mark.y - mark.h) > 1e-6 or abs(step - round(step)) > 1e-6:
        return inside(image, H, mark), inside(image, H, name)
    dark = darkness(cut_box(image, H, Box(mark.x, mark.y, mark.w, mark.h + name.h), PAD))
    upper = dark[:int(round((mark.h + 2 * PAD) * ppm))]
    lower = dark[int(round(step)):int(round(step + (name.h + 2 * PAD) * ppm))]
    return (_measured(upper, *_frame(upper, _expected(mark))),
            _measured(lower, *_frame(lower, _expected(name))))


def refitted(image: np.ndarray, H: np.ndarray, box: Box, first: Inside) -> Inside | None:
    """The box cut again fitted to its own four frame lines, when they were found slanted
    against the first cut (a curled photo: the lines' print would lie inside the box);
    None when the first cut already fits them."""
    if first.frame_found < 4:
        return None
    top, bottom, left, right = first.frame
    corners = _corners(first.dark > 0.25, first.frame)
    straight = np.float32([(left, top), (right, top), (right, bottom), (left, bottom)])
    if np.abs(corners - straight).max() < REFIT:
        return None
    exp = _expected(box)
    square = np.float32([(exp[2], exp[0]), (exp[3], exp[0]), (exp[3], exp[1]), (exp[2], exp[1])])
    dark = darkness(cut_box(image, H, box, PAD, fit=cv2.getPerspectiveTransform(square, corners)))
    return _measured(dark, *_frame(dark, exp))


def _frame(dark: np.ndarray, exp: list[int]) -> tuple[tuple[int, int, int, int], list]:
    """The four frame lines (top, bottom, left, right; px), each found or put where the
    others say; and which were found."""
    lines = dark > 0.25
    reach, m = int(SEARCH * MEASURE_PPM), int(MEASURE_PPM)
    found = [None] * 4
    for part in (1, 3, 7):         # the whole side, else a middle part of it (a slanted line)
        cut_x, cut_y = (exp[3] - exp[2] - 2 * m) * (part - 1) // (2 * part), (exp[1] - exp[0] - 2 * m) * (part - 1) // (2 * part)
        row_prof = lines[:, exp[2] + m + cut_x:exp[3] - m - cut_x].mean(axis=1)
        col_prof = lines[exp[0] + m + cut_y:exp[1] - m - cut_y, :].mean(axis=0)
        got = [*_pair(row_prof, exp[0], exp[1], reach), *_pair(col_prof, exp[2], exp[3], reach)]
        found = got if sum(f is not None for f in got) > sum(f is not None for f in found) else found
        if all(f is not None for f in found):
            break
    shifts = {}
    for axis, pair in (("y", (0, 1)), ("x", (2, 3))):
        got = [found[i] - exp[i] for i in pair if found[i] is not None]
        shifts[axis] = int(round(np.mean(got))) if got else 0
    frame = tuple(f if f is not None else e + shifts["y" if i < 2 else "x"]
                  for i, (f, e) in enumerate(zip(found, exp)))
    return frame, found


def _slant(lines: np.ndarray, at: int, span: tuple[int, int]) -> tuple[float, float]:
    """A frame line as ``position = a + b * along``, from where it lies along seven stretches
    of ``lines`` (rows across the line, columns along it)."""
    lo, hi = max(0, at - STRETCH), min(lines.shape[0], at + STRETCH + 1)
    block = lines[lo:hi, span[0]:span[1]].astype(np.uint8)
    if block.shape[1] < 14 or block.shape[0] == 0:
        return float(at), 0.0
    edges = np.linspace(0, block.shape[1], 8).astype(int)
    prof = np.add.reduceat(block, edges[:-1], axis=1) / np.diff(edges)
    best = prof.max(axis=0)
    seen = best >= 0.5
    if seen.sum() < 2:
        return float(at), 0.0
    top = prof == best
    pos = lo + (top * np.arange(block.shape[0])[:, None]).sum(axis=0) / top.sum(axis=0)
    t = span[0] + (edges[:-1] + edges[1:]) / 2
    t, pos = t[seen], pos[seen]
    i, j = np.triu_indices(len(t), 1)                 # Theil–Sen: a stroke along one stretch does not tilt it
    b = float(np.median((pos[j] - pos[i]) / (t[j] - t[i])))
    return float(np.median(pos - b * t)), b


def _corners(lines: np.ndarray, frame) -> np.ndarray:
    """Where the four frame lines meet (TL, TR, BR, BL; x, y px), each line slanted as found."""
    top, bottom, left, right = frame
    m = int(MEASURE_PPM)
    rows = [_slant(lines, at, (left + m, right - m)) for at in (top, bottom)]
    cols = [_slant(lines.T, at, (top + m, bottom - m)) for at in (left, right)]
    out = []
    for r, c in ((0, 0), (0, 1), (1, 1), (1, 0)):
        (ay, by), (ax, bx) = rows[r], cols[c]
        y = (ay + by * ax) / (1 - by * bx)
        out.append((ax + bx * y, y))
    return np.float32(out)


def _print_darkness(dark: np.ndarray, frame, found) -> float:
    """How dark this scan prints the box's own frame lines (pale toner lowers it)."""
    (top, bottom, left, right), m = frame, int(MEASURE_PPM)
    lines = []
    for i, at in enumerate(frame):
        if found[i] is None:
            continue
        strip = dark[max(0, at - 1):at + 2, left + m:right - m] if i < 2 else dark[top + m:bottom - m, max(0, at - 1):at + 2]
        peaks = np.sort(strip.max(axis=0 if i < 2 else 1))
        lines.append(float(peaks[len(peaks) // 2]) if peaks.size else 1.0)
    return float(np.clip(sorted(lines)[len(lines) // 2], 0.5, 1.0)) if lines else 1.0


def _side(dark: np.ndarray, box: Inside, name: str, inward: int, outward: int) -> np.ndarray:
    """The strip across one frame line, turned so that row ``inward + d`` lies ``d`` px
    outside the line's centre (negative: inside the box) and columns run along the line."""
    (r0, r1), (c0, c1) = box.rows, box.cols
    top, bottom, left, right = box.frame
    h, w = dark.shape
    if name == "上":
        rows = np.clip(np.arange(top + inward, top - outward - 1, -1), 0, h - 1)
        return dark[rows, c0:c1]
    if name == "下":
        rows = np.clip(np.arange(bottom - inward, bottom + outward + 1), 0, h - 1)
        return dark[rows, c0:c1]
    if name == "左":
        cols = np.clip(np.arange(left + inward, left - outward - 1, -1), 0, w - 1)
        return dark[r0:r1, cols].T
    cols = np.clip(np.arange(right - inward, right + outward + 1), 0, w - 1)
    return dark[r0:r1, cols].T


def crossings(box: Inside, level: float) -> list[str]:
    """Sides where a stroke inside the box runs on out through the frame line and on past it
    (``level``: how dark ink is in this scan).  Ink of the next box that only comes near
    the shared line does not count: the stroke must be ink right against the line on both
    sides at the same place, and the ink outside must be one piece with that crossing."""
    ppm = MEASURE_PPM
    inward, beyond = int(round(INSET * ppm)), int(round(BEYOND * ppm))
    sides = []
    for name, far in (("上", 1.7), ("下", 1.2), ("左", 1.7), ("右", 1.7)):   # a name may start 1.5 mm below
        outward = int(round(far * ppm))
        strip = _side(box.dark, box, name, inward, outward) > level
        if strip.size == 0:
            continue
        at = inward                                           # the row of the line's centre
        near_in = strip[at - LINE_HALF - 3:at - LINE_HALF].any(axis=0)
        near_out = strip[at + LINE_HALF + 1:at + LINE_HALF + 4].any(axis=0)
        grow = np.ones(int(ALONG * ppm) * 2 + 1, np.uint8)
        through = near_out & (cv2.dilate(near_in.astype(np.uint8).reshape(1, -1), grow.reshape(1, -1)).ravel() > 0)
        if not through.any():
            continue
        outside = strip[at + LINE_HALF + 1:].astype(np.uint8)
        n, labels = cv2.connectedComponents(outside, connectivity=8)
        pieces = np.unique(labels[:3][:, through])
        pieces = pieces[pieces > 0]
        if pieces.size == 0:
            continue
        window = cv2.dilate(through.astype(np.uint8).reshape(1, -1), grow.reshape(1, -1)).ravel() > 0
        run_on = np.isin(labels, pieces)[beyond - LINE_HALF - 1:, :][:, window]
        if run_on.sum() >= RUN_ON:
            sides.append(name)
    return sides
